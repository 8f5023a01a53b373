import { describe, expect, it } from 'vitest';
import { errorsCsv, isBatchFile, isBundleFile, progressFigures, progressLine } from '../../shared/batch';

describe('batch figures', () => {
  it('computes throughput and time left from the files finished', () => {
    const p = { total: 200, done: 45, failed: 5, current: 'a/b.docx', startedAt: '', cancelled: false };
    expect(progressFigures(p, 10_000)).toEqual({ finished: 50, total: 200, rate: 5, secondsLeft: 30 });
    expect(progressLine(p, 10_000)).toBe('50/200 · 5.0 份/秒 · 剩余约 30 秒 · 失败 5 · 当前：a/b.docx');
    expect(progressFigures({ total: 3, done: 0, failed: 0 }, 0).secondsLeft).toBeNull();
  });

  it('picks documents, not temporary or hidden files, from folders', () => {
    expect(['a/通知.DOCX', 'b.pdf', 'c.ofd', 'd.txt', 'e.htm'].every(isBatchFile)).toBe(true);
    expect(['~$通知.docx', '.DS_Store', 'x/.hidden.txt', '表.xlsx', 'a.zip'].some(isBatchFile)).toBe(false);
  });

  it('picks review bundles by name (a renamed one is recognised by its content when imported)', () => {
    expect(['报送/某局.fcrbundle', 'b.FCRBUNDLE'].every((p) => isBatchFile(p) && isBundleFile(p))).toBe(true);
    expect(['a.docx', 'a.zip', '.x.fcrbundle', 'a.fcrbundle.txt'].some(isBundleFile)).toBe(false);
  });

  it('exports the error list as CSV that Excel opens, quoting where needed', () => {
    expect(errorsCsv([{ path: 'a,b.txt', message: '说 "坏"' }])).toBe('\ufeff文件,错误\r\n"a,b.txt","说 ""坏"""\r\n');
  });
});

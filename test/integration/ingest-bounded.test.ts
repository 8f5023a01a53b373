/**
 * Bounded imports (issue 13): the crafted files of the issue, made here at run time, imported
 * through the real services (worker threads with a heap cap and a time limit). Each is refused
 * with a clear Chinese message naming the file and the limit, or imported; the library is
 * unchanged by the refused ones and the service still imports a good file afterwards.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../electron/services/index';
import type { ImportResult } from '../../shared/types';
import {
  bigText,
  damagedFontPdf,
  deepCoreDocx,
  deepHtml,
  deepOfd,
  flateBombPdf,
  numberingDocx,
  ofd,
  pageRefsPdf,
  pagesPdf,
  underRatioDocx,
} from '../helpers/crafted';
import { fixture, tempDir } from '../helpers/paths';

let tmp: ReturnType<typeof tempDir>;
let services: Services;

function counts(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of ['documents', 'blocks', 'clauses', 'findings', 'audit_log']) {
    out[t] = (services.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  }
  return out;
}

async function refused(name: string, bytes: Uint8Array, message: RegExp): Promise<string> {
  const before = counts();
  let caught: unknown;
  try {
    await services.api.importDocument({ name, bytes });
  } catch (err) {
    caught = err;
  }
  const err = caught as { code?: string; message?: string } | undefined;
  expect(err?.message, name).toBeDefined();
  expect(err!.message, name).toContain(`「${name}」`);
  expect(err!.message, name).toMatch(message);
  expect(err!.message, name).not.toMatch(/内部错误|Maximum call stack|内存超过上限|超时/);
  expect(counts(), name).toEqual(before);
  return err!.message!;
}

beforeAll(async () => {
  tmp = tempDir('fcr-bounded-');
  services = createServices(path.join(tmp.dir, 'data'), { workers: 1 });
  await services.api.importDocument({ name: 'banfa.docx', bytes: readFileSync(fixture('documents', 'banfa.docx')) });
});

afterAll(() => {
  services.close();
  tmp.cleanup();
});

describe('crafted files are refused by name and limit, or imported', () => {
  it('numbering that starts at 10^12 or Infinity (roman and letter formats)', async () => {
    const cases: [string, string][] = [
      ['1000000000000', 'upperRoman'],
      ['1000000000000', 'lowerLetter'],
      ['Infinity', 'lowerRoman'],
      ['Infinity', 'upperLetter'],
    ];
    for (const [start, fmt] of cases) {
      const msg = await refused(`编号${fmt}${start.length}.docx`, numberingDocx(start, fmt), /自动编号起始值/);
      expect(msg).toContain('32,767');
    }
    // A start within Word's range imports, its labels in the list's own format.
    const ok = (await services.api.importDocument({
      name: '编号正常.docx',
      bytes: numberingDocx('32767', 'upperLetter'),
    })) as ImportResult;
    const doc = await services.api.getDocument({ id: ok.document.id });
    expect(doc.text).toMatch(/^G{1261}\. 第一项内容/);
  });

  it('XML nested 100,000 deep in docProps/core.xml and in an OFD part', async () => {
    await refused('深core.docx', deepCoreDocx(100_000), /docProps\/core\.xml 元素嵌套超过 512 层/);
    await refused('深页面.ofd', deepOfd(100_000), /Content\.xml 元素嵌套超过 512 层/);
    // Nesting within the limit is read.
    const ok = await services.api.importDocument({ name: '浅core.docx', bytes: deepCoreDocx(100) });
    expect(ok.duplicate).toBe(false);
  });

  it('HTML nested 200,000 div deep', async () => {
    await refused('深网页.html', deepHtml(200_000), /HTML 元素嵌套超过 512 层/);
    const ok = await services.api.importDocument({ name: '浅网页.html', bytes: deepHtml(300) });
    expect(ok.duplicate).toBe(false);
  });

  it('a PDF whose Flate stream inflates to 1 GB', async () => {
    const bytes = flateBombPdf(1024);
    expect(bytes.length).toBeLessThan(8 * 1024 * 1024);
    await refused('压缩炸弹.pdf', bytes, /数据流解压后超过 128 MB.*压缩炸弹/);
    // The same stream inflating to 2 MB is an ordinary page.
    const ok = await services.api.importDocument({ name: '普通流.pdf', bytes: flateBombPdf(2) });
    expect(ok.document.pages).toBe(1);
  });

  it('a PDF whose embedded font program is damaged (pdf.js took 18–30 s on such files)', async () => {
    const banfa = new Uint8Array(readFileSync(fixture('documents', 'banfa.pdf')));
    await refused('字体损坏.pdf', damagedFontPdf(banfa, 3, 1168, 512), /已损坏（嵌入的字体数据不完整或无法解压）/);
  });

  it('a PDF of 20,000 pages and one of 500,000 page references', async () => {
    await refused('两万页.pdf', pagesPdf(20_000), /有 20,000 页.*每份文件 2,000 页/);
    await refused('五十万页.pdf', pageRefsPdf(500_000), /有 500,000 页/);
    const ok = await services.api.importDocument({ name: '一页.pdf', bytes: pagesPdf(1) });
    expect(ok.document.pages).toBe(1);
  });

  it('an OFD of 200,000 pages', async () => {
    await refused('二十万页.ofd', ofd(200_000), /有 200,000 页/);
    const ok = await services.api.importDocument({ name: '一页.ofd', bytes: ofd(1) });
    expect(ok.document.pages).toBe(1);
  });

  it('a .docx just under the zip-bomb ratio guard', async () => {
    const bytes = underRatioDocx(80);
    expect(bytes.length).toBeGreaterThan((80 * 1024 * 1024) / 200);
    await refused('接近炸弹.docx', bytes, /word\/document\.xml 解压后超过 64 MB/);
  });

  it('a very large .txt (99 MB)', async () => {
    await refused('巨大文本.txt', bigText(99), /文字超过 5,000,000 字/);
  });

  it('a 3.6 MB .txt that gives tens of thousands of findings', async () => {
    const clause = '第1条 政府采购项目限定由本地企业承担，外地企业不得参加投标，对外地企业设定歧视性资质要求。';
    const lines: string[] = [];
    for (let i = 0, size = 0; size < 3.6 * 1024 * 1024; i++) {
      lines.push(clause.replace('1', String(i + 1)));
      size += 3 * clause.length;
    }
    await refused(
      '重复条文.txt',
      new TextEncoder().encode(lines.join('\n')),
      /扫描出 [\d,]+ 条问题，超过上限（每份文件 10,000 条），已拒绝导入/,
    );
  });

  it('a rescan past the findings limit keeps the findings already stored', async () => {
    const clause = '第1条 政府采购项目限定由本地企业承担，外地企业不得参加投标。';
    const text = Array.from({ length: 60 }, (_, i) => clause.replace('1', String(i + 1))).join('\n');
    const dir = path.join(tmp.dir, 'rescan');
    let s = createServices(dir, { workers: 1 });
    const { document } = await s.api.importDocument({ name: '六十条.txt', bytes: new TextEncoder().encode(text) });
    const stored = (await s.api.getReview({ documentId: document.id })).findings.length;
    expect(stored).toBeGreaterThan(20);
    s.close();
    s = createServices(dir, { workers: 1, limits: { maxFindings: 20 } });
    try {
      await expect(s.api.rescanDocument({ documentId: document.id })).rejects.toThrow(
        /「六十条\.txt」扫描出 \d+ 条问题，超过上限（每份文件 20 条），扫描结果未保存，原有结果保持不变/,
      );
      expect((await s.api.getReview({ documentId: document.id })).findings.length).toBe(stored);
      // A new import over the limit is refused, in the worker.
      await expect(
        s.api.importDocument({ name: '六十条副本.txt', bytes: new TextEncoder().encode(`${text}\n附则`) }),
      ).rejects.toThrow(/「六十条副本\.txt」扫描出 \d+ 条问题，超过上限（每份文件 20 条），已拒绝导入/);
    } finally {
      s.close();
    }
  });

  it('still imports a good file afterwards', async () => {
    const before = counts().documents!;
    await services.api.importDocument({ name: 'banfa.pdf', bytes: readFileSync(fixture('documents', 'banfa.pdf')) });
    expect(counts().documents).toBe(before + 1);
  });
});

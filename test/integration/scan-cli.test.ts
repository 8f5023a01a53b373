// fcr scan FILE… through the real CLI: formats, offsets and exit codes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileScanResult } from '../../electron/cli/commands/scan.js';
import { runCli } from '../../electron/cli/main.js';
import { cli } from '../helpers/cli';

const dir = mkdtempSync(path.join(os.tmpdir(), 'fcr-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const suspect = path.join(dir, 'suspect.txt');
const clean = path.join(dir, 'clean.txt');
const suspectText = [
  '某县招商引资扶持办法',
  '第一条 为促进产业发展，制定本办法。',
  '第二条 本办法支持对象为在本县注册登记的企业。',
  '第三条 对企业按其当年形成的地方综合贡献的60%给予奖励。',
  '第四条 享受奖励的企业须承诺十年内不迁出本县。',
].join('\r\n');
writeFileSync(suspect, suspectText);
writeFileSync(clean, '关于做好假期安排的通知\n各单位要做好值班安排，确保安全。\n');

describe('fcr scan FILE', () => {
  it('--format json: file, document and findings with offsets into the normalised text', async () => {
    const { code, out } = await cli('scan', suspect, '--format', 'json');
    expect(code).toBe(1);
    const result = JSON.parse(out) as FileScanResult;
    expect(result.file).toBe(suspect);
    expect(result.document.title).toBe('某县招商引资扶持办法');
    const normalised = suspectText.replace(/\r\n/g, '\n');
    expect(result.findings.length).toBeGreaterThanOrEqual(3);
    for (const f of result.findings) {
      expect(normalised.slice(f.start, f.end)).toBe(f.text);
      expect(f.clause).toBeTruthy();
      expect(['entry_exit', 'free_flow', 'cost', 'conduct']).toContain(f.category);
      expect(f.message).toMatch(/疑似/);
    }
    const rules = result.findings.map((f) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(['EE-LOCAL-REGISTRATION', 'CO-CONTRIBUTION', 'EE-NOT-MOVE']));
    expect(result.findings.find((f) => f.rule === 'CO-CONTRIBUTION')!.clause).toContain('第三条');
  });

  it('an array for several files; exit 0 when nothing strong is found', async () => {
    const both = await cli('scan', suspect, clean, '--format', 'json');
    const parsed = JSON.parse(both.out) as { file: string; findings: unknown[] }[];
    expect(parsed.map((r) => r.file)).toEqual([suspect, clean]);
    expect(parsed[1]!.findings).toEqual([]);
    expect((await cli('scan', clean, '--format', 'json')).code).toBe(0);
  });

  it('--format jsonl and csv', async () => {
    const jsonl = await cli('scan', suspect, clean, '--format', 'jsonl');
    expect(jsonl.out.split('\n').map((l) => (JSON.parse(l) as { file: string }).file)).toEqual([suspect, clean]);
    const csv = await cli('scan', suspect, '--format', 'csv');
    const lines = csv.out.split('\n');
    expect(lines[0]).toBe('\ufefffile,clause,level,category,standard,rule,start,end,text,message,suggestion,basis');
    expect(lines.length).toBeGreaterThanOrEqual(4);
  });

  it('text output reads like a linter', async () => {
    const { code, out } = await cli('scan', suspect);
    expect(code).toBe(1);
    expect(out).toContain(`${suspect}:第三条`);
    expect(out).toMatch(/强\s+M19-4/);
    expect(out).toContain('【地方综合贡献】');
    expect(out).toContain('命中仅为疑似');
  });

  it('text output: the same text written as bytes (io.write) as line by line, control characters made visible', async () => {
    // A bidi override in the text (the normaliser keeps it) and an escape in the file name.
    const odd = path.join(dir, 'odd\u001b[2J.txt');
    writeFileSync(
      odd,
      `某县\u202e招商引资扶持办法\n${suspectText.split('\r\n').slice(1).join('\n').replace('奖励', '奖\u202e励')}\n`,
    );
    const lines: string[] = [];
    const lineCode = await runCli(['scan', odd, suspect], { out: (l) => lines.push(l), err: () => undefined });
    const chunks: Uint8Array[] = [];
    const byteCode = await runCli(['scan', odd, suspect], {
      out: () => {
        throw new Error('the text format writes bytes when it can');
      },
      err: () => undefined,
      write: (b) => {
        chunks.push(Uint8Array.from(b));
        return true;
      },
    });
    expect(byteCode).toBe(lineCode);
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text).toBe(`${lines.join('\n')}\n`);
    // eslint-disable-next-line no-control-regex -- looking for control and bidi characters
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202a-\u202e]/);
    expect(text).toContain(`odd\\x1B[2J.txt  《某县\\u202E招商引资扶持办法》`);
    expect(text).toMatch(/odd\\x1B\[2J\.txt:第三条 .*\n.*【地方综合贡献】的60%给予奖\\u202E励/);
    expect(text).toContain(`${suspect}:第三条`);
  });

  it('exit 2 with a Chinese message on a missing file or bad usage', async () => {
    const missing = await cli('scan', path.join(dir, 'nope.txt'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('找不到文件');
    expect((await cli('scan')).code).toBe(2);
    expect((await cli('scan', suspect, '--format', 'xml')).code).toBe(2);
  });

  it('--clauses writes one line per input with the scorer fields', async () => {
    const input = path.join(dir, 'clauses.jsonl');
    writeFileSync(
      input,
      ['{"id":"a","text":"同等条件下优先采购本地企业产品。"}', '{"id":7,"text":"做好值班安排。"}'].join('\n'),
    );
    const { code, out } = await cli('scan', '--clauses', input, '--format', 'jsonl');
    expect(code).toBe(0);
    const lines = out.split('\n').map((l) => JSON.parse(l) as { id: unknown; findings: Record<string, unknown>[] });
    expect(lines.map((l) => l.id)).toEqual(['a', 7]);
    expect(Object.keys(lines[0]!.findings[0]!).sort()).toEqual([
      'category',
      'end',
      'level',
      'message',
      'rule',
      'standard',
      'start',
    ]);
    expect(lines[1]!.findings).toEqual([]);
    writeFileSync(input, 'not json\n');
    expect((await cli('scan', '--clauses', input)).code).toBe(2);
  });

  it('--config FILE, or the data folder’s rules.config.yaml: rules off without editing rule files', async () => {
    const input = path.join(dir, 'local.jsonl');
    writeFileSync(input, '{"id":"a","text":"申报企业须在本县注册登记。"}\n');
    const rules = async (...extra: string[]): Promise<string[]> => {
      const { code, out } = await cli('scan', '--clauses', input, ...extra);
      expect(code).toBe(0);
      return (JSON.parse(out) as { findings: { rule: string }[] }).findings.map((f) => f.rule);
    };
    const dataDir = path.join(dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    expect(await rules('--data-dir', dataDir)).toContain('EE-LOCAL-REGISTRATION');
    const config = path.join(dir, 'my.config.yaml');
    writeFileSync(config, 'rules:\n  EE-LOCAL-REGISTRATION: off\n');
    expect(await rules('--data-dir', dataDir, '--config', config)).not.toContain('EE-LOCAL-REGISTRATION');
    writeFileSync(path.join(dataDir, 'rules.config.yaml'), 'rules:\n  EE-LOCAL-REGISTRATION: off\n');
    expect(await rules('--data-dir', dataDir)).not.toContain('EE-LOCAL-REGISTRATION');
    writeFileSync(config, 'rules:\n  EE-NOPE: off\n');
    const bad = await cli('scan', '--clauses', input, '--config', config);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`配置文件「${config}」字段 rules.EE-NOPE：没有这条规则`);
  });
});

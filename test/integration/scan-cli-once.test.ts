// fcr scan --format text reads and extracts each file once (the text format needs the text too).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { extractDocument } from '../../electron/services/import/index.js';
import { cli } from '../helpers/cli';

vi.mock('../../electron/services/import/index.js', async (original) => {
  const actual = await original<typeof import('../../electron/services/import/index.js')>();
  return { ...actual, extractDocument: vi.fn(actual.extractDocument) };
});

const dir = mkdtempSync(path.join(os.tmpdir(), 'fcr-scan-once-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fcr scan --format text', () => {
  it('extracts every file once', async () => {
    const files = ['a.txt', 'b.txt'].map((name, i) => {
      const file = path.join(dir, name);
      writeFileSync(file, `测试办法${i}\n第一条 对在本县注册登记的企业给予奖励。\n`);
      return file;
    });
    const { out } = await cli('scan', ...files, '--format', 'text');
    expect(out).toContain('【');
    expect(vi.mocked(extractDocument)).toHaveBeenCalledTimes(2);
  });
});

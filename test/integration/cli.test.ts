import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli';
import { fixture, REPO, tempDir } from '../helpers/paths';

const exec = promisify(execFile);
let tmp: ReturnType<typeof tempDir>;

beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.cleanup());

describe('fcr CLI', () => {
  it('prints help and exits 0', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    for (const cmd of ['fcr serve', 'fcr import', 'fcr list', '--data-dir']) expect(r.out).toContain(cmd);
  });

  it('exits 2 with a Chinese message on usage errors', async () => {
    for (const argv of [
      [],
      ['bogus'],
      ['list', '--format', 'xml'],
      ['import'],
      ['list', '--nope'],
      ['serve', '--port', 'x'],
    ]) {
      const r = await cli(...argv, '--data-dir', tmp.dir);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(/fcr：.+\n运行 fcr --help 查看用法。/);
    }
  });

  it('imports GB18030, UTF-8 and UTF-16 files and lists them as text and JSON', async () => {
    const files = ['gb18030-yaopin.txt', 'utf16le-bom-yaopin.txt'].map((f) => fixture('txt', f));
    const r = await cli('import', ...files, '--data-dir', tmp.dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/已导入 {2}#1 {2}国务院办公厅关于印发国家组织药品集中采购和使用试点方案的通知/);
    // Same text in another encoding is a different file (different bytes), so it is stored too.
    expect(r.out).toMatch(/已导入 {2}#2/);

    const again = await cli('import', files[0]!, '--data-dir', tmp.dir);
    expect(again.out).toMatch(/^已存在 {2}#1/);

    const text = await cli('list', '--data-dir', tmp.dir);
    expect(text.out).toContain('国务院办公厅关于印发国家组织药品集中采购和使用试点方案的通知');
    const json = JSON.parse((await cli('list', '--format=json', '--data-dir', tmp.dir)).out) as { encoding: string }[];
    expect(json.map((d) => d.encoding).sort()).toEqual(['gb18030', 'utf-16le']);
  });

  it('names the file and exits 1 when an import fails, keeping what was stored', async () => {
    await cli('import', fixture('txt', 'utf8-yaopin.txt'), '--data-dir', tmp.dir);
    const empty = path.join(tmp.dir, '空文件.txt');
    writeFileSync(empty, '');
    const binary = path.join(tmp.dir, '程序.txt');
    copyFileSync(process.execPath, binary);
    const missing = path.join(tmp.dir, '不存在.txt');
    const r = await cli('import', empty, binary, missing, '--data-dir', tmp.dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('「空文件.txt」是空文件（0 字节）');
    expect(r.err).toMatch(/「程序\.txt」/);
    expect(r.err).toContain(`找不到文件「${missing}」`);
    const list = JSON.parse((await cli('list', '--format', 'json', '--data-dir', tmp.dir)).out) as unknown[];
    expect(list).toHaveLength(1);
  });

  it('honours FCR_DATA_DIR when --data-dir is absent', async () => {
    process.env.FCR_DATA_DIR = tmp.dir;
    try {
      await cli('import', fixture('txt', 'utf8-yaopin.txt'));
      expect(existsSync(path.join(tmp.dir, 'fcr.sqlite3'))).toBe(true);
    } finally {
      delete process.env.FCR_DATA_DIR;
    }
  });

  it.runIf(existsSync(path.join(REPO, 'dist', 'cli.mjs')))(
    'runs as the installed bin with real exit codes',
    async () => {
      const bin = path.join(REPO, 'bin', 'fcr.mjs');
      const ok = await exec(process.execPath, [
        bin,
        'import',
        fixture('txt', 'gb18030-yaopin.txt'),
        '--data-dir',
        tmp.dir,
      ]);
      expect(ok.stdout).toContain('已导入');
      const list = await exec(process.execPath, [bin, 'list', '--data-dir', tmp.dir]);
      expect(list.stdout).toContain('国家组织药品集中采购和使用试点方案');
      await expect(exec(process.execPath, [bin, 'frobnicate'])).rejects.toMatchObject({ code: 2 });
      await expect(
        exec(process.execPath, [bin, 'import', path.join(tmp.dir, 'none.txt'), '--data-dir', tmp.dir]),
      ).rejects.toMatchObject({
        code: 1,
      });
    },
  );
});

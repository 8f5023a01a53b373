/**
 * Issue 13: backups and checked restores, storage failures in words, one app per data folder, and
 * a SIGKILL during a write-heavy run (real SQLite files throughout).
 */
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rotateBackups } from '../../electron/services/backup';
import { DB_FILE_NAME, MIGRATIONS, openDatabase, SCHEMA_VERSION } from '../../electron/services/db';
import { createServices, type Services } from '../../electron/services/index';
import { acquireFolderLock, LOCK_FILE } from '../../electron/services/lock';
import { backupFileName, backupsDir, listBackups, storageError } from '../../electron/services/storage';
import { cli } from '../helpers/cli';
import { REPO } from '../helpers/paths';
import { useTempServices } from '../helpers/temp-services';

const temp = useTempServices();
const { newDir } = temp;
const services = (dir: string, app?: string): Services => temp.services(dir, { app });

const txt = (title: string, n = 1) =>
  new TextEncoder().encode(
    `${title}\n${Array.from({ length: n }, (_, i) => `第${i + 1}条 本办法适用于本市的政府采购活动，内容${title}${i}。`).join('\n')}`,
  );

async function library(dir: string, docs: string[]): Promise<Services> {
  const s = services(dir);
  for (const d of docs) await s.api.importDocument({ name: `${d}.txt`, bytes: txt(d, 40) });
  return s;
}

const titles = async (s: Services) => (await s.api.listDocuments({})).map((d) => d.title).sort();

describe('backups and restores (issue 13)', () => {
  it('backs up online, restores a backup, keeps the replaced database and verifies the chain', async () => {
    const dir = newDir();
    const s = await library(dir, ['甲通知']);
    const made = await s.api.createBackup({});
    expect(made).toMatchObject({ kind: 'manual', name: expect.stringMatching(/^fcr-\d{8}T\d{9}Z-manual\.sqlite3$/) });
    expect(existsSync(`${made.path}.anchor.json`)).toBe(true);
    await s.api.importDocument({ name: '乙.txt', bytes: txt('乙通知') });
    expect(await titles(s)).toEqual(['乙通知', '甲通知']);
    expect((await s.api.listBackups({})).map((b) => b.name)).toEqual([made.name]);

    const result = await s.api.restoreBackup({ name: made.name });
    expect(await titles(s)).toEqual(['甲通知']);
    expect(result.audit.ok).toBe(true);
    expect(existsSync(result.replacedAs)).toBe(true);
    const replaced = new Database(result.replacedAs, { readonly: true });
    expect(replaced.prepare('SELECT COUNT(*) AS n FROM documents').get()).toEqual({ n: 2 });
    replaced.close();
    // The app keeps working on the restored database, with its anchors started afresh.
    await s.api.importDocument({ name: '丙.txt', bytes: txt('丙通知') });
    expect((await s.api.verifyAudit({})).ok).toBe(true);
  });

  it('refuses a damaged backup, and one from a newer version, leaving the live database alone', async () => {
    const dir = newDir();
    const s = await library(dir, ['甲通知', '乙通知']);
    const made = await s.api.createBackup({});
    const bad = path.join(dir, 'damaged.sqlite3');
    copyFileSync(made.path, bad);
    const fd = openSync(bad, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, Math.floor(statSync(bad).size / 2 / 4096) * 4096);
    closeSync(fd);
    expect(await cli('restore', bad, '--data-dir', dir)).toMatchObject({
      code: 1,
      err: expect.stringMatching(/备份 damaged\.sqlite3 已损坏（完整性检查|无法作为数据库打开/),
    });
    const newer = path.join(dir, 'newer.sqlite3');
    copyFileSync(made.path, newer);
    const db = new Database(newer);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect((await cli('restore', newer, '--data-dir', dir)).err).toMatch(/来自更新版本的审查助手/);
    expect(await titles(s)).toEqual(['乙通知', '甲通知']);
  });

  it('fcr backup --out and fcr restore bring back a library whose database was damaged', async () => {
    const dir = newDir();
    temp.close(await library(dir, ['甲通知']));
    const out = path.join(newDir(), 'copy.sqlite3');
    expect(await cli('backup', '--out', out, '--data-dir', dir)).toMatchObject({
      code: 0,
      out: expect.stringContaining(out),
    });
    writeFileSync(path.join(dir, DB_FILE_NAME), 'garbage, not a database');
    expect((await cli('list', '--data-dir', dir)).err).toMatch(/已损坏（不是数据库文件）/);
    const restored = await cli('restore', out, '--data-dir', dir);
    expect(restored).toMatchObject({
      code: 0,
      out: expect.stringMatching(/已恢复：copy\.sqlite3[\s\S]*原数据库保留为[\s\S]*审计日志完好/),
    });
    expect((await cli('list', '--data-dir', dir)).out).toContain('甲通知');
  });

  it('backs up before a migration', () => {
    const dir = newDir();
    const db = new Database(path.join(dir, DB_FILE_NAME));
    for (const m of MIGRATIONS.slice(0, 4)) db.exec(m);
    db.pragma('user_version = 4');
    db.close();
    openDatabase(dir).close();
    expect(listBackups(dir).map((b) => b.name)).toEqual([expect.stringMatching(/-pre-migration-v4\.sqlite3$/)]);
  });

  it('keeps 7 daily and 4 weekly backups', () => {
    const dir = newDir();
    mkdirSync(backupsDir(dir));
    const day = 24 * 3600 * 1000;
    const start = Date.parse('2026-10-01T02:00:00Z');
    for (let i = 0; i < 60; i++)
      writeFileSync(path.join(backupsDir(dir), backupFileName('daily', new Date(start + i * day))), 'x');
    rotateBackups(dir);
    const kept = listBackups(dir);
    expect(kept).toHaveLength(11);
    expect(kept[0]!.createdAt.slice(0, 10)).toBe('2026-11-29');
    expect(kept[7]!.createdAt < '2026-11-23').toBe(true);
  });
});

describe('storage failures in words (issue 13)', () => {
  it('detects garbage written into the middle of the database at start, naming the latest backup', async () => {
    const dir = newDir();
    const s = await library(dir, ['甲通知', '乙通知', '丙通知', '丁通知']);
    const made = await s.api.createBackup({});
    temp.close(s);
    const file = path.join(dir, DB_FILE_NAME);
    const pages = statSync(file).size / 4096;
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, Math.floor(pages / 2) * 4096);
    closeSync(fd);
    expect(() => createServices(dir)).toThrow(new RegExp(`数据库文件 .* 已损坏.*最新的备份是 ${made.name}`));
  });

  it('never shows a database truncated to 0 bytes as an empty library', async () => {
    const dir = newDir();
    temp.close(await library(dir, ['甲通知']));
    truncateSync(path.join(dir, DB_FILE_NAME), 0);
    const r = await cli('list', '--data-dir', dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/是空的（0 字节），但这个数据文件夹以前有过数据库.*没有备份/);
    expect(r.out).not.toMatch(/文档库为空/);
    expect(statSync(path.join(dir, DB_FILE_NAME)).size).toBe(0);
  });

  it('says a read-only folder cannot be written and to choose another', () => {
    const dir = newDir();
    openDatabase(dir).close();
    const ro = new Database(path.join(dir, DB_FILE_NAME), { readonly: true });
    let err: unknown;
    try {
      ro.exec("INSERT INTO settings (key, value) VALUES ('x', 'y')");
    } catch (e) {
      err = e;
    }
    ro.close();
    expect(String(storageError(err, dir, DB_FILE_NAME))).toMatch(/无法写入（只读或没有权限.*选择另一个可写的文件夹/);
  });

  it('leaves other errors alone: an imported file’s “malformed” is not a damaged database', () => {
    const parserError = new Error('malformed XRef table');
    expect(storageError(parserError, '/data', DB_FILE_NAME)).toBe(parserError);
  });

  it.skipIf(process.getuid?.() === 0)('refuses a read-only data folder with that message', async () => {
    const { chmodSync } = await import('node:fs');
    const dir = newDir();
    openDatabase(dir).close();
    chmodSync(dir, 0o500);
    try {
      const r = await cli('import', path.join(REPO, 'package.json'), '--data-dir', dir);
      expect(r.err).toMatch(/无法写入/);
    } finally {
      chmodSync(dir, 0o700);
    }
  });

  it('on a full disk: refuses the write, keeps earlier data, and the next write works once space is freed', async () => {
    const dir = newDir();
    const s = await library(dir, ['甲通知']);
    const pages = s.db.pragma('page_count', { simple: true }) as number;
    s.db.pragma(`max_page_count = ${pages}`);
    await expect(s.api.importDocument({ name: '大.txt', bytes: txt('大文件', 2000) })).rejects.toThrow(
      /磁盘空间已满.*刚才的操作已撤销.*请释放磁盘空间后重试/,
    );
    expect(s.db.inTransaction).toBe(false);
    expect(await titles(s)).toEqual(['甲通知']);
    s.db.pragma('max_page_count = 1073741823');
    await s.api.importDocument({ name: '大.txt', bytes: txt('大文件', 2000) });
    expect(await s.api.listDocuments({})).toHaveLength(2);
    expect((await s.api.verifyAudit({})).ok).toBe(true);
  });
});

describe('one writer per data folder (issue 13)', () => {
  it('takes the lock on a data folder that does not exist yet (a first start)', async () => {
    const dir = path.join(newDir(), '新的', '数据');
    const s = services(dir, 'fcr serve（浏览器界面）');
    expect(existsSync(path.join(dir, 'fcr.lock'))).toBe(true);
    expect(await s.api.listDocuments({})).toEqual([]);
  });

  it('refuses a second app instance, naming the holder; a CLI command still reads and writes', async () => {
    const dir = newDir();
    const first = services(dir, 'fcr serve（浏览器界面）');
    expect(() => createServices(dir, { app: '审查助手窗口' })).toThrow(
      new RegExp(`正被另一个正在运行的审查助手使用：fcr serve（浏览器界面），进程 ${process.pid}`),
    );
    expect(
      await cli(
        'import',
        path.join(REPO, 'test', 'fixtures', 'txt', readdirSync(path.join(REPO, 'test', 'fixtures', 'txt'))[0]!),
        '--data-dir',
        dir,
      ),
    ).toMatchObject({ code: 0 });
    expect(await first.api.listDocuments({})).toHaveLength(1);
    expect(await cli('restore', path.join(dir, 'x.sqlite3'), '--data-dir', dir)).toMatchObject({
      code: 1,
      err: expect.stringMatching(/正被另一个/),
    });
    temp.close(first);
    services(dir, '审查助手窗口');
  });

  it('refuses while another live process holds the lock, and takes over a stale one', () => {
    const dir = newDir();
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const host = os.hostname();
      writeFileSync(
        path.join(dir, LOCK_FILE),
        JSON.stringify({ pid: sleeper.pid, holder: 'fcr serve', host, since: new Date().toISOString() }),
      );
      expect(() => acquireFolderLock(dir, 'x')).toThrow(new RegExp(`进程 ${sleeper.pid}`));
    } finally {
      sleeper.kill('SIGKILL');
    }
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(
      path.join(dir, LOCK_FILE),
      JSON.stringify({ pid: dead, holder: 'old', host: os.hostname(), since: '' }),
    );
    acquireFolderLock(dir, 'new').release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });
});

describe('SIGKILL during a migration (issue 13)', () => {
  it.runIf(existsSync(path.join(REPO, 'dist', 'cli.mjs')))(
    'reopens with integrity ok, every finalised review and audit entry kept, migrated or not',
    async () => {
      const dir = newDir();
      const db = new Database(path.join(dir, DB_FILE_NAME));
      db.pragma('journal_mode = WAL');
      for (const m of MIGRATIONS.slice(0, 4)) db.exec(m);
      db.pragma('user_version = 4');
      const { appendAudit } = await import('../../electron/services/audit');
      // Finalised reviews an older version committed, each with its decisions.
      const at = '2026-01-01T00:00:00.000Z';
      db.transaction(() => {
        for (let d = 1; d <= 20; d++) {
          db.prepare(
            "INSERT INTO documents (id, title, file_name, sha256, size, type, imported_at, text) VALUES (?, ?, 'a.txt', ?, 1, 'txt', ?, '正文')",
          ).run(d, `旧文档${d}`, `sha-${d}`, at);
          db.prepare(
            "INSERT INTO reviews (id, document_id, revision, status, conclusion, created_at, updated_at) VALUES (?, ?, 1, 'draft', 'compliant', ?, ?)",
          ).run(d, d, at, at);
          for (let k = 0; k < 3; k++)
            db.prepare(
              "INSERT INTO dispositions (review_id, rule_id, clause_hash, disposition, reason, updated_at) VALUES (?, ?, ?, 'reject', '引述上位法', ?)",
            ).run(d, `R${k}`, `c${k}`, at);
          db.prepare("UPDATE reviews SET status = 'final', finalized_at = ? WHERE id = ?").run(at, d);
        }
        for (let i = 0; i < 60_000; i++) appendAudit(db, { actor: '某人', action: 'settings.save', detail: { i } });
      })();
      db.close();
      const committed = (d: Database.Database) =>
        d
          .prepare(
            "SELECT COUNT(*) AS reviews, (SELECT COUNT(*) FROM dispositions) AS dispositions FROM reviews WHERE status = 'final'",
          )
          .get();
      const child = spawn(process.execPath, [path.join(REPO, 'bin', 'fcr.mjs'), 'list', '--data-dir', dir]);
      // Kill it once the pre-migration backup is there, i.e. while (or right after) it migrates.
      const signal = await new Promise<NodeJS.Signals | null>((resolve) => {
        const poll = setInterval(() => {
          if (listBackups(dir).length > 0 && !child.killed) child.kill('SIGKILL');
        }, 5);
        child.on('exit', (_, sig) => (clearInterval(poll), resolve(sig)));
      });
      expect(signal).toBe('SIGKILL');
      // As the kill left it: whole, at the old version, a later one, or the latest, with every review.
      const raw = new Database(path.join(dir, DB_FILE_NAME));
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      const reached = raw.pragma('user_version', { simple: true }) as number;
      expect(reached).toBeGreaterThanOrEqual(4);
      expect(reached).toBeLessThanOrEqual(SCHEMA_VERSION);
      expect(committed(raw)).toEqual({ reviews: 20, dispositions: 60 });
      raw.close();
      // The backup taken before the migration holds them too.
      const [backup] = listBackups(dir);
      expect(backup!.name).toMatch(/-pre-migration-v4\.sqlite3$/);
      const copy = new Database(backup!.path, { readonly: true });
      expect(copy.pragma('user_version', { simple: true })).toBe(4);
      expect(committed(copy)).toEqual({ reviews: 20, dispositions: 60 });
      copy.close();

      const s = services(dir);
      expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(s.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(committed(s.db)).toEqual({ reviews: 20, dispositions: 60 });
      const report = await s.api.verifyAudit({});
      expect(report).toMatchObject({ ok: true, count: 60_000 });
    },
  );
});

describe('SIGKILL during a write-heavy run (issue 13)', () => {
  it.runIf(existsSync(path.join(REPO, 'dist', 'cli.mjs')))(
    'reopens with integrity ok, an intact audit chain and every reported import kept',
    async () => {
      const dir = newDir();
      const files = newDir();
      const names = Array.from({ length: 60 }, (_, i) => {
        const f = path.join(files, `文件${i}.txt`);
        writeFileSync(f, txt(`通知${i}`, 60));
        return f;
      });
      const child = spawn(process.execPath, [path.join(REPO, 'bin', 'fcr.mjs'), 'import', '--data-dir', dir, ...names]);
      const imported: string[] = [];
      await new Promise<void>((resolve) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString('utf8');
          const lines = out.split('\n').filter((l) => l.startsWith('已导入'));
          if (lines.length >= 8 && !child.killed) {
            imported.push(...lines);
            child.kill('SIGKILL');
          }
        });
        child.on('exit', () => resolve());
      });
      expect(imported.length).toBeGreaterThanOrEqual(8);
      const s = services(dir);
      expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((await s.api.verifyAudit({})).ok).toBe(true);
      const have = new Set(await titles(s));
      for (const line of imported) expect(have.has(/#\d+ {2}(\S+)/.exec(line)![1]!)).toBe(true);
      const docs = s.db.prepare('SELECT COUNT(*) AS n FROM documents').get() as { n: number };
      const audits = s.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE '%import%'").get() as {
        n: number;
      };
      expect(audits.n).toBe(docs.n);
    },
  );
});

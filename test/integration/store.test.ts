import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../electron/services/audit';
import { DB_FILE_NAME, migrate, openDatabase, SCHEMA_VERSION } from '../../electron/services/db';
import { createServices, type Services } from '../../electron/services/index';
import { fixture, tempDir } from '../helpers/paths';

let tmp: ReturnType<typeof tempDir>;
let services: Services;

beforeEach(() => {
  tmp = tempDir();
  services = createServices(tmp.dir);
});
afterEach(() => {
  services.close();
  tmp.cleanup();
});

function snapshot(): unknown {
  const db = services.db;
  return {
    documents: db.prepare('SELECT * FROM documents ORDER BY id').all(),
    audit: db.prepare('SELECT * FROM audit_log ORDER BY id').all(),
  };
}

describe('SQLite store', () => {
  it('opens a real file in WAL mode at the current schema version', () => {
    expect(services.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(services.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(services.db.name).toBe(path.join(tmp.dir, DB_FILE_NAME));
  });

  it('migrates an empty database forward and refuses a newer one', () => {
    const db = new Database(':memory:');
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    migrate(db); // idempotent
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(/请升级审查助手/);
    db.close();
  });

  it('imports a GB18030 file, stores its text and metadata, and lists it', async () => {
    const bytes = readFileSync(fixture('txt', 'gb18030-yaopin.txt'));
    const { document, duplicate } = await services.documents.import('gb18030-yaopin.txt', bytes);
    expect(duplicate).toBe(false);
    expect(document).toMatchObject({
      title: '国务院办公厅关于印发国家组织药品集中采购和使用试点方案的通知',
      fileName: 'gb18030-yaopin.txt',
      type: 'txt',
      encoding: 'gb18030',
      size: bytes.length,
    });
    expect(document.sha256).toMatch(/^[0-9a-f]{64}$/);
    const detail = services.documents.get(document.id);
    expect(detail.text).toContain('国办发〔2019〕2号');
    expect(detail.text).not.toContain('\r');
    expect(services.documents.list().map((d) => d.id)).toEqual([document.id]);
  });

  it('does not duplicate a file imported twice, even under another name', async () => {
    const bytes = readFileSync(fixture('txt', 'utf8-yaopin.txt'));
    const first = await services.documents.import('a.txt', bytes);
    const second = await services.documents.import('copy of a.txt', bytes);
    expect(second.duplicate).toBe(true);
    expect(second.document.id).toBe(first.document.id);
    expect(services.documents.list()).toHaveLength(1);
  });

  it('leaves the database unchanged when an import fails', async () => {
    await services.documents.import('ok.txt', new TextEncoder().encode('已有文档\n第一条 内容。'));
    const before = snapshot();
    await expect(services.documents.import('empty.txt', new Uint8Array())).rejects.toThrow(/「empty\.txt」是空文件/);
    await expect(
      services.documents.import('bin.txt', readFileSync(process.execPath).subarray(0, 4096)),
    ).rejects.toThrow(/「bin\.txt」/);
    await expect(services.documents.import('blank.txt', new TextEncoder().encode(' \n\t\n'))).rejects.toThrow(
      /blank\.txt/,
    );
    expect(snapshot()).toEqual(before);
  });

  it('keeps an append-only, hash-chained audit log of imports', async () => {
    await services.documents.import('1.txt', new TextEncoder().encode('一号文件'));
    await services.documents.import('2.txt', new TextEncoder().encode('二号文件'));
    const rows = services.db.prepare('SELECT action, subject FROM audit_log ORDER BY id').all();
    expect(rows).toEqual([
      { action: 'document.import', subject: 'document:1' },
      { action: 'document.import', subject: 'document:2' },
    ]);
    expect(verifyAudit(services.db)).toBeNull();
    expect(() => services.db.prepare('UPDATE audit_log SET actor = ?').run('x')).toThrow(/append-only/);
    expect(() => services.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('reopens the same file with its data intact', async () => {
    await services.documents.import('keep.txt', new TextEncoder().encode('保留的文档'));
    services.close();
    services = createServices(tmp.dir);
    expect(services.documents.list().map((d) => d.title)).toEqual(['保留的文档']);
    const db = openDatabase(tmp.dir);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('reports a missing document in Chinese', () => {
    expect(() => services.documents.get(999)).toThrow(/找不到编号为 999 的文档/);
  });
});

/** Issue 13: the audit chain is verified, anchored outside the file, and tampering is reported. */
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ANCHORS_FILE, verifyAudit } from '../../electron/services/audit';
import { DB_FILE_NAME } from '../../electron/services/db';
import { createServices } from '../../electron/services/index';
import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/paths';
import { tamper, verifyFolder } from '../helpers/tamper';

const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

/** A data folder with `rows` audit entries and an anchor issued for them. */
async function folder(rows = 5): Promise<string> {
  const tmp = tempDir();
  dirs.push(tmp);
  const services = createServices(tmp.dir);
  for (let i = 0; i < rows; i++) await services.api.saveSettings({ reviewer: `审查员${i}`, unit: '某局' });
  services.currentAnchor();
  expect(services.verifyAudit()).toMatchObject({ ok: true, count: rows, anchorsChecked: 1 });
  services.close();
  return tmp.dir;
}

describe('audit verification (issue 13)', () => {
  it('reports an edited row as changed, naming it', async () => {
    const dir = await folder();
    tamper(dir, "UPDATE audit_log SET actor = '别人' WHERE id = 3");
    const r = verifyFolder(dir);
    expect(r.ok).toBe(false);
    expect(r.brokenId).toBe(3);
    expect(r.problem).toMatch(/第 3 条记录.*内容与其哈希不符：该记录被改动过/);
  });

  it('reports a rewritten chain (every hash recomputed) through the anchor handed out earlier', async () => {
    const dir = await folder();
    const db = new Database(path.join(dir, DB_FILE_NAME));
    const rows = db.prepare('SELECT * FROM audit_log ORDER BY id').all() as Record<string, string | null>[];
    db.close();
    // Recompute the whole chain with one field changed: the chain itself is consistent again.
    const { createHash } = await import('node:crypto');
    let prev = '0'.repeat(64);
    const updates = rows.map((r) => {
      const actor = String(r.id) === '2' ? '别人' : r.actor;
      const hash = createHash('sha256')
        .update(JSON.stringify([prev, r.at, actor, r.action, r.subject, r.detail]))
        .digest('hex');
      const sql = `UPDATE audit_log SET actor = '${actor}', prev_hash = '${prev}', hash = '${hash}' WHERE id = ${r.id};`;
      prev = hash;
      return sql;
    });
    tamper(dir, updates.join('\n'));
    const r = verifyFolder(dir);
    expect(r.ok).toBe(false);
    expect(r.problem).toMatch(/前 5 条与 .* 签发的锚点不符：记录被改写过/);
    expect(await cli('audit', 'verify', '--data-dir', dir)).toMatchObject({
      code: 1,
      err: expect.stringMatching(/锚点不符/),
    });
  });

  it('reports a deleted row as a gap', async () => {
    const dir = await folder();
    tamper(dir, 'DELETE FROM audit_log WHERE id = 2');
    const r = verifyFolder(dir);
    expect(r.ok).toBe(false);
    expect(r.problem).toMatch(/缺少第 2 条.*有记录被删除/);
  });

  it('reports a deleted tail, and a new entry does not reuse its id', async () => {
    const dir = await folder();
    tamper(dir, 'DELETE FROM audit_log WHERE id = 5');
    expect(verifyFolder(dir).problem).toMatch(/末尾的记录被删除：已写到第 5 条，现在只剩到第 4 条/);
    const services = createServices(dir);
    await services.api.saveSettings({ reviewer: '新', unit: '' });
    const ids = services.db
      .prepare('SELECT id FROM audit_log ORDER BY id')
      .all()
      .map((r) => (r as { id: number }).id);
    services.close();
    expect(ids).toEqual([1, 2, 3, 4, 6]);
    expect(verifyFolder(dir).problem).toMatch(/缺少第 5 条/);
  });

  it('reports a deleted tail even when the sequence is reset too, through the anchor', async () => {
    const dir = await folder();
    tamper(dir, "DELETE FROM audit_log WHERE id = 5; UPDATE sqlite_sequence SET seq = 4 WHERE name = 'audit_log';");
    const r = verifyFolder(dir);
    expect(r.ok).toBe(false);
    expect(r.problem).toMatch(/只有 4 条，少于 .* 签发的锚点记载的 5 条：末尾的记录被删除/);
  });

  it('reports a dropped trigger', async () => {
    const dir = await folder();
    tamper(dir, 'SELECT 1', true);
    const r = verifyFolder(dir);
    expect(r.ok).toBe(false);
    expect(r.problem).toMatch(/保护触发器 audit_log_no_update 不存在/);
    expect(verifyAudit(new Database(path.join(dir, DB_FILE_NAME), { readonly: true }))).toBeNull();
  });

  it('reports a forged anchor file', async () => {
    const dir = await folder();
    const { readFileSync, writeFileSync } = await import('node:fs');
    const file = path.join(dir, ANCHORS_FILE);
    const anchors = JSON.parse(readFileSync(file, 'utf8')) as { count: number }[];
    anchors[0]!.count = 3;
    writeFileSync(file, JSON.stringify(anchors));
    expect(verifyFolder(dir).problem).toMatch(/锚点签名无效/);
  });

  it('fcr audit anchor prints a signed anchor; fcr audit verify says the log is intact', async () => {
    const dir = await folder(2);
    const anchor = await cli('audit', 'anchor', '--data-dir', dir);
    expect(anchor.code).toBe(0);
    expect(JSON.parse(anchor.out)).toMatchObject({ count: 2, head: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const ok = await cli('audit', 'verify', '--data-dir', dir);
    expect(ok).toMatchObject({ code: 0, out: expect.stringMatching(/审计日志完好：共 2 条/) });
  });
});

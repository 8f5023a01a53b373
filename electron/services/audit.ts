/**
 * Append-only, hash-chained audit log: each entry's hash covers its fields and the previous hash.
 * Verification recomputes the chain, checks the ids run 1..n with nothing allocated past the end
 * (AUTOINCREMENT keeps the highest id ever used), that the append-only triggers are in place, and
 * compares the chain with the signed anchors (count and head) the data folder has handed out.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AuditAnchor, AuditReport } from '../../shared/types.js';
import { cached, type Db } from './db.js';
import { dataFolderKey, signBytes, verifyBytes } from './keys.js';

export interface AuditEntry {
  actor: string;
  action: string;
  subject?: string;
  detail?: unknown;
}

const GENESIS = '0'.repeat(64);
export const AUDIT_TRIGGERS = ['audit_log_no_update', 'audit_log_no_delete'] as const;

export function appendAudit(db: Db, entry: AuditEntry, at = new Date().toISOString()): void {
  const prev = cached(db, 'SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { hash: string } | undefined;
  const prevHash = prev?.hash ?? GENESIS;
  const detail = entry.detail === undefined ? null : JSON.stringify(entry.detail);
  const hash = chainHash(prevHash, at, entry.actor, entry.action, entry.subject ?? null, detail);
  cached(
    db,
    'INSERT INTO audit_log (at, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(at, entry.actor, entry.action, entry.subject ?? null, detail, prevHash, hash);
}

export function chainHash(prev: string, ...fields: (string | null)[]): string {
  return createHash('sha256')
    .update(JSON.stringify([prev, ...fields]))
    .digest('hex');
}

interface Row {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

/** Re-computes the chain; returns the id of the first broken entry, or null when intact. */
export function verifyAudit(db: Db): number | null {
  return checkChain(db).brokenId;
}

/**
 * Checks the chain, the triggers and the kept anchors; the first problem found is the report's
 * `problem`, in Chinese, naming the entry.
 */
export function checkChain(db: Db, anchors: AuditAnchor[] = [], publicKey?: string): AuditReport {
  const problems: string[] = [];
  let brokenId: number | null = null;
  const broken = (id: number | null, message: string) => {
    if (brokenId === null && id !== null) brokenId = id;
    problems.push(message);
  };
  const triggers = new Set(
    (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'").all() as {
        name: string;
      }[]
    ).map((t) => t.name),
  );
  for (const t of AUDIT_TRIGGERS) {
    if (!triggers.has(t)) broken(null, `审计日志的保护触发器 ${t} 不存在（已被删除）：记录可能被改动过。`);
  }
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<Row>;
  let prev = GENESIS;
  let expectedId = 1;
  let count = 0;
  const hashes: string[] = [];
  for (const r of rows) {
    if (r.id !== expectedId) {
      broken(
        r.id,
        `审计日志缺少第 ${expectedId}${r.id - 1 > expectedId ? `–${r.id - 1}` : ''} 条（编号从 ${expectedId - 1} 跳到 ${r.id}）：有记录被删除。`,
      );
    }
    if (r.prev_hash !== prev) {
      broken(r.id, `审计日志第 ${r.id} 条记录的“前一哈希”与前一条不符：前面的记录被删除或改动过。`);
    } else if (chainHash(prev, r.at, r.actor, r.action, r.subject, r.detail) !== r.hash) {
      broken(
        r.id,
        `审计日志第 ${r.id} 条记录（${r.at.slice(0, 19).replace('T', ' ')}，${r.action}）的内容与其哈希不符：该记录被改动过。`,
      );
    }
    prev = r.hash;
    hashes.push(r.hash);
    expectedId = r.id + 1;
    count++;
  }
  const seq = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").get() as
    { seq: number } | undefined;
  if (seq && seq.seq > expectedId - 1) {
    broken(expectedId, `审计日志末尾的记录被删除：已写到第 ${seq.seq} 条，现在只剩到第 ${expectedId - 1} 条。`);
  }
  for (const a of anchors) {
    const which = anchorLabel(a);
    if (publicKey && !verifyBytes(publicKey, anchorBytes(a), a.signature)) {
      broken(null, `${which}签名无效：锚点记录被改动过，或数据文件夹的密钥被更换。`);
    } else if (a.count > count) {
      broken(count + 1, `审计日志只有 ${count} 条，少于 ${which}记载的 ${a.count} 条：末尾的记录被删除。`);
    } else if (a.count > 0 && hashes[a.count - 1] !== a.head) {
      broken(a.count, `审计日志前 ${a.count} 条与 ${which}不符：记录被改写过。`);
    }
  }
  return {
    ok: problems.length === 0,
    count,
    head: count ? prev : GENESIS,
    brokenId,
    problem: problems[0] ?? null,
    problems,
    anchorsChecked: anchors.length,
    checkedAt: new Date().toISOString(),
  };
}

/** The bytes an anchor's signature covers; what it was issued for, when named, too (format 2). */
export function anchorBytes(a: Omit<AuditAnchor, 'signature'>): Buffer {
  const fields = `${a.count}\n${a.head}\n${a.at}\n${a.fingerprint}`;
  return Buffer.from(
    a.issuedFor === undefined ? `fcr-audit-anchor/1\n${fields}` : `fcr-audit-anchor/2\n${fields}\n${a.issuedFor}`,
    'utf8',
  );
}

/** “2026-03-01 10:00:00 随审查包《…》签发的锚点”: names an anchor in a report. */
export function anchorLabel(a: Pick<AuditAnchor, 'at' | 'issuedFor'>): string {
  const when = a.at.slice(0, 19).replace('T', ' ');
  return `${when} ${a.issuedFor ? `随${a.issuedFor}` : ''}签发的锚点`;
}

/** True when the anchor is signed by the key `publicKey` (base64 SPKI) and names its fingerprint. */
export function anchorSignedBy(a: AuditAnchor, publicKey: string, keyFingerprint: string): boolean {
  return a.fingerprint === keyFingerprint && verifyBytes(publicKey, anchorBytes(a), a.signature);
}

/** The signed anchors this data folder has issued, newest last (the last MAX_KEPT). */
export const ANCHORS_FILE = 'audit-anchors.json';
const MAX_KEPT = 100;

export function keptAnchors(dataDir: string): AuditAnchor[] {
  const file = path.join(dataDir, ANCHORS_FILE);
  if (!existsSync(file)) return [];
  try {
    const list = JSON.parse(readFileSync(file, 'utf8')) as AuditAnchor[];
    return Array.isArray(list) ? list : [];
  } catch {
    return [{ count: 0, head: '', at: '(无法读取)', fingerprint: '', signature: '' }];
  }
}

/**
 * Signs the chain head (count and hash) with the data folder's key and keeps the anchor; `issuedFor`
 * names what carries it out of the folder (an export, a backup), so a report can name it.
 */
export function issueAnchor(db: Db, dataDir: string, issuedFor?: string): AuditAnchor {
  const head = db
    .prepare('SELECT COUNT(*) AS count, (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS hash FROM audit_log')
    .get() as {
    count: number;
    hash: string | null;
  };
  const key = dataFolderKey(dataDir);
  const unsigned = {
    count: head.count,
    head: head.hash ?? GENESIS,
    at: new Date().toISOString(),
    fingerprint: key.fingerprint,
    ...(issuedFor === undefined ? {} : { issuedFor }),
  };
  const anchor: AuditAnchor = { ...unsigned, signature: signBytes(key, anchorBytes(unsigned)) };
  const kept = [...keptAnchors(dataDir), anchor].slice(-MAX_KEPT);
  const file = path.join(dataDir, ANCHORS_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify(kept, null, 1));
  renameSync(`${file}.tmp`, file);
  return anchor;
}

/**
 * Verifies the live chain against the anchors kept in the data folder and any `handedOut` ones (read
 * back from exported files: they still hold when the kept list was deleted or rolled back).
 */
export function verifyDataFolder(db: Db, dataDir: string, handedOut: AuditAnchor[] = []): AuditReport {
  const kept = keptAnchors(dataDir);
  const key = kept.length || handedOut.length ? dataFolderKey(dataDir) : null;
  const known = new Set(kept.map((a) => a.signature));
  const foreign: string[] = [];
  const extra = handedOut.filter((a) => {
    if (known.has(a.signature)) return false;
    if (key && a.fingerprint !== key.fingerprint) {
      foreign.push(`${anchorLabel(a)}不是本数据文件夹的密钥签发的（密钥指纹 ${a.fingerprint}），未用于核对。`);
      return false;
    }
    return true;
  });
  const report = checkChain(db, [...kept, ...extra], key?.publicKey);
  if (!foreign.length) return report;
  return { ...report, ok: false, problem: report.problem ?? foreign[0]!, problems: [...report.problems, ...foreign] };
}

/** Runs `fn` and appends its audit entry in one transaction; returns what `fn` returns. */
export function audited<T>(db: Db, entry: AuditEntry, fn: () => T): T {
  return db.transaction(() => {
    const result = fn();
    appendAudit(db, entry);
    return result;
  })();
}

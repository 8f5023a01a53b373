/** Append-only, hash-chained audit log: each entry's hash covers its fields and the previous hash. */
import { createHash } from 'node:crypto';
import type { Db } from './db.js';

export interface AuditEntry {
  actor: string;
  action: string;
  subject?: string;
  detail?: unknown;
}

const GENESIS = '0'.repeat(64);

export function appendAudit(db: Db, entry: AuditEntry, at = new Date().toISOString()): void {
  const prev = db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { hash: string } | undefined;
  const prevHash = prev?.hash ?? GENESIS;
  const detail = entry.detail === undefined ? null : JSON.stringify(entry.detail);
  const hash = chainHash(prevHash, at, entry.actor, entry.action, entry.subject ?? null, detail);
  db.prepare(
    'INSERT INTO audit_log (at, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(at, entry.actor, entry.action, entry.subject ?? null, detail, prevHash, hash);
}

function chainHash(prev: string, ...fields: (string | null)[]): string {
  return createHash('sha256')
    .update(JSON.stringify([prev, ...fields]))
    .digest('hex');
}

/** Re-computes the chain; returns the id of the first broken entry, or null when intact. */
export function verifyAudit(db: Db): number | null {
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY id').all() as {
    id: number;
    at: string;
    actor: string;
    action: string;
    subject: string | null;
    detail: string | null;
    prev_hash: string;
    hash: string;
  }[];
  let prev = GENESIS;
  for (const r of rows) {
    if (r.prev_hash !== prev || chainHash(prev, r.at, r.actor, r.action, r.subject, r.detail) !== r.hash) return r.id;
    prev = r.hash;
  }
  return null;
}

/** Runs `fn` and appends its audit entry in one transaction; returns what `fn` returns. */
export function audited<T>(db: Db, entry: AuditEntry, fn: () => T): T {
  return db.transaction(() => {
    const result = fn();
    appendAudit(db, entry);
    return result;
  })();
}

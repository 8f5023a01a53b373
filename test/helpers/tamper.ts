/** What an attacker with the database file does to the audit log, and a fresh verification of it. */
import Database from 'better-sqlite3';
import path from 'node:path';
import { DB_FILE_NAME } from '../../electron/services/db';
import { createServices } from '../../electron/services/index';

/** Drops the audit triggers, runs `sql`, and puts the triggers back unless told not to. */
export function tamper(dir: string, sql: string, keepTriggersDropped = false): void {
  const db = new Database(path.join(dir, DB_FILE_NAME));
  const triggers = db
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")
    .all() as { sql: string }[];
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  db.exec(sql);
  if (!keepTriggersDropped) for (const t of triggers) db.exec(t.sql);
  db.close();
}

/** The audit report of services opened afresh on `dir` (as the next start of the app would see it). */
export function verifyFolder(dir: string) {
  const s = createServices(dir);
  try {
    return s.verifyAudit();
  } finally {
    s.close();
  }
}

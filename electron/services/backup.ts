/**
 * Backups of the live database with SQLite's online backup API (never a file copy), kept in
 * <dataDir>/backups with rotation, and restores that are checked before they replace anything.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FcrError } from '../../shared/errors.js';
import type { BackupInfo } from '../../shared/types.js';
import { checkChain, issueAnchor } from './audit.js';
import { DB_FILE_NAME, SCHEMA_VERSION, type Db } from './db.js';
import { sqlite } from './lazy.js';
import { backupFileName, backupsDir, listBackups } from './storage.js';

const DAY = 24 * 60 * 60 * 1000;
export const KEEP_DAILY = 7;
export const KEEP_WEEKLY = 4;
const KEEP_PRE_MIGRATION = 5;

/** Writes an online backup of `db`; into the backups folder (rotated) unless `out` is given. */
export async function createBackup(
  db: Db,
  dataDir: string,
  kind: 'daily' | 'manual' = 'manual',
  out?: string,
): Promise<BackupInfo> {
  const dir = backupsDir(dataDir);
  const target = out ? path.resolve(out) : path.join(dir, backupFileName(kind));
  mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.partial`;
  rmSync(tmp, { force: true });
  await db.backup(tmp);
  renameSync(tmp, target);
  // The backup carries the chain head it holds, signed: a later rewrite of the live log disagrees.
  const copy = new (sqlite())(target, { readonly: true, fileMustExist: true });
  try {
    const anchor = issueAnchor(copy, dataDir, `备份「${path.basename(target)}」`);
    writeFileSync(`${target}.anchor.json`, JSON.stringify(anchor, null, 1));
  } finally {
    copy.close();
  }
  if (!out) rotateBackups(dataDir);
  return {
    name: path.basename(target),
    path: target,
    kind: out ? 'export' : kind,
    createdAt: new Date().toISOString(),
    size: statSync(target).size,
  };
}

/** A daily backup when the newest backup is older than a day (or there is none). */
export async function dailyBackupIfDue(db: Db, dataDir: string, now = Date.now()): Promise<BackupInfo | null> {
  const latest = listBackups(dataDir).find((b) => b.kind !== 'pre-migration');
  if (latest && now - Date.parse(latest.createdAt) < DAY) return null;
  return createBackup(db, dataDir, 'daily');
}

/** Keeps the 7 newest daily backups, then the newest of each of 4 older weeks, 5 pre-migration ones. */
export function rotateBackups(dataDir: string): void {
  const all = listBackups(dataDir);
  const daily = all.filter((b) => b.kind === 'daily');
  const weeks = new Set<number>();
  const drop: BackupInfo[] = [];
  daily.slice(KEEP_DAILY).forEach((b) => {
    const week = Math.floor(Date.parse(b.createdAt) / (7 * DAY));
    if (weeks.size < KEEP_WEEKLY && !weeks.has(week)) weeks.add(week);
    else drop.push(b);
  });
  drop.push(...all.filter((b) => b.kind === 'pre-migration').slice(KEEP_PRE_MIGRATION));
  for (const b of drop) {
    rmSync(b.path, { force: true });
    rmSync(`${b.path}.anchor.json`, { force: true });
  }
}

/** Refuses a file that is not a sound database of this app (integrity, schema version, audit chain). */
export function checkRestorable(file: string): void {
  const name = path.basename(file);
  if (!existsSync(file)) throw new FcrError('FILE_NOT_FOUND', `找不到备份文件 ${file}。`);
  let db: Db | null = null;
  try {
    db = new (sqlite())(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    if (integrity !== 'ok')
      throw new FcrError('CORRUPT_FILE', `备份 ${name} 已损坏（完整性检查：${integrity}），未恢复。`);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new FcrError(
        'BAD_ARGS',
        `备份 ${name} 来自更新版本的审查助手（数据库版本 ${version}，本程序支持 ${SCHEMA_VERSION}），未恢复。`,
      );
    }
    const hasLog = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'").get();
    if (version < 1 || !hasLog) throw new FcrError('BAD_ARGS', `${name} 不是审查助手的数据库，未恢复。`);
    const audit = checkChain(db);
    if (!audit.ok) throw new FcrError('CORRUPT_FILE', `备份 ${name} 的审计日志校验未通过：${audit.problem}未恢复。`);
  } catch (err) {
    if (err instanceof FcrError) throw err;
    throw new FcrError('CORRUPT_FILE', `备份 ${name} 无法作为数据库打开（${(err as Error).message}），未恢复。`);
  } finally {
    db?.close();
  }
}

/**
 * Copies a checked backup into the data folder next to the live database (through the backup API),
 * so that the swap itself is a rename. Returns the staged file.
 */
export async function stageRestore(file: string, dataDir: string): Promise<string> {
  checkRestorable(file);
  const staged = path.join(dataDir, `${DB_FILE_NAME}.restoring`);
  rmSync(staged, { force: true });
  const source = new (sqlite())(file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(staged);
  } finally {
    source.close();
  }
  return staged;
}

/**
 * Swaps the staged database in (the live one must be closed): the replaced database and the anchors
 * it was given are kept under a timestamped name. Returns the replaced database's new path.
 */
export function swapInRestore(staged: string, dataDir: string): string {
  const live = path.join(dataDir, DB_FILE_NAME);
  const stamp = new Date().toISOString().replace(/[-:.]/g, '');
  const replaced = `${live}.replaced-${stamp}`;
  if (existsSync(live)) renameSync(live, replaced);
  for (const ext of ['-wal', '-shm']) if (existsSync(live + ext)) renameSync(live + ext, replaced + ext);
  const anchors = path.join(dataDir, 'audit-anchors.json');
  if (existsSync(anchors)) renameSync(anchors, path.join(dataDir, `audit-anchors.replaced-${stamp}.json`));
  renameSync(staged, live);
  return replaced;
}

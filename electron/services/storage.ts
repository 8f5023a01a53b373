/**
 * Storage failures in words a reviewer can act on: a damaged, emptied or missing database, a
 * read-only folder and a full disk each become an FcrError('STORAGE') that says what happened and
 * what to do, naming the latest backup. Also the list of backups, which those messages need.
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FcrError } from '../../shared/errors.js';
import type { BackupInfo } from '../../shared/types.js';

export const BACKUP_DIR = 'backups';
/** Written once a database has been created here: a later empty or missing file is then damage. */
export const DB_MARKER = '.fcr-database-created';
const BACKUP_NAME = /^fcr-(\d{8}T\d{6}(?:\d{3})?Z)-(daily|manual|pre-migration)(?:-v\d+)?\.sqlite3$/;

export function backupsDir(dataDir: string): string {
  return path.join(dataDir, BACKUP_DIR);
}

/** The backups in the data folder, newest first. */
export function listBackups(dataDir: string): BackupInfo[] {
  const dir = backupsDir(dataDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => ({ name, m: BACKUP_NAME.exec(name) }))
    .filter((f): f is { name: string; m: RegExpExecArray } => f.m !== null)
    .map(({ name, m }) => {
      const t = m[1]!;
      const iso = `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(9, 11)}:${t.slice(11, 13)}:${t.slice(13, 15)}.${t.length > 16 ? t.slice(15, 18) : '000'}Z`;
      const file = path.join(dir, name);
      return { name, path: file, kind: m[2] as BackupInfo['kind'], createdAt: iso, size: statSync(file).size };
    })
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.name < b.name ? 1 : -1));
}

export function backupFileName(kind: string, at = new Date()): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('.', '');
  return `fcr-${stamp}-${kind}.sqlite3`;
}

function restoreHint(dataDir: string): string {
  const latest = listBackups(dataDir)[0];
  return latest
    ? `请恢复备份：最新的备份是 ${latest.name}（${latest.createdAt.slice(0, 19).replace('T', ' ')}），可在“设置 → 备份与恢复”中恢复，或运行 fcr restore "${latest.path}"。`
    : `此文件夹里没有备份（${backupsDir(dataDir)}）；如有别处保存的备份，可运行 fcr restore 备份文件 恢复。`;
}

export function markDatabase(dataDir: string): void {
  const marker = path.join(dataDir, DB_MARKER);
  if (!existsSync(marker)) writeFileSync(marker, `${new Date().toISOString()}\n`);
}

/**
 * Refuses a database file that is empty or gone although this folder has had one (marker or
 * backups): opening it would show an empty library and start a new database over the loss.
 */
export function guardEmptyDatabase(dataDir: string, file: string): void {
  const size = existsSync(file) ? statSync(file).size : null;
  if (size !== null && size > 0) return;
  const evidence = existsSync(path.join(dataDir, DB_MARKER)) || listBackups(dataDir).length > 0;
  if (!evidence) return;
  const what = size === 0 ? `是空的（0 字节）` : '不存在';
  throw new FcrError(
    'STORAGE',
    `数据库文件 ${file} ${what}，但这个数据文件夹以前有过数据库：文件可能被截断或删除。为免把它当成空文档库继续使用，程序没有打开它。${restoreHint(dataDir)}`,
  );
}

/** A corrupt-database error with the restore hint. */
export function corruptError(dataDir: string, file: string, detail: string): FcrError {
  return new FcrError(
    'STORAGE',
    `数据库文件 ${file} 已损坏（${detail}）。损坏的文件不会被改动。${restoreHint(dataDir)}`,
  );
}

/** Maps SQLite and file-system failures to a clear Chinese message; other errors pass through. */
export function storageError(err: unknown, dataDir: string, file: string): unknown {
  if (err instanceof FcrError || !(err instanceof Error)) return err;
  const code = (err as { code?: string }).code ?? '';
  const detail = err.message;
  // Only SQLite's own errors and the file system's say anything about the store; a parser's
  // "malformed" is about an imported file.
  if (err.name !== 'SqliteError' && !/^E[A-Z]+$/.test(code)) return err;
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return corruptError(dataDir, file, detail === 'file is not a database' ? '不是数据库文件' : detail);
  }
  if (
    code.startsWith('SQLITE_READONLY') ||
    code === 'EROFS' ||
    code === 'EACCES' ||
    code === 'EPERM' ||
    code.startsWith('SQLITE_CANTOPEN')
  ) {
    return new FcrError(
      'STORAGE',
      `数据文件夹 ${dataDir} 无法写入（只读或没有权限：${detail}）。请更改该文件夹的权限，或用 --data-dir 选项、FCR_DATA_DIR 环境变量选择另一个可写的文件夹。`,
    );
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return new FcrError(
      'STORAGE',
      `磁盘空间已满，无法写入数据文件夹 ${dataDir}：刚才的操作已撤销，已保存的数据没有受影响。请释放磁盘空间后重试，或选择另一个数据文件夹。`,
    );
  }
  return err;
}

/**
 * One long-running writer per data folder: the app (Electron window or `fcr serve`) holds an
 * exclusive lock file naming its process; a second app instance is refused with a message naming
 * the holder. A lock whose process is gone is stale and taken over. Short CLI commands do not take
 * it: they write through SQLite's own locking (WAL, busy_timeout), so a running app sees them.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FcrError } from '../../shared/errors.js';

export const LOCK_FILE = 'fcr.lock';

interface LockInfo {
  pid: number;
  holder: string;
  host: string;
  since: string;
}

export interface FolderLock {
  release(): void;
}

/** Folders locked by this process (a second lock from the same process is a second instance too). */
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockInfo | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}

export function lockHolder(dataDir: string): LockInfo | null {
  const file = path.join(path.resolve(dataDir), LOCK_FILE);
  const info = existsSync(file) ? readLock(file) : null;
  if (!info) return null;
  const ours = info.pid === process.pid && info.host === os.hostname();
  if (ours) return held.has(path.resolve(dataDir)) ? info : null;
  if (info.host === os.hostname() && !alive(info.pid)) return null;
  return info;
}

export function lockedMessage(dataDir: string, info: LockInfo): string {
  const where = info.host === os.hostname() ? '' : `（在计算机 ${info.host} 上）`;
  return `数据文件夹 ${dataDir} 正被另一个正在运行的审查助手使用：${info.holder}，进程 ${info.pid}${where}，自 ${info.since.slice(0, 19).replace('T', ' ')} 起。两个程序同时写一个数据库会互相覆盖，所以没有启动。请先关闭那个程序，或用 --data-dir 选择另一个数据文件夹。`;
}

/** Takes the folder's lock for this process or throws FcrError('LOCKED') naming the holder. */
export function acquireFolderLock(dataDir: string, holder: string): FolderLock {
  const dir = path.resolve(dataDir);
  const file = path.join(dir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, holder, host: os.hostname(), since: new Date().toISOString() };
  // A first start names a folder that does not exist yet: make it, as opening the database would.
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new FcrError(
      'STORAGE',
      `无法创建数据目录 ${dir}（${(err as NodeJS.ErrnoException).code ?? (err as Error).message}）。请检查权限，或用 --data-dir 另选一个文件夹。`,
    );
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(info), { flag: 'wx' });
      held.add(dir);
      const release = () => {
        if (!held.delete(dir)) return;
        if (readLock(file)?.pid === process.pid) rmSync(file, { force: true });
        process.off('exit', release);
      };
      process.on('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const current = lockHolder(dir);
      if (current) throw new FcrError('LOCKED', lockedMessage(dir, current));
      // Stale: move it aside atomically (only one taker wins the rename), then try again.
      try {
        renameSync(file, `${file}.stale-${process.pid}`);
        rmSync(`${file}.stale-${process.pid}`, { force: true });
      } catch {
        // Someone else took it over first; the next attempt sees their lock.
      }
    }
  }
  throw new FcrError('LOCKED', `无法锁定数据文件夹 ${dir}，请稍后重试。`);
}

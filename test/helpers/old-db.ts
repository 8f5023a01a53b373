/** A data folder whose database an older version wrote: the schema up to `version`, one document. */
import Database from 'better-sqlite3';
import path from 'node:path';
import { DB_FILE_NAME, MIGRATIONS } from '../../electron/services/db';

export function databaseAt(dir: string, version: number, text: string): Database.Database {
  const db = new Database(path.join(dir, DB_FILE_NAME));
  for (const m of MIGRATIONS.slice(0, version)) db.exec(m);
  db.pragma(`user_version = ${version}`);
  db.prepare(
    "INSERT INTO documents (id, title, file_name, sha256, size, type, imported_at, text) VALUES (1, '旧文档', 'a.txt', 'x', 1, 'txt', '2026-01-01', ?)",
  ).run(text);
  return db;
}

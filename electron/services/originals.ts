/**
 * Imported original files, content-addressed by sha256 and stored once however often they are
 * imported. Documents imported before the store existed (schema < 5) have no original.
 */
import { cached, type Db } from './db.js';

/** Stores an original's bytes under their sha256 (nothing when already stored); call inside the import transaction. */
export function storeOriginal(db: Db, sha256: string, bytes: Uint8Array): void {
  cached(db, 'INSERT OR IGNORE INTO originals (sha256, size, bytes) VALUES (?, ?, ?)').run(
    sha256,
    bytes.byteLength,
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  );
}

/** The original file's bytes, or null when the document was imported before originals were kept. */
export function readOriginal(db: Db, sha256: string): Uint8Array | null {
  const row = db.prepare('SELECT bytes FROM originals WHERE sha256 = ?').get(sha256) as { bytes: Buffer } | undefined;
  return row ? new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength) : null;
}

/** Why an export has no original file, in words for the reader of the export. */
export const NO_ORIGINAL_NOTE = '该文档导入于保存原件功能启用之前，文档库中没有原件；如需原件，请重新导入原文件。';

/** Document import, listing and retrieval over the SQLite store. */
import { createHash } from 'node:crypto';
import { MAX_IMPORT_BYTES } from '../../shared/api.js';
import { FcrError } from '../../shared/errors.js';
import type { DocumentDetail, DocumentSummary, DocumentType, ImportResult } from '../../shared/types.js';
import { appendAudit } from './audit.js';
import type { Db } from './db.js';
import { extractDocument } from './import/index.js';

interface DocumentRow {
  id: number;
  title: string;
  file_name: string;
  sha256: string;
  size: number;
  type: DocumentType;
  encoding: string | null;
  imported_at: string;
  chars: number;
  text?: string;
}

const SUMMARY_COLUMNS = 'id, title, file_name, sha256, size, type, encoding, imported_at, length(text) AS chars';

export class DocumentService {
  constructor(
    private readonly db: Db,
    private readonly actor = 'local-user',
  ) {}

  /** Imports one file's bytes. Throws FcrError with a Chinese message naming the file. */
  async import(fileName: string, bytes: Uint8Array): Promise<ImportResult> {
    if (bytes.byteLength > MAX_IMPORT_BYTES) {
      throw new FcrError(
        'TOO_LARGE',
        `「${fileName}」大小为 ${(bytes.byteLength / 1048576).toFixed(1)} MB，超过上限 ${MAX_IMPORT_BYTES / 1048576} MB。`,
      );
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const existing = this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM documents WHERE sha256 = ?`).get(sha256) as
      DocumentRow | undefined;
    if (existing) return { document: toSummary(existing), duplicate: true };

    const extracted = await extractDocument(fileName, bytes);
    const title = guessTitle(extracted.text, fileName);
    const importedAt = new Date().toISOString();
    const id = this.db.transaction(() => {
      const info = this.db
        .prepare(
          `INSERT INTO documents (title, file_name, sha256, size, type, encoding, imported_at, text)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(title, fileName, sha256, bytes.byteLength, extracted.type, extracted.encoding, importedAt, extracted.text);
      const newId = Number(info.lastInsertRowid);
      appendAudit(this.db, {
        actor: this.actor,
        action: 'document.import',
        subject: `document:${newId}`,
        detail: { fileName, sha256, size: bytes.byteLength },
      });
      return newId;
    })();
    return { document: this.summary(id), duplicate: false };
  }

  list(): DocumentSummary[] {
    const rows = this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM documents ORDER BY imported_at DESC, id DESC`).all();
    return (rows as DocumentRow[]).map(toSummary);
  }

  summary(id: number): DocumentSummary {
    return toSummary(this.row(id, false));
  }

  get(id: number): DocumentDetail {
    const row = this.row(id, true);
    return { ...toSummary(row), text: row.text ?? '' };
  }

  private row(id: number, withText: boolean): DocumentRow {
    const row = this.db
      .prepare(`SELECT ${SUMMARY_COLUMNS}${withText ? ', text' : ''} FROM documents WHERE id = ?`)
      .get(id) as DocumentRow | undefined;
    if (!row) throw new FcrError('NOT_FOUND', `找不到编号为 ${id} 的文档，可能已被删除。`);
    return row;
  }
}

/** The first meaningful line (not a URL or a source note), else the file name without extension. */
export function guessTitle(text: string, fileName: string): string {
  for (const raw of text.split('\n').slice(0, 20)) {
    const line = raw.replace(/^[#\s\u3000]+/, '').trim();
    if (!line || /^(https?:\/\/|www\.)/i.test(line)) continue;
    return line.length > 120 ? `${line.slice(0, 120)}…` : line;
  }
  return fileName.replace(/\.[^.]+$/, '') || fileName;
}

function toSummary(r: DocumentRow): DocumentSummary {
  return {
    id: r.id,
    title: r.title,
    fileName: r.file_name,
    type: r.type,
    size: r.size,
    sha256: r.sha256,
    encoding: r.encoding,
    importedAt: r.imported_at,
    chars: r.chars,
  };
}

/** Document import, listing and retrieval over the SQLite store. */
import { createHash } from 'node:crypto';
import type { Block, NormalizedDocument } from '../../shared/document.js';
import { FcrError } from '../../shared/errors.js';
import { guessMetadata } from '../../shared/metadata.js';
import { segment } from '../../shared/segment/index.js';
import type { ClauseNode, DocumentDetail, DocumentSummary, ImportResult } from '../../shared/types.js';
import { appendAudit } from './audit.js';
import type { Db } from './db.js';
import type { ComputedScan } from './findings.js';
import { extractDocument, type ImportLimits } from './import/index.js';
import type { Extracted } from './import/pool.js';
import { checkFileSize, resolveLimits } from './import/limits.js';
import {
  SUMMARY_COLUMNS,
  toBlock,
  toClauseTree,
  toSummary,
  type BlockRow,
  type ClauseRow,
  type DocumentRow,
} from './rows.js';

export interface DocumentServiceOptions {
  /** Who is importing, for the audit log: a name, or a function asked at each import. */
  actor?: string | (() => string);
  limits?: Partial<ImportLimits>;
  /** Extracts a file (default: in this thread, without scanning); the library uses the worker pool. */
  extract?: (fileName: string, bytes: Uint8Array) => Promise<Extracted>;
}

/**
 * Runs inside the import transaction once the document is stored (the library scans it there);
 * returns what to add to the import's audit entry.
 */
export type OnStored = (id: number, doc: NormalizedDocument, scan?: ComputedScan) => Record<string, unknown> | void;

export class DocumentService {
  private readonly actor: () => string;
  private readonly limits: ImportLimits;
  private readonly extract: (fileName: string, bytes: Uint8Array) => Promise<Extracted>;

  constructor(
    private readonly db: Db,
    options: DocumentServiceOptions | string = {},
  ) {
    const opts = typeof options === 'string' ? { actor: options } : options;
    const actor = opts.actor ?? 'local-user';
    this.actor = typeof actor === 'string' ? () => actor : actor;
    this.limits = resolveLimits(opts.limits);
    this.extract =
      opts.extract ?? (async (name, bytes) => ({ doc: await extractDocument(name, bytes, { limits: this.limits }) }));
  }

  /**
   * Imports one file's bytes: extracts, then stores it with `onStored` and the audit entry in one
   * transaction. Throws FcrError with a Chinese message naming the file; writes nothing then.
   * The library's import (which scans and indexes) is the operation adapters call.
   */
  async import(fileName: string, bytes: Uint8Array, onStored?: OnStored): Promise<ImportResult> {
    checkFileSize(fileName, bytes.byteLength, this.limits);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const existing = this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM documents WHERE sha256 = ?`).get(sha256) as
      DocumentRow | undefined;
    if (existing) return { document: toSummary(existing), duplicate: true };

    const { doc, scan } = await this.extract(fileName, bytes);
    // Another import of the same bytes may have finished while this one was extracted.
    const stored = this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM documents WHERE sha256 = ?`).get(sha256) as
      DocumentRow | undefined;
    if (stored) return { document: toSummary(stored), duplicate: true };
    const id = this.store(fileName, bytes.byteLength, sha256, doc, onStored && ((id, d) => onStored(id, d, scan)));
    const result: ImportResult = { document: this.summary(id), duplicate: false };
    if (doc.warnings.length) result.warnings = doc.warnings;
    return result;
  }

  /** Stores a document with its blocks and clauses in one transaction. */
  private store(fileName: string, size: number, sha256: string, doc: NormalizedDocument, onStored?: OnStored): number {
    const importedAt = new Date().toISOString();
    const { metadata } = doc;
    return this.db.transaction(() => {
      const info = this.db
        .prepare(
          `INSERT INTO documents (title, file_name, sha256, size, type, encoding, imported_at, text,
                                  doc_number, issuer, doc_date, pages)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          metadata.title,
          fileName,
          sha256,
          size,
          doc.type,
          doc.encoding,
          importedAt,
          doc.text,
          metadata.docNumber,
          metadata.issuer,
          metadata.date,
          doc.pages ?? null,
        );
      const id = Number(info.lastInsertRowid);
      const insertBlock = this.db.prepare(
        `INSERT INTO blocks (document_id, seq, kind, start_offset, end_offset, level, style, page, paragraph,
                             table_index, row_index, col_index, line)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      doc.blocks.forEach((b, seq) => {
        const s = b.source;
        insertBlock.run(
          id,
          seq,
          b.kind,
          b.start,
          b.end,
          b.level ?? null,
          b.style ?? null,
          s.page ?? null,
          s.paragraph ?? null,
          s.table ?? null,
          s.row ?? null,
          s.col ?? null,
          s.line ?? null,
        );
      });
      const insertClause = this.db.prepare(
        `INSERT INTO clauses (document_id, seq, clause_id, parent_seq, kind, number, label, start_offset, end_offset)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      let seq = 0;
      const walk = (nodes: ClauseNode[], parent: number | null): void => {
        for (const n of nodes) {
          const mine = seq++;
          insertClause.run(id, mine, n.id, parent, n.kind, n.number, n.label, n.start, n.end);
          walk(n.children, mine);
        }
      };
      walk(doc.clauses, null);
      const extra = onStored?.(id, doc);
      appendAudit(this.db, {
        actor: this.actor(),
        action: 'document.import',
        subject: `document:${id}`,
        detail: { fileName, sha256, size, type: doc.type, blocks: doc.blocks.length, clauses: seq, ...extra },
      });
      return id;
    })();
  }

  list(): DocumentSummary[] {
    const rows = this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM documents ORDER BY imported_at DESC, id DESC`).all();
    return (rows as DocumentRow[]).map(toSummary);
  }

  summary(id: number): DocumentSummary {
    return toSummary(this.row(id, false));
  }

  /** Just the normalised text, without building the blocks and clause tree. */
  text(id: number): string {
    return this.row(id, true).text ?? '';
  }

  get(id: number): DocumentDetail {
    const row = this.row(id, true);
    const text = row.text ?? '';
    return { ...toSummary(row), text, clauses: this.clauses(id, text), blocks: this.blocks(id, text) };
  }

  private blocks(id: number, text: string): Block[] {
    const rows = this.db.prepare('SELECT * FROM blocks WHERE document_id = ? ORDER BY seq').all(id) as BlockRow[];
    return rows.map((r) => toBlock(r, text));
  }

  /** The stored clause tree (`text` segments documents stored before the clause table existed). */
  clauses(id: number, text?: string): ClauseNode[] {
    const rows = this.db.prepare('SELECT * FROM clauses WHERE document_id = ? ORDER BY seq').all(id) as ClauseRow[];
    return rows.length ? toClauseTree(rows) : segment(text ?? this.text(id));
  }

  private row(id: number, withText: boolean): DocumentRow {
    const row = this.db
      .prepare(`SELECT ${SUMMARY_COLUMNS}${withText ? ', text' : ''} FROM documents WHERE id = ?`)
      .get(id) as DocumentRow | undefined;
    if (!row) throw new FcrError('NOT_FOUND', `找不到编号为 ${id} 的文档，可能已被删除。`);
    return row;
  }
}

/** The document's title as guessed from its text, else the file name without extension. */
export function guessTitle(text: string, fileName: string): string {
  return guessMetadata(text, fileName).title;
}

/** Document import, listing and retrieval over the SQLite store. */
import { createHash } from 'node:crypto';
import type { Block, NormalizedDocument } from '../../shared/document.js';
import { FcrError } from '../../shared/errors.js';
import { guessMetadata } from '../../shared/metadata.js';
import { segment } from '../../shared/segment/index.js';
import {
  isSameText,
  SAME_TEXT_SIMILARITY,
  textFingerprint,
  type TextFingerprint,
} from '../../shared/text/fingerprint.js';
import type { ClauseNode, DocumentDetail, DocumentSummary, ImportResult, SameDocument } from '../../shared/types.js';
import { appendAudit } from './audit.js';
import { cached, type Db } from './db.js';
import type { ComputedScan } from './findings.js';
import { extractDocument, type ImportLimits } from './import/index.js';
import type { Extracted } from './import/pool.js';
import { checkFileSize, resolveLimits } from './import/limits.js';
import { storeOriginal } from './originals.js';
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

/** A file's bytes extracted and checked, not yet stored. */
export interface ExtractedFile {
  fileName: string;
  /** The original bytes, kept content-addressed with the document (see originals.ts). */
  bytes: Uint8Array;
  size: number;
  sha256: string;
  doc: NormalizedDocument;
  fingerprint: TextFingerprint;
  /** The rule scan done beside the extraction (in a worker), when there was one. */
  scan?: ComputedScan;
}

interface FingerprintRow {
  fingerprint: string;
  fingerprint_length: number;
  shingles: Uint8Array;
}

/** The fingerprint columns' values (shingles as the bytes of their Uint32Array). */
const fingerprintValues = (fp: TextFingerprint): [string, number, Buffer] => [
  fp.hash,
  fp.length,
  Buffer.from(fp.shingles.buffer, fp.shingles.byteOffset, fp.shingles.byteLength),
];

function readFingerprint(r: FingerprintRow): TextFingerprint {
  const bytes = new Uint8Array(r.shingles); // aligned copy
  return {
    hash: r.fingerprint,
    length: r.fingerprint_length,
    shingles: new Uint32Array(bytes.buffer, 0, bytes.length >> 2),
  };
}

export class DocumentService {
  private readonly actor: () => string;
  private readonly limits: ImportLimits;
  private readonly extractor: (fileName: string, bytes: Uint8Array) => Promise<Extracted>;

  constructor(
    private readonly db: Db,
    options: DocumentServiceOptions | string = {},
  ) {
    const opts = typeof options === 'string' ? { actor: options } : options;
    const actor = opts.actor ?? 'local-user';
    this.actor = typeof actor === 'string' ? () => actor : actor;
    this.limits = resolveLimits(opts.limits);
    this.extractor =
      opts.extract ?? (async (name, bytes) => ({ doc: await extractDocument(name, bytes, { limits: this.limits }) }));
  }

  /**
   * Imports one file's bytes: extracts, then stores it with `onStored` and the audit entry in one
   * transaction. Throws FcrError with a Chinese message naming the file; writes nothing then.
   * The library's import (which scans and indexes) is the operation adapters call.
   */
  async import(fileName: string, bytes: Uint8Array, onStored?: OnStored): Promise<ImportResult> {
    const sha256 = this.checkFile(fileName, bytes);
    const existing = this.stored(sha256);
    if (existing) return { document: toSummary(existing), duplicate: true };

    const file = await this.extract(fileName, bytes, sha256);
    // Another import of the same bytes may have finished while this one was extracted.
    const stored = this.stored(sha256);
    if (stored) return { document: toSummary(stored), duplicate: true };
    const id = this.store(file, onStored);
    const result: ImportResult = { document: this.summary(id), duplicate: false };
    if (file.doc.warnings.length) result.warnings = file.doc.warnings;
    const same = this.sameAs(id, file.fingerprint);
    if (same.length) result.sameAs = same;
    return result;
  }

  /** Checks the size and returns the SHA-256 of a file's bytes. */
  checkFile(fileName: string, bytes: Uint8Array): string {
    checkFileSize(fileName, bytes.byteLength, this.limits);
    return createHash('sha256').update(bytes).digest('hex');
  }

  /** The stored document with these bytes (live or in the recycle bin), if any. */
  stored(sha256: string): DocumentRow | undefined {
    return cached(this.db, `SELECT ${SUMMARY_COLUMNS} FROM documents WHERE sha256 = ?`).get(sha256) as
      DocumentRow | undefined;
  }

  /** Extracts a checked file's text and structure (no writes); Chinese errors name the file. */
  async extract(fileName: string, bytes: Uint8Array, sha256: string): Promise<ExtractedFile> {
    const { doc, scan, fingerprint } = await this.extractor(fileName, bytes);
    const file: ExtractedFile = {
      fileName,
      bytes,
      size: bytes.byteLength,
      sha256,
      doc,
      fingerprint: fingerprint ?? textFingerprint(doc.text),
    };
    if (scan) file.scan = scan;
    return file;
  }

  /**
   * Live documents other than `id` with the same text up to layout. Only documents whose shingle
   * count is within the similarity threshold's ratio can reach it (Jaccard ≤ min/max of the sizes).
   */
  sameAs(id: number, fp: TextFingerprint): SameDocument[] {
    this.fillFingerprints();
    const bytes = fp.shingles.byteLength;
    const rows = this.db
      .prepare(
        `SELECT id, title, file_name, type, fingerprint, fingerprint_length, shingles FROM documents
          WHERE id <> ? AND deleted_at IS NULL AND length(shingles) BETWEEN ? AND ? ORDER BY id`,
      )
      .all(id, Math.floor(bytes * SAME_TEXT_SIMILARITY), Math.ceil(bytes / SAME_TEXT_SIMILARITY)) as (FingerprintRow &
      Pick<DocumentRow, 'id' | 'title' | 'file_name' | 'type'>)[];
    return rows
      .filter((r) => isSameText(fp, readFingerprint(r)))
      .map((r) => ({ id: r.id, title: r.title, fileName: r.file_name, type: r.type }));
  }

  /** Computes the fingerprints of documents stored before fingerprints were (once per document). */
  private fillFingerprints(): void {
    const missing = this.db.prepare('SELECT id FROM documents WHERE fingerprint IS NULL').all() as { id: number }[];
    if (!missing.length) return;
    const update = this.db.prepare(
      'UPDATE documents SET fingerprint = ?, fingerprint_length = ?, shingles = ? WHERE id = ?',
    );
    this.db.transaction(() => {
      for (const { id } of missing) update.run(...fingerprintValues(textFingerprint(this.text(id))), id);
    })();
  }

  /**
   * Stores a document with its blocks and clauses in one transaction (a savepoint inside the
   * caller's transaction when there is one: a batch writes several documents per commit).
   */
  store(file: ExtractedFile, onStored?: OnStored): number {
    const { fileName, size, sha256, doc } = file;
    const importedAt = new Date().toISOString();
    const { metadata } = doc;
    return this.db.transaction(() => {
      storeOriginal(this.db, sha256, file.bytes);
      const info = cached(
        this.db,
        `INSERT INTO documents (title, file_name, sha256, size, type, encoding, imported_at, text,
                                doc_number, issuer, doc_date, pages, fingerprint, fingerprint_length, shingles)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
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
        ...fingerprintValues(file.fingerprint),
      );
      const id = Number(info.lastInsertRowid);
      const clauses = this.insertStructure(id, doc);
      const extra = onStored?.(id, doc, file.scan);
      appendAudit(this.db, {
        actor: this.actor(),
        action: 'document.import',
        subject: `document:${id}`,
        detail: { fileName, sha256, size, type: doc.type, blocks: doc.blocks.length, clauses, ...extra },
      });
      return id;
    })();
  }

  /**
   * Replaces a document's file, text, blocks and clauses with a revised draft's, keeping its
   * metadata (title, 文号, …). Call inside the caller's transaction (which archives the old text).
   */
  replaceContent(id: number, file: ExtractedFile): void {
    const { doc } = file;
    storeOriginal(this.db, file.sha256, file.bytes);
    this.db
      .prepare(
        `UPDATE documents SET file_name = ?, sha256 = ?, size = ?, type = ?, encoding = ?, pages = ?, text = ?,
                fingerprint = ?, fingerprint_length = ?, shingles = ?, updated_at = ? WHERE id = ?`,
      )
      .run(
        file.fileName,
        file.sha256,
        file.size,
        doc.type,
        doc.encoding,
        doc.pages ?? null,
        doc.text,
        ...fingerprintValues(file.fingerprint),
        new Date().toISOString(),
        id,
      );
    this.db.prepare('DELETE FROM blocks WHERE document_id = ?').run(id);
    this.db.prepare('DELETE FROM clauses WHERE document_id = ?').run(id);
    this.insertStructure(id, doc);
  }

  /** Inserts a document's blocks and clause tree; returns the number of clauses. */
  private insertStructure(id: number, doc: NormalizedDocument): number {
    const insertBlock = cached(
      this.db,
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
    const insertClause = cached(
      this.db,
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
    return seq;
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

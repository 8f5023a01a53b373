/**
 * The library as reviewers see it: import (store, scan and audit in one transaction, then
 * search), documents with the state of their review, soft delete and restore, editable metadata,
 * and full-text search across every live document, whichever process stored it.
 */
import type { ArgsOf } from '../../shared/api.js';
import { FcrError } from '../../shared/errors.js';
import type { LibraryEntry, SearchResult } from '../../shared/review/types.js';
import type { Level } from '../../shared/rules/types.js';
import { clauseAt } from '../../shared/segment/index.js';
import type { ClauseNode, DocumentSummary, ImportResult } from '../../shared/types.js';
import { audited } from './audit.js';
import { documentSubject } from './context.js';
import type { Db } from './db.js';
import type { DocumentService, ExtractedFile, OnStored } from './documents.js';
import type { ReviewService } from './reviews.js';
import { SearchIndex } from './search.js';

/** A file ready for a grouped write: its hash and, unless the library already had it, its extraction. */
export interface PreparedImport {
  name: string;
  sha256: string;
  file: ExtractedFile | null;
}

interface StateRow {
  id: number;
  deleted_at: string | null;
  updated_at: string | null;
  imported_at: string;
  status: 'draft' | 'final' | null;
  conclusion: LibraryEntry['conclusion'];
  review_updated: string | null;
}

export class LibraryService {
  readonly search = new SearchIndex();
  private indexing: ReturnType<typeof setTimeout> | null = null;
  /** Bulk imports running: background indexing waits for them (documents are searchable by scan meanwhile). */
  private holds = 0;
  /** SQLite's data_version when search last matched the store; another connection's commit changes it. */
  private syncedVersion: number;
  /** The file (SHA-256) whose text search holds for each document: a revised draft replaces it. */
  private readonly indexedFiles = new Map<number, string>();

  constructor(
    private readonly db: Db,
    private readonly documents: DocumentService,
    private readonly reviews: ReviewService,
    private readonly actor: () => string,
  ) {
    // Every live document is searchable at once (scanned); the index is built in the background.
    this.syncedVersion = this.dataVersion();
    const rows = this.db.prepare('SELECT id, text, sha256 FROM documents WHERE deleted_at IS NULL').all() as {
      id: number;
      text: string;
      sha256: string;
    }[];
    for (const r of rows) {
      this.search.addDocument(r.id, r.text, false);
      this.indexedFiles.set(r.id, r.sha256);
    }
    this.scheduleIndexing();
  }

  /**
   * Imports a file: stores, scans and audits it in one transaction, then makes it searchable.
   * `onStored` runs inside that transaction (a batch records its item there).
   */
  async import({ name, bytes }: ArgsOf<'importDocument'>, onStored?: (id: number) => void): Promise<ImportResult> {
    const result = await this.documents.import(name, bytes, this.scanning(onStored));
    if (!result.duplicate) this.added(result.document.id, this.documents.text(result.document.id));
    return result;
  }

  /**
   * The first half of a batch's import, no writes: checks and hashes the file and, unless the
   * library already has these bytes, extracts and scans it (in a worker).
   */
  async prepare({ name, bytes }: ArgsOf<'importDocument'>): Promise<PreparedImport> {
    const sha256 = this.documents.checkFile(name, bytes);
    if (this.documents.stored(sha256)) return { name, sha256, file: null };
    return { name, sha256, file: await this.documents.extract(name, bytes, sha256) };
  }

  /**
   * The second half, inside the caller's transaction (a batch writes several files per commit):
   * stores, scans and audits a prepared file with `onStored`, or, when the library has the same
   * bytes (stored meanwhile too), runs `onStored` with that document. After the commit, pass the
   * new documents to `published`.
   */
  writePrepared(p: PreparedImport, onStored: (id: number) => void): { id: number; added: boolean } {
    const existing = this.documents.stored(p.sha256);
    if (existing) {
      onStored(existing.id);
      return { id: existing.id, added: false };
    }
    if (!p.file) throw new FcrError('BAD_ARGS', `「${p.name}」的同一文件在导入期间已从文档库中永久删除，请重新导入。`);
    return { id: this.documents.store(p.file, this.scanning(onStored)), added: true };
  }

  /** Makes documents `writePrepared` added searchable, once their transaction is committed. */
  published(id: number, p: PreparedImport): void {
    if (p.file) this.added(id, p.file.doc.text, p.sha256);
  }

  /** Inside the import transaction: replaces the new document's findings with its scan. */
  private scanning(onStored?: (id: number) => void): OnStored {
    const findings = this.reviews.findings;
    return (id, doc, scan) => {
      const diff = findings.replace(id, findings.current(scan, doc.text, doc.clauses), null, true);
      onStored?.(id);
      return { findings: diff.added.length, rulesetVersion: diff.rulesetTo };
    };
  }

  list(deleted = false): LibraryEntry[] {
    const states = new Map(
      (
        this.db
          .prepare(
            `SELECT d.id, d.deleted_at, d.updated_at, d.imported_at, r.status, r.conclusion, r.updated_at AS review_updated
               FROM documents d
               LEFT JOIN reviews r ON r.document_id = d.id
                    AND r.revision = (SELECT MAX(revision) FROM reviews WHERE document_id = d.id)`,
          )
          .all() as StateRow[]
      ).map((r) => [r.id, r]),
    );
    const counts = this.reviews.findings.counts();
    return this.documents
      .list()
      .filter((d) => (states.get(d.id)?.deleted_at != null) === deleted)
      .map((d) => this.entry(d, states.get(d.id), counts.get(d.id)));
  }

  entry(
    d: DocumentSummary,
    state = this.stateOf(d.id),
    counts = this.reviews.findings.counts(d.id).get(d.id),
  ): LibraryEntry {
    const updated = [state?.review_updated, state?.updated_at, d.importedAt].filter(Boolean).sort().pop()!;
    return {
      ...d,
      reviewStatus: state?.status ?? 'unreviewed',
      conclusion: state?.conclusion ?? null,
      strong: counts?.strong ?? 0,
      weak: counts?.weak ?? 0,
      open: counts?.open ?? 0,
      updatedAt: updated,
      deletedAt: state?.deleted_at ?? null,
    };
  }

  remove(id: number): void {
    const doc = this.documents.summary(id);
    this.write('document.delete', id, { title: doc.title }, () => {
      const info = this.db
        .prepare('UPDATE documents SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL')
        .run(new Date().toISOString(), id);
      if (!info.changes) throw new FcrError('BAD_ARGS', `《${doc.title}》已在回收站中。`);
    });
    this.search.removeDocument(id);
  }

  restore(id: number): void {
    const doc = this.documents.summary(id);
    this.write('document.restore', id, { title: doc.title }, () => {
      const info = this.db
        .prepare('UPDATE documents SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL')
        .run(id);
      if (!info.changes) throw new FcrError('BAD_ARGS', `《${doc.title}》不在回收站中。`);
    });
    this.added(id, this.documents.text(id));
  }

  updateMeta({ id, ...meta }: ArgsOf<'updateDocumentMeta'>): LibraryEntry {
    this.documents.summary(id);
    this.reviews.requireUnlocked(id, '该文档的审查');
    if (meta.docDate && !/^\d{4}-\d{2}-\d{2}$/.test(meta.docDate))
      throw new FcrError('BAD_ARGS', `日期“${meta.docDate}”格式应为 YYYY-MM-DD。`);
    const clean = (v: string | null) => (v && v.trim() ? v.trim() : null);
    this.write('document.update_meta', id, meta, () => {
      this.db
        .prepare(
          'UPDATE documents SET title = ?, doc_number = ?, issuer = ?, doc_date = ?, updated_at = ? WHERE id = ?',
        )
        .run(
          meta.title.trim(),
          clean(meta.docNumber),
          clean(meta.issuer),
          clean(meta.docDate),
          new Date().toISOString(),
          id,
        );
    });
    return this.entry(this.documents.summary(id));
  }

  find({ query, limit = 100 }: ArgsOf<'search'>): SearchResult[] {
    this.sync();
    const matches = this.search.search(query, limit);
    const docs = new Map<number, { title: string; clauses: ClauseNode[] }>();
    const findingAt = this.db.prepare(
      `SELECT level FROM findings WHERE document_id = ? AND start_offset < ? AND end_offset > ?
        ORDER BY level = 'strong' DESC LIMIT 1`,
    );
    return matches.map((m) => {
      let doc = docs.get(m.documentId);
      if (!doc) {
        doc = { title: this.documents.summary(m.documentId).title, clauses: this.documents.clauses(m.documentId) };
        docs.set(m.documentId, doc);
      }
      const clause = clauseAt(doc.clauses, m.start);
      const finding = findingAt.get(m.documentId, m.end, m.start) as { level: Level } | undefined;
      return {
        ...m,
        title: doc.title,
        clauseId: clause?.id ?? null,
        clauseLabel: clause?.label ?? null,
        findingLevel: finding?.level ?? null,
      };
    });
  }

  /** Makes search match a document whose text was replaced (a revised draft). */
  reindex(documentId: number): void {
    this.search.removeDocument(documentId);
    this.added(documentId, this.documents.text(documentId));
  }

  /** Adds a live document to search. */
  added(documentId: number, text: string, sha256 = this.documents.summary(documentId).sha256): void {
    this.indexedFiles.set(documentId, sha256);
    this.search.addDocument(documentId, text, false);
    this.scheduleIndexing();
  }

  /**
   * Brings search up to date with documents another process imported, deleted, restored or revised since
   * the last look (e.g. `fcr import` while `fcr serve` runs); one pragma read when nothing changed.
   */
  private sync(): void {
    const version = this.dataVersion();
    if (version === this.syncedVersion) return;
    this.syncedVersion = version;
    const live = new Map(
      (
        this.db.prepare('SELECT id, sha256 FROM documents WHERE deleted_at IS NULL').all() as {
          id: number;
          sha256: string;
        }[]
      ).map((r) => [r.id, r.sha256]),
    );
    for (const id of this.search.documentIds()) if (!live.has(id)) this.search.removeDocument(id);
    for (const [id, sha256] of live) {
      if (!this.search.has(id)) this.added(id, this.documents.text(id), sha256);
      else if (this.indexedFiles.get(id) !== sha256) this.reindex(id);
    }
  }

  private dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  /** Runs a bulk import with background indexing held, so the main thread is free to write. */
  async holdingIndex<T>(work: () => Promise<T>): Promise<T> {
    this.holds++;
    try {
      return await work();
    } finally {
      this.holds--;
      this.scheduleIndexing();
    }
  }

  close(): void {
    if (this.indexing) clearTimeout(this.indexing);
    this.indexing = null;
  }

  private scheduleIndexing(): void {
    if (this.indexing || this.search.pendingCount === 0) return;
    const step = (): void => {
      this.indexing = null;
      if (this.holds > 0) return;
      if (this.search.indexPending(30) > 0) {
        this.indexing = setTimeout(step, 5);
        this.indexing.unref?.();
      }
    };
    this.indexing = setTimeout(step, 50);
    this.indexing.unref?.();
  }

  private stateOf(id: number): StateRow | undefined {
    return this.db
      .prepare(
        `SELECT d.id, d.deleted_at, d.updated_at, d.imported_at, r.status, r.conclusion, r.updated_at AS review_updated
           FROM documents d LEFT JOIN reviews r ON r.document_id = d.id
                AND r.revision = (SELECT MAX(revision) FROM reviews WHERE document_id = d.id)
          WHERE d.id = ?`,
      )
      .get(id) as StateRow | undefined;
  }

  private write(action: string, id: number, detail: unknown, fn: () => void): void {
    audited(this.db, { actor: this.actor(), action, subject: documentSubject(id), detail }, fn);
  }
}

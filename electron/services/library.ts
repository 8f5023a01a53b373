/**
 * The library as reviewers see it: documents with the state of their review, soft delete and
 * restore, editable metadata, settings, and full-text search across every live document.
 */
import { FcrError } from '../../shared/errors.js';
import type { LibraryEntry, SearchResult, Settings } from '../../shared/review/types.js';
import type { Level } from '../../shared/rules/types.js';
import type { DocumentSummary } from '../../shared/types.js';
import { appendAudit } from './audit.js';
import type { Db } from './db.js';
import type { DocumentService } from './documents.js';
import type { ReviewService } from './reviews.js';
import { SearchIndex } from './search.js';

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

  constructor(
    private readonly db: Db,
    private readonly documents: DocumentService,
    private readonly reviews: ReviewService,
    private readonly actor: () => string,
  ) {
    // Every live document is searchable at once (scanned); the index is built in the background.
    const rows = this.db.prepare('SELECT id, text FROM documents WHERE deleted_at IS NULL').all() as {
      id: number;
      text: string;
    }[];
    for (const r of rows) this.search.addDocument(r.id, r.text, false);
    this.scheduleIndexing();
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
    const counts = this.reviews.counts();
    return this.documents
      .list()
      .filter((d) => (states.get(d.id)?.deleted_at != null) === deleted)
      .map((d) => this.entry(d, states.get(d.id), counts.get(d.id)));
  }

  entry(d: DocumentSummary, state = this.stateOf(d.id), counts = this.reviews.counts(d.id).get(d.id)): LibraryEntry {
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

  /** Adds a newly imported document to search. */
  added(documentId: number, text: string): void {
    this.search.addDocument(documentId, text, false);
    this.scheduleIndexing();
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

  updateMeta(
    id: number,
    meta: { title: string; docNumber: string | null; issuer: string | null; docDate: string | null },
  ): LibraryEntry {
    this.documents.summary(id);
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

  find(query: string, limit = 100): SearchResult[] {
    const matches = this.search.search(query, limit);
    const titles = new Map<number, string>();
    const clauseAt = this.db.prepare(
      `SELECT clause_id, label FROM clauses WHERE document_id = ? AND start_offset <= ? AND end_offset >= ?
        ORDER BY end_offset - start_offset LIMIT 1`,
    );
    const findingAt = this.db.prepare(
      `SELECT level FROM findings WHERE document_id = ? AND start_offset < ? AND end_offset > ?
        ORDER BY level = 'strong' DESC LIMIT 1`,
    );
    return matches.map((m) => {
      if (!titles.has(m.documentId)) titles.set(m.documentId, this.documents.summary(m.documentId).title);
      const clause = clauseAt.get(m.documentId, m.start, m.end) as { clause_id: string; label: string } | undefined;
      const finding = findingAt.get(m.documentId, m.end, m.start) as { level: Level } | undefined;
      return {
        ...m,
        title: titles.get(m.documentId)!,
        clauseId: clause?.clause_id ?? null,
        clauseLabel: clause?.label ?? null,
        findingLevel: finding?.level ?? null,
      };
    });
  }

  settings(): Settings {
    return { reviewer: this.reviews.setting('reviewer'), unit: this.reviews.setting('unit') };
  }

  saveSettings(s: Settings): Settings {
    this.db.transaction(() => {
      const put = this.db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      );
      put.run('reviewer', s.reviewer.trim());
      put.run('unit', s.unit.trim());
      appendAudit(this.db, { actor: this.actor(), action: 'settings.save', subject: 'settings', detail: s });
    })();
    return this.settings();
  }

  close(): void {
    if (this.indexing) clearTimeout(this.indexing);
    this.indexing = null;
  }

  private scheduleIndexing(): void {
    if (this.indexing || this.search.pendingCount === 0) return;
    const step = (): void => {
      this.indexing = null;
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
    this.db.transaction(() => {
      fn();
      appendAudit(this.db, { actor: this.actor(), action, subject: `document:${id}`, detail });
    })();
  }
}

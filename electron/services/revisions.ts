/**
 * Revisions that take a revised draft (修改稿): the draft is extracted with the same importer and
 * limits, segmented and scanned; then, in one transaction with its audit entry, the text it
 * replaces is archived with its clauses and its findings with the final revision's decisions
 * (document_versions), the new draft revision opens, the document's text, blocks, clauses and
 * findings become the draft's, and every earlier finding is followed into the new text
 * (resolved / still present / new). Decisions carry over where the clause is unchanged (their key
 * is rule + clause-text hash); the reviewer's own findings move with their text.
 */
import type { ArgsOf } from '../../shared/api.js';
import { FcrError } from '../../shared/errors.js';
import { compareRevisions, comparisonWords, type RevisionSide } from '../../shared/review/revision.js';
import type { RevisionDocument, RevisionRecordComparison, StoredFinding } from '../../shared/review/types.js';
import { clauseAt } from '../../shared/segment/index.js';
import type { ClauseNode, DocumentType } from '../../shared/types.js';
import type { ServiceContext } from './context.js';
import type { DocumentService } from './documents.js';
import type { ReviewService } from './reviews.js';
import { documentUnits } from './rules.js';

interface VersionRow {
  revision: number;
  file_name: string;
  type: DocumentType;
  text: string;
  clauses: string;
  findings: string;
}

export class RevisionService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly documents: DocumentService,
    private readonly reviews: ReviewService,
  ) {}

  /**
   * Opens a new revision of a final review; with `file`, the revised draft replaces the text.
   * Returns what the draft changed (null without a file).
   */
  async revise({ documentId, file }: ArgsOf<'reviseReview'>): Promise<RevisionRecordComparison | null> {
    if (!file) {
      this.reviews.revise(documentId);
      return null;
    }
    this.reviews.requireFinal(documentId);
    const sha256 = this.documents.checkFile(file.name, file.bytes);
    const same = this.documents.stored(sha256);
    if (same?.id === documentId)
      throw new FcrError('BAD_ARGS', `修改稿「${file.name}」与当前版本的文件完全相同，没有修改。`);
    if (same)
      throw new FcrError('BAD_ARGS', `「${file.name}」已作为《${same.title}》导入文档库，不能再作为修改稿导入。`);
    const draft = await this.documents.extract(file.name, file.bytes, sha256);
    const findings = this.reviews.findings;
    const scan = findings.compute(draft.doc.text, draft.doc.clauses);

    return this.ctx.db.transaction(() => {
      const last = this.reviews.requireFinal(documentId);
      const before = this.documents.get(documentId);
      const earlier = findings.list(documentId, last.id);
      this.archive(last.revision, before, earlier);

      const review = this.reviews.openRevision(last);
      this.documents.replaceContent(documentId, draft);
      findings.replace(documentId, scan, review.id);
      const now = findings.list(documentId, review.id).filter((f) => !f.manual);
      const c = compareRevisions(
        side(before.text, before.clauses, earlier),
        side(draft.doc.text, draft.doc.clauses, now),
      );

      // The reviewer's own findings move with their text, or go with it.
      const move = this.ctx.db.prepare(
        'UPDATE findings SET start_offset = ?, end_offset = ?, clause_id = ?, clause_label = ? WHERE id = ?',
      );
      for (const item of c.remaining) {
        if (item.at === undefined) continue;
        const clause = clauseAt(draft.doc.clauses, item.at);
        move.run(
          item.at,
          item.at + item.matched.length,
          clause?.id ?? 'doc',
          clause?.label ?? '全文',
          earlier[item.before!]!.id,
        );
      }
      for (const item of c.resolved) {
        const f = earlier[item.before!]!;
        if (f.manual) findings.deleteManual(f.id);
      }

      const counts = { resolved: c.resolved.length, remaining: c.remaining.length, added: c.added.length };
      const record: RevisionRecordComparison = {
        ...c,
        fromRevision: last.revision,
        revision: review.revision,
        fileBefore: before.fileName,
        fileAfter: draft.fileName,
        summary: comparisonWords(counts),
      };
      this.reviews.saveComparison(review.id, record);
      this.reviews.audit('review.revise', documentId, review, {
        from: last.revision,
        fileName: draft.fileName,
        sha256,
        previousFileName: before.fileName,
        ...counts,
      });
      return record;
    })();
  }

  /** The text and findings a revision was made on: an archived version, else the current text. */
  document({ documentId, revision }: ArgsOf<'getRevisionDocument'>): RevisionDocument {
    const revisions = this.reviews.state(documentId).revisions;
    if (!revisions.some((r) => r.revision === revision) && revision !== 1)
      throw new FcrError('NOT_FOUND', `该文档没有第 ${revision} 版。`);
    const row = this.ctx.db
      .prepare('SELECT * FROM document_versions WHERE document_id = ? AND revision >= ? ORDER BY revision LIMIT 1')
      .get(documentId, revision) as VersionRow | undefined;
    if (row) {
      return {
        documentId,
        revision,
        fileName: row.file_name,
        type: row.type,
        text: row.text,
        clauses: JSON.parse(row.clauses) as ClauseNode[],
        findings: JSON.parse(row.findings) as StoredFinding[],
      };
    }
    const doc = this.documents.get(documentId);
    const review = revisions.find((r) => r.revision === revision);
    return {
      documentId,
      revision,
      fileName: doc.fileName,
      type: doc.type,
      text: doc.text,
      clauses: doc.clauses,
      findings: this.reviews.findings.list(documentId, review?.id ?? null),
    };
  }

  /** Keeps the text a revised draft replaces, under the last revision made on it. */
  private archive(revision: number, doc: ReturnType<DocumentService['get']>, findings: readonly StoredFinding[]): void {
    this.ctx.db
      .prepare(
        `INSERT INTO document_versions (document_id, revision, file_name, sha256, size, type, encoding, pages,
           imported_at, text, clauses, findings, ruleset_version, archived_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        doc.id,
        revision,
        doc.fileName,
        doc.sha256,
        doc.size,
        doc.type,
        doc.encoding,
        doc.pages,
        this.enteredAt(doc.id) ?? doc.importedAt,
        doc.text,
        JSON.stringify(doc.clauses),
        JSON.stringify(findings),
        this.reviews.findings.scannedWith(doc.id),
        new Date().toISOString(),
      );
  }

  /** When the document's current text came in: the last archiving, if any (else its import). */
  private enteredAt(documentId: number): string | null {
    const row = this.ctx.db
      .prepare('SELECT MAX(archived_at) AS at FROM document_versions WHERE document_id = ?')
      .get(documentId) as { at: string | null };
    return row.at;
  }
}

/** One version as the comparison sees it: its scan units and its findings. */
function side(text: string, clauses: readonly ClauseNode[], findings: readonly StoredFinding[]): RevisionSide {
  return {
    units: documentUnits(text, clauses).units.map((u) => ({
      id: u.id,
      label: u.label,
      start: u.start,
      text: text.slice(u.start, u.end),
    })),
    findings: findings.map((f) => ({
      rule: f.rule,
      standard: f.standard,
      clauseId: f.clauseId,
      clauseHash: f.clauseHash,
      text: f.text,
      manual: f.manual,
      disposition: f.disposition,
    })),
  };
}

/**
 * The review lifecycle over the SQLite store: the state of a document's review, the reviewer's
 * acts (dispositions, manual findings, checklist, conclusion), finalising (which locks),
 * revisions and rescans. Every write is one transaction with its audit entry, under the subject
 * `document:N` with the review and revision in its detail and what changed in words.
 *
 * Looking never writes: a document has no review row until the reviewer first acts on it
 * (its library status stays 未审查 until then).
 */
import type { ArgsOf } from '../../shared/api.js';
import { FcrError } from '../../shared/errors.js';
import {
  buildChecklist,
  EMPTY_DETAILS,
  finalizeProblems,
  suggestConclusion,
  type ReviewDetails,
} from '../../shared/review/model.js';
import { rescanWords, standardWords } from '../../shared/review/history.js';
import type {
  HistoryEntry,
  RescanChanges,
  ReviewRecord,
  ReviewState,
  RevisionRecordComparison,
  StandardsCatalog,
} from '../../shared/review/types.js';
import type { Standard } from '../../shared/rules/types.js';
import type { ClauseNode } from '../../shared/types.js';
import { appendAudit } from './audit.js';
import { ChecklistStore } from './checklist.js';
import { documentSubject, type ServiceContext } from './context.js';
import { FindingStore } from './findings.js';
import { documentHistory } from './history.js';
import { EMPTY_CONSULTATION, toReview, toRevision, type ReviewRow } from './rows.js';
import type { SettingsStore } from './settings.js';

export class ReviewService {
  readonly findings: FindingStore;
  private readonly checklist: ChecklistStore;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly settings: SettingsStore,
  ) {
    this.findings = new FindingStore(ctx);
    this.checklist = new ChecklistStore(ctx.db);
  }

  catalog(): StandardsCatalog {
    const r = this.ctx.rules();
    return { rulesetVersion: r.ruleSet.version, standards: r.standards, grounds: r.exceptions.grounds };
  }

  /** The current revision, or null while the review has not started. */
  latest(documentId: number): ReviewRecord | null {
    const row = this.ctx.db
      .prepare('SELECT * FROM reviews WHERE document_id = ? ORDER BY revision DESC LIMIT 1')
      .get(documentId) as ReviewRow | undefined;
    return row ? toReview(row) : null;
  }

  /** Refuses a change to a document whose current revision is final. */
  requireUnlocked(documentId: number, what = '该审查'): ReviewRecord | null {
    this.requireDocument(documentId);
    const review = this.latest(documentId);
    if (review?.status === 'final') throw new FcrError('BAD_ARGS', `${what}已定稿并锁定。如需修改，请新建修订版本。`);
    return review;
  }

  state(documentId: number): ReviewState {
    const imported = this.requireDocument(documentId);
    const review = this.latest(documentId) ?? this.notStarted(documentId, imported);
    const reviewId = review.id || null;
    const catalog = this.catalog();
    const findings = this.findings.list(documentId, reviewId);
    const facts = findings.map((f) => ({
      standard: f.standard,
      category: f.category,
      clauseId: f.clauseId,
      disposition: f.disposition,
    }));
    const checklist = buildChecklist(catalog.standards, facts, this.checklist.saved(reviewId));
    const scanned = this.findings.scannedWith(documentId);
    return {
      review,
      findings,
      checklist,
      suggestedConclusion: suggestConclusion(checklist),
      problems: finalizeProblems(
        review,
        checklist,
        findings.map((f, i) => ({ ...facts[i]!, label: f.clause })),
        catalog.standards,
        catalog.grounds.map((g) => g.id),
      ),
      revisions: this.revisions(documentId),
      findingsRulesetVersion: scanned,
      currentRulesetVersion: catalog.rulesetVersion,
      scannedWithOlderRules: scanned !== null && scanned !== catalog.rulesetVersion,
      comparison: reviewId ? this.comparison(reviewId) : null,
    };
  }

  /** Re-scans with the current rule set in one transaction with its audit entry; refused while final. */
  rescan(documentId: number, text: string, clauses?: readonly ClauseNode[]): RescanChanges {
    this.requireUnlocked(documentId);
    const scan = this.findings.compute(text, clauses);
    return this.ctx.db.transaction(() => {
      const review = this.requireUnlocked(documentId);
      const diff = this.findings.replace(documentId, scan, review?.id ?? null);
      const counts = {
        added: diff.added.length,
        gone: diff.gone.length,
        kept: diff.kept,
        keptWithDecision: diff.keptWithDecision,
      };
      const summary = rescanWords(counts);
      this.audit('document.rescan', documentId, review, { ...diff, summary });
      return { rulesetFrom: diff.rulesetFrom, rulesetTo: diff.rulesetTo, ...counts, summary };
    })();
  }

  setDisposition({ documentId, findingId, disposition, reason }: ArgsOf<'setDisposition'>): void {
    const f = this.findings.row(documentId, findingId);
    if (disposition && disposition !== 'accept' && !reason.trim()) {
      throw new FcrError('BAD_ARGS', `“${disposition === 'reject' ? '不采纳（误报）' : '适用例外'}”需要填写理由。`);
    }
    this.act(documentId, (review) => {
      const db = this.ctx.db;
      const before = db
        .prepare('SELECT disposition FROM dispositions WHERE review_id = ? AND rule_id = ? AND clause_hash = ?')
        .get(review.id, f.rule_id, f.clause_hash) as { disposition: string } | undefined;
      if (disposition === null) {
        db.prepare('DELETE FROM dispositions WHERE review_id = ? AND rule_id = ? AND clause_hash = ?').run(
          review.id,
          f.rule_id,
          f.clause_hash,
        );
      } else {
        db.prepare(
          `INSERT INTO dispositions (review_id, rule_id, clause_hash, disposition, reason, updated_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (review_id, rule_id, clause_hash) DO UPDATE SET disposition = excluded.disposition,
             reason = excluded.reason, updated_at = excluded.updated_at`,
        ).run(review.id, f.rule_id, f.clause_hash, disposition, reason.trim(), new Date().toISOString());
      }
      return {
        action: 'finding.dispose',
        detail: {
          ...this.findings.words(f),
          clauseHash: f.clause_hash,
          before: before?.disposition ?? null,
          after: disposition,
          reason: reason.trim(),
        },
      };
    });
  }

  addManualFinding(
    { documentId, start, end, standard, category: chosen, note }: ArgsOf<'addManualFinding'>,
    text: string,
    clause: { id: string; label: string },
  ): number {
    const std = this.standard(standard);
    if (!std) throw new FcrError('BAD_ARGS', `没有编号为 ${standard} 的审查标准。`);
    if (end <= start || end > text.length) throw new FcrError('BAD_ARGS', '所选文字范围无效。');
    const category = std.category === 'catch_all' ? chosen : std.category;
    if (!category || !std.categories.includes(category))
      throw new FcrError('BAD_ARGS', '兜底条款（第二十四条）须选择所涉及的类别。');
    let id = 0;
    this.act(documentId, (review) => {
      const input = { start, end, text: text.slice(start, end), std, category, note: note.trim() };
      const stored = this.findings.insertManual(documentId, input, clause);
      id = stored.id;
      // The reviewer's own finding starts accepted.
      this.ctx.db
        .prepare(
          `INSERT INTO dispositions (review_id, rule_id, clause_hash, disposition, reason, updated_at) VALUES (?, 'manual', ?, 'accept', ?, ?)`,
        )
        .run(review.id, stored.key, input.note, new Date().toISOString());
      return {
        action: 'finding.add_manual',
        detail: { clause: clause.label, rule: 'manual', ...standardWords(std), start, end, note: input.note },
      };
    });
    return id;
  }

  removeManualFinding({ documentId, findingId }: ArgsOf<'removeManualFinding'>): void {
    const f = this.findings.row(documentId, findingId);
    if (!f.manual) throw new FcrError('BAD_ARGS', '只能删除人工添加的问题；规则标记的问题请设为“不采纳（误报）”。');
    this.act(documentId, () => {
      this.findings.deleteManual(findingId);
      return { action: 'finding.remove_manual', detail: { ...this.findings.words(f), note: f.note } };
    });
  }

  saveChecklistItem({ documentId, ...item }: ArgsOf<'saveChecklistItem'>): void {
    const std = this.standard(item.standardId);
    if (!std || !std.categories.includes(item.category))
      throw new FcrError('BAD_ARGS', `审查标准 ${item.standardId} 不存在或类别不符。`);
    this.act(documentId, (review) => {
      const before = this.checklist.answer(review.id, item.standardId, item.category);
      if (item.answer === null) this.checklist.clear(review.id, item.standardId, item.category);
      else this.checklist.put(review.id, { ...item, answer: item.answer });
      return {
        action: 'checklist.answer',
        detail: { ...standardWords(std), category: item.category, before, answer: item.answer },
      };
    });
  }

  saveConclusion({ documentId, ...input }: ArgsOf<'saveConclusion'>): void {
    this.act(documentId, (review) => {
      this.checklist.saveConclusion(review.id, input);
      return { action: 'review.conclusion', detail: { conclusion: input.conclusion }, touched: true };
    });
  }

  /** Locks the current revision; refuses, listing every open point, while anything is missing. */
  finalize(documentId: number): void {
    const state = this.state(documentId);
    if (state.review.status === 'final') throw new FcrError('BAD_ARGS', '该审查已定稿。如需修改，请新建修订版本。');
    if (state.problems.length)
      throw new FcrError('BAD_ARGS', `尚不能定稿：\n${state.problems.map((p) => `· ${p}`).join('\n')}`);
    this.act(documentId, (review) => {
      // Freeze the derived checklist answers as they stand.
      for (const item of state.checklist) {
        if (item.answer) this.checklist.put(review.id, { ...item, answer: item.answer });
      }
      const now = new Date().toISOString();
      this.ctx.db
        .prepare("UPDATE reviews SET status = 'final', finalized_at = ?, updated_at = ? WHERE id = ?")
        .run(now, now, review.id);
      return { action: 'review.finalize', detail: { conclusion: review.conclusion }, touched: true };
    });
  }

  /** Opens a new draft revision copying the final one's dispositions, checklist and conclusion. */
  revise(documentId: number): void {
    this.ctx.db.transaction(() => {
      const last = this.requireFinal(documentId);
      const next = this.openRevision(last);
      this.audit('review.revise', documentId, next, { from: last.revision });
    })();
  }

  /** The current revision, which must be final for a new one to open. */
  requireFinal(documentId: number): ReviewRecord {
    this.requireDocument(documentId);
    const last = this.latest(documentId);
    if (last?.status !== 'final') throw new FcrError('BAD_ARGS', '当前版本尚未定稿，可直接修改。');
    return last;
  }

  /**
   * Inserts the draft revision after `last` with its dispositions (kept under rule + clause-text
   * hash, so they hold wherever the clause is unchanged), checklist and conclusion; returns it.
   * Call inside the caller's transaction, which writes the audit entry.
   */
  openRevision(last: ReviewRecord): ReviewRecord {
    const now = new Date().toISOString();
    const db = this.ctx.db;
    const info = db
      .prepare(
        `INSERT INTO reviews (document_id, revision, status, conclusion, reviewer, unit, consultation, opinion, details, created_at, updated_at)
         SELECT document_id, revision + 1, 'draft', conclusion, reviewer, unit, consultation, opinion, details, ?, ? FROM reviews WHERE id = ?`,
      )
      .run(now, now, last.id);
    const id = Number(info.lastInsertRowid);
    db.prepare(
      `INSERT INTO dispositions (review_id, rule_id, clause_hash, disposition, reason, updated_at)
       SELECT ?, rule_id, clause_hash, disposition, reason, updated_at FROM dispositions WHERE review_id = ?`,
    ).run(id, last.id);
    db.prepare(
      `INSERT INTO checklist_answers (review_id, standard_id, category, answer, note, exception, updated_at)
       SELECT ?, standard_id, category, answer, note, exception, updated_at FROM checklist_answers WHERE review_id = ?`,
    ).run(id, last.id);
    return this.latest(last.documentId)!;
  }

  /** Keeps what a revised draft changed with the (draft) revision that took it. */
  saveComparison(reviewId: number, comparison: RevisionRecordComparison): void {
    this.ctx.db.prepare('UPDATE reviews SET comparison = ? WHERE id = ?').run(JSON.stringify(comparison), reviewId);
  }

  private comparison(reviewId: number): RevisionRecordComparison | null {
    const row = this.ctx.db.prepare('SELECT comparison FROM reviews WHERE id = ?').get(reviewId) as
      { comparison: string | null } | undefined;
    return row?.comparison ? (JSON.parse(row.comparison) as RevisionRecordComparison) : null;
  }

  history(documentId: number): HistoryEntry[] {
    this.requireDocument(documentId);
    return documentHistory(this.ctx.db, this.findings, documentId);
  }

  private revisions(documentId: number) {
    const rows = this.ctx.db
      .prepare('SELECT * FROM reviews WHERE document_id = ? ORDER BY revision')
      .all(documentId) as ReviewRow[];
    return rows.map(toRevision);
  }

  /**
   * One act of the reviewer on the current draft, in one transaction with its audit entry: the
   * review starts (its row is created) with the first act; a final revision refuses any act.
   */
  private act(
    documentId: number,
    fn: (review: ReviewRecord) => { action: string; detail: Record<string, unknown>; touched?: boolean },
  ): void {
    this.ctx.db.transaction(() => {
      const review = this.requireUnlocked(documentId) ?? this.start(documentId);
      const { action, detail, touched } = fn(review);
      if (!touched)
        this.ctx.db.prepare('UPDATE reviews SET updated_at = ? WHERE id = ?').run(new Date().toISOString(), review.id);
      this.audit(action, documentId, review, detail);
    })();
  }

  audit(action: string, documentId: number, review: ReviewRecord | null, detail: object): void {
    appendAudit(this.ctx.db, {
      actor: this.ctx.actor(),
      action,
      subject: documentSubject(documentId),
      detail: { review: review?.id ?? null, revision: review?.revision ?? null, ...detail },
    });
  }

  /** Creates revision 1 as an empty draft signed with the reviewer's settings. */
  private start(documentId: number): ReviewRecord {
    const now = new Date().toISOString();
    this.ctx.db
      .prepare(
        `INSERT INTO reviews (document_id, revision, status, conclusion, reviewer, unit, consultation, opinion, details, created_at, updated_at)
         VALUES (?, 1, 'draft', NULL, ?, ?, ?, '', ?, ?, ?)`,
      )
      .run(
        documentId,
        this.settings.get('reviewer'),
        this.settings.get('unit'),
        JSON.stringify(EMPTY_CONSULTATION),
        JSON.stringify(this.defaultDetails()),
        now,
        now,
      );
    return this.latest(documentId)!;
  }

  /** What a review that has not started looks like (nothing is stored). */
  private notStarted(documentId: number, importedAt: string): ReviewRecord {
    return {
      id: 0,
      documentId,
      revision: 1,
      status: 'draft',
      conclusion: null,
      reviewer: this.settings.get('reviewer'),
      unit: this.settings.get('unit'),
      consultation: EMPTY_CONSULTATION,
      opinion: '',
      details: this.defaultDetails(),
      createdAt: importedAt,
      updatedAt: importedAt,
      finalizedAt: null,
    };
  }

  /** A new review's form fields: the unit's own contact and phone from the settings. */
  private defaultDetails(): ReviewDetails {
    return {
      ...EMPTY_DETAILS,
      reviewerContact: this.settings.get('contact'),
      reviewerPhone: this.settings.get('phone'),
    };
  }

  private standard(id: string): Standard | undefined {
    return this.ctx.rules().standards.find((s) => s.id === id);
  }

  /** Throws NOT_FOUND for an unknown document; returns its import time. */
  private requireDocument(documentId: number): string {
    const row = this.ctx.db.prepare('SELECT imported_at FROM documents WHERE id = ?').get(documentId) as
      { imported_at: string } | undefined;
    if (!row) throw new FcrError('NOT_FOUND', `找不到编号为 ${documentId} 的文档，可能已被删除。`);
    return row.imported_at;
  }
}

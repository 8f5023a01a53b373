/**
 * Findings and reviews over the SQLite store: scanning a document with the rule set, the
 * reviewer's dispositions (kept under rule + clause-text hash so they survive a re-scan), the
 * checklist, the conclusion, finalising (which locks) and revisions. Every write is one
 * transaction with its audit entry.
 */
import { createHash } from 'node:crypto';
import { FcrError } from '../../shared/errors.js';
import {
  buildChecklist,
  finalizeProblems,
  suggestConclusion,
  type ChecklistAnswer,
  type ChecklistItem,
  type Conclusion,
  type Consultation,
  type Disposition,
  type ExceptionStatement,
} from '../../shared/review/model.js';
import type {
  FindingCounts,
  HistoryEntry,
  ReviewRecord,
  ReviewState,
  RevisionSummary,
  StandardsCatalog,
  StoredFinding,
} from '../../shared/review/types.js';
import type { Category, Finding, ScanUnit } from '../../shared/rules/types.js';
import type { ClauseNode } from '../../shared/types.js';
import { appendAudit } from './audit.js';
import type { Db } from './db.js';
import type { LoadedRules } from './rules.js';
import { scanDocumentText } from './rules.js';

const EMPTY_CONSULTATION: Consultation = { stakeholders: false, publicComment: false, details: '', notDoneReason: '' };

interface ReviewRow {
  id: number;
  document_id: number;
  revision: number;
  status: 'draft' | 'final';
  conclusion: Conclusion | null;
  reviewer: string;
  unit: string;
  consultation: string;
  opinion: string;
  created_at: string;
  updated_at: string;
  finalized_at: string | null;
}

interface FindingRow {
  id: number;
  document_id: number;
  rule_id: string;
  standard_id: string;
  category: Category;
  level: 'strong' | 'weak';
  start_offset: number;
  end_offset: number;
  clause_id: string;
  clause_label: string;
  clause_hash: string;
  matched_text: string;
  message: string;
  suggestion: string;
  basis: string;
  ruleset_version: string;
  manual: number;
  note: string;
  disposition: Disposition | null;
  reason: string | null;
}

/** Hash of a clause's text with whitespace removed: stable across re-imports and re-scans. */
export function clauseHash(text: string): string {
  return createHash('sha256').update(text.replace(/\s+/g, '')).digest('hex').slice(0, 20);
}

export class ReviewService {
  constructor(
    private readonly db: Db,
    private readonly rules: () => LoadedRules,
    private readonly actor: () => string,
  ) {}

  catalog(): StandardsCatalog {
    const r = this.rules();
    return { rulesetVersion: r.ruleSet.version, standards: r.standards, grounds: r.exceptions.grounds };
  }

  /**
   * Runs the rules over a document and replaces its rule findings (manual ones stay). Call inside
   * the import transaction or on its own; dispositions are untouched, so they re-attach by key.
   */
  scan(documentId: number, text: string, clauses?: readonly ClauseNode[]): number {
    const loaded = this.rules();
    const { findings, units } = scanDocumentText(text, loaded.ruleSet, clauses);
    const byUnit = new Map<string, ScanUnit>(units.map((u) => [u.id, u]));
    const now = new Date().toISOString();
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM findings WHERE document_id = ? AND manual = 0').run(documentId);
      const insert = this.db.prepare(
        `INSERT INTO findings (document_id, rule_id, standard_id, category, level, start_offset, end_offset, clause_id,
           clause_label, clause_hash, matched_text, message, suggestion, basis, ruleset_version, manual, note, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '', ?)`,
      );
      for (const f of findings) {
        const unit = byUnit.get(f.clauseId);
        const hash = clauseHash(unit ? text.slice(unit.start, unit.end) : f.text);
        insert.run(
          documentId,
          f.rule,
          f.standard,
          f.category,
          f.level,
          f.start,
          f.end,
          f.clauseId,
          f.clause,
          hash,
          f.text,
          f.message,
          f.suggestion,
          f.basis,
          loaded.ruleSet.version,
          now,
        );
      }
      this.db.prepare('UPDATE documents SET updated_at = ? WHERE id = ?').run(now, documentId);
      return findings.length;
    })();
  }

  /** Re-scans with the current rule set; refused while the current revision is final. */
  rescan(documentId: number, text: string, clauses?: readonly ClauseNode[]): number {
    const review = this.draft(documentId);
    const n = this.scan(documentId, text, clauses);
    this.write(
      'document.rescan',
      `review:${review.id}`,
      { rulesetVersion: this.rules().ruleSet.version, findings: n },
      () => {},
    );
    return n;
  }

  /** Finding counts per document (all documents, or only `documentId`). */
  counts(documentId?: number): Map<number, FindingCounts> {
    const rows = this.db
      .prepare(
        `SELECT f.document_id AS id,
                SUM(f.level = 'strong') AS strong, SUM(f.level = 'weak') AS weak,
                SUM(d.disposition IS NULL) AS open
           FROM findings f
           LEFT JOIN reviews r ON r.document_id = f.document_id
                AND r.revision = (SELECT MAX(revision) FROM reviews WHERE document_id = f.document_id)
           LEFT JOIN dispositions d ON d.review_id = r.id AND d.rule_id = f.rule_id AND d.clause_hash = f.clause_hash
          WHERE @doc IS NULL OR f.document_id = @doc
          GROUP BY f.document_id`,
      )
      .all({ doc: documentId ?? null }) as { id: number; strong: number; weak: number; open: number }[];
    return new Map(rows.map((r) => [r.id, { strong: r.strong, weak: r.weak, open: r.open }]));
  }

  /** The document's current review revision, created as an empty draft on first use. */
  current(documentId: number): ReviewRecord {
    const row = this.latestRow(documentId);
    if (row) return toReview(row);
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO reviews (document_id, revision, status, conclusion, reviewer, unit, consultation, opinion, created_at, updated_at)
         VALUES (?, 1, 'draft', NULL, ?, ?, ?, '', ?, ?)`,
      )
      .run(documentId, this.setting('reviewer'), this.setting('unit'), JSON.stringify(EMPTY_CONSULTATION), now, now);
    return toReview(this.latestRow(documentId)!);
  }

  state(documentId: number): ReviewState {
    this.requireDocument(documentId);
    const review = this.current(documentId);
    const catalog = this.catalog();
    const findings = this.findings(documentId, review.id);
    const facts = findings.map((f) => ({
      standard: f.standard,
      category: f.category,
      clauseId: f.clauseId,
      disposition: f.disposition,
    }));
    const checklist = buildChecklist(catalog.standards, facts, this.savedChecklist(review.id));
    const versions = findings.filter((f) => !f.manual).map((f) => f.rulesetVersion);
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
      findingsRulesetVersion: versions[0] ?? null,
      currentRulesetVersion: catalog.rulesetVersion,
    };
  }

  setDisposition(documentId: number, findingId: number, disposition: Disposition | null, reason: string): void {
    const review = this.draft(documentId);
    const f = this.findingRow(documentId, findingId);
    if (disposition && disposition !== 'accept' && !reason.trim()) {
      throw new FcrError('BAD_ARGS', `“${disposition === 'reject' ? '不采纳（误报）' : '适用例外'}”需要填写理由。`);
    }
    this.write('finding.dispose', `finding:${findingId}`, { disposition, reason }, () => {
      if (disposition === null) {
        this.db
          .prepare('DELETE FROM dispositions WHERE review_id = ? AND rule_id = ? AND clause_hash = ?')
          .run(review.id, f.rule_id, f.clause_hash);
      } else {
        this.db
          .prepare(
            `INSERT INTO dispositions (review_id, rule_id, clause_hash, disposition, reason, updated_at) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (review_id, rule_id, clause_hash) DO UPDATE SET disposition = excluded.disposition,
               reason = excluded.reason, updated_at = excluded.updated_at`,
          )
          .run(review.id, f.rule_id, f.clause_hash, disposition, reason.trim(), new Date().toISOString());
      }
      this.touch(review.id);
    });
  }

  addManualFinding(
    documentId: number,
    text: string,
    input: {
      start: number;
      end: number;
      standard: string;
      category?: Category;
      note: string;
      clauseId: string;
      clauseLabel: string;
    },
  ): number {
    const review = this.draft(documentId);
    const std = this.catalog().standards.find((s) => s.id === input.standard);
    if (!std) throw new FcrError('BAD_ARGS', `没有编号为 ${input.standard} 的审查标准。`);
    if (input.end <= input.start || input.end > text.length) throw new FcrError('BAD_ARGS', '所选文字范围无效。');
    const category = std.category === 'catch_all' ? input.category : std.category;
    if (!category || !std.categories.includes(category))
      throw new FcrError('BAD_ARGS', '兜底条款（第二十四条）须选择所涉及的类别。');
    const now = new Date().toISOString();
    return this.write(
      'finding.add_manual',
      `document:${documentId}`,
      { standard: std.id, start: input.start, end: input.end },
      () => {
        const info = this.db
          .prepare(
            `INSERT INTO findings (document_id, rule_id, standard_id, category, level, start_offset, end_offset, clause_id,
             clause_label, clause_hash, matched_text, message, suggestion, basis, ruleset_version, manual, note, created_at)
           VALUES (?, 'manual', ?, ?, 'strong', ?, ?, ?, ?, '', ?, ?, '', ?, '', 1, ?, ?)`,
          )
          .run(
            documentId,
            std.id,
            category,
            input.start,
            input.end,
            input.clauseId,
            input.clauseLabel,
            text.slice(input.start, input.end),
            `审查人员标注：${std.title}`,
            `${std.regulation}；${std.measure}`,
            input.note.trim(),
            now,
          );
        const id = Number(info.lastInsertRowid);
        // A manual finding is the reviewer's own judgement: its key is unique, and it starts accepted.
        const key = `m${id}`;
        this.db.prepare('UPDATE findings SET clause_hash = ? WHERE id = ?').run(key, id);
        this.db
          .prepare(
            `INSERT INTO dispositions (review_id, rule_id, clause_hash, disposition, reason, updated_at) VALUES (?, 'manual', ?, 'accept', ?, ?)`,
          )
          .run(review.id, key, input.note.trim(), now);
        this.touch(review.id);
        return id;
      },
    );
  }

  removeManualFinding(documentId: number, findingId: number): void {
    this.draft(documentId);
    const f = this.findingRow(documentId, findingId);
    if (!f.manual) throw new FcrError('BAD_ARGS', '只能删除人工添加的问题；规则标记的问题请设为“不采纳（误报）”。');
    this.write('finding.remove_manual', `finding:${findingId}`, undefined, () => {
      this.db.prepare('DELETE FROM findings WHERE id = ?').run(findingId);
    });
  }

  saveChecklistItem(
    documentId: number,
    item: {
      standardId: string;
      category: Category;
      answer: ChecklistAnswer | null;
      note: string;
      exception: ExceptionStatement | null;
    },
  ): void {
    const review = this.draft(documentId);
    const std = this.catalog().standards.find((s) => s.id === item.standardId);
    if (!std || !std.categories.includes(item.category))
      throw new FcrError('BAD_ARGS', `审查标准 ${item.standardId} 不存在或类别不符。`);
    this.write(
      'checklist.answer',
      `review:${review.id}`,
      { standard: item.standardId, category: item.category, answer: item.answer },
      () => {
        if (item.answer === null) {
          this.db
            .prepare('DELETE FROM checklist_answers WHERE review_id = ? AND standard_id = ? AND category = ?')
            .run(review.id, item.standardId, item.category);
        } else {
          this.putAnswer(review.id, { ...item, answer: item.answer });
        }
        this.touch(review.id);
      },
    );
  }

  saveConclusion(
    documentId: number,
    input: {
      conclusion: Conclusion | null;
      reviewer: string;
      unit: string;
      consultation: Consultation;
      opinion: string;
    },
  ): void {
    const review = this.draft(documentId);
    this.write('review.conclusion', `review:${review.id}`, { conclusion: input.conclusion }, () => {
      this.db
        .prepare(
          'UPDATE reviews SET conclusion = ?, reviewer = ?, unit = ?, consultation = ?, opinion = ?, updated_at = ? WHERE id = ?',
        )
        .run(
          input.conclusion,
          input.reviewer.trim(),
          input.unit.trim(),
          JSON.stringify(input.consultation),
          input.opinion,
          new Date().toISOString(),
          review.id,
        );
    });
  }

  /** Locks the current revision; refuses, listing every open point, while anything is missing. */
  finalize(documentId: number): ReviewRecord {
    const state = this.state(documentId);
    if (state.review.status === 'final') throw new FcrError('BAD_ARGS', '该审查已定稿。如需修改，请新建修订版本。');
    if (state.problems.length)
      throw new FcrError('BAD_ARGS', `尚不能定稿：\n${state.problems.map((p) => `· ${p}`).join('\n')}`);
    this.write('review.finalize', `review:${state.review.id}`, { conclusion: state.review.conclusion }, () => {
      // Freeze the derived checklist answers as they stand.
      for (const item of state.checklist) {
        if (item.answer) this.putAnswer(state.review.id, { ...item, answer: item.answer });
      }
      const now = new Date().toISOString();
      this.db
        .prepare("UPDATE reviews SET status = 'final', finalized_at = ?, updated_at = ? WHERE id = ?")
        .run(now, now, state.review.id);
    });
    return this.current(documentId);
  }

  /** Opens a new draft revision copying the final one's dispositions, checklist and conclusion. */
  revise(documentId: number): ReviewRecord {
    const last = this.current(documentId);
    if (last.status !== 'final') throw new FcrError('BAD_ARGS', '当前版本尚未定稿，可直接修改。');
    const now = new Date().toISOString();
    this.write('review.revise', `document:${documentId}`, { from: last.revision }, () => {
      const info = this.db
        .prepare(
          `INSERT INTO reviews (document_id, revision, status, conclusion, reviewer, unit, consultation, opinion, created_at, updated_at)
           SELECT document_id, revision + 1, 'draft', conclusion, reviewer, unit, consultation, opinion, ?, ? FROM reviews WHERE id = ?`,
        )
        .run(now, now, last.id);
      const id = Number(info.lastInsertRowid);
      this.db
        .prepare(
          `INSERT INTO dispositions (review_id, rule_id, clause_hash, disposition, reason, updated_at)
           SELECT ?, rule_id, clause_hash, disposition, reason, updated_at FROM dispositions WHERE review_id = ?`,
        )
        .run(id, last.id);
      this.db
        .prepare(
          `INSERT INTO checklist_answers (review_id, standard_id, category, answer, note, exception, updated_at)
           SELECT ?, standard_id, category, answer, note, exception, updated_at FROM checklist_answers WHERE review_id = ?`,
        )
        .run(id, last.id);
    });
    return this.current(documentId);
  }

  history(documentId: number): HistoryEntry[] {
    const reviewIds = (
      this.db.prepare('SELECT id FROM reviews WHERE document_id = ?').all(documentId) as { id: number }[]
    ).map((r) => `review:${r.id}`);
    const subjects = [`document:${documentId}`, ...reviewIds];
    const findingIds = (
      this.db.prepare('SELECT id FROM findings WHERE document_id = ?').all(documentId) as { id: number }[]
    ).map((r) => `finding:${r.id}`);
    subjects.push(...findingIds);
    const rows = this.db
      .prepare(
        `SELECT at, actor, action, detail FROM audit_log WHERE subject IN (SELECT value FROM json_each(?)) ORDER BY id`,
      )
      .all(JSON.stringify(subjects)) as HistoryEntry[];
    return rows;
  }

  revisions(documentId: number): RevisionSummary[] {
    return (
      this.db
        .prepare(
          'SELECT id, revision, status, conclusion, reviewer, created_at, finalized_at FROM reviews WHERE document_id = ? ORDER BY revision',
        )
        .all(documentId) as {
        id: number;
        revision: number;
        status: 'draft' | 'final';
        conclusion: Conclusion | null;
        reviewer: string;
        created_at: string;
        finalized_at: string | null;
      }[]
    ).map((r) => ({
      id: r.id,
      revision: r.revision,
      status: r.status,
      conclusion: r.conclusion,
      reviewer: r.reviewer,
      createdAt: r.created_at,
      finalizedAt: r.finalized_at,
    }));
  }

  setting(key: string): string {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? '';
  }

  private findings(documentId: number, reviewId: number): StoredFinding[] {
    const rows = this.db
      .prepare(
        `SELECT f.*, d.disposition, d.reason FROM findings f
           LEFT JOIN dispositions d ON d.review_id = ? AND d.rule_id = f.rule_id AND d.clause_hash = f.clause_hash
          WHERE f.document_id = ? ORDER BY f.start_offset, f.end_offset, f.id`,
      )
      .all(reviewId, documentId) as FindingRow[];
    return rows.map(toFinding);
  }

  private savedChecklist(reviewId: number): ChecklistItem[] {
    const rows = this.db.prepare('SELECT * FROM checklist_answers WHERE review_id = ?').all(reviewId) as {
      standard_id: string;
      category: Category;
      answer: ChecklistAnswer;
      note: string;
      exception: string | null;
    }[];
    return rows.map((r) => ({
      standardId: r.standard_id,
      category: r.category,
      answer: r.answer,
      note: r.note,
      clauseIds: [],
      exception: r.exception ? (JSON.parse(r.exception) as ExceptionStatement) : null,
      derived: false,
    }));
  }

  private latestRow(documentId: number): ReviewRow | undefined {
    return this.db
      .prepare('SELECT * FROM reviews WHERE document_id = ? ORDER BY revision DESC LIMIT 1')
      .get(documentId) as ReviewRow | undefined;
  }

  /** The current revision, which must be a draft to be changed. */
  private draft(documentId: number): ReviewRecord {
    this.requireDocument(documentId);
    const review = this.current(documentId);
    if (review.status === 'final') throw new FcrError('BAD_ARGS', '该审查已定稿并锁定。如需修改，请新建修订版本。');
    return review;
  }

  private requireDocument(documentId: number): void {
    const row = this.db.prepare('SELECT deleted_at FROM documents WHERE id = ?').get(documentId) as
      { deleted_at: string | null } | undefined;
    if (!row) throw new FcrError('NOT_FOUND', `找不到编号为 ${documentId} 的文档，可能已被删除。`);
  }

  private findingRow(documentId: number, findingId: number): FindingRow {
    const row = this.db
      .prepare('SELECT * FROM findings WHERE id = ? AND document_id = ?')
      .get(findingId, documentId) as FindingRow | undefined;
    if (!row) throw new FcrError('NOT_FOUND', `找不到编号为 ${findingId} 的问题（可能已因重新扫描而消失）。`);
    return row;
  }

  /** Inserts or replaces one checklist answer of a review. */
  private putAnswer(
    reviewId: number,
    item: {
      standardId: string;
      category: Category;
      answer: ChecklistAnswer;
      note: string;
      exception: ExceptionStatement | null;
    },
  ): void {
    this.db
      .prepare(
        `INSERT INTO checklist_answers (review_id, standard_id, category, answer, note, exception, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (review_id, standard_id, category) DO UPDATE SET answer = excluded.answer, note = excluded.note,
           exception = excluded.exception, updated_at = excluded.updated_at`,
      )
      .run(
        reviewId,
        item.standardId,
        item.category,
        item.answer,
        item.note,
        item.exception ? JSON.stringify(item.exception) : null,
        new Date().toISOString(),
      );
  }

  private touch(reviewId: number): void {
    this.db.prepare('UPDATE reviews SET updated_at = ? WHERE id = ?').run(new Date().toISOString(), reviewId);
  }

  private write<T>(action: string, subject: string, detail: unknown, fn: () => T): T {
    return this.db.transaction(() => {
      const result = fn();
      appendAudit(this.db, { actor: this.actor(), action, subject, detail });
      return result;
    })();
  }
}

function toReview(r: ReviewRow): ReviewRecord {
  return {
    id: r.id,
    documentId: r.document_id,
    revision: r.revision,
    status: r.status,
    conclusion: r.conclusion,
    reviewer: r.reviewer,
    unit: r.unit,
    consultation: { ...EMPTY_CONSULTATION, ...(JSON.parse(r.consultation) as Partial<Consultation>) },
    opinion: r.opinion,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    finalizedAt: r.finalized_at,
  };
}

function toFinding(r: FindingRow): StoredFinding {
  const f: Finding = {
    rule: r.rule_id,
    standard: r.standard_id,
    category: r.category,
    level: r.level,
    start: r.start_offset,
    end: r.end_offset,
    text: r.matched_text,
    clause: r.clause_label,
    clauseId: r.clause_id,
    message: r.message,
    suggestion: r.suggestion,
    basis: r.basis,
  };
  return {
    ...f,
    id: r.id,
    documentId: r.document_id,
    manual: r.manual === 1,
    note: r.note,
    rulesetVersion: r.ruleset_version,
    clauseHash: r.clause_hash,
    disposition: r.disposition,
    dispositionReason: r.reason ?? '',
  };
}

/**
 * Third-party evaluation records (issue 12): per batch and measure, the evaluator's verdict, note
 * and rectification state, their decision on each finding (confirmed, or rejected with a reason;
 * kept under rule + clause-text hash so that a rescan does not lose it) and their own problems.
 * Every change is one transaction with its audit entry, under the document's subject so that the
 * measure's history shows it. Whether a review is on file is derived, never typed in: a received
 * review bundle, or a finalised review in the library.
 */
import type { ArgsOf } from '../../shared/api.js';
import { FcrError } from '../../shared/errors.js';
import {
  DECISION_LABELS,
  evaluationIndicators,
  measureOf,
  sampleForReport,
  summaryOf,
  VERDICT_LABELS,
  type EvaluationFinding,
  type EvaluationOverview,
  type EvaluationRecord,
  type EvaluationSample,
  type EvaluationVerdict,
  type FindingDecision,
  type ReviewOnFile,
} from '../../shared/evaluation.js';
import { standardWords } from '../../shared/review/history.js';
import type { SamplePlan } from '../../shared/sampling.js';
import type { Category, Standard } from '../../shared/rules/types.js';
import { appendAudit } from './audit.js';
import { documentSubject, type ServiceContext } from './context.js';
import type { DocumentService } from './documents.js';
import type { FindingStore } from './findings.js';

interface EvaluationRow {
  verdict: EvaluationVerdict | null;
  note: string;
  rectified: number;
  evaluator: string;
  updated_at: string;
}

interface ProblemRow {
  id: number;
  clause: string;
  quote: string;
  standard_id: string;
  category: Category;
  note: string;
  created_at: string;
}

export class EvaluationService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly documents: DocumentService,
    private readonly findings: FindingStore,
    /** The batch's latest sample plan (SamplingService), undefined when none was drawn. */
    private readonly plans: (batchId: number) => SamplePlan | undefined = () => undefined,
  ) {}

  /**
   * The measures the evaluation covers, by id: the live documents of the batch (files imported,
   * duplicates once) or, once a sample was drawn, those of the latest sample plan.
   */
  documentIds(batchId: number): number[] {
    this.batchName(batchId);
    const ids = (
      this.ctx.db
        .prepare(
          `SELECT DISTINCT i.document_id AS id FROM batch_items i JOIN documents d ON d.id = i.document_id
            WHERE i.batch_id = ? AND i.state = 'done' AND d.deleted_at IS NULL ORDER BY i.document_id`,
        )
        .all(batchId) as { id: number }[]
    ).map((r) => r.id);
    const plan = this.plans(batchId);
    if (!plan) return ids;
    const drawn = new Set(plan.drawn.map((d) => d.documentId));
    return ids.filter((id) => drawn.has(id));
  }

  record(batchId: number, documentId: number): EvaluationRecord {
    this.requireMeasure(batchId, documentId);
    const doc = this.documents.summary(documentId);
    const row = this.ctx.db
      .prepare('SELECT * FROM evaluations WHERE batch_id = ? AND document_id = ?')
      .get(batchId, documentId) as EvaluationRow | undefined;
    const decisions = new Map(
      (
        this.ctx.db
          .prepare(
            'SELECT rule_id, clause_hash, decision, reason FROM evaluation_decisions WHERE batch_id = ? AND document_id = ?',
          )
          .all(batchId, documentId) as {
          rule_id: string;
          clause_hash: string;
          decision: FindingDecision;
          reason: string;
        }[]
      ).map((d) => [`${d.rule_id}\0${d.clause_hash}`, d]),
    );
    const findings = this.findings.list(documentId, null).map((f): EvaluationFinding => {
      const d = decisions.get(`${f.rule}\0${f.clauseHash}`);
      return {
        findingId: f.id,
        ruleId: f.rule,
        clause: f.clause,
        text: f.text,
        message: f.manual ? f.note || f.message : f.message,
        standardId: f.standard,
        category: f.category,
        level: f.level,
        manual: f.manual,
        decision: d?.decision ?? null,
        reason: d?.reason ?? '',
      };
    });
    const own = (
      this.ctx.db
        .prepare('SELECT * FROM evaluation_problems WHERE batch_id = ? AND document_id = ? ORDER BY id')
        .all(batchId, documentId) as ProblemRow[]
    ).map((p) => ({
      id: p.id,
      clause: p.clause,
      quote: p.quote,
      standardId: p.standard_id,
      category: p.category,
      note: p.note,
      createdAt: p.created_at,
    }));
    return {
      batchId,
      documentId,
      title: doc.title,
      docNumber: doc.docNumber,
      issuer: doc.issuer,
      docDate: doc.docDate,
      region: this.ctx.regionOf(doc.issuer),
      reviewOnFile: this.reviewOnFile(documentId),
      verdict: row?.verdict ?? null,
      note: row?.note ?? '',
      rectified: row?.rectified === 1,
      evaluator: row?.evaluator ?? '',
      updatedAt: row?.updated_at ?? null,
      findings,
      own,
    };
  }

  records(batchId: number): EvaluationRecord[] {
    return this.documentIds(batchId).map((id) => this.record(batchId, id));
  }

  /** The batch's overview; `records` when the caller already has them (an export needs both). */
  overview(batchId: number, records = this.records(batchId)): EvaluationOverview {
    const standards = new Map(this.ctx.rules().standards.map((s) => [s.id, s.title]));
    return {
      batchId,
      records: records.map(summaryOf),
      indicators: evaluationIndicators(
        records.map((r) => measureOf(r)),
        (id) => standards.get(id) ?? id,
      ),
      sample: this.sample(batchId) ?? null,
    };
  }

  save({ batchId, documentId, verdict, note, rectified }: ArgsOf<'saveEvaluation'>): EvaluationRecord {
    const before = this.record(batchId, documentId);
    const evaluator = this.ctx.actor();
    this.write(batchId, documentId, 'evaluation.save', () => {
      this.ctx.db
        .prepare(
          `INSERT INTO evaluations (batch_id, document_id, verdict, note, rectified, evaluator, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (batch_id, document_id) DO UPDATE SET verdict = excluded.verdict, note = excluded.note,
               rectified = excluded.rectified, evaluator = excluded.evaluator, updated_at = excluded.updated_at`,
        )
        .run(batchId, documentId, verdict, note.trim(), rectified ? 1 : 0, evaluator, new Date().toISOString());
      return {
        verdict: { from: label(before.verdict), to: label(verdict) },
        rectified: { from: before.rectified, to: rectified },
        note: note.trim(),
      };
    });
    return this.record(batchId, documentId);
  }

  decide({ batchId, documentId, findingId, decision, reason }: ArgsOf<'decideEvaluationFinding'>): EvaluationRecord {
    this.requireMeasure(batchId, documentId);
    const f = this.findings.row(documentId, findingId);
    const why = reason.trim();
    if (decision === 'reject' && !why) throw new FcrError('BAD_ARGS', `排除“${f.clause_label}”的问题须说明理由。`);
    const before = this.ctx.db
      .prepare(
        'SELECT decision FROM evaluation_decisions WHERE batch_id = ? AND document_id = ? AND rule_id = ? AND clause_hash = ?',
      )
      .get(batchId, documentId, f.rule_id, f.clause_hash) as { decision: FindingDecision } | undefined;
    this.write(batchId, documentId, 'evaluation.finding', () => {
      if (decision === null) {
        this.ctx.db
          .prepare(
            'DELETE FROM evaluation_decisions WHERE batch_id = ? AND document_id = ? AND rule_id = ? AND clause_hash = ?',
          )
          .run(batchId, documentId, f.rule_id, f.clause_hash);
      } else {
        this.ctx.db
          .prepare(
            `INSERT INTO evaluation_decisions (batch_id, document_id, rule_id, clause_hash, decision, reason, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (batch_id, document_id, rule_id, clause_hash) DO UPDATE SET decision = excluded.decision,
                 reason = excluded.reason, updated_at = excluded.updated_at`,
          )
          .run(batchId, documentId, f.rule_id, f.clause_hash, decision, why, new Date().toISOString());
      }
      return {
        ...this.findings.words(f),
        decision: {
          from: before ? DECISION_LABELS[before.decision] : '未决定',
          to: decision ? DECISION_LABELS[decision] : '未决定',
        },
        reason: why,
      };
    });
    return this.record(batchId, documentId);
  }

  addProblem(args: ArgsOf<'addEvaluationProblem'>): EvaluationRecord {
    const { batchId, documentId } = args;
    this.requireMeasure(batchId, documentId);
    const std = this.standard(args.standard);
    const category = std.category === 'catch_all' ? args.category : std.category;
    if (!category || !std.categories.includes(category))
      throw new FcrError('BAD_ARGS', '兜底条款（第二十四条）须选择所涉及的类别。');
    const clause = args.clause.trim();
    if (!clause) throw new FcrError('BAD_ARGS', '请填写问题所在的条款（如“第五条”）。');
    this.write(batchId, documentId, 'evaluation.problem.add', () => {
      this.ctx.db
        .prepare(
          `INSERT INTO evaluation_problems (batch_id, document_id, clause, quote, standard_id, category, note, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          batchId,
          documentId,
          clause,
          args.quote.trim(),
          std.id,
          category,
          args.note.trim(),
          new Date().toISOString(),
        );
      return { clause, ...standardWords(std), note: args.note.trim() };
    });
    return this.record(batchId, documentId);
  }

  removeProblem({ batchId, documentId, problemId }: ArgsOf<'removeEvaluationProblem'>): EvaluationRecord {
    this.requireMeasure(batchId, documentId);
    const row = this.ctx.db
      .prepare('SELECT * FROM evaluation_problems WHERE id = ? AND batch_id = ? AND document_id = ?')
      .get(problemId, batchId, documentId) as ProblemRow | undefined;
    if (!row) throw new FcrError('NOT_FOUND', `找不到编号为 ${problemId} 的评估问题。`);
    this.write(batchId, documentId, 'evaluation.problem.remove', () => {
      this.ctx.db.prepare('DELETE FROM evaluation_problems WHERE id = ?').run(problemId);
      return { clause: row.clause, standard: row.standard_id, note: row.note };
    });
    return this.record(batchId, documentId);
  }

  /** The batch's latest 抽查 sample plan, in full (for the working papers' sample log). */
  samplePlan(batchId: number): SamplePlan | undefined {
    return this.plans(batchId);
  }

  /** The sample drawn for the batch, as the report describes it; undefined when none was drawn. */
  sample(batchId: number): EvaluationSample | undefined {
    const plan = this.plans(batchId);
    return plan ? sampleForReport(plan) : undefined;
  }

  private write(batchId: number, documentId: number, action: string, fn: () => Record<string, unknown>): void {
    const batch = this.batchName(batchId);
    this.ctx.db.transaction(() => {
      const detail = fn();
      appendAudit(this.ctx.db, {
        actor: this.ctx.actor(),
        action,
        subject: documentSubject(documentId),
        detail: { batch, ...detail },
      });
    })();
  }

  private batchName(batchId: number): string {
    const row = this.ctx.db.prepare('SELECT name FROM batches WHERE id = ?').get(batchId) as
      { name: string } | undefined;
    if (!row) throw new FcrError('NOT_FOUND', `找不到编号为 ${batchId} 的批次。`);
    return row.name;
  }

  private requireMeasure(batchId: number, documentId: number): void {
    const name = this.batchName(batchId);
    const inBatch = this.ctx.db
      .prepare("SELECT 1 FROM batch_items WHERE batch_id = ? AND document_id = ? AND state = 'done'")
      .get(batchId, documentId);
    if (!inBatch) throw new FcrError('NOT_FOUND', `文档 #${documentId} 不在批次“${name}”中。`);
  }

  private reviewOnFile(documentId: number): ReviewOnFile {
    if (this.ctx.db.prepare('SELECT 1 FROM received_bundles WHERE document_id = ?').get(documentId)) return 'bundle';
    if (this.ctx.db.prepare("SELECT 1 FROM reviews WHERE document_id = ? AND status = 'final'").get(documentId))
      return 'final';
    return null;
  }

  private standard(id: string): Standard {
    const std = this.ctx.rules().standards.find((s) => s.id === id);
    if (!std) throw new FcrError('BAD_ARGS', `没有编号为 ${id} 的审查标准。`);
    return std;
  }
}

const label = (v: EvaluationVerdict | null): string => (v ? VERDICT_LABELS[v] : '未评估');

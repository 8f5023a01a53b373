/**
 * 抽查 (issue 12): draws reproducible samples from a batch's stored documents and keeps each draw
 * as a plan that is never changed; assigns inspectors at random (双随机) without conflicts of
 * interest; keeps one check record per sampled measure. Every write is one transaction with its
 * audit entry. The draw itself and the record's rules live in shared/sampling.ts and
 * shared/check-record.ts.
 */
import type { ArgsOf } from '../../shared/api.js';
import {
  compareWithAgency,
  completeCheckRecord,
  daysOverdue,
  describeChanges,
  isOverdue,
  type AgencyFinding,
  type CheckRecord,
} from '../../shared/check-record.js';
import { localDate } from '../../shared/export/content.js';
import { FcrError } from '../../shared/errors.js';
import {
  assignInspectors,
  docKind,
  drawSample,
  issuerUnits,
  NoEligibleInspector,
  UNKNOWN_REGION,
  type Assignment,
  type CheckRecordView,
  type DocumentFindingOption,
  type Inspector,
  type InspectorAssignment,
  type PopulationDoc,
  type ReceivedReview,
  type SampledMeasure,
  type SamplePlan,
  type SamplePlanDetail,
  type SamplePlanSummary,
  type SamplingOptions,
  type StrataBy,
} from '../../shared/sampling.js';
import { appendAudit } from './audit.js';
import type { Db } from './db.js';
import type { ReviewService } from './reviews.js';

export interface SamplingDeps {
  db: Db;
  reviews: ReviewService;
  actor(): string;
  /** The region an issuing body names (shared/region.ts), null when it names none. */
  regionOf(issuer: string | null): string | null;
  /** Today's local date, YYYY-MM-DD (a parameter for tests). */
  today?(): string;
}

interface PlanRow {
  id: number;
  batch_id: number;
  seed: string;
  method: string;
  params: string;
  population: number;
  size: number;
  allocation: string;
  weights: string;
  drawn: string;
  drawn_at: string;
  actor: string;
}

interface AssignmentRow {
  id: number;
  plan_id: number;
  seed: string;
  per_measure: number;
  roster: string;
  assignments: string;
  assigned_at: string;
  actor: string;
}

interface RecordRow {
  document_id: number;
  data: string;
  updated_at: string;
  updated_by: string;
}

export const planSubject = (planId: number): string => `sample:${planId}`;

export class SamplingService {
  constructor(private readonly deps: SamplingDeps) {}

  private get db(): Db {
    return this.deps.db;
  }

  private today(): string {
    return this.deps.today?.() ?? localDate(new Date());
  }

  /** The batch's stored documents as the sampler sees them (deleted documents left out). */
  population(batchId: number): PopulationDoc[] {
    this.requireBatch(batchId);
    const rows = this.db
      .prepare(
        `SELECT DISTINCT d.id, d.sha256, d.title, d.doc_number, d.issuer, d.doc_date,
                (SELECT COUNT(*) FROM findings f WHERE f.document_id = d.id AND f.level = 'strong') AS strong
           FROM batch_items i JOIN documents d ON d.id = i.document_id
          WHERE i.batch_id = ? AND i.state = 'done' AND d.deleted_at IS NULL
          ORDER BY d.sha256`,
      )
      .all(batchId) as {
      id: number;
      sha256: string;
      title: string;
      doc_number: string | null;
      issuer: string | null;
      doc_date: string | null;
      strong: number;
    }[];
    const prior = this.issuersWithProblems();
    return rows.map((r) => ({
      documentId: r.id,
      key: r.sha256,
      title: r.title,
      docNumber: r.doc_number,
      issuer: r.issuer,
      docDate: r.doc_date,
      region: this.deps.regionOf(r.issuer),
      kind: docKind(r.title),
      strong: r.strong,
      priorProblems: issuerUnits(r.issuer).some((u) => prior.has(u)),
    }));
  }

  options(batchId: number): SamplingOptions {
    const docs = this.population(batchId);
    const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => Boolean(x)))].sort();
    return {
      populationSize: docs.length,
      issuers: uniq(docs.map((d) => d.issuer)),
      regions: uniq(docs.map((d) => d.region ?? UNKNOWN_REGION)),
      kinds: uniq(docs.map((d) => d.kind)),
      strongDocuments: docs.filter((d) => d.strong > 0).length,
      priorProblemDocuments: docs.filter((d) => d.priorProblems).length,
    };
  }

  /** Normalised issuing bodies of measures found with problems in any check so far. */
  private issuersWithProblems(): Set<string> {
    const rows = this.db
      .prepare(`SELECT c.data, d.issuer FROM check_records c JOIN documents d ON d.id = c.document_id`)
      .all() as { data: string; issuer: string | null }[];
    const out = new Set<string>();
    for (const r of rows) {
      const rec = completeCheckRecord(JSON.parse(r.data) as Partial<CheckRecord>);
      if (rec.problems.length || (rec.disposition && rec.disposition !== 'none'))
        for (const u of issuerUnits(r.issuer)) out.add(u);
    }
    return out;
  }

  draw(args: ArgsOf<'drawSample'>): SamplePlanDetail {
    const batch = this.requireBatch(args.batchId);
    const params = {
      seed: args.seed.trim(),
      ratio: args.ratio,
      min: args.min,
      strata: (args.strata ?? 'none') as StrataBy,
      weights: { strong: args.weights?.strong ?? 1, prior: args.weights?.prior ?? 1 },
      filter: args.filter ?? {},
    };
    for (const [label, v] of [
      ['起始日期', params.filter.from],
      ['截止日期', params.filter.to],
    ] as const)
      if (v !== undefined && !DATE.test(v))
        throw new FcrError('BAD_ARGS', `${label}应为 YYYY-MM-DD 格式的日期，收到：${v}`);
    const population = this.population(args.batchId);
    let draw;
    try {
      draw = drawSample(population, params);
    } catch (err) {
      throw new FcrError('BAD_ARGS', (err as Error).message);
    }
    if (!draw.populationSize)
      throw new FcrError(
        'BAD_ARGS',
        `批次“${batch.name}”中没有符合条件的文档可供抽取${population.length ? '（请放宽筛选条件）' : '（请先导入文件）'}。`,
      );
    if (!draw.size) throw new FcrError('BAD_ARGS', '按给出的抽样比例和最少件数，样本量为 0 件，请调整。');
    const at = new Date().toISOString();
    const actor = this.deps.actor();
    const id = this.db.transaction(() => {
      const planId = Number(
        this.db
          .prepare(
            `INSERT INTO sample_plans (batch_id, seed, method, params, population, size, allocation, weights, drawn, drawn_at, actor)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            args.batchId,
            params.seed,
            draw.method,
            JSON.stringify(params),
            draw.populationSize,
            draw.size,
            JSON.stringify(draw.strata),
            JSON.stringify(draw.weights),
            JSON.stringify(draw.drawn),
            at,
            actor,
          ).lastInsertRowid,
      );
      appendAudit(this.db, {
        actor,
        action: 'sample.draw',
        subject: planSubject(planId),
        detail: {
          batch: batch.name,
          seed: params.seed,
          ratio: params.ratio ?? null,
          min: params.min ?? null,
          strata: params.strata,
          weights: params.weights,
          filter: params.filter,
          population: draw.populationSize,
          size: draw.size,
          drawn: draw.drawn.map((d) => d.documentId),
        },
      });
      return planId;
    })();
    return this.detail(id);
  }

  list(batchId: number): SamplePlanSummary[] {
    this.requireBatch(batchId);
    return (
      this.db.prepare('SELECT * FROM sample_plans WHERE batch_id = ? ORDER BY id DESC').all(batchId) as PlanRow[]
    ).map((r) => summary(r));
  }

  plan(id: number): SamplePlan {
    const r = this.db.prepare('SELECT * FROM sample_plans WHERE id = ?').get(id) as PlanRow | undefined;
    if (!r) throw new FcrError('NOT_FOUND', `找不到编号为 ${id} 的抽样方案。`);
    return {
      ...summary(r),
      params: JSON.parse(r.params) as SamplePlan['params'],
      method: r.method,
      allocation: JSON.parse(r.allocation) as SamplePlan['allocation'],
      weights: JSON.parse(r.weights) as SamplePlan['weights'],
      drawn: JSON.parse(r.drawn) as SamplePlan['drawn'],
    };
  }

  /** The latest plan of a batch, undefined when none was drawn. */
  latestPlanIfAny(batchId: number): SamplePlan | undefined {
    const r = this.db
      .prepare('SELECT id FROM sample_plans WHERE batch_id = ? ORDER BY id DESC LIMIT 1')
      .get(batchId) as { id: number } | undefined;
    return r ? this.plan(r.id) : undefined;
  }

  /** The latest plan of a batch. */
  latestPlan(batchId: number): SamplePlan {
    const plan = this.latestPlanIfAny(batchId);
    if (!plan) throw new FcrError('NOT_FOUND', '该批次还没有抽样方案，请先抽取样本（fcr sample）。');
    return plan;
  }

  assignment(planId: number): InspectorAssignment | null {
    const r = this.db
      .prepare('SELECT * FROM sample_assignments WHERE plan_id = ? ORDER BY id DESC LIMIT 1')
      .get(planId) as AssignmentRow | undefined;
    if (!r) return null;
    return {
      id: r.id,
      seed: r.seed,
      perMeasure: r.per_measure,
      roster: JSON.parse(r.roster) as Inspector[],
      assignments: JSON.parse(r.assignments) as Assignment[],
      assignedAt: r.assigned_at,
      actor: r.actor,
    };
  }

  detail(planId: number): SamplePlanDetail {
    const plan = this.plan(planId);
    const assignment = this.assignment(planId);
    const records = new Map(this.records(planId).map((r) => [r.document_id, r]));
    const today = this.today();
    const live = new Set(
      (
        this.db
          .prepare(
            `SELECT id FROM documents WHERE deleted_at IS NULL AND id IN (${plan.drawn.map(() => '?').join(',') || 'NULL'})`,
          )
          .all(...plan.drawn.map((d) => d.documentId)) as { id: number }[]
      ).map((r) => r.id),
    );
    const bundles = new Set(
      (this.db.prepare('SELECT document_id FROM received_bundles').all() as { document_id: number }[]).map(
        (r) => r.document_id,
      ),
    );
    const measures = plan.drawn.map((d): SampledMeasure => {
      const row = records.get(d.documentId);
      const rec = row ? completeCheckRecord(JSON.parse(row.data) as Partial<CheckRecord>) : null;
      return {
        ...d,
        inspectors: assignment?.assignments.find((a) => a.documentId === d.documentId)?.inspectors ?? [],
        checked: Boolean(row),
        problems: rec?.problems.length ?? 0,
        disposition: rec?.disposition ?? null,
        status: rec?.status ?? null,
        deadline: rec?.deadline ?? null,
        overdue: rec ? isOverdue(rec, today) : false,
        daysOverdue: rec ? daysOverdue(rec, today) : 0,
        interviews: rec?.interviews.length ?? 0,
        hasBundle: bundles.has(d.documentId),
        available: live.has(d.documentId),
      };
    });
    return { plan, assignment, measures, today };
  }

  private records(planId: number): RecordRow[] {
    return this.db
      .prepare('SELECT document_id, data, updated_at, updated_by FROM check_records WHERE plan_id = ?')
      .all(planId) as RecordRow[];
  }

  /** 双随机: assigns inspectors from the roster to every measure of the plan (recorded). */
  assign(args: ArgsOf<'assignInspectors'>): SamplePlanDetail {
    const plan = this.plan(args.planId);
    const checked = this.db.prepare('SELECT COUNT(*) AS n FROM check_records WHERE plan_id = ?').get(plan.id) as {
      n: number;
    };
    if (checked.n > 0) throw new FcrError('BAD_ARGS', '已有检查记录，不能重新指派检查人员（随机指派结果需保持不变）。');
    const seed = (args.seed ?? plan.seed).trim() || plan.seed;
    const perMeasure = args.perMeasure ?? 1;
    let assignments: Assignment[];
    try {
      assignments = assignInspectors(plan.drawn, args.roster, seed, perMeasure);
    } catch (err) {
      // NoEligibleInspector names the measure and its issuing body; an empty roster is said plainly too.
      throw new FcrError('BAD_ARGS', (err as NoEligibleInspector | Error).message);
    }
    const roster = args.roster.map((r) => ({ name: r.name.trim(), unit: r.unit.trim() })).filter((r) => r.name);
    const actor = this.deps.actor();
    this.db.transaction(() => {
      const id = Number(
        this.db
          .prepare(
            `INSERT INTO sample_assignments (plan_id, seed, per_measure, roster, assignments, assigned_at, actor)
             VALUES (?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            plan.id,
            seed,
            perMeasure,
            JSON.stringify(roster),
            JSON.stringify(assignments),
            new Date().toISOString(),
            actor,
          ).lastInsertRowid,
      );
      appendAudit(this.db, {
        actor,
        action: 'sample.assign',
        subject: planSubject(plan.id),
        detail: {
          assignment: id,
          seed,
          perMeasure,
          roster: roster.length,
          assignments: assignments.map((a) => ({
            documentId: a.documentId,
            inspectors: a.inspectors.map((i) => `${i.name}（${i.unit}）`),
          })),
        },
      });
    })();
    return this.detail(plan.id);
  }

  checkRecord(planId: number, documentId: number): CheckRecordView {
    const detail = this.detail(planId);
    const measure = detail.measures.find((m) => m.documentId === documentId);
    if (!measure) throw new FcrError('NOT_FOUND', `文档 #${documentId} 不在抽样方案 #${planId} 的样本中。`);
    const row = this.db
      .prepare(
        'SELECT document_id, data, updated_at, updated_by FROM check_records WHERE plan_id = ? AND document_id = ?',
      )
      .get(planId, documentId) as RecordRow | undefined;
    const record = completeCheckRecord(row ? (JSON.parse(row.data) as Partial<CheckRecord>) : null);
    const bundle = this.receivedReview(documentId);
    return {
      planId,
      measure,
      record,
      findings: measure.available ? this.findingOptions(documentId) : [],
      bundle,
      comparison: bundle ? compareWithAgency(bundle.findings, record.problems) : [],
      updatedAt: row?.updated_at ?? null,
      updatedBy: row?.updated_by ?? null,
    };
  }

  private findingOptions(documentId: number): DocumentFindingOption[] {
    return (
      this.db
        .prepare(
          `SELECT id, clause_label, standard_id, category, level, matched_text, message FROM findings
            WHERE document_id = ? ORDER BY start_offset, id`,
        )
        .all(documentId) as {
        id: number;
        clause_label: string;
        standard_id: string;
        category: string;
        level: 'strong' | 'weak';
        matched_text: string;
        message: string;
      }[]
    ).map((f) => ({
      findingId: f.id,
      clause: f.clause_label,
      standard: f.standard_id,
      category: f.category,
      level: f.level,
      text: f.matched_text,
      message: f.message,
    }));
  }

  /** The agency's review as received in its bundle (the document's current review and findings). */
  private receivedReview(documentId: number): ReceivedReview | null {
    const b = this.db
      .prepare('SELECT signer_unit, signer_name, signed_at, received_at FROM received_bundles WHERE document_id = ?')
      .get(documentId) as
      { signer_unit: string; signer_name: string; signed_at: string; received_at: string } | undefined;
    if (!b) return null;
    const review = this.deps.reviews.latest(documentId);
    const findings: AgencyFinding[] = this.deps.reviews.findings.list(documentId, review?.id ?? null).map((f) => ({
      findingId: f.id,
      clause: f.clause,
      standard: f.standard,
      text: f.text,
      disposition: f.disposition,
    }));
    return {
      signerUnit: b.signer_unit,
      signerName: b.signer_name,
      signedAt: b.signed_at,
      receivedAt: b.received_at,
      conclusion: review?.conclusion ?? null,
      findings,
    };
  }

  saveCheckRecord(args: ArgsOf<'saveCheckRecord'>): CheckRecordView {
    const view = this.checkRecord(args.planId, args.documentId);
    const after = completeCheckRecord(args.record as CheckRecord);
    validate(after);
    const before = view.record;
    const changes = describeChanges(before, after);
    if (!changes.length && view.updatedAt) return view;
    const actor = this.deps.actor();
    const at = new Date().toISOString();
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO check_records (plan_id, document_id, data, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (plan_id, document_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at,
               updated_by = excluded.updated_by`,
        )
        .run(args.planId, args.documentId, JSON.stringify(after), at, actor);
      appendAudit(this.db, {
        actor,
        action: 'check.save',
        subject: `check:${args.planId}:${args.documentId}`,
        detail: { plan: args.planId, documentId: args.documentId, title: view.measure.title, changes },
      });
    })();
    return this.checkRecord(args.planId, args.documentId);
  }

  private requireBatch(id: number): { id: number; name: string } {
    const b = this.db.prepare('SELECT id, name FROM batches WHERE id = ?').get(id) as
      { id: number; name: string } | undefined;
    if (!b) throw new FcrError('NOT_FOUND', `找不到编号为 ${id} 的批次。`);
    return b;
  }
}

function summary(r: PlanRow): SamplePlanSummary {
  const params = JSON.parse(r.params) as { strata: StrataBy };
  return {
    id: r.id,
    batchId: r.batch_id,
    seed: r.seed,
    strata: params.strata,
    populationSize: r.population,
    size: r.size,
    drawnAt: r.drawn_at,
    actor: r.actor,
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validate(r: CheckRecord): void {
  for (const [label, v] of [
    ['整改期限', r.deadline],
    ['公布日期', r.publishedOn],
    ['整改报告报送日期', r.reportFiledOn],
  ] as const) {
    if (v !== null && !DATE.test(v)) throw new FcrError('BAD_ARGS', `${label}应为 YYYY-MM-DD 格式的日期，收到：${v}`);
  }
  r.interviews.forEach((i, n) => {
    if (!DATE.test(i.date)) throw new FcrError('BAD_ARGS', `第 ${n + 1} 次约谈的日期应为 YYYY-MM-DD，收到：${i.date}`);
    if (!i.who.trim()) throw new FcrError('BAD_ARGS', `第 ${n + 1} 次约谈请写明约谈对象。`);
  });
  r.problems.forEach((p, n) => {
    if (p.kind === 'substantive' && !p.standard.trim())
      throw new FcrError('BAD_ARGS', `第 ${n + 1} 个实质问题请选择审查标准。`);
  });
  if (r.disposition === 'none' && r.problems.length)
    throw new FcrError('BAD_ARGS', '已记录问题，处理方式不能为“无问题”。');
}

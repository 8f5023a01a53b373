/**
 * Third-party evaluation (第三方评估, 实施办法 第三十五条; issue 12): the evaluator's record of each
 * measure of a batch (findings confirmed or rejected, the evaluator's own problems, a verdict, a
 * note, rectified or open) and the batch's indicators computed from those records. Pure TS: the
 * service, the CLI, the report and the UI all count with the same functions.
 */
import type { Category } from './rules/types.js';
import type { Level } from './rules/types.js';
import { CATEGORIES } from './rules/types.js';
import { CATEGORY_LABELS } from './review/model.js';
import { barChartSvg, pieChartSvg, type ChartSvg } from './charts.js';
import { STRATA_LABELS, type SamplePlan } from './sampling.js';

/** 符合 / 存在问题 / 需进一步核实 */
export type EvaluationVerdict = 'compliant' | 'problem' | 'verify';
export const EVALUATION_VERDICTS: readonly EvaluationVerdict[] = ['compliant', 'problem', 'verify'];
export const VERDICT_LABELS: Record<EvaluationVerdict, string> = {
  compliant: '符合',
  problem: '存在问题',
  verify: '需进一步核实',
};

/** The evaluator's decision on a finding: 确认 (a real problem) or 排除 (not one, with a reason). */
export type FindingDecision = 'confirm' | 'reject';
export const DECISION_LABELS: Record<FindingDecision, string> = { confirm: '确认', reject: '排除' };

/** Where the review on file came from, if any. */
export type ReviewOnFile = 'bundle' | 'final' | null;
export const REVIEW_ON_FILE_LABELS = {
  bundle: '收到审查包',
  final: '库内审查已定稿',
  none: '无审查记录',
} as const;

/** A finding of the document, as the evaluator decides on it (keyed by rule and clause text). */
export interface EvaluationFinding {
  /** The current finding's id (changes with a rescan; the decision does not). */
  findingId: number;
  ruleId: string;
  clause: string;
  /** The matched text. */
  text: string;
  message: string;
  standardId: string;
  category: Category;
  level: Level;
  manual: boolean;
  decision: FindingDecision | null;
  reason: string;
}

/** A problem the evaluator found that no finding covers. */
export interface EvaluationOwnProblem {
  id: number;
  clause: string;
  /** The clause's words, quoted in the report (may be empty). */
  quote: string;
  standardId: string;
  category: Category;
  note: string;
  createdAt: string;
}

/** One measure's evaluation record. */
export interface EvaluationRecord {
  batchId: number;
  documentId: number;
  title: string;
  docNumber: string | null;
  issuer: string | null;
  docDate: string | null;
  /** The region derived from the issuer (gazetteer), null when none is recognised. */
  region: string | null;
  reviewOnFile: ReviewOnFile;
  verdict: EvaluationVerdict | null;
  note: string;
  /** Meaningful when the measure has problems: true once they are rectified. */
  rectified: boolean;
  evaluator: string;
  updatedAt: string | null;
  findings: EvaluationFinding[];
  own: EvaluationOwnProblem[];
}

/** A problem clause of a measure: a confirmed finding or one of the evaluator's own. */
export interface ProblemClause {
  documentId: number;
  title: string;
  issuer: string | null;
  clause: string;
  quote: string;
  standardId: string;
  category: Category;
  source: 'finding' | 'own';
  note: string;
}

/** The problem clauses of a record: its confirmed findings (one per clause and standard) and its own problems. */
export function problemClauses(
  r: EvaluationRecord,
  quoteOf: (f: EvaluationFinding) => string = (f) => f.text,
): ProblemClause[] {
  const base = { documentId: r.documentId, title: r.title, issuer: r.issuer };
  const seen = new Set<string>();
  const confirmed = r.findings
    .filter((f) => f.decision === 'confirm')
    .filter((f) => {
      const key = `${f.clause}|${f.standardId}|${f.category}`;
      return !seen.has(key) && (seen.add(key), true);
    })
    .map((f): ProblemClause => ({
      ...base,
      clause: f.clause,
      quote: quoteOf(f),
      standardId: f.standardId,
      category: f.category,
      source: 'finding',
      note: f.reason || f.message,
    }));
  const own = r.own.map((p): ProblemClause => ({
    ...base,
    clause: p.clause,
    quote: p.quote,
    standardId: p.standardId,
    category: p.category,
    source: 'own',
    note: p.note,
  }));
  return [...confirmed, ...own];
}

/** One measure as the indicators count it. */
export interface EvaluatedMeasure {
  documentId: number;
  issuer: string | null;
  region: string | null;
  reviewOnFile: ReviewOnFile;
  verdict: EvaluationVerdict | null;
  rectified: boolean;
  problems: Pick<ProblemClause, 'standardId' | 'category'>[];
  /** Findings the evaluator has not decided on yet. */
  undecided: number;
}

export function measureOf(r: EvaluationRecord, problems: ProblemClause[] = problemClauses(r)): EvaluatedMeasure {
  return {
    documentId: r.documentId,
    issuer: r.issuer,
    region: r.region,
    reviewOnFile: r.reviewOnFile,
    verdict: r.verdict,
    rectified: r.rectified,
    problems: problems.map((p) => ({ standardId: p.standardId, category: p.category })),
    undecided: r.findings.filter((f) => !f.decision).length,
  };
}

/** A measure has problems when it has a problem clause or the evaluator's verdict says so. */
export const hasProblems = (m: Pick<EvaluatedMeasure, 'problems' | 'verdict'>): boolean =>
  m.problems.length > 0 || m.verdict === 'problem';

export interface Tally {
  key: string;
  label: string;
  /** Measures with at least one problem in this group. */
  measures: number;
  /** Problem clauses in this group. */
  problems: number;
}

export interface EvaluationIndicators {
  /** Measures in the batch (imported documents). */
  measures: number;
  /** Measures with a verdict: the rest are still to be evaluated. */
  evaluated: number;
  /** Evaluated measures with a review on file (a received bundle or a finalised review). */
  withReview: number;
  withProblems: number;
  withoutProblems: number;
  /** Problem clauses of the evaluated measures. */
  problems: number;
  rectified: number;
  /** Measures with problems not yet rectified. */
  open: number;
  /** Findings of evaluated measures not yet confirmed or rejected. */
  undecided: number;
  byVerdict: Record<EvaluationVerdict, number>;
  byCategory: Tally[];
  byStandard: Tally[];
  byIssuer: Tally[];
  byRegion: Tally[];
}

export const UNKNOWN_ISSUER = '（未填写发文机关）';
export const UNKNOWN_REGION = '（未识别地区）';

/**
 * The batch's indicators over its evaluated measures (those with a verdict). Tallies by issuer
 * and region count every evaluated measure's problems; groups are ordered by problems, then
 * measures, then label, so the same records always give the same table and chart.
 */
export function evaluationIndicators(
  measures: readonly EvaluatedMeasure[],
  standardTitle: (id: string) => string = (id) => id,
): EvaluationIndicators {
  const evaluated = measures.filter((m) => m.verdict !== null);
  const withProblems = evaluated.filter(hasProblems);
  const byVerdict = Object.fromEntries(EVALUATION_VERDICTS.map((v) => [v, 0])) as Record<EvaluationVerdict, number>;
  for (const m of evaluated) byVerdict[m.verdict!]++;
  const tally = (
    keyOf: (m: EvaluatedMeasure, p: EvaluatedMeasure['problems'][number] | null) => string,
    labelOf: (key: string) => string,
    perProblem: boolean,
    seed: string[] = [],
  ): Tally[] => {
    const groups = new Map<string, { measures: Set<number>; problems: number }>();
    const group = (key: string) => {
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { measures: new Set(), problems: 0 }));
      return g;
    };
    seed.forEach(group);
    for (const m of withProblems) {
      if (perProblem) {
        for (const p of m.problems) {
          const g = group(keyOf(m, p));
          g.problems++;
          g.measures.add(m.documentId);
        }
      } else {
        const g = group(keyOf(m, null));
        g.problems += m.problems.length;
        g.measures.add(m.documentId);
      }
    }
    const out = [...groups].map(([key, g]) => ({
      key,
      label: labelOf(key),
      measures: g.measures.size,
      problems: g.problems,
    }));
    if (seed.length) return out; // a fixed order (the four categories)
    return out.sort(
      (a, b) => b.problems - a.problems || b.measures - a.measures || a.label.localeCompare(b.label, 'zh-CN'),
    );
  };
  return {
    measures: measures.length,
    evaluated: evaluated.length,
    withReview: evaluated.filter((m) => m.reviewOnFile !== null).length,
    withProblems: withProblems.length,
    withoutProblems: evaluated.length - withProblems.length,
    problems: evaluated.reduce((n, m) => n + m.problems.length, 0),
    rectified: withProblems.filter((m) => m.rectified).length,
    open: withProblems.filter((m) => !m.rectified).length,
    undecided: evaluated.reduce((n, m) => n + m.undecided, 0),
    byVerdict,
    byCategory: tally(
      (_, p) => p!.category,
      (k) => CATEGORY_LABELS[k as Category] ?? k,
      true,
      [...CATEGORIES],
    ),
    byStandard: tally((_, p) => p!.standardId, standardTitle, true),
    byIssuer: tally(
      (m) => m.issuer?.trim() || UNKNOWN_ISSUER,
      (k) => k,
      false,
    ),
    byRegion: tally(
      (m) => m.region || UNKNOWN_REGION,
      (k) => k,
      false,
    ),
  };
}

/** A share as a percentage with one decimal (“37.5%”), “—” when there is nothing to divide by. */
export function percent(part: number, whole: number): string {
  if (!whole) return '—';
  return `${(Math.round((1000 * part) / whole) / 10).toFixed(1).replace(/\.0$/, '')}%`;
}

/** The sample a batch's evaluation drew (filled from the stored sample plan when there is one). */
export interface EvaluationSample {
  seed: string;
  method: string;
  size: number;
  population: number;
  /** How the population was stratified (e.g. 按发文机关), empty when it was not. */
  strata: string;
  drawnAt?: string;
}

/** How the report describes a stored 抽查 plan (shared/sampling.ts): method, strata and weights in words. */
export function sampleForReport(plan: SamplePlan): EvaluationSample {
  const w = plan.params.weights;
  const weighted = w.strong > 1 || w.prior > 1;
  const kind = `${plan.strata === 'none' ? '' : '分层'}${weighted ? '加权' : '简单'}随机抽样`;
  const weights = weighted
    ? `；重点抽查权重：有强提示的文件 ×${w.strong}，此前被查出问题的发文单位的文件 ×${w.prior}`
    : '';
  return {
    seed: plan.seed,
    method: `${kind}（${plan.method}${weights}）`,
    size: plan.size,
    population: plan.populationSize,
    strata: plan.strata === 'none' ? '' : STRATA_LABELS[plan.strata],
    drawnAt: plan.drawnAt,
  };
}

/** A batch's evaluation overview: its records (summaries), indicators and sample. */
export interface EvaluationOverview {
  batchId: number;
  records: EvaluationRecordSummary[];
  indicators: EvaluationIndicators;
  sample: EvaluationSample | null;
}

export interface EvaluationRecordSummary {
  documentId: number;
  title: string;
  issuer: string | null;
  region: string | null;
  reviewOnFile: ReviewOnFile;
  verdict: EvaluationVerdict | null;
  rectified: boolean;
  findings: number;
  confirmed: number;
  rejected: number;
  own: number;
}

export function summaryOf(r: EvaluationRecord): EvaluationRecordSummary {
  return {
    documentId: r.documentId,
    title: r.title,
    issuer: r.issuer,
    region: r.region,
    reviewOnFile: r.reviewOnFile,
    verdict: r.verdict,
    rectified: r.rectified,
    findings: r.findings.length,
    confirmed: r.findings.filter((f) => f.decision === 'confirm').length,
    rejected: r.findings.filter((f) => f.decision === 'reject').length,
    own: r.own.length,
  };
}

/** The batch's charts: problems by category and by issuing body (bars), with/without problems and rectified/open (pies). */
export interface EvaluationCharts {
  byCategory: ChartSvg;
  byIssuer: ChartSvg;
  problems: ChartSvg;
  rectification: ChartSvg;
}

export function evaluationCharts(ind: EvaluationIndicators, width = 600): EvaluationCharts {
  const bars = (t: Tally) => ({ label: t.label, value: t.problems });
  return {
    byCategory: barChartSvg({ title: '问题条款（按类别）', data: ind.byCategory.map(bars), unit: '处', width }),
    byIssuer: barChartSvg({ title: '问题条款（按发文机关）', data: ind.byIssuer.map(bars), unit: '处', width }),
    problems: pieChartSvg({
      title: '已评估文件：有无问题',
      data: [
        { label: '存在问题', value: ind.withProblems },
        { label: '未发现问题', value: ind.withoutProblems },
      ],
      unit: '份',
      width,
      colors: ['#c55a11', '#548235'],
    }),
    rectification: pieChartSvg({
      title: '存在问题的文件：整改情况',
      data: [
        { label: '已整改', value: ind.rectified },
        { label: '未整改', value: ind.open },
      ],
      unit: '份',
      width,
      colors: ['#2f5597', '#a5a5a5'],
    }),
  };
}

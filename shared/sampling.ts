/**
 * 抽查 sampling (issue 12; 条例 第二十一条, 实施办法 第三十九条): the population, the sample size,
 * stratified allocation, 重点抽查 weights and a reproducible weighted draw without replacement.
 * Pure TS, so the CLI, the services and the tests compute the very same draw.
 *
 * The draw, step by step (written into every plan as `method`):
 * 1. Population: the batch's stored documents, filtered by issuing body, region, date range and
 *    文种 (document kind); sorted by each document's stable key (the sha256 of its original file),
 *    so neither row order nor local ids can change anything below.
 * 2. Size n = max(⌈ratio × N⌉, min), capped at N.
 * 3. Strata (by issuing body or region): proportional quotas n·N_h/N rounded by largest remainder
 *    (ties: the larger stratum, then the name); when n ≥ the number of strata, a stratum left at 0
 *    takes one from the stratum whose allocation most exceeds its quota (never below 1).
 * 4. Weights (重点抽查): 1, × w_strong when the document has a strong finding, × w_prior when its
 *    issuing body had problems in an earlier check; the weight and its reasons are recorded.
 * 5. Random numbers: for each document u = mulberry32(fnv1a32(seed + "|" + key)), two outputs
 *    combined into a 53-bit fraction in (0, 1). FNV-1a (32-bit) and mulberry32 are small,
 *    public-domain, well-known generators; a document's number depends only on the seed and its
 *    own key.
 * 6. Weighted sampling without replacement (Efraimidis–Spirakis, 2006): key_i = ln(u_i) / w_i
 *    (the log of u^(1/w)); each stratum takes its allocation of the largest keys (ties: the stable
 *    key). P(drawn) grows with the weight; with equal weights it is a simple random sample.
 */

export const SAMPLING_METHOD =
  '逐件随机数：以“随机种子|文件 SHA-256”的 FNV-1a（32 位）散列为 mulberry32 的种子；' +
  'Efraimidis–Spirakis 加权无放回抽样（键值 ln(u)/权重，取最大者）；' +
  '分层时按比例分配（最大余数法，样本量允许时每层至少 1 件）';

export type StrataBy = 'none' | 'issuer' | 'region';

export const STRATA_LABELS: Record<StrataBy, string> = { none: '不分层', issuer: '按发文单位', region: '按地区' };

/** Region used when a document's issuer names no known place. */
export const UNKNOWN_REGION = '未知';
/** Stratum of documents with no issuer. */
export const UNKNOWN_ISSUER = '（未识别发文单位）';

/** One stored document as the sampler sees it. */
export interface PopulationDoc {
  documentId: number;
  /** Stable across data folders: the sha256 of the original file. */
  key: string;
  title: string;
  docNumber: string | null;
  issuer: string | null;
  docDate: string | null;
  /** The region derived from the issuer (shared/region.ts), or null. */
  region: string | null;
  /** 文种 from the title (see docKind), or null. */
  kind: string | null;
  /** Strong findings on the document. */
  strong: number;
  /** Its issuing body had problems in an earlier 抽查. */
  priorProblems: boolean;
}

export interface PopulationFilter {
  /** A document matches when its normalised issuer contains one of these (normalised). */
  issuers?: string[];
  regions?: string[];
  /** YYYY-MM-DD, inclusive; a document without a date is left out when a range is given. */
  from?: string;
  to?: string;
  kinds?: string[];
}

export interface SampleWeights {
  /** Multiplier for documents with a strong finding (≥ 1). */
  strong: number;
  /** Multiplier for documents whose issuing body had earlier problems (≥ 1). */
  prior: number;
}

export interface SampleParams {
  seed: string;
  ratio?: number;
  min?: number;
  strata: StrataBy;
  weights: SampleWeights;
  filter: PopulationFilter;
}

export interface StratumAllocation {
  name: string;
  population: number;
  /** Exact proportional quota n·N_h/N. */
  quota: number;
  allocated: number;
}

export interface DrawnDoc {
  documentId: number;
  key: string;
  title: string;
  docNumber: string | null;
  issuer: string | null;
  region: string | null;
  stratum: string;
  weight: number;
  /** Why the weight is above 1, e.g. ["有强提示 ×3"]. */
  reasons: string[];
  /** The Efraimidis–Spirakis key ln(u)/w. */
  esKey: number;
}

export interface SampleDraw {
  method: string;
  populationSize: number;
  size: number;
  strata: StratumAllocation[];
  /** Every population document's weight (documents with weight 1 included). */
  weights: { documentId: number; weight: number; reasons: string[] }[];
  drawn: DrawnDoc[];
}

// ---------------------------------------------------------------- random numbers

/** FNV-1a, 32-bit, over the UTF-16 code units of a string. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** mulberry32: a 32-bit state generator; returns uniform 32-bit unsigned integers. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** A seeded generator of fractions in (0, 1) with 53 bits. */
export function seededRandom(seed: string): () => number {
  const next = mulberry32(fnv1a32(seed));
  return () => {
    const hi = next() >>> 5; // 27 bits
    const lo = next() >>> 6; // 26 bits
    return (hi * 67108864 + lo + 0.5) / 9007199254740992;
  };
}

// ---------------------------------------------------------------- documents

/** Issuer text compared for conflicts and strata: NFKC, no spaces or punctuation. */
export function normalizeUnit(text: string | null | undefined): string {
  return (text ?? '')
    .normalize('NFKC')
    .replace(/[\s\p{P}\p{S}]+/gu, '')
    .trim();
}

/** The issuing bodies named in an issuer field (joint issuance lists several, split on spaces, 、 and ,). */
export function issuerUnits(issuer: string | null | undefined): string[] {
  return (issuer ?? '')
    .split(/[\s、，,；;]+/u)
    .map(normalizeUnit)
    .filter((u) => u.length >= 2);
}

/** 文种 recognised at the end of a title (the longest first). */
export const DOC_KINDS = [
  '实施细则',
  '实施办法',
  '实施方案',
  '工作方案',
  '管理办法',
  '暂行办法',
  '暂行规定',
  '办法',
  '规定',
  '细则',
  '规则',
  '方案',
  '意见',
  '通知',
  '决定',
  '公告',
  '通告',
  '措施',
  '规划',
  '计划',
  '指引',
  '纲要',
  '批复',
  '函',
] as const;

/** The kind a title ends with, shortened to the base 文种 (实施办法 → 办法); null when none. */
export function docKind(title: string): string | null {
  const t = title.replace(/[\s（(][^（()）]*[)）]\s*$/u, '').replace(/[\s》」”"]+$/u, '');
  for (const k of DOC_KINDS) if (t.endsWith(k)) return k.length > 2 ? k.slice(-2) : k;
  return null;
}

// ---------------------------------------------------------------- the draw

export function sampleSize(populationSize: number, ratio: number | undefined, min: number | undefined): number {
  const byRatio = ratio !== undefined ? Math.ceil(ratio * populationSize - 1e-9) : 0;
  return Math.min(populationSize, Math.max(byRatio, min ?? 0));
}

export function filterPopulation(docs: readonly PopulationDoc[], f: PopulationFilter): PopulationDoc[] {
  const issuers = f.issuers?.filter(Boolean).map(normalizeUnit);
  const regions = f.regions?.filter(Boolean);
  const kinds = f.kinds?.filter(Boolean);
  return docs.filter((d) => {
    if (issuers?.length) {
      const own = normalizeUnit(d.issuer);
      if (!own || !issuers.some((i) => own.includes(i))) return false;
    }
    if (regions?.length && !regions.includes(d.region ?? UNKNOWN_REGION)) return false;
    if (kinds?.length && !kinds.includes(d.kind ?? '')) return false;
    if (f.from || f.to) {
      if (!d.docDate) return false;
      if (f.from && d.docDate < f.from) return false;
      if (f.to && d.docDate > f.to) return false;
    }
    return true;
  });
}

export function weightOf(d: PopulationDoc, w: SampleWeights): { weight: number; reasons: string[] } {
  let weight = 1;
  const reasons: string[] = [];
  if (d.strong > 0 && w.strong !== 1) {
    weight *= w.strong;
    reasons.push(`有强提示 ×${w.strong}`);
  }
  if (d.priorProblems && w.prior !== 1) {
    weight *= w.prior;
    reasons.push(`发文单位曾被查出问题 ×${w.prior}`);
  }
  return { weight, reasons };
}

export function stratumOf(d: PopulationDoc, by: StrataBy): string {
  if (by === 'issuer') return d.issuer?.trim() || UNKNOWN_ISSUER;
  if (by === 'region') return d.region ?? UNKNOWN_REGION;
  return '全部';
}

const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Proportional allocation of n over strata (largest remainder), at least one each when n allows. */
export function allocate(strata: { name: string; population: number }[], n: number): StratumAllocation[] {
  const total = strata.reduce((a, s) => a + s.population, 0);
  const out = strata.map((s) => {
    const quota = total ? (n * s.population) / total : 0;
    return { name: s.name, population: s.population, quota, allocated: Math.floor(quota) };
  });
  let left = n - out.reduce((a, s) => a + s.allocated, 0);
  const order = [...out].sort(
    (a, b) =>
      b.quota - Math.floor(b.quota) - (a.quota - Math.floor(a.quota)) ||
      b.population - a.population ||
      byCode(a.name, b.name),
  );
  for (const s of order) {
    if (left <= 0) break;
    if (s.allocated < s.population) {
      s.allocated++;
      left--;
    }
  }
  if (n >= out.length) {
    for (const empty of out
      .filter((s) => s.allocated === 0 && s.population > 0)
      .sort((a, b) => byCode(a.name, b.name))) {
      const donor = out
        .filter((s) => s.allocated > 1)
        .sort((a, b) => b.allocated - b.quota - (a.allocated - a.quota) || byCode(a.name, b.name))[0];
      if (!donor) break;
      donor.allocated--;
      empty.allocated++;
    }
  }
  return out;
}

/** Draws the sample. Throws a plain Error with a Chinese message on impossible parameters. */
export function drawSample(population: readonly PopulationDoc[], p: SampleParams): SampleDraw {
  if (!p.seed.trim()) throw new Error('请给出随机种子（如 2025-抽查-1）。');
  if (p.ratio === undefined && p.min === undefined) throw new Error('请给出抽样比例或最少抽取件数。');
  if (p.ratio !== undefined && !(p.ratio > 0 && p.ratio <= 1)) throw new Error('抽样比例应大于 0 且不超过 1。');
  if (p.min !== undefined && !(Number.isInteger(p.min) && p.min >= 0)) throw new Error('最少抽取件数应为非负整数。');
  for (const [k, v] of Object.entries(p.weights))
    if (!(v >= 1 && v <= 100)) throw new Error(`权重 ${k} 应在 1 到 100 之间，收到 ${v}。`);
  const docs = filterPopulation(population, p.filter).sort(
    (a, b) => byCode(a.key, b.key) || a.documentId - b.documentId,
  );
  const n = sampleSize(docs.length, p.ratio, p.min);
  const groups = new Map<string, PopulationDoc[]>();
  for (const d of docs) {
    const name = stratumOf(d, p.strata);
    const g = groups.get(name);
    if (g) g.push(d);
    else groups.set(name, [d]);
  }
  const strata = allocate(
    [...groups.keys()].sort(byCode).map((name) => ({ name, population: groups.get(name)!.length })),
    n,
  );
  const weights = docs.map((d) => ({ documentId: d.documentId, ...weightOf(d, p.weights) }));
  const weightById = new Map(weights.map((w) => [w.documentId, w]));
  const drawn: DrawnDoc[] = [];
  for (const s of strata) {
    const keyed = groups.get(s.name)!.map((d) => {
      const w = weightById.get(d.documentId)!;
      const u = seededRandom(`${p.seed}|${d.key}`)();
      return { d, w, esKey: Math.log(u) / w.weight };
    });
    keyed.sort((a, b) => b.esKey - a.esKey || byCode(a.d.key, b.d.key));
    for (const { d, w, esKey } of keyed.slice(0, s.allocated)) {
      drawn.push({
        documentId: d.documentId,
        key: d.key,
        title: d.title,
        docNumber: d.docNumber,
        issuer: d.issuer,
        region: d.region,
        stratum: s.name,
        weight: w.weight,
        reasons: w.reasons,
        esKey,
      });
    }
  }
  return { method: SAMPLING_METHOD, populationSize: docs.length, size: n, strata, weights, drawn };
}

// ---------------------------------------------------------------- 双随机 inspectors

export interface Inspector {
  name: string;
  unit: string;
}

export interface Assignment {
  documentId: number;
  inspectors: Inspector[];
}

/** True when the inspector's unit is (or contains, or is contained in) one of the document's issuing bodies. */
export function isOwnUnit(inspector: Inspector, issuer: string | null): boolean {
  const unit = normalizeUnit(inspector.unit);
  if (!unit) return false;
  const units = issuerUnits(issuer);
  const whole = normalizeUnit(issuer);
  return (
    units.some((u) => u.includes(unit) || unit.includes(u)) ||
    (whole.length >= 2 && (whole.includes(unit) || unit.includes(whole)))
  );
}

export class NoEligibleInspector extends Error {
  constructor(
    readonly documentId: number,
    title: string,
    issuer: string | null,
  ) {
    super(
      `《${title}》没有可指派的检查人员：名单中${
        issuer ? `的人员都来自其发文单位“${issuer}”或已被指派` : '人数不足'
      }。请在名单中增加其他单位的人员。`,
    );
    this.name = 'NoEligibleInspector';
  }
}

/**
 * 双随机: assigns `perMeasure` inspectors to each drawn measure, at random from the eligible ones
 * (never from the measure's own issuing body), spreading the load: among the eligible, those with
 * the fewest measures so far; among them one at random (seeded: seed + "|assign"). Measures in the
 * order drawn, the roster in the order given (sorted by unit and name first, so the order of the
 * list does not matter).
 */
export function assignInspectors(
  measures: readonly { documentId: number; title: string; issuer: string | null }[],
  roster: readonly Inspector[],
  seed: string,
  perMeasure = 1,
): Assignment[] {
  const people = [...roster]
    .map((r) => ({ name: r.name.trim(), unit: r.unit.trim() }))
    .filter((r) => r.name)
    .sort((a, b) => byCode(a.unit, b.unit) || byCode(a.name, b.name));
  if (!people.length) throw new Error('检查人员名单为空。');
  const load = new Map<Inspector, number>(people.map((p) => [p, 0]));
  const random = seededRandom(`${seed}|assign`);
  return measures.map((m) => {
    const chosen: Inspector[] = [];
    for (let k = 0; k < perMeasure; k++) {
      const eligible = people.filter((p) => !chosen.includes(p) && !isOwnUnit(p, m.issuer));
      if (!eligible.length) throw new NoEligibleInspector(m.documentId, m.title, m.issuer);
      const least = Math.min(...eligible.map((p) => load.get(p)!));
      const pool = eligible.filter((p) => load.get(p) === least);
      const pick = pool[Math.floor(random() * pool.length)]!;
      load.set(pick, least + 1);
      chosen.push(pick);
    }
    return { documentId: m.documentId, inspectors: chosen.map((c) => ({ ...c })) };
  });
}

/** A roster from text: one inspector a line, "姓名,单位" (comma, tab or 、); a header line 姓名 is skipped. */
export function parseRoster(text: string): Inspector[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^姓名[,，\t]/.test(l))
    .map((l) => {
      const [name = '', ...rest] = l.split(/[,，\t]/);
      return { name: name.trim(), unit: rest.join(' ').trim() };
    })
    .filter((r) => r.name);
}

// ---------------------------------------------------------------- stored plans (API types)

export interface SamplePlanSummary {
  id: number;
  batchId: number;
  seed: string;
  strata: StrataBy;
  populationSize: number;
  size: number;
  drawnAt: string;
  actor: string;
}

export interface SamplePlan extends SamplePlanSummary {
  params: SampleParams;
  method: string;
  allocation: StratumAllocation[];
  weights: SampleDraw['weights'];
  drawn: DrawnDoc[];
}

export interface InspectorAssignment {
  id: number;
  seed: string;
  perMeasure: number;
  roster: Inspector[];
  assignments: Assignment[];
  assignedAt: string;
  actor: string;
}

/** A drawn measure with its inspectors and where its check stands. */
export interface SampledMeasure extends DrawnDoc {
  inspectors: Inspector[];
  /** A check record was saved. */
  checked: boolean;
  problems: number;
  disposition: import('./check-record.js').CheckDisposition | null;
  status: import('./check-record.js').RectificationStatus | null;
  deadline: string | null;
  overdue: boolean;
  daysOverdue: number;
  interviews: number;
  /** The agency's review bundle was received for this document. */
  hasBundle: boolean;
  /** The document is still in the library (not deleted). */
  available: boolean;
}

export interface SamplePlanDetail {
  plan: SamplePlan;
  assignment: InspectorAssignment | null;
  measures: SampledMeasure[];
  /** The local date overdue was computed against. */
  today: string;
}

export interface DocumentFindingOption {
  findingId: number;
  clause: string;
  standard: string;
  category: string;
  level: 'strong' | 'weak';
  text: string;
  message: string;
}

export interface ReceivedReview {
  signerUnit: string;
  signerName: string;
  signedAt: string;
  receivedAt: string;
  conclusion: string | null;
  findings: import('./check-record.js').AgencyFinding[];
}

export interface CheckRecordView {
  planId: number;
  measure: SampledMeasure;
  record: import('./check-record.js').CheckRecord;
  /** The document's current findings, to pick substantive problems from. */
  findings: DocumentFindingOption[];
  bundle: ReceivedReview | null;
  comparison: import('./check-record.js').ComparisonRow[];
  updatedAt: string | null;
  updatedBy: string | null;
}

/** Values for the draw form's filters: what the batch's documents have. */
export interface SamplingOptions {
  populationSize: number;
  issuers: string[];
  regions: string[];
  kinds: string[];
  strongDocuments: number;
  priorProblemDocuments: number;
}

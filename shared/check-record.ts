/**
 * The check record of one sampled measure (issue 12): the five checks of a 抽查 notice, the
 * problems found, the comparison with the agency's own review (when its bundle was received),
 * the disposition and its rectification, and 约谈. Pure TS: labels, overdue and the comparison
 * are computed here for the services, the exports and the UI alike.
 */

export type CheckItemId = 'unreviewed' | 'against_conclusion' | 'conclusion_accurate' | 'mechanism' | 'procedure';

/** The five checks (a county 抽查 notice of 2025; 实施办法 第四十条, SAMR Q&A 56). */
export const CHECK_ITEMS: readonly { id: CheckItemId; label: string }[] = [
  { id: 'unreviewed', label: '是否未经审查出台' },
  { id: 'against_conclusion', label: '是否违背审查结论出台' },
  { id: 'conclusion_accurate', label: '审查结论是否准确' },
  { id: 'mechanism', label: '审查机制是否健全' },
  { id: 'procedure', label: '审查程序是否规范' },
];

/** pass: nothing wrong on this point; fail: a problem; unclear: to be verified. */
export type CheckResult = 'pass' | 'fail' | 'unclear';
export const CHECK_RESULT_LABELS: Record<CheckResult, string> = { pass: '无问题', fail: '有问题', unclear: '待核实' };

export type ProceduralType = 'unreviewed' | 'no_consultation' | 'against_conclusion' | 'no_mechanism';
export const PROCEDURAL_LABELS: Record<ProceduralType, string> = {
  unreviewed: '未经审查',
  no_consultation: '未听取意见',
  against_conclusion: '违背审查结论',
  no_mechanism: '机制缺失',
};

export interface SubstantiveProblem {
  kind: 'substantive';
  /** The document's finding this problem was picked from (null when added by the inspector). */
  findingId: number | null;
  clause: string;
  /** Standard id (standards.yaml). */
  standard: string;
  category: string;
  /** The clause text or other evidence. */
  evidence: string;
  note: string;
}

export interface ProceduralProblem {
  kind: 'procedural';
  type: ProceduralType;
  note: string;
}

export type Problem = SubstantiveProblem | ProceduralProblem;

export type CheckDisposition = 'none' | 'revise' | 'repeal' | 'stop' | 'terminate';
export const CHECK_DISPOSITIONS: readonly CheckDisposition[] = ['none', 'revise', 'repeal', 'stop', 'terminate'];
export const CHECK_DISPOSITION_LABELS: Record<CheckDisposition, string> = {
  none: '无问题',
  revise: '修订',
  repeal: '废止',
  stop: '停止执行',
  terminate: '解除协议',
};

export type RectificationStatus = 'pending' | 'in_progress' | 'done';
export const RECTIFICATION_LABELS: Record<RectificationStatus, string> = {
  pending: '待整改',
  in_progress: '整改中',
  done: '已整改',
};

export interface Interview {
  /** YYYY-MM-DD */
  date: string;
  /** Who was interviewed (the unit's head) and by whom. */
  who: string;
  note: string;
}

export interface CheckRecord {
  checks: Record<CheckItemId, { result: CheckResult | null; note: string }>;
  problems: Problem[];
  disposition: CheckDisposition | null;
  /** Rectification deadline, YYYY-MM-DD. */
  deadline: string | null;
  status: RectificationStatus | null;
  /** When and where the repeal or revision was published. */
  publishedOn: string | null;
  publishedWhere: string;
  /** When the 整改报告 was filed. */
  reportFiledOn: string | null;
  interviews: Interview[];
  note: string;
}

export function emptyCheckRecord(): CheckRecord {
  return {
    checks: Object.fromEntries(CHECK_ITEMS.map((c) => [c.id, { result: null, note: '' }])) as CheckRecord['checks'],
    problems: [],
    disposition: null,
    deadline: null,
    status: null,
    publishedOn: null,
    publishedWhere: '',
    reportFiledOn: null,
    interviews: [],
    note: '',
  };
}

/** A stored record completed with the fields a later version added. */
export function completeCheckRecord(stored: Partial<CheckRecord> | null | undefined): CheckRecord {
  const base = emptyCheckRecord();
  if (!stored) return base;
  return { ...base, ...stored, checks: { ...base.checks, ...(stored.checks ?? {}) } };
}

/** Rectification is due: a disposition other than 无问题, not yet 已整改. */
export function needsRectification(r: CheckRecord): boolean {
  return r.disposition !== null && r.disposition !== 'none' && r.status !== 'done';
}

/** Past its deadline and not rectified (today: YYYY-MM-DD, the local date). */
export function isOverdue(r: CheckRecord, today: string): boolean {
  return needsRectification(r) && r.deadline !== null && r.deadline < today;
}

/** Days past the deadline (0 when not overdue). */
export function daysOverdue(r: CheckRecord, today: string): number {
  if (!isOverdue(r, today)) return 0;
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${r.deadline}T00:00:00Z`)) / 86_400_000);
}

/** One line per problem, for lists and the published result. */
export function problemText(p: Problem, standardTitle?: (id: string) => string | undefined): string {
  if (p.kind === 'procedural') return `程序问题：${PROCEDURAL_LABELS[p.type]}${p.note ? `（${p.note}）` : ''}`;
  const std = standardTitle?.(p.standard) ?? p.standard;
  return `${p.clause ? `${p.clause}：` : ''}${std}${p.note ? `（${p.note}）` : ''}`;
}

/** What changed between two versions of a record, in words, for the audit log. */
export function describeChanges(before: CheckRecord, after: CheckRecord): string[] {
  const out: string[] = [];
  for (const item of CHECK_ITEMS) {
    const a = before.checks[item.id];
    const b = after.checks[item.id];
    if (a.result !== b.result || a.note !== b.note) {
      const label = (r: CheckResult | null) => (r ? CHECK_RESULT_LABELS[r] : '未填');
      out.push(`${item.label}：${label(a.result)} → ${label(b.result)}${b.note !== a.note ? '（说明已改）' : ''}`);
    }
  }
  if (JSON.stringify(before.problems) !== JSON.stringify(after.problems))
    out.push(`问题：${before.problems.length} 项 → ${after.problems.length} 项`);
  const fields: [keyof CheckRecord, string][] = [
    ['disposition', '处理方式'],
    ['deadline', '整改期限'],
    ['status', '整改状态'],
    ['publishedOn', '公布日期'],
    ['publishedWhere', '公布载体'],
    ['reportFiledOn', '整改报告报送日期'],
    ['note', '备注'],
  ];
  const show = (k: keyof CheckRecord, v: unknown): string => {
    if (v === null || v === '') return '空';
    if (k === 'disposition') return CHECK_DISPOSITION_LABELS[v as CheckDisposition];
    if (k === 'status') return RECTIFICATION_LABELS[v as RectificationStatus];
    return String(v);
  };
  for (const [k, label] of fields)
    if (before[k] !== after[k]) out.push(`${label}：${show(k, before[k])} → ${show(k, after[k])}`);
  if (JSON.stringify(before.interviews) !== JSON.stringify(after.interviews))
    out.push(`约谈：${before.interviews.length} 次 → ${after.interviews.length} 次`);
  return out;
}

// ---------------------------------------------------------------- agency vs inspector

/** One finding of the agency's received review. */
export interface AgencyFinding {
  findingId: number;
  clause: string;
  standard: string;
  text: string;
  /** The agency's decision on it: accept (adopted as a problem), exception, reject, or none. */
  disposition: 'accept' | 'exception' | 'reject' | null;
}

export type ComparisonOutcome = 'agreed' | 'missed' | 'disputed' | 'agency_only';
export const COMPARISON_LABELS: Record<ComparisonOutcome, string> = {
  agreed: '一致',
  missed: '机关未发现',
  disputed: '有争议',
  agency_only: '仅机关认定',
};

export interface ComparisonRow {
  outcome: ComparisonOutcome;
  clause: string;
  standard: string;
  /** What the agency decided on the matching finding, if any. */
  agency: AgencyFinding['disposition'] | 'absent';
  /** The inspector recorded it as a problem. */
  inspector: boolean;
}

/**
 * Compares what the agency's review flagged with what the inspector found (substantive problems):
 * a problem and a finding match by finding id, else by clause and standard. agreed: the agency
 * adopted it (采纳) and the inspector records it; missed: the inspector records it and the agency
 * had no such finding or left it undecided; disputed: the inspector records it and the agency
 * rejected it or applied an exception; agency_only: the agency adopted it, the inspector does not
 * record it.
 */
export function compareWithAgency(agency: readonly AgencyFinding[], problems: readonly Problem[]): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  const used = new Set<number>();
  for (const p of problems) {
    if (p.kind !== 'substantive') continue;
    const match =
      agency.find((a) => p.findingId !== null && a.findingId === p.findingId) ??
      agency.find((a) => !used.has(a.findingId) && a.clause === p.clause && a.standard === p.standard);
    if (match) used.add(match.findingId);
    const d = match?.disposition ?? null;
    rows.push({
      outcome: d === 'accept' ? 'agreed' : d === 'reject' || d === 'exception' ? 'disputed' : 'missed',
      clause: p.clause,
      standard: p.standard,
      agency: match ? d : 'absent',
      inspector: true,
    });
  }
  for (const a of agency) {
    if (used.has(a.findingId) || a.disposition !== 'accept') continue;
    rows.push({ outcome: 'agency_only', clause: a.clause, standard: a.standard, agency: 'accept', inspector: false });
  }
  return rows;
}

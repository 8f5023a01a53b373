/**
 * The review model: a reviewer's dispositions of findings, the checklist of standards, the
 * exception statement and the conclusion — and the pure rules that connect them. No storage and
 * no UI here: the service persists these values, the renderer displays them.
 */
import type { Category, Standard } from '../rules/types.js';

/** 采纳（需修改）/ 适用例外 / 不采纳（误报） */
export type Disposition = 'accept' | 'exception' | 'reject';
export const DISPOSITION_LABELS: Record<Disposition, string> = {
  accept: '采纳（需修改）',
  exception: '适用例外',
  reject: '不采纳（误报）',
};

/** 不涉及 / 涉及-符合 / 涉及-不符合 / 适用例外 */
export type ChecklistAnswer = 'na' | 'ok' | 'violation' | 'exception';
export const ANSWER_LABELS: Record<ChecklistAnswer, string> = {
  na: '不涉及',
  ok: '涉及-符合',
  violation: '涉及-不符合',
  exception: '适用例外',
};

/** 符合 / 不符合（需修改后出台）/ 适用例外 */
export type Conclusion = 'compliant' | 'non_compliant' | 'exception';
export const CONCLUSION_LABELS: Record<Conclusion, string> = {
  compliant: '符合公平竞争审查标准',
  non_compliant: '不符合（需修改后出台）',
  exception: '适用例外规定',
};

/** The state of a document's review as the library shows it. */
export const REVIEW_STATUS_LABELS: Record<'unreviewed' | 'draft' | 'final', string> = {
  unreviewed: '未审查',
  draft: '审查中',
  final: '已定稿',
};

export const CATEGORY_LABELS: Record<Category, string> = {
  entry_exit: '市场准入和退出',
  free_flow: '商品和要素自由流动',
  cost: '影响生产经营成本',
  conduct: '影响生产经营行为',
};

/**
 * What a conclusion relying on an exception must explain: the five points of 实施办法第二十九条第二款.
 * `ground` is the id of a 条例第十二条 ground (E1–E4).
 */
export interface ExceptionStatement {
  effect: string;
  ground: string;
  leastHarm: string;
  term: string;
  other: string;
}

export const EXCEPTION_POINTS: { key: keyof ExceptionStatement; label: string; required: boolean }[] = [
  { key: 'effect', label: '具有或者可能具有的排除、限制竞争效果', required: true },
  { key: 'ground', label: '适用的《公平竞争审查条例》第十二条具体情形', required: true },
  { key: 'leastHarm', label: '对公平竞争影响最小的理由（没有影响更小的替代方案）', required: true },
  { key: 'term', label: '实施期限或者终止条件合理的理由', required: true },
  { key: 'other', label: '其他需要说明的情况', required: false },
];

/** The finding facts the checklist needs (a stored finding has more). */
export interface FindingFacts {
  standard: string;
  category: Category;
  clauseId: string;
  disposition: Disposition | null;
}

export interface ChecklistItem {
  standardId: string;
  /** For the catch-all standard, one item per category it is answered for; otherwise the standard's. */
  category: Category;
  answer: ChecklistAnswer | null;
  note: string;
  clauseIds: string[];
  exception: ExceptionStatement | null;
  /** True while the answer is the one derived from findings, not set by the reviewer. */
  derived: boolean;
}

/** The answer the findings and their dispositions suggest for one standard. */
export function suggestAnswer(findings: FindingFacts[]): ChecklistAnswer | null {
  if (!findings.length) return 'na';
  if (findings.some((f) => f.disposition === 'accept')) return 'violation';
  if (findings.some((f) => f.disposition === null)) return null;
  if (findings.some((f) => f.disposition === 'exception')) return 'exception';
  return 'ok';
}

/**
 * Builds the checklist from the standards, the findings and what the reviewer already answered:
 * a reviewer's own answer is kept; any other item gets the answer the findings suggest.
 */
export function buildChecklist(
  standards: Standard[],
  findings: FindingFacts[],
  saved: ChecklistItem[] = [],
): ChecklistItem[] {
  const key = (standardId: string, category: Category) => `${standardId}|${category}`;
  const savedByKey = new Map(saved.map((i) => [key(i.standardId, i.category), i]));
  const items: ChecklistItem[] = [];
  for (const std of standards) {
    const categories = std.catchAll && std.category === 'catch_all' ? std.categories : [std.category as Category];
    for (const category of categories) {
      const related = findings.filter((f) => f.standard === std.id && (!std.catchAll || f.category === category));
      const own = savedByKey.get(key(std.id, category));
      if (own && !own.derived) {
        items.push({ ...own, clauseIds: unique([...own.clauseIds, ...related.map((f) => f.clauseId)]) });
        continue;
      }
      items.push({
        standardId: std.id,
        category,
        answer: suggestAnswer(related),
        note: own?.note ?? '',
        clauseIds: unique(related.map((f) => f.clauseId)),
        exception: own?.exception ?? null,
        derived: true,
      });
    }
  }
  return items;
}

/** The conclusion the checklist points to, or null while any item is unanswered. */
export function suggestConclusion(items: ChecklistItem[]): Conclusion | null {
  if (items.some((i) => i.answer === null)) return null;
  if (items.some((i) => i.answer === 'violation')) return 'non_compliant';
  if (items.some((i) => i.answer === 'exception')) return 'exception';
  return 'compliant';
}

/** Missing parts of an exception statement, as Chinese sentences. */
export function exceptionProblems(statement: ExceptionStatement | null, groundIds: string[]): string[] {
  if (!statement) return EXCEPTION_POINTS.filter((p) => p.required).map((p) => `未说明：${p.label}`);
  const problems: string[] = [];
  for (const point of EXCEPTION_POINTS) {
    if (point.required && !statement[point.key].trim()) problems.push(`未说明：${point.label}`);
  }
  if (statement.ground.trim() && !groundIds.includes(statement.ground)) {
    problems.push(`适用情形“${statement.ground}”不是条例第十二条列举的情形`);
  }
  return problems;
}

export interface Consultation {
  /** 征求利害关系人意见 */
  stakeholders: boolean;
  /** 向社会公开征求意见 */
  publicComment: boolean;
  details: string;
  /** 未征求意见的情况说明（实施办法第二十八条第二款）。 */
  notDoneReason: string;
}

/** 性质 of the measure, as the 公平竞争审查表 asks. */
export type MeasureNature = 'admin_regulation' | 'local_regulation' | 'rule' | 'normative' | 'other';
export const NATURE_LABELS: Record<MeasureNature, string> = {
  admin_regulation: '行政法规草案',
  local_regulation: '地方性法规草案',
  rule: '规章',
  normative: '规范性文件',
  other: '其他政策措施',
};

/** What the 公平竞争审查表 asks beyond the conclusion: the measure, both bodies' contacts, remarks. */
export interface ReviewDetails {
  /** 涉及行业领域 */
  sector: string;
  nature: MeasureNature | null;
  /** 起草机构; empty: the document's issuer. */
  drafter: string;
  drafterContact: string;
  drafterPhone: string;
  /** 审查机构 contact and phone (the 审查机构 itself is the review's unit). */
  reviewerContact: string;
  reviewerPhone: string;
  /** 专家咨询或第三方评估情况 (optional). */
  expert: string;
  /** 其他需要说明的情况 */
  remarks: string;
}

export const EMPTY_DETAILS: ReviewDetails = {
  sector: '',
  nature: null,
  drafter: '',
  drafterContact: '',
  drafterPhone: '',
  reviewerContact: '',
  reviewerPhone: '',
  expert: '',
  remarks: '',
};

export interface ConclusionDraft {
  conclusion: Conclusion | null;
  reviewer: string;
  unit: string;
  consultation: Consultation;
  opinion: string;
}

/**
 * Everything that still stops a review from being finalised, as Chinese sentences naming the
 * finding, the standard or the field. An empty list means it can be finalised.
 */
export function finalizeProblems(
  draft: ConclusionDraft,
  items: ChecklistItem[],
  findings: (FindingFacts & { label: string })[],
  standards: Standard[],
  groundIds: string[],
): string[] {
  const problems: string[] = [];
  const titles = new Map(standards.map((s) => [s.id, s.title]));
  const name = (id: string) => `${id}「${titles.get(id) ?? id}」`;
  for (const f of findings) {
    if (f.disposition === null) problems.push(`疑似问题未处理：${f.label}（${name(f.standard)}）`);
  }
  for (const item of items) {
    if (item.answer === null) problems.push(`审查标准未作答：${name(item.standardId)}`);
    if (item.answer === 'exception') {
      for (const p of exceptionProblems(item.exception, groundIds))
        problems.push(`${name(item.standardId)} 适用例外${p}`);
    }
  }
  if (!draft.conclusion) problems.push('未选择审查结论');
  const suggested = suggestConclusion(items);
  if (draft.conclusion && suggested && draft.conclusion !== suggested) {
    if (draft.conclusion === 'compliant' && suggested !== 'compliant') {
      problems.push('审查表中仍有“涉及-不符合”或“适用例外”的标准，结论不能为“符合”');
    }
    if (draft.conclusion === 'exception' && suggested === 'non_compliant') {
      problems.push('审查表中仍有“涉及-不符合”的标准，结论不能为“适用例外”');
    }
    if (draft.conclusion === 'exception' && suggested === 'compliant') {
      problems.push('审查表中没有“适用例外”的标准，结论不能为“适用例外”');
    }
  }
  if (!draft.reviewer.trim()) problems.push('未填写审查人员');
  if (!draft.unit.trim()) problems.push('未填写审查机构（单位）');
  const c = draft.consultation;
  if (!c.stakeholders && !c.publicComment && !c.notDoneReason.trim()) {
    problems.push('未征求利害关系人或社会公众意见时，须说明理由（实施办法第二十八条）');
  }
  if ((c.stakeholders || c.publicComment) && !c.details.trim())
    problems.push('请填写征求意见的具体情况（时间、对象、意见及采纳情况）');
  return problems;
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

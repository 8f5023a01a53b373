import { describe, expect, it } from 'vitest';
import type { Standard } from '../../../shared/rules/types';
import {
  buildChecklist,
  exceptionProblems,
  finalizeProblems,
  suggestAnswer,
  suggestConclusion,
  type ChecklistItem,
  type ConclusionDraft,
  type ExceptionStatement,
  type FindingFacts,
} from '../../../shared/review/model';

const std = (id: string, category: Standard['category'], extra: Partial<Standard> = {}): Standard => ({
  id,
  category,
  categories: category === 'catch_all' ? ['entry_exit', 'free_flow', 'cost', 'conduct'] : [category],
  regulation: '条例',
  measure: '实施办法',
  title: `标准${id}`,
  description: '',
  basisGate: false,
  catchAll: category === 'catch_all',
  ...extra,
});

const STANDARDS = [std('M11-1', 'entry_exit'), std('M19-4', 'cost'), std('M24', 'catch_all')];
const GROUNDS = ['E1', 'E2', 'E3', 'E4'];
const f = (
  standard: string,
  disposition: FindingFacts['disposition'],
  category: FindingFacts['category'] = 'entry_exit',
  clauseId = 'a1',
) => ({
  standard,
  category,
  clauseId,
  disposition,
  label: `第一条（${standard}）`,
});
const FULL_EXCEPTION: ExceptionStatement = {
  effect: '限定在本行政区域内采购应急物资',
  ground: 'E3',
  leastHarm: '灾后 30 日内无其他供应渠道',
  term: '自发布之日起 3 个月，灾情解除即终止',
  other: '',
};

describe('checklist answers from findings', () => {
  it('suggests an answer per standard from the dispositions', () => {
    expect(suggestAnswer([])).toBe('na');
    expect(suggestAnswer([f('x', null)])).toBeNull();
    expect(suggestAnswer([f('x', 'reject'), f('x', 'reject')])).toBe('ok');
    expect(suggestAnswer([f('x', 'reject'), f('x', 'exception')])).toBe('exception');
    expect(suggestAnswer([f('x', 'exception'), f('x', 'accept')])).toBe('violation');
    expect(suggestAnswer([f('x', 'accept'), f('x', null)])).toBe('violation');
  });

  it('prefills every standard, with one item per category for the catch-all', () => {
    const items = buildChecklist(STANDARDS, [
      f('M11-1', 'accept', 'entry_exit', 'a3'),
      f('M24', 'reject', 'cost', 'a9'),
    ]);
    expect(items.map((i) => `${i.standardId}/${i.category}:${i.answer}`)).toEqual([
      'M11-1/entry_exit:violation',
      'M19-4/cost:na',
      'M24/entry_exit:na',
      'M24/free_flow:na',
      'M24/cost:ok',
      'M24/conduct:na',
    ]);
    expect(items[0]!.clauseIds).toEqual(['a3']);
    expect(items.every((i) => i.derived)).toBe(true);
  });

  it("keeps the reviewer's own answers and re-derives the rest", () => {
    const own: ChecklistItem = {
      standardId: 'M19-4',
      category: 'cost',
      answer: 'ok',
      note: '已核实有国务院批准',
      clauseIds: ['a2'],
      exception: null,
      derived: false,
    };
    const items = buildChecklist(STANDARDS, [f('M19-4', null, 'cost', 'a5')], [own]);
    const item = items.find((i) => i.standardId === 'M19-4')!;
    expect(item).toMatchObject({ answer: 'ok', note: '已核实有国务院批准', derived: false });
    expect(item.clauseIds).toEqual(['a2', 'a5']);
  });
});

describe('conclusion', () => {
  const item = (answer: ChecklistItem['answer'], exception: ExceptionStatement | null = null): ChecklistItem => ({
    standardId: 'M11-1',
    category: 'entry_exit',
    answer,
    note: '',
    clauseIds: [],
    exception,
    derived: false,
  });

  it('follows the checklist', () => {
    expect(suggestConclusion([item('na'), item('ok')])).toBe('compliant');
    expect(suggestConclusion([item('ok'), item('exception')])).toBe('exception');
    expect(suggestConclusion([item('exception'), item('violation')])).toBe('non_compliant');
    expect(suggestConclusion([item('ok'), item(null)])).toBeNull();
  });

  it('requires the four required points of an exception and a listed ground', () => {
    expect(exceptionProblems(FULL_EXCEPTION, GROUNDS)).toEqual([]);
    expect(exceptionProblems(null, GROUNDS)).toHaveLength(4);
    expect(exceptionProblems({ ...FULL_EXCEPTION, term: ' ' }, GROUNDS)).toEqual([
      '未说明：实施期限或者终止条件合理的理由',
    ]);
    expect(exceptionProblems({ ...FULL_EXCEPTION, ground: '地方发展需要' }, GROUNDS)[0]).toMatch(
      /不是条例第十二条列举的情形/,
    );
  });

  const draft: ConclusionDraft = {
    conclusion: 'exception',
    reviewer: '张三',
    unit: '某市市场监督管理局',
    consultation: {
      stakeholders: true,
      publicComment: false,
      details: '2026年5月征求本地及外地企业意见 12 条，采纳 9 条',
      notDoneReason: '',
    },
    opinion: '',
  };

  it('lets a complete review be finalised', () => {
    expect(
      finalizeProblems(
        draft,
        [item('exception', FULL_EXCEPTION), item('ok')],
        [f('M11-1', 'exception')],
        STANDARDS,
        GROUNDS,
      ),
    ).toEqual([]);
  });

  it('names every open point: undisposed findings, unanswered standards, missing exception points, inconsistencies', () => {
    const problems = finalizeProblems(
      {
        ...draft,
        conclusion: 'compliant',
        reviewer: '',
        consultation: { stakeholders: false, publicComment: false, details: '', notDoneReason: '' },
      },
      [item(null), item('exception', { ...FULL_EXCEPTION, leastHarm: '' }), item('violation')],
      [f('M11-1', null)],
      STANDARDS,
      GROUNDS,
    );
    expect(problems).toEqual([
      '疑似问题未处理：第一条（M11-1）（M11-1「标准M11-1」）',
      '审查标准未作答：M11-1「标准M11-1」',
      'M11-1「标准M11-1」 适用例外未说明：对公平竞争影响最小的理由（没有影响更小的替代方案）',
      '未填写审查人员',
      '未征求利害关系人或社会公众意见时，须说明理由（实施办法第二十八条）',
    ]);
    const inconsistent = finalizeProblems(
      { ...draft, conclusion: 'compliant' },
      [item('violation')],
      [],
      STANDARDS,
      GROUNDS,
    );
    expect(inconsistent).toContain('审查表中仍有“涉及-不符合”或“适用例外”的标准，结论不能为“符合”');
    const wrongException = finalizeProblems(
      { ...draft, conclusion: 'exception' },
      [item('ok')],
      [],
      STANDARDS,
      GROUNDS,
    );
    expect(wrongException).toContain('审查表中没有“适用例外”的标准，结论不能为“适用例外”');
  });

  it('accepts a documented reason for not consulting', () => {
    const reason = {
      stakeholders: false,
      publicComment: false,
      details: '',
      notDoneReason: '涉及国家秘密，依法不公开征求意见',
    };
    expect(
      finalizeProblems(
        { ...draft, conclusion: 'compliant', consultation: reason },
        [item('ok')],
        [],
        STANDARDS,
        GROUNDS,
      ),
    ).toEqual([]);
  });
});

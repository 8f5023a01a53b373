/** Revised drafts (issue 9, point 8): clauses matched between versions, findings followed into the new text. */
import { describe, expect, it } from 'vitest';
import {
  compareRevisions,
  comparisonWords,
  groupByClause,
  matchUnits,
  type RevisionFinding,
  type RevisionUnit,
} from '../../../shared/review/revision';
import { clauseSimilarity } from '../../../shared/text/fingerprint';

const unit = (id: string, label: string, text: string, start = 0): RevisionUnit => ({ id, label, text, start });
const finding = (clauseId: string, rule: string, clauseHash: string, extra: Partial<RevisionFinding> = {}) => ({
  rule,
  standard: 'S1',
  clauseId,
  clauseHash,
  text: '本地',
  ...extra,
});

describe('clauseSimilarity', () => {
  it('is 1 for the same clause in another layout and high for a lightly revised one', () => {
    expect(
      clauseSimilarity('第二条　政府采购应当优先采购本地企业产品。', '第二条 政府采购应当优先采购本地企业产品'),
    ).toBe(1);
    const s = clauseSimilarity(
      '政府采购项目应当优先采购本地企业生产的产品。',
      '政府采购项目应当平等对待各类企业生产的产品。',
    );
    expect(s).toBeGreaterThan(0.5);
    expect(s).toBeLessThan(1);
    expect(clauseSimilarity('本措施自印发之日起施行。', '对新引进企业给予税收奖励。')).toBeLessThan(0.2);
  });
});

describe('matchUnits', () => {
  it('matches equal texts, the same label revised, and a renumbered clause', () => {
    const before = [
      unit('a1', '第一条', '为促进产业发展，制定本措施。'),
      unit('a2', '第二条', '政府采购项目应当优先采购本地企业生产的产品。'),
      unit('a3', '第三条', '对在本市纳税的企业给予一次性奖励，奖励标准另行制定。'),
      unit('a4', '第四条', '本措施自印发之日起施行。'),
    ];
    const after = [
      unit('b1', '第一条', '为促进产业发展，制定本措施。'),
      unit('b2', '第二条', '政府采购项目应当平等对待各类企业生产的产品。'),
      unit('b3', '第三条', '各部门应当加强协作。'),
      unit('b4', '第四条', '对在本市纳税的企业给予一次性奖励，奖励标准另行制定。'),
      unit('b5', '第五条', '本措施自印发之日起施行。'),
    ];
    expect(Object.fromEntries(matchUnits(before, after))).toEqual({ a1: 'b1', a2: 'b2', a3: 'b4', a4: 'b5' });
  });

  it('leaves a deleted clause unmatched rather than pairing it with an unrelated one', () => {
    const m = matchUnits(
      [unit('a1', '第一条', '对新引进企业给予税收奖励。')],
      [unit('b1', '第一条', '本措施自印发之日起施行。')],
    );
    expect(m.size).toBe(0);
  });
});

describe('compareRevisions', () => {
  const before = {
    units: [
      unit('a1', '第一条', '政府采购项目应当优先采购本地企业生产的产品。'),
      unit('a2', '第二条', '限定本地企业参与投标。'),
      unit('a3', '第三条', '本措施自印发之日起施行。'),
    ],
    findings: [
      finding('a1', 'R1', 'h1', { disposition: 'accept' }),
      finding('a2', 'R2', 'h2', { disposition: 'reject' }),
      finding('a3', 'manual', 'm9', { manual: true, text: '印发之日', disposition: 'accept' }),
    ],
  };

  it('sorts earlier findings into resolved and still present, the rest of the new ones into new', () => {
    const after = {
      units: [
        unit('b1', '第一条', '政府采购项目应当平等对待各类企业生产的产品。', 0),
        unit('b2', '第二条', '限定本地企业参与投标。', 30),
        unit('b3', '第三条', '对在本市注册的企业给予奖励。', 50),
        unit('b4', '第四条', '本措施自印发之日起施行。', 70),
      ],
      findings: [finding('b2', 'R2', 'h2'), finding('b3', 'R3', 'h3')],
    };
    const c = compareRevisions(before, after);
    expect(c.resolved.map((i) => [i.rule, i.labelBefore, i.labelAfter])).toEqual([['R1', '第一条', '第一条']]);
    expect(c.resolved[0]!.textAfter).toContain('平等对待');
    expect(c.remaining.map((i) => [i.rule, i.unchanged, i.disposition])).toEqual([
      ['R2', true, 'reject'],
      ['manual', true, 'accept'],
    ]);
    // The manual finding's text moved with its clause.
    expect(c.remaining[1]!.at).toBe(70 + '本措施自'.length);
    expect(c.added.map((i) => [i.rule, i.labelAfter, i.labelBefore])).toEqual([['R3', '第三条', null]]);
    expect(comparisonWords({ resolved: 1, remaining: 2, added: 1 })).toBe('已解决 1、仍存在 2、新增 1');
  });

  it('keeps a finding still present in a revised clause, without carrying the decision', () => {
    const after = {
      units: [unit('b1', '第一条', '政府采购项目应当优先采购本地企业生产的产品和服务。')],
      findings: [finding('b1', 'R1', 'h1x')],
    };
    const c = compareRevisions(before, after);
    expect(c.remaining.map((i) => [i.rule, i.unchanged, i.textBefore, i.textAfter])).toEqual([
      [
        'R1',
        false,
        '政府采购项目应当优先采购本地企业生产的产品。',
        '政府采购项目应当优先采购本地企业生产的产品和服务。',
      ],
    ]);
    expect(c.resolved.map((i) => i.rule)).toEqual(['R2', 'manual']);
    expect(c.added).toEqual([]);
  });
});

describe('groupByClause', () => {
  it('shows the findings of one clause together, in order', () => {
    const c = compareRevisions(
      {
        units: [unit('a1', '第一条', '限定本地企业参与投标。'), unit('a2', '第二条', '优先采购本地产品。')],
        findings: [finding('a1', 'R1', 'h1'), finding('a2', 'R2', 'h2'), finding('a1', 'R3', 'h1')],
      },
      { units: [unit('b1', '第一条', '各类企业平等参与投标。')], findings: [] },
    );
    expect(groupByClause(c.resolved).map((g) => [g.labelBefore, g.items.map((i) => i.rule)])).toEqual([
      ['第一条', ['R1', 'R3']],
      ['第二条', ['R2']],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../shared/rules/compile.js';
import { scanText, scanUnits } from '../../../shared/rules/engine.js';
import { validateRuleFile } from '../../../shared/rules/schema.js';
import type { Standard } from '../../../shared/rules/types.js';
import { paragraphUnits, unitsFromClauses } from '../../../shared/rules/units.js';
import type { ClauseNode } from '../../../shared/types.js';
import { loadRules } from '../../../electron/services/rules.js';

const standards: Standard[] = [
  {
    id: 'S1',
    category: 'entry_exit',
    categories: ['entry_exit'],
    regulation: '条例第八条第（三）项',
    measure: '实施办法第十一条第（一）项',
    title: 't',
    description: 'd',
    basisGate: false,
    catchAll: false,
  },
  {
    id: 'S2',
    category: 'cost',
    categories: ['cost'],
    regulation: '条例第十条第（一）项',
    measure: '实施办法第十八条第（一）项',
    title: 't',
    description: 'd',
    basisGate: true,
    catchAll: false,
  },
  {
    id: 'M24',
    category: 'catch_all',
    categories: ['entry_exit', 'free_flow', 'cost', 'conduct'],
    regulation: '条例',
    measure: '实施办法第二十四条',
    title: 't',
    description: 'd',
    basisGate: false,
    catchAll: true,
  },
];

function ruleSetOf(rules: unknown[], lexicon: Record<string, string[]> = { PLACE: ['本地', '本市'] }) {
  const map = new Map(standards.map((s) => [s.id, s]));
  const defs = validateRuleFile({ rules }, 'test.yaml', map, lexicon);
  return compileRuleSet(defs, standards, lexicon, 'test');
}

const base = { level: 'strong', message: '疑似', suggestion: '建议', examples: { fire: ['x'] } };

describe('engine', () => {
  it('matches keywords, gated regexes, co-occurrence and sequences', () => {
    const rs = ruleSetOf([
      { ...base, id: 'K', standard: 'S1', match: [{ keywords: ['指定品牌'] }] },
      { ...base, id: 'R', standard: 'S1', match: [{ regex: '在{{PLACE}}注册', anchors: ['@PLACE'] }] },
      { ...base, id: 'N', standard: 'S1', match: [{ near: [['纳税'], ['奖励']], window: 10 }] },
      { ...base, id: 'Q', standard: 'S1', match: [{ sequence: [['优先'], ['采购'], ['本地']], gap: 3 }] },
    ]);
    const rules = (t: string) => scanText(rs, t).map((f) => f.rule);
    expect(rules('采购时使用指定品牌。')).toEqual(['K']);
    expect(rules('须为在本市注册的企业。')).toEqual(['R']);
    expect(rules('按纳税额给予奖励。')).toEqual(['N']);
    expect(rules('按纳税额的一定比例，经审核后再按程序给予奖励。')).toEqual([]);
    expect(rules('优先采购本地产品。')).toEqual(['Q']);
    expect(rules('采购优先本地产品。')).toEqual([]);
  });

  it('reports spans as offsets into the text, with the matched text', () => {
    const rs = ruleSetOf([{ ...base, id: 'K', standard: 'S1', match: [{ keywords: ['指定品牌'] }] }]);
    const text = '一、总则\n二、采购时使用指定品牌。';
    const [f] = scanUnits(rs, text, paragraphUnits(text));
    expect(f).toMatchObject({
      start: text.indexOf('指定品牌'),
      end: text.indexOf('指定品牌') + 4,
      text: '指定品牌',
      clause: '第2段',
    });
    expect(f!.basis).toBe('条例第八条第（三）项；实施办法第十一条第（一）项');
  });

  it('guards: negation and prohibition cues before the trigger in the same sentence', () => {
    const rs = ruleSetOf([{ ...base, id: 'K', standard: 'S1', match: [{ keywords: ['指定品牌'] }] }]);
    for (const t of ['不得指定品牌。', '严禁在招标中指定品牌。', '全面清理指定品牌等做法。', '取消指定品牌的规定。']) {
      expect(scanText(rs, t), t).toEqual([]);
    }
    // The cue must precede the trigger in the same sentence.
    expect(scanText(rs, '不得转包。采购时使用指定品牌。')).toHaveLength(1);
    expect(scanText(rs, '使用指定品牌，不得分包。')).toHaveLength(1);
    // Scoring language is not a prohibition.
    expect(scanText(rs, '未提供的不得分，使用指定品牌的加分。')).toHaveLength(1);
  });

  it('guards: definitions, quoted law titles and fair-competition work', () => {
    const rs = ruleSetOf([{ ...base, id: 'K', standard: 'S1', match: [{ keywords: ['指定品牌'] }] }]);
    expect(scanText(rs, '本办法所称指定品牌，是指采购人点名的品牌。')).toEqual([]);
    expect(scanText(rs, '依照《关于纠正指定品牌问题的通知》执行。')).toEqual([]);
    expect(scanText(rs, '开展公平竞争审查，重点审查指定品牌等问题。')).toEqual([]);
  });

  it('guards: a stated legal basis for basis-gated standards only', () => {
    const rs = ruleSetOf([
      { ...base, id: 'G', standard: 'S2', match: [{ keywords: ['免征'] }] },
      { ...base, id: 'U', standard: 'S1', match: [{ keywords: ['免征'] }] },
    ]);
    expect(scanText(rs, '经国务院批准，对试点企业免征该税。').map((f) => f.rule)).toEqual(['U']);
    expect(scanText(rs, '对入驻企业免征该税。').map((f) => f.rule)).toEqual(['G', 'U']);
  });

  it('a prohibitive "下列…：" lead-in turns the following list items into prohibitions', () => {
    const rs = ruleSetOf([{ ...base, id: 'K', standard: 'S1', match: [{ keywords: ['指定品牌'] }] }]);
    const doc = '第五条 起草单位不得含有下列内容：\n（一）指定品牌；\n（二）其他。\n第六条 采购时使用指定品牌。';
    const findings = scanUnits(rs, doc, paragraphUnits(doc));
    expect(findings.map((f) => f.clause)).toEqual(['第4段']);
  });

  it('require and exclude conditions, and clause scope', () => {
    const rs = ruleSetOf([
      {
        ...base,
        id: 'C',
        standard: 'S1',
        scope: 'clause',
        match: [{ keywords: ['本地企业'] }],
        require: [['奖励']],
        exclude: [['不区分']],
      },
    ]);
    expect(scanText(rs, '采购本地企业产品。按采购额给予奖励。')).toHaveLength(1);
    expect(scanText(rs, '采购本地企业产品。')).toHaveLength(0);
    expect(scanText(rs, '采购本地企业产品，不区分来源。按采购额给予奖励。')).toHaveLength(0);
  });

  it('catch-all rules carry the one category they concern', () => {
    const rs = ruleSetOf([
      { ...base, id: 'A', standard: 'M24', category: 'conduct', match: [{ keywords: ['统一定价'] }] },
    ]);
    expect(scanText(rs, '实行统一定价。')[0]).toMatchObject({ standard: 'M24', category: 'conduct' });
  });

  it('uses the clause tree: each clause scans its own text and carries its label', () => {
    const rs = ruleSetOf([{ ...base, id: 'K', standard: 'S1', match: [{ keywords: ['指定品牌'] }] }]);
    const text = '第一条 总则。\n（一）采购时使用指定品牌。';
    const child: ClauseNode = {
      id: 'a1.i1',
      kind: 'item',
      number: '（一）',
      label: '第一条 第（一）项',
      start: 8,
      end: text.length,
      children: [],
    };
    const nodes: ClauseNode[] = [
      { id: 'a1', kind: 'article', number: '第一条', label: '第一条', start: 0, end: text.length, children: [child] },
    ];
    const units = unitsFromClauses(text, nodes);
    expect(units.map((u) => u.label)).toEqual(['第一条', '第一条 第（一）项']);
    expect(scanUnits(rs, text, units).map((f) => f.clause)).toEqual(['第一条 第（一）项']);
  });

  it('is deterministic on the real rule set', () => {
    const { ruleSet } = loadRules();
    const text =
      '对在本市注册的企业，按其地方综合贡献的80%给予奖励。\n享受政策的企业须承诺十年内不迁出本区。\n推荐品牌：甲、乙、丙。';
    const a = JSON.stringify(scanUnits(ruleSet, text, paragraphUnits(text)));
    const b = JSON.stringify(scanUnits(loadRules().ruleSet, text, paragraphUnits(text)));
    expect(a).toBe(b);
    expect(JSON.parse(a).length).toBeGreaterThan(3);
  });
});

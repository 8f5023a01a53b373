import { describe, expect, it } from 'vitest';
import { citation, regulationWords } from '../../../shared/export/citation';
import {
  chineseDate,
  chineseNumber,
  exportFileName,
  formContent,
  opinionContent,
  type Block,
  type ExportInput,
} from '../../../shared/export/content';
import { draftOpinion } from '../../../shared/export/opinion-draft';
import { EMPTY_DETAILS, type ChecklistItem } from '../../../shared/review/model';
import type { ReviewRecord, StoredFinding } from '../../../shared/review/types';
import type { Standard } from '../../../shared/rules/types';
import { segment } from '../../../shared/segment/index';

const STANDARDS: Standard[] = [
  {
    id: 'M19-4',
    category: 'cost',
    categories: ['cost'],
    regulation: '条例第十条第（二）项',
    measure: '实施办法第十九条第（四）项',
    title: '与纳税额挂钩的奖补',
    description: '',
    basisGate: true,
    catchAll: false,
  },
  {
    id: 'M24',
    category: 'catch_all',
    categories: ['entry_exit', 'free_flow', 'cost', 'conduct'],
    regulation: '条例第八条第（五）项、第九条第（六）项、第十条第（四）项、第十一条第（四）项',
    measure: '实施办法第二十四条',
    title: '其他影响公平竞争的内容（总兜底）',
    description: '',
    basisGate: false,
    catchAll: true,
  },
];

const TEXT = [
  '试行措施',
  '第一条 为支持发展，制定本措施。',
  '第二条 按企业纳税额给予奖励。',
  '第三条 另行设置门槛。',
].join('\n');

function finding(over: Partial<StoredFinding>): StoredFinding {
  const start = TEXT.indexOf('按企业纳税额');
  return {
    rule: 'r1',
    standard: 'M19-4',
    category: 'cost',
    level: 'strong',
    start,
    end: start + 6,
    text: '按企业纳税额',
    clause: '第二条',
    clauseId: 'a2',
    message: '疑似按纳税额给予奖补。',
    suggestion: '删除与纳税额挂钩的奖补。',
    basis: '实施办法第十九条第（四）项',
    id: 1,
    documentId: 1,
    manual: false,
    note: '',
    rulesetVersion: 'v',
    clauseHash: 'h',
    disposition: 'accept',
    dispositionReason: '',
    ...over,
  };
}

const review: ReviewRecord = {
  id: 1,
  documentId: 1,
  revision: 1,
  status: 'draft',
  conclusion: 'non_compliant',
  reviewer: '审查员甲',
  unit: '某局',
  consultation: { stakeholders: false, publicComment: false, details: '', notDoneReason: '涉及保密事项' },
  opinion: '',
  details: { ...EMPTY_DETAILS, nature: 'rule', sector: '制造业' },
  createdAt: '2026-01-02T00:00:00Z',
  updatedAt: '2026-01-02T00:00:00Z',
  finalizedAt: null,
};

const third = TEXT.indexOf('另行设置门槛');
const findings = [
  finding({}),
  finding({
    id: 2,
    standard: 'M24',
    category: 'entry_exit',
    start: third,
    end: third + 6,
    text: '另行设置门槛',
    clause: '第三条',
    clauseId: 'a3',
    disposition: 'reject',
    dispositionReason: '误报',
    message: '门槛问题。',
  }),
];

const input = (over: Partial<ReviewRecord> = {}, checklist: ChecklistItem[] = []): ExportInput => ({
  document: { title: '试行措施', docNumber: '某发〔2026〕1号', issuer: '某市某局', text: TEXT, clauses: segment(TEXT) },
  state: { review: { ...review, ...over }, findings, checklist },
  standards: STANDARDS,
  grounds: [{ id: 'E3', regulation: '条例第十二条第（三）项', measure: '', title: '社会公共利益', description: '' }],
  today: '2026-03-05',
});

const text = (blocks: Block[]) =>
  blocks
    .map((b) => (b.kind === 'table' ? b.rows.flatMap((r) => r.flatMap((c) => c.lines)).join('\n') : b.text))
    .join('\n');

describe('citations in words', () => {
  it('cites the 实施办法 item with its 条例 article, and the catch-all by category', () => {
    expect(citation(STANDARDS[0]!)).toBe('《实施办法》第十九条第（四）项（《条例》第十条第（二）项）');
    expect(regulationWords(STANDARDS[1]!, 'cost')).toBe('《条例》第十条第（四）项');
    expect(regulationWords(STANDARDS[1]!)).toContain('第八条第（五）项、第九条');
  });

  it('writes numbers and dates the Chinese way', () => {
    expect([1, 10, 12, 20, 23].map(chineseNumber)).toEqual(['一', '十', '十二', '二十', '二十三']);
    expect(chineseDate('2026-03-05T10:00:00Z')).toBe('2026年3月5日');
    expect(exportFileName('opinion', '关于/某事的*通知')).toBe('审查意见-关于某事的通知.docx');
  });
});

describe('the 审查意见 content', () => {
  it('holds the measure, basis, process, each adopted finding with its citation, and the signature', () => {
    const c = opinionContent(input());
    const all = text(c.blocks);
    expect(c.blocks[0]).toEqual({ kind: 'title', text: '关于《试行措施》的公平竞争审查意见' });
    expect(all).toContain('《公平竞争审查条例》（以下简称《条例》）');
    expect(all).toContain('文号：某发〔2026〕1号');
    expect(all).toContain('起草单位：某市某局');
    expect(all).toContain('性质：规章');
    expect(all).toContain('未征求利害关系人和社会公众意见，理由是：涉及保密事项（《实施办法》第二十八条）');
    expect(all).toContain('原文：“第二条 按企业纳税额给予奖励。”');
    expect(all).toContain('不符合《实施办法》第十九条第（四）项（《条例》第十条第（二）项）的规定');
    expect(all).toContain('修改建议：删除与纳税额挂钩的奖补。');
    // The rejected finding is not in the opinion.
    expect(all).not.toContain('第三条');
    expect(all).not.toContain('门槛');
    expect(all).toContain('审查结论：不符合（需修改后出台）');
    expect(all).toContain('审查人员：审查员甲');
    expect(all).toContain('2026年3月5日');
    expect(c.draft).toBe(true);
    expect(opinionContent(input({ status: 'final', finalizedAt: '2026-04-01T08:00:00Z' }))).toMatchObject({
      draft: false,
    });
    expect(text(opinionContent(input({ status: 'final', finalizedAt: '2026-04-01T08:00:00Z' })).blocks)).toContain(
      '2026年4月1日',
    );
  });

  it('states each exception with the five points of 实施办法第二十九条', () => {
    const item: ChecklistItem = {
      standardId: 'M19-4',
      category: 'cost',
      answer: 'exception',
      note: '',
      clauseIds: [],
      exception: { effect: '影响甲', ground: 'E3', leastHarm: '无替代', term: '三年', other: '' },
      derived: false,
    };
    const all = text(opinionContent(input({ conclusion: 'exception' }, [item])).blocks);
    expect(all).toContain('适用例外规定的情形');
    expect(all).toContain('1. 具有或者可能具有的排除、限制竞争效果：影响甲');
    expect(all).toContain('2. 适用的《公平竞争审查条例》第十二条具体情形：社会公共利益（《条例》第十二条第（三）项）');
    expect(all).toContain('4. 实施期限或者终止条件合理的理由：三年');
    expect(all).toContain('5. 其他需要说明的情况：无');
  });

  it('uses the reviewer’s opinion when written, the draft from the findings otherwise', () => {
    expect(text(opinionContent(input({ opinion: '请删除第二条。' })).blocks)).toContain('请删除第二条。');
    const draft = draftOpinion({ state: { review, findings, checklist: [] }, standards: STANDARDS });
    expect(draft).toContain('有 1 处内容不符合公平竞争审查标准');
    expect(draft).toContain('1. 第二条：与纳税额挂钩的奖补，不符合《实施办法》第十九条第（四）项');
    expect(draft).toContain('建议删除与纳税额挂钩的奖补。');
    expect(draft).not.toContain('第三条');
    expect(draftOpinion({ state: { review, findings: [], checklist: [] }, standards: STANDARDS })).toContain(
      '未发现违反公平竞争审查标准的内容',
    );
  });
});

describe('the 审查表 content', () => {
  it('is one table with the measure, both bodies, consultation, every standard answered and the signature', () => {
    const checklist: ChecklistItem[] = [
      {
        standardId: 'M19-4',
        category: 'cost',
        answer: 'violation',
        note: '',
        clauseIds: [],
        exception: null,
        derived: true,
      },
      { standardId: 'M24', category: 'cost', answer: 'ok', note: '', clauseIds: [], exception: null, derived: true },
    ];
    const c = formContent(input({}, checklist));
    const table = c.blocks.find((b) => b.kind === 'table');
    if (table?.kind !== 'table') throw new Error('no table');
    const row = (label: string) => table.rows.find((r) => r[0]!.lines[0] === label)!.map((x) => x.lines.join('|'));
    expect(row('政策措施名称')[1]).toBe('《试行措施》（某发〔2026〕1号）');
    expect(row('涉及行业领域')[1]).toBe('制造业');
    expect(row('性质')[1]).toContain('☑规章');
    expect(row('性质')[1]).toContain('□规范性文件');
    expect(row('起草机构')[1]).toBe('某市某局');
    expect(row('征求意见情况')[1]).toContain('未征求意见的理由：涉及保密事项');
    expect(row('与纳税额挂钩的奖补（《实施办法》第十九条第（四）项）')[1]).toBe('是');
    expect(row('其他：其他影响公平竞争的内容（总兜底）（《实施办法》第二十四条）')).toBeDefined();
    expect(table.rows.filter((r) => r[0]!.lines[0]!.startsWith('其他：'))).toHaveLength(4);
    expect(row('审查结论')[1]).toBe('不符合（需修改后出台）');
    expect(row('适用例外')[1]).toContain('□是\u3000☑否');
    expect(row('审查机构主要负责人意见')[1]).toContain('签字');
    expect(row('审查机构主要负责人意见')[1]).toContain('（盖章）');
    // Every row spans the four columns.
    for (const r of table.rows) expect(r.reduce((n, cell) => n + (cell.span ?? 1), 0)).toBe(4);
  });
});

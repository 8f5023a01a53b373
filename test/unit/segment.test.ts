import { describe, expect, it } from 'vitest';
import {
  clauseAt,
  clausePathAt,
  clauseText,
  countClauses,
  flattenClauses,
  leafClauses,
  parseNumeral,
  readMarker,
  segment,
  toChineseNumeral,
} from '../../shared/segment/index.js';

const LEGAL = [
  '某市公平竞争审查办法',
  '第一章　总则',
  '第一条　为了规范公平竞争审查工作，制定本办法。',
  '第二条　本办法适用于本市。',
  '前款所称政策措施，包括规章和规范性文件。',
  '第二章　审查标准',
  '第一节　市场准入',
  '第三条　不得含有下列内容：',
  '（一）设置不合理的准入条件；',
  '（二）限定经营者，包括：',
  '1.限定交易对象；',
  '2.限定交易地点。',
  '第十二条　起草单位应当审查。',
  '审查时应当采取下列方式：',
  '（一）召开座谈会；',
  '（二）公开征求意见。',
  '第十三条规定的情形除外。',
].join('\n');

const labels = (text: string): string[] => flattenClauses(segment(text)).map((n) => n.label);

describe('segment: legal style', () => {
  const tree = segment(LEGAL);
  const all = flattenClauses(tree);

  it('builds 章 › 节 › 条 › 款 › 项 › 目 with citation labels', () => {
    expect(all.map((n) => [n.id, n.label])).toEqual([
      ['pre', '前言'],
      ['c1', '第一章'],
      ['c1.a1', '第一章 第一条'],
      ['c1.a2', '第一章 第二条'],
      ['c1.a2.p1', '第一章 第二条 第一款'],
      ['c1.a2.p2', '第一章 第二条 第二款'],
      ['c2', '第二章'],
      ['c2.s1', '第二章 第一节'],
      ['c2.s1.a3', '第二章 第一节 第三条'],
      ['c2.s1.a3.i1', '第二章 第一节 第三条 第（一）项'],
      ['c2.s1.a3.i2', '第二章 第一节 第三条 第（二）项'],
      ['c2.s1.a3.i2.m1', '第二章 第一节 第三条 第（二）项 第1目'],
      ['c2.s1.a3.i2.m2', '第二章 第一节 第三条 第（二）项 第2目'],
      ['c2.s1.a12', '第二章 第一节 第十二条'],
      ['c2.s1.a12.p1', '第二章 第一节 第十二条 第一款'],
      ['c2.s1.a12.p2', '第二章 第一节 第十二条 第二款'],
      ['c2.s1.a12.p2.i1', '第二章 第一节 第十二条 第二款 第（一）项'],
      ['c2.s1.a12.p2.i2', '第二章 第一节 第十二条 第二款 第（二）项'],
      ['c2.s1.a12.p3', '第二章 第一节 第十二条 第三款'],
    ]);
    expect(countClauses(tree, 'article')).toBe(4);
  });

  it('gives each clause the span of its own lines', () => {
    const a2 = all.find((n) => n.id === 'c1.a2')!;
    expect(clauseText(LEGAL, a2)).toBe('第二条　本办法适用于本市。\n前款所称政策措施，包括规章和规范性文件。');
    const i2 = all.find((n) => n.id === 'c2.s1.a3.i2')!;
    expect(clauseText(LEGAL, i2)).toBe('（二）限定经营者，包括：\n1.限定交易对象；\n2.限定交易地点。');
    const c1 = all.find((n) => n.id === 'c1')!;
    expect(LEGAL.slice(c1.end + 1).startsWith('第二章')).toBe(true);
    // A line citing an article ("第十三条规定的…") is a 款, not a new article.
    expect(
      clauseText(
        LEGAL,
        all.find((n) => n.id === 'c2.s1.a12.p3')!,
      ),
    ).toBe('第十三条规定的情形除外。');
  });

  it('finds the innermost clause for an offset', () => {
    const at = LEGAL.indexOf('限定交易地点');
    expect(clauseAt(tree, at)!.label).toBe('第二章 第一节 第三条 第（二）项 第2目');
    expect(clausePathAt(tree, at).map((n) => n.kind)).toEqual(['chapter', 'section', 'article', 'item', 'subitem']);
    expect(clauseAt(tree, 0)!.kind).toBe('preamble');
    expect(leafClauses(tree).map((n) => n.id)).toContain('c2.s1.a3.i2.m2');
  });

  it('is stable: the same text gives the same ids', () => {
    expect(segment(LEGAL)).toEqual(tree);
  });
});

describe('segment: plan style', () => {
  const PLAN = [
    '关于印发某某方案的通知',
    '各有关单位：',
    '一、总体要求',
    '（一）目标任务。到2025年，基本建成。',
    '（二）基本原则。',
    '1.坚持依法行政。',
    '2、坚持公平竞争。',
    '（1）统一标准；',
    '（2）统一监管。',
    '①第一点；',
    '②第二点。',
    '二、重点任务',
    '(三)半角括号也能识别。',
    '本段不带编号，属于上一层。',
  ].join('\n');

  it('labels 一、（一）1.（1）① by concatenation', () => {
    expect(labels(PLAN)).toEqual([
      '前言',
      '一、',
      '一、（一）',
      '一、（二）',
      '一、（二）1.',
      '一、（二）2.',
      '一、（二）2.（1）',
      '一、（二）2.（2）',
      '一、（二）2.（2）①',
      '一、（二）2.（2）②',
      '二、',
      '二、（三）',
    ]);
    const ids = flattenClauses(segment(PLAN)).map((n) => n.id);
    expect(ids).toContain('h1-1.h2-2.h3-2.h4-2.h5-1');
  });

  it('does not take years, quantities or decimals for numbers', () => {
    expect(readMarker('2025年，基本建成。')).toBeNull();
    expect(readMarker('1.5倍以上的，从重处理')).toBeNull();
    expect(readMarker('十四五期间')).toBeNull();
    expect(readMarker('第五条规定的除外')).toBeNull();
    expect(readMarker('第五条　本办法')!.kind).toBe('article');
    expect(readMarker('## 三、审查标准')!.number).toBe('三、');
    expect(readMarker('(二)半角')!.number).toBe('（二）');
    expect(readMarker('2、坚持')!.number).toBe('2.');
  });

  it('keeps unnumbered text in the open clause and numbers repeated headings apart', () => {
    const tree = segment('一、甲\n说明\n一、乙');
    expect(tree.map((n) => n.id)).toEqual(['h1-1', 'h1-1~2']);
    expect(clauseText('一、甲\n说明\n一、乙', tree[0]!)).toBe('一、甲\n说明');
  });

  it('handles empty and unnumbered text', () => {
    expect(segment('')).toEqual([]);
    const t = segment('只有一段话。\n\n第二段话。');
    expect(t).toHaveLength(1);
    expect(t[0]!.kind).toBe('preamble');
    expect(t[0]!.end).toBe('只有一段话。\n\n第二段话。'.length);
  });
});

describe('numerals', () => {
  it('parses and writes Chinese numerals', () => {
    expect(parseNumeral('十二')).toBe(12);
    expect(parseNumeral('二十五')).toBe(25);
    expect(parseNumeral('一百零三')).toBe(103);
    expect(parseNumeral('二〇二二')).toBe(2022);
    expect(parseNumeral('12')).toBe(12);
    expect(Number.isNaN(parseNumeral('甲'))).toBe(true);
    for (const n of [1, 9, 10, 11, 19, 20, 21, 99, 100, 101, 110, 999])
      expect(parseNumeral(toChineseNumeral(n))).toBe(n);
    expect(toChineseNumeral(12)).toBe('十二');
    expect(toChineseNumeral(103)).toBe('一百零三');
  });
});

describe('reader helpers', () => {
  const text = '某办法\n第一条　总则内容。\n第二条　第一款内容：\n（一）甲；\n第二款内容。';
  const tree = segment(text);

  it('cuts the text into runs that cover it exactly, each in its innermost clause', async () => {
    const { clauseRuns } = await import('../../shared/segment/index.js');
    const runs = clauseRuns(text, tree);
    expect(runs.map((r) => text.slice(r.start, r.end)).join('')).toBe(text);
    const item = runs.find((r) => text.slice(r.start, r.end).startsWith('（一）'))!;
    expect(item.clauseId).toBe('a2.p1.i1');
    const a2 = runs.find((r) => r.starts.some((n) => n.id === 'a2'))!;
    expect(a2.starts.map((n) => n.id)).toEqual(['a2', 'a2.p1']);
  });

  it('builds an outline with depths and headlines', async () => {
    const { clauseOutline } = await import('../../shared/segment/index.js');
    const outline = clauseOutline(text, tree);
    expect(outline.map((e) => [e.node.label, e.depth, e.headline])).toEqual([
      ['前言', 0, '某办法'],
      ['第一条', 0, '总则内容。'],
      ['第二条', 0, '第一款内容：'],
      ['第二条 第一款', 1, '第二条　第一款内容：'],
      ['第二条 第一款 第（一）项', 2, '甲；'],
      ['第二条 第二款', 1, '第二款内容。'],
    ]);
  });
});

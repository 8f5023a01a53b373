import { describe, expect, it } from 'vitest';
import { assembleDocument } from '../../shared/normalize/assemble.js';
import { normalizeBlock } from '../../shared/normalize/index.js';
import { LeadInTracker, markerClass } from '../../shared/rules/guards.js';
import { unitsFromClauses } from '../../shared/rules/units.js';
import { lexMarker } from '../../shared/segment/markers.js';
import { clauseAt, clauseRuns, readMarker, segment } from '../../shared/segment/index.js';
import { isSpace, SPACE_CODES, stripWhitespace } from '../../shared/text/chars.js';

describe('lexMarker: white space inside and around markers', () => {
  it.each([
    ['第 1 0 条　本办法', '第10条', 'article', 10],
    ['第\u00a01\u00a04\u00a0条 本办法', '第14条', 'article', 14],
    ['第 十 二 条　本办法', '第十二条', 'article', 12],
    ['\u3000\u3000第\t三\t章　总则', '第三章', 'chapter', 3],
    ['二 、支持范围', '二、', 'heading1', 2],
    ['三、 组织保障', '三、', 'heading1', 3],
    ['（ 一 ）加强领导', '（一）', 'heading2', 1],
    ['( 1 ) 统一标准', '（1）', 'heading4', 1],
    ['1 . 推行一网通办', '1.', 'heading3', 1],
    ['１．推行一网通办', '1.', 'heading3', 1],
    ['1 0 、推行一网通办', '10.', 'heading3', 10],
    ['② 第二点', '②', 'heading5', 2],
  ])('%s → %s', (line, number, kind, value) => {
    expect(readMarker(line)).toEqual({ number, kind, value });
  });

  it('does not take citations, years, quantities or decimals for markers', () => {
    for (const line of [
      '第 5 条规定的情形除外',
      '第五条、第六条',
      '2 0 2 5 年，基本建成',
      '2025.',
      '1 . 5倍以上的',
      '1.5倍',
      '十 四 五期间',
      '第 一',
      '（一',
      '200. 以上',
      '',
      '   ',
    ])
      expect(readMarker(line), line).toBeNull();
    expect(readMarker('第五条 规定…')!.kind).toBe('article');
  });

  it('reports where the marker ends and whether it is spaced', () => {
    const m = lexMarker('## 第 1 0 条　为了')!;
    expect([m.start, m.end, m.numeral, m.unit, m.spaced]).toEqual([3, 10, '10', '条', true]);
    expect(lexMarker('第十条　为了')!.spaced).toBe(false);
    expect(lexMarker('第 5 条规定', 0, 4)).toBeNull();
    expect(lexMarker('xx（一）甲', 2)!.end).toBe(5);
  });

  it('is the same lexer for the guards: their classes follow the segmenter kinds', () => {
    const pairs: [string, string | null][] = [
      ['第 1 0 条　甲', 'article'],
      ['二 、甲', 'cn-dun'],
      ['（ 一 ）甲', 'cn-paren'],
      ['1 . 甲', 'num-dot'],
      ['( 1 ) 甲', 'num-paren'],
      ['①甲', 'circled'],
      ['a. 甲', 'alpha'],
      ['第二章　甲', null],
      ['第五条规定的', null],
      ['2025年', null],
    ];
    for (const [line, cls] of pairs) expect(markerClass(line), line).toBe(cls);
  });

  it('lets a spaced prohibitive list hold its items under the lead-in', () => {
    const text = '第 5 条　不得含有下列内容：\n（ 一 ）限定品牌；\n（ 二 ）限定地点。\n第 6 条　其他。';
    const tracker = new LeadInTracker();
    const under = unitsFromClauses(text, segment(text)).map((u) => tracker.next(text, u.start, u.end));
    expect(under).toEqual([false, true, true, false]);
  });
});

describe('normalizeBlock: typesetting spaces', () => {
  it.each([
    ['第 1 0 条　为了规范', '第10条　为了规范', 3],
    ['第 1 0 条 为了规范', '第10条 为了规范', 3],
    ['第五条 规定', '第五条 规定', 0],
    ['二 、支持范围', '二、支持范围', 1],
    ['三、 组织保障', '三、组织保障', 1],
    ['（ 一 ）加强领导', '（一）加强领导', 2],
    ['( 1 ) 统一标准', '(1) 统一标准', 2],
    ['1 . 推行', '1. 推行', 1],
    ['战略新 兴产业', '战略新兴产业', 1],
    ['通\u3000\u3000知', '通知', 1],
    ['第一章\u3000总\u3000则', '第一章\u3000总则', 1],
    ['张三\u3000李四', '张三\u3000李四', 0],
    ['一、\u3000总体要求', '一、\u3000总体要求', 0],
    ['使用 Word 文档', '使用 Word 文档', 0],
    ['共 3 家企业', '共 3 家企业', 0],
    ['审查工作，\n制定本办法', '审查工作，制定本办法', 0],
  ])('%j → %j (%i removed)', (raw, text, removed) => {
    const n = normalizeBlock(raw);
    expect([n.text, n.spacesRemoved]).toEqual([text, removed]);
    // The map still points every char at its source.
    for (let i = 0; i < n.text.length; i++) {
      const src = raw[n.map[i]!]!;
      if (isSpace(n.text.charCodeAt(i))) expect(isSpace(src.charCodeAt(0))).toBe(true);
      else expect(src.normalize('NFKC')).toBe(n.text[i]!.normalize('NFKC'));
    }
  });

  it('is noted on the document', () => {
    const doc = assembleDocument({
      type: 'txt',
      encoding: 'utf-8',
      fileName: 'x.txt',
      blocks: [
        { kind: 'paragraph', text: '第 1 条　甲。', source: {} },
        { kind: 'paragraph', text: '第 2 条　乙 丙。', source: {} },
      ],
    });
    expect(doc.text).toBe('第1条　甲。\n第2条　乙丙。');
    expect(doc.warnings).toEqual(['已去除排版产生的空格 5 处（编号内及汉字之间）。']);
    expect(doc.clauses.map((c) => c.label)).toEqual(['第1条', '第2条']);
  });
});

describe('one whitespace key and one isSpace', () => {
  it('strips ASCII, full-width and no-break spaces alike', () => {
    expect(stripWhitespace('第 1 0 条\u3000为了\u00a0规范\t审查\n工作')).toBe('第10条为了规范审查工作');
    for (const ch of ' \t\n\r\u00a0\u3000\u2003\u202f')
      expect(isSpace(ch.charCodeAt(0)), JSON.stringify(ch)).toBe(true);
    for (const ch of 'a一、\u200b\ufeff') expect(isSpace(ch.charCodeAt(0)), JSON.stringify(ch)).toBe(false);
    for (let c = 0; c < 0x10000; c++) {
      if (c === 0xfeff) continue;
      expect(isSpace(c)).toBe(/\s/.test(String.fromCharCode(c)));
    }
    // The list the start-up tables are built from is isSpace's set.
    const listed = new Set(SPACE_CODES);
    for (let c = 0; c < 0x10000; c++) expect(listed.has(c)).toBe(isSpace(c));
  });
});

describe('clauseRuns', () => {
  it('puts each run in the clause clauseAt finds for it', () => {
    const text = '某办法\n第一条　甲。\n第二条　乙：\n（一）丙；\n1.丁\n（二）戊。\n第二款。\n\n第三条　己。\n一、庚';
    const tree = segment(text);
    const runs = clauseRuns(text, tree);
    expect(runs.map((r) => text.slice(r.start, r.end)).join('')).toBe(text);
    for (const r of runs) {
      const inner = clauseAt(tree, r.start);
      expect(r.clauseId).toBe(inner && r.start < inner.end ? inner.id : null);
    }
  });
});

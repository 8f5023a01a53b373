import { describe, expect, it } from 'vitest';
import { SpanList, splitSentences, splitSentencesInto } from '../../../shared/text/sentences.js';

const split = (t: string, s?: number, e?: number): string[] =>
  splitSentences(t, s, e).map((x) => t.slice(x.start, x.end));

describe('splitSentences', () => {
  it('splits on 。；！？ and line breaks, keeping the terminator', () => {
    expect(split('第一句。第二句；第三句！第四句？\n第五句')).toEqual([
      '第一句。',
      '第二句；',
      '第三句！',
      '第四句？',
      '第五句',
    ]);
  });

  it('does not split inside quotes or brackets', () => {
    expect(split('设立“纳税十强。冠军”奖；其他（含说明。附件）不变。')).toEqual([
      '设立“纳税十强。冠军”奖；',
      '其他（含说明。附件）不变。',
    ]);
    expect(split('依照《某某办法。细则》执行。下一句')).toEqual(['依照《某某办法。细则》执行。', '下一句']);
  });

  it('forgets an unclosed bracket at the line end', () => {
    expect(split('（未闭合。仍在括号内\n新行。第二句。')).toEqual(['（未闭合。仍在括号内', '新行。', '第二句。']);
  });

  it('returns offsets into the text and honours start/end', () => {
    const text = 'xx甲句。乙句。yy';
    const spans = splitSentences(text, 2, 8);
    expect(spans).toEqual([
      { start: 2, end: 5 },
      { start: 5, end: 8 },
    ]);
  });

  it('trims white space and drops empty sentences', () => {
    expect(split('  甲。 。\n\n 乙 ')).toEqual(['甲。', '。', '乙']);
  });

  it('writes the same spans into a reusable list (splitSentencesInto)', () => {
    const list = new SpanList();
    const texts = [
      '第一句。第二句；第三句',
      '  甲。 。\n\n 乙 ',
      '（未闭合。仍在括号内\n新行。',
      '',
      '一'.repeat(40) + '。'.repeat(40),
    ];
    for (const text of texts) {
      splitSentencesInto(list, text, 0, text.length);
      const spans = Array.from({ length: list.length }, (_, i) => ({ start: list.start[i], end: list.end[i] }));
      expect(spans, text).toEqual(splitSentences(text));
    }
    splitSentencesInto(list, 'xx甲句。乙句。yy', 2, 8);
    expect(list.length).toBe(2);
    expect([list.start[1], list.end[1]]).toEqual([5, 8]);
  });
});

import { describe, expect, it } from 'vitest';
import { blockIndexAt, describeSource, sourceAt } from '../../shared/document.js';
import { guessMetadata } from '../../shared/metadata.js';
import { assembleDocument } from '../../shared/normalize/assemble.js';
import { normalizeBlock, stripWhitespace } from '../../shared/normalize/index.js';

describe('normalizeBlock', () => {
  it('folds full-width letters and digits, keeps Chinese punctuation', () => {
    expect(normalizeBlock('２０２２年第１２号，ＡＢＣ（一）').text).toBe('2022年第12号，ABC（一）');
    expect(normalizeBlock('１．基本原则').text).toBe('1.基本原则');
  });

  it('cleans odd whitespace and line-break artefacts', () => {
    expect(normalizeBlock('\u00a0\u3000\u3000为了规范\u200b审查工作，\n制定本办法。 ').text).toBe(
      '为了规范审查工作，制定本办法。',
    );
    expect(normalizeBlock('第一条\u3000\u3000为了').text).toBe('第一条\u3000为了');
    expect(normalizeBlock('第一条 为了').text).toBe('第一条 为了');
    expect(normalizeBlock('fair\u00a0\u00a0competition\treview').text).toBe('fair competition review');
    expect(normalizeBlock('软\u00ad连字符').text).toBe('软连字符');
  });

  it('maps Kangxi radicals and compatibility ideographs (PDF artefacts) to unified ideographs', () => {
    expect(normalizeBlock('\u2f00\u2f06条').text).toBe('一二条');
  });

  it('maps CJK Radicals Supplement chars that PDF text yields (⻘ U+2ED8) to unified ideographs', () => {
    const { text, map } = normalizeBlock('\u2ed8禾县\u2ec4部');
    expect(text).toBe('青禾县西部');
    expect(map).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('keeps a map from every normalised char back to the raw text', () => {
    const raw = '\u3000\u3000第１条\u00a0 本办法';
    const { text, map } = normalizeBlock(raw);
    expect(text).toBe('第1条 本办法');
    expect(map).toHaveLength(text.length + 1);
    for (let i = 0; i < text.length; i++) {
      const src = raw[map[i]!]!;
      if (text[i] === ' ') expect(/\s/.test(src)).toBe(true);
      else expect(src.normalize('NFKC')).toBe(text[i]);
    }
    expect(map[text.length]).toBe(raw.length);
  });
});

describe('assembleDocument', () => {
  const doc = assembleDocument({
    type: 'docx',
    encoding: null,
    fileName: 'x.docx',
    blocks: [
      { kind: 'heading', text: '某市办法', level: 0, source: { paragraph: 0 } },
      { kind: 'paragraph', text: '  ', source: { paragraph: 1 } },
      { kind: 'list-item', text: '第一条　内容。', source: { paragraph: 2 } },
      { kind: 'table-cell', text: '单元格', source: { paragraph: 3, table: 0, row: 1, col: 2 } },
    ],
  });

  it('joins non-empty blocks with line breaks and records their spans', () => {
    expect(doc.text).toBe('某市办法\n第一条　内容。\n单元格');
    expect(doc.blocks.map((b) => doc.text.slice(b.start, b.end))).toEqual(doc.blocks.map((b) => b.text));
    expect(doc.clauses.map((c) => c.label)).toEqual(['前言', '第一条']);
  });

  it('maps offsets to blocks and source locations', () => {
    expect(blockIndexAt(doc.blocks, 0)).toBe(0);
    expect(blockIndexAt(doc.blocks, doc.text.indexOf('内容'))).toBe(1);
    expect(sourceAt(doc.blocks, doc.text.indexOf('单元格'))).toEqual({ paragraph: 3, table: 0, row: 1, col: 2 });
    expect(describeSource({ paragraph: 3, table: 0, row: 1, col: 2 })).toBe('表 1 第 2 行第 3 列');
    expect(describeSource({ page: 2, paragraph: 7 })).toBe('第 2 页 第 8 段');
  });

  it('compares texts up to whitespace', () => {
    expect(stripWhitespace('第一条　为了\n 规范')).toBe('第一条为了规范');
  });
});

describe('guessMetadata', () => {
  it('finds title, 文号, issuing body and date of a 公文', () => {
    const text = [
      '伊州市市场监督管理局文件',
      '伊州市监发〔2022〕15号',
      '伊州市市场监督管理局关于印发《某办法》的通知',
      '各县市局：',
      '现将办法印发给你们。',
      '伊州市市场监督管理局',
      '2022年4月15日',
      '某办法',
    ].join('\n');
    expect(guessMetadata(text)).toEqual({
      title: '伊州市市场监督管理局关于印发《某办法》的通知',
      docNumber: '伊州市监发〔2022〕15号',
      issuer: '伊州市市场监督管理局',
      date: '2022-04-15',
    });
  });

  it('accepts bracket variants, Chinese-numeral dates and a title split over two lines', () => {
    const m = guessMetadata(
      '国务院办公厅关于印发某某\n试点方案的通知\n国办发[2019]2号\n国务院办公厅\n二〇一九年一月一日',
    );
    expect(m.docNumber).toBe('国办发〔2019〕2号');
    expect(m.title).toBe('国务院办公厅关于印发某某试点方案的通知');
    expect(m.date).toBe('2019-01-01');
    expect(m.issuer).toBe('国务院办公厅');
  });

  it('falls back to the first line and the file name', () => {
    expect(guessMetadata('一段普通文字', 'a.txt').title).toBe('一段普通文字');
    expect(guessMetadata('', '草稿.docx').title).toBe('草稿');
  });
});

/** The import limits of issue 13 at unit level: numbering values, nesting depth, HTML, PDF streams. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readHtml } from '../../electron/services/import/html';
import { DEFAULT_LIMITS } from '../../electron/services/import/limits';
import { formatNumber, listLevel, Numbering } from '../../electron/services/import/numbering';
import { readPdf } from '../../electron/services/import/pdf';
import { checkPdfStreams } from '../../electron/services/import/pdf-streams';
import { Deadline } from '../../electron/services/import/limits';
import { findAll, findFirst, parseXml } from '../../electron/services/import/xml';
import { FcrError } from '../../shared/errors';
import {
  damagedFontPdf,
  flateBombPdf,
  nested,
  pdf,
  stream,
  type1Font,
  type1FontPdf,
  zlibRun,
} from '../helpers/crafted';
import { fixture } from '../helpers/paths';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const numbering = (start: string): string =>
  `<w:numbering ${W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="${start}"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`;

describe('numbering values', () => {
  it('formats values past the letter and roman range in digits, never building huge strings', () => {
    expect(formatNumber(1e12, 'upperRoman')).toBe('1000000000000');
    expect(formatNumber(1e12, 'lowerLetter')).toBe('1000000000000');
    expect(formatNumber(Infinity, 'upperLetter')).toBe('Infinity');
    expect(formatNumber(3999, 'upperRoman')).toBe('MMMCMXCIX');
  });

  it('refuses a start past the limit, names the file, and reads garbage as 1', () => {
    const guard = { fileName: '编号.docx', maxValue: DEFAULT_LIMITS.maxNumberingValue };
    for (const start of ['1000000000000', 'Infinity', '-5']) {
      expect(() => new Numbering(parseXml(numbering(start), 'x', 'numbering.xml'), guard)).toThrow(
        /「编号\.docx」的自动编号起始值为 .*超过上限（编号值 0–32,767）/,
      );
    }
    const n = new Numbering(parseXml(numbering('abc'), 'x', 'numbering.xml'), guard);
    expect(n.next('1', 0)).toBe('I. ');
  });

  it('reads list levels outside 0–8 as level 0', () => {
    expect(listLevel('3')).toBe(3);
    for (const v of ['1e9', 'Infinity', '-1', 'NaN', '9', undefined]) expect(listLevel(v)).toBe(0);
  });
});

describe('nesting depth', () => {
  it('refuses XML nested past the limit and reads it up to the limit', () => {
    expect(() => parseXml(nested('a', DEFAULT_LIMITS.maxDepth + 1), '深.docx', 'word/document.xml')).toThrow(
      /「深\.docx」的 word\/document\.xml 元素嵌套超过 512 层/,
    );
    // The limit counts every element: 511 <a> and the <b> inside them.
    const tree = parseXml(nested('a', DEFAULT_LIMITS.maxDepth - 1, '<b>x</b>'), '深.docx', 'p.xml');
    expect(findFirst(tree, 'b')?.text).toBe('x');
    expect(findAll(tree, 'a')).toHaveLength(DEFAULT_LIMITS.maxDepth - 1);
  });

  it('walks a tree deeper than the call stack allows without recursion', () => {
    const tree = parseXml(nested('a', 200_000, '<b>x</b>'), 'x', 'p.xml', undefined, { maxDepth: Infinity });
    expect(findFirst(tree, 'b')?.text).toBe('x');
    expect(findAll(tree, 'a')).toHaveLength(200_000);
  });

  it('HTML: unclosed paragraphs and cells close their siblings; real nesting past the limit is refused', () => {
    const guard = { fileName: '网页.html', limits: DEFAULT_LIMITS };
    const blocks = readHtml(`<html><body>${'<p>一段文字'.repeat(2000)}</body></html>`, guard);
    expect(blocks).toHaveLength(2000);
    const cells = readHtml('<table><tr><td>甲<td>乙<td>丙</tr></table>', guard);
    expect(cells.map((b) => b.source.col)).toEqual([0, 1, 2]);
    expect(() => readHtml(nested('div', 600, '文字'), guard)).toThrow(/「网页\.html」的 HTML 元素嵌套超过 512 层/);
  });
});

describe('PDF streams', () => {
  const limits = { ...DEFAULT_LIMITS, maxPdfStreamBytes: 4 * 1024 * 1024 };

  it('refuses a Flate stream that inflates past the limit, and passes one under it', () => {
    expect(() => checkPdfStreams(flateBombPdf(8), '炸弹.pdf', limits)).toThrow(
      /「炸弹\.pdf」中有数据流解压后超过 4\.0 MB/,
    );
    expect(() => checkPdfStreams(flateBombPdf(2), '普通.pdf', limits)).not.toThrow();
  });

  it('leaves image streams to pdf.js (text extraction does not decode them)', () => {
    const image = pdf([
      '<< /Type /Catalog >>',
      stream('/Type /XObject /Subtype /Image /Filter /FlateDecode', zlibRun(8)),
    ]);
    expect(() => checkPdfStreams(image, '图片.pdf', limits)).not.toThrow();
    const form = pdf([
      '<< /Type /Catalog >>',
      stream('/Type /XObject /Subtype /Form /Filter /FlateDecode', zlibRun(8)),
    ]);
    expect(() => checkPdfStreams(form, '表单.pdf', limits)).toThrow(FcrError);
  });

  // A fuzz file (banfa.pdf with 512 random bytes written into a font program) took pdf.js 25 s:
  // its inflater reads on through the damage and its Type 1 parser chokes on the garbage.
  it('refuses a PDF whose embedded font program is damaged, and reads the undamaged one', async () => {
    const banfa = new Uint8Array(readFileSync(fixture('documents', 'banfa.pdf')));
    // Seed 3 at this place made pdf.js spend 18 s of CPU on this 3-page file.
    const damaged = damagedFontPdf(banfa, 3, 1168, 512);
    expect(() => checkPdfStreams(damaged, '字体损坏.pdf', limits)).toThrow(
      /「字体损坏\.pdf」已损坏（嵌入的字体数据不完整或无法解压）/,
    );
    // Through the importer: a quick refusal, not a 20 s import.
    const deadline = new Deadline('字体损坏.pdf', 60_000);
    await expect(readPdf(damaged, '字体损坏.pdf', deadline)).rejects.toMatchObject({ code: 'CORRUPT_FILE' });
    expect(() => checkPdfStreams(banfa, 'banfa.pdf', limits)).not.toThrow();
  });

  it('refuses a Type 1 font whose built-in encoding has a code beyond 0–255, compressed or not', async () => {
    // pdf.js would search an array of 2,000,000,001 entries once per glyph (about a minute each).
    for (const compress of [true, false]) {
      const bytes = type1FontPdf(type1Font(2_000_000_000, 16), compress);
      expect(() => checkPdfStreams(bytes, '编码.pdf', limits)).toThrow(
        /「编码\.pdf」已损坏（.*无效的字符编号 2000000000）/,
      );
      const ok = type1FontPdf(type1Font(66, 16), compress);
      expect(() => checkPdfStreams(ok, '编码.pdf', limits)).not.toThrow();
      // The crafted font is one pdf.js reads: the valid one gives its text.
      const read = await readPdf(ok, '字体.pdf', new Deadline('字体.pdf', 60_000));
      expect(read.blocks.map((b) => b.text).join('')).toBe('ABAB');
    }
  });
});

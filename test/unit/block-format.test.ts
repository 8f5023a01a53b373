/** What the importers say about a block's look (size, centring, outline level), used to find the title. */
import { strToU8, zipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDocx } from '../../electron/services/import/docx.js';
import { readHtml } from '../../electron/services/import/html.js';
import { layoutToBlocks, type PlacedText } from '../../electron/services/import/layout.js';
import { resolveLimits } from '../../electron/services/import/limits.js';
import { ZipReader } from '../../electron/services/import/zip.js';

const zip = (bytes: Uint8Array, name: string): ZipReader => new ZipReader(bytes, name, resolveLimits({}));

describe('layout (PDF, OFD)', () => {
  const full = '一二三四五六七八九十一二三四五六七八九十一二三四五'; // 25 chars of 20 units: x 50…550
  const line = (str: string, y: number, size = 20, x = 50): PlacedText => ({
    str,
    x,
    y,
    w: [...str].length * size,
    size,
  });
  const blocks = (ptPerUnit?: number) =>
    layoutToBlocks(
      [
        {
          number: 1,
          width: 600,
          height: 800,
          items: [
            line('十个字的居中标题啊', 100, 30, 300 - 135),
            line('　　' + full.slice(2), 160),
            line(full, 185),
            line('结束。', 210),
            line('短的居中行', 240, 20, 250),
          ],
        },
      ],
      ptPerUnit,
    ).blocks;

  it('gives each paragraph its font size and marks centred lines', () => {
    const [title, body, short] = blocks();
    expect(title!.format).toEqual({ size: 30, centered: true });
    expect(body!.format).toEqual({ size: 20 });
    expect(short!.format).toEqual({ size: 20, centered: true });
  });

  it('reports sizes in points (OFD pages are in millimetres)', () => {
    expect(blocks(72 / 25.4)[0]!.format!.size).toBeCloseTo(85, 0);
  });
});

describe('docx', () => {
  it('reads run sizes (二号 = 44 half-points) and centring, from runs, paragraphs and styles', () => {
    const file = path.resolve(__dirname, '../fixtures/titles/annex.docx');
    const { blocks } = readDocx(zip(readFileSync(file), 'annex.docx'), 'annex.docx');
    const byText = (t: string) => blocks.find((b) => b.text === t)!;
    expect(byText('附件2').format).toEqual({ size: 16 });
    expect(byText('自查情况统计表').format).toEqual({ size: 22, centered: true });
  });

  it('keeps the level of numbered paragraphs beside their look', () => {
    const file = path.resolve(__dirname, '../fixtures/documents/banfa.docxlib.docx');
    const { blocks } = readDocx(zip(readFileSync(file), 'banfa.docxlib.docx'), 'banfa.docxlib.docx');
    const items = blocks.filter((b) => b.kind === 'list-item');
    expect(items.length).toBeGreaterThan(5);
    for (const b of items) {
      expect(b.level, b.text).toBe(0);
      expect(b.format?.size, b.text).toBe(16);
    }
  });

  it('takes an outline level set on the paragraph as a heading level', () => {
    const doc = `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
      <w:p><w:pPr><w:outlineLvl w:val="0"/><w:jc w:val="center"/><w:rPr><w:sz w:val="10"/></w:rPr></w:pPr><w:r><w:rPr><w:sz w:val="44"/></w:rPr><w:t>标题</w:t></w:r></w:p>
      <w:p><w:r><w:t>正文</w:t></w:r></w:p>
      <w:tbl><w:tblPr><w:jc w:val="center"/></w:tblPr><w:tr><w:tc><w:p><w:r><w:t>单元格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
    </w:body></w:document>`;
    const bytes = zipSync({ 'word/document.xml': strToU8(doc) });
    const { blocks } = readDocx(zip(bytes, 'x.docx'), 'x.docx');
    expect(blocks[0]).toMatchObject({ kind: 'heading', level: 1, format: { size: 22, centered: true } });
    expect(blocks[1]).toMatchObject({ kind: 'paragraph', format: { size: 10 } });
    expect(blocks[2]!.format).toEqual({ size: 10 });
  });
});

describe('html', () => {
  it('marks centred blocks: align, text-align, <center>, inherited; valign is not align', () => {
    const blocks = readHtml(
      '<p align="center">甲</p><div style="text-align: center"><p>乙</p></div><center>丙</center><p>丁</p><table><tr><td valign="top">戊</td></tr></table>',
    );
    expect(blocks.map((b) => [b.text, b.format?.centered ?? false])).toEqual([
      ['甲', true],
      ['乙', true],
      ['丙', true],
      ['丁', false],
      ['戊', false],
    ]);
  });
});

/** The pure parts of the importers: layout of positioned text, Word numbering, HTML blocks, OFD deltas. */
import { describe, expect, it } from 'vitest';
import { locateOffset } from '../../shared/document.js';
import { assembleDocument } from '../../shared/normalize/assemble.js';
import { decodeEntities, looksLikeHtml, readHtml } from '../../electron/services/import/html.js';
import { joinLines, layoutToBlocks, type LaidPage, type PlacedText } from '../../electron/services/import/layout.js';
import { formatNumber, Numbering } from '../../electron/services/import/numbering.js';
import { expandDeltas } from '../../electron/services/import/ofd.js';
import { parseXml } from '../../electron/services/import/xml.js';

/** Lays out lines of text on an A4-like page: 20 pt characters, 25 chars per line, left margin 50. */
function page(number: number, lines: { text: string; x?: number; y: number; size?: number }[]): LaidPage {
  const items: PlacedText[] = lines.map((l) => {
    const size = l.size ?? 20;
    return { str: l.text, x: l.x ?? 50, y: l.y, w: [...l.text].length * size, size };
  });
  return { number, width: 600, height: 800, items };
}

describe('layoutToBlocks', () => {
  const full = '一二三四五六七八九十一二三四五六七八九十一二三四五'; // 25 chars: a full line

  it('joins the lines of a paragraph without spaces and starts one at an indent or a number', () => {
    const { blocks } = layoutToBlocks([
      page(1, [
        { text: '第一条　' + full.slice(4), x: 90, y: 100 },
        { text: full, y: 125 },
        { text: '结束。', y: 150 },
        { text: '第二条　另一条。', x: 90, y: 175 },
        { text: '（一）第一项；', x: 90, y: 200 },
        { text: '续行也缩进了但是上一行不满', x: 90, y: 225 },
      ]),
    ]);
    expect(blocks.map((b) => b.text)).toEqual([
      '第一条　' + full.slice(4) + full + '结束。',
      '第二条　另一条。',
      '（一）第一项；',
      '续行也缩进了但是上一行不满',
    ]);
    expect(blocks[0]!.source).toEqual({ page: 1, paragraph: 0 });
  });

  it('continues a paragraph across a page break and drops running headers and page numbers', () => {
    const header = { text: '某市人民政府文件', x: 220, y: 40, size: 12 };
    const { blocks, furnitureRemoved } = layoutToBlocks([
      page(1, [
        header,
        { text: '第一条　' + full.slice(4), x: 90, y: 100 },
        { text: full, y: 125 },
        { text: '- 1 -', x: 280, y: 760, size: 12 },
      ]),
      page(2, [
        header,
        { text: '跨页的续行。', y: 100 },
        { text: '第二条　下一条。', x: 90, y: 125 },
        { text: '第 2 页 共 2 页', x: 250, y: 760, size: 12 },
      ]),
    ]);
    expect(furnitureRemoved).toBe(4);
    expect(blocks.map((b) => b.text)).toEqual(['第一条　' + full.slice(4) + full + '跨页的续行。', '第二条　下一条。']);
  });

  it('splits a line with wide gaps into table cells with row and column', () => {
    const { blocks } = layoutToBlocks([
      page(1, [
        { text: '正文第一段。', x: 90, y: 80 },
        { text: '阶段', x: 50, y: 100 },
        { text: '时间', x: 200, y: 100 },
        { text: '自查', x: 50, y: 125 },
        { text: '六月', x: 200, y: 125 },
        { text: '底前', x: 200, y: 150 },
      ]),
    ]);
    expect(blocks.filter((b) => b.kind === 'table-cell').map((b) => [b.text, b.source.row, b.source.col])).toEqual([
      ['阶段', 0, 0],
      ['时间', 0, 1],
      ['自查', 1, 0],
      ['六月底前', 1, 1],
    ]);
  });

  it('joins Latin words across lines, dropping a line-end hyphen', () => {
    expect(joinLines('fair compe-', 'tition review')).toBe('fair competition review');
    expect(joinLines('市场', '监管')).toBe('市场监管');
    expect(joinLines('GB/T', '33190')).toBe('GB/T 33190');
    expect(joinLines('见附件', '2）')).toBe('见附件2）');
  });
});

describe('Word numbering', () => {
  const xml = `<w:numbering xmlns:w="w">
    <w:abstractNum w:abstractNumId="0">
      <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1条"/><w:suff w:val="space"/></w:lvl>
      <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
      <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
    </w:abstractNum>
    <w:abstractNum w:abstractNumId="1">
      <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/><w:suff w:val="nothing"/></w:lvl>
    </w:abstractNum>
    <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
    <w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>
    <w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>
    <w:num w:numId="4"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
  </w:numbering>`;

  it('renders labels, restarts deeper levels and shares counters across nums of one list', () => {
    const n = new Numbering(parseXml(xml, 'x.docx', 'numbering.xml'));
    expect(n.next('1', 0)).toBe('第一条\u3000');
    expect(n.next('1', 1)).toBe('（一）');
    expect(n.next('1', 2)).toBe('1. ');
    expect(n.next('1', 2)).toBe('2. ');
    expect(n.next('1', 1)).toBe('（二）');
    expect(n.next('1', 2)).toBe('1. ');
    expect(n.next('2', 0)).toBe('第二条\u3000'); // another num of the same list continues it (LibreOffice, P9)
    expect(n.next('3', 0)).toBe('（一）');
    expect(n.next('3', 0)).toBe('（二）');
    expect(n.next('4', 0)).toBe('（一）'); // startOverride restarts
    expect(n.next('0', 0)).toBe('');
    expect(n.next('99', 0)).toBe('');
  });

  it('formats the number styles used in Chinese documents', () => {
    expect(formatNumber(12, 'chineseCounting')).toBe('十二');
    expect(formatNumber(3, 'ideographTraditional')).toBe('丙');
    expect(formatNumber(2, 'decimalEnclosedCircleChinese')).toBe('②');
    expect(formatNumber(4, 'upperRoman')).toBe('IV');
    expect(formatNumber(28, 'lowerLetter')).toBe('bb');
    expect(formatNumber(7, 'decimalFullWidth')).toBe('７');
  });
});

describe('HTML', () => {
  it('keeps visible text with its block structure', () => {
    const html = `<!doctype html><html><head><title>t</title><style>p{}</style></head><body>
      <h2>第一章&#12288;总则</h2><p>第一条&nbsp;内容&ldquo;甲&rdquo;<br>换行后的段落</p>
      <div hidden>隐藏</div><span style="display: none">也隐藏</span><script>var a = "<p>脚本</p>";</script>
      <ul><li>列表项</li></ul><table><tr><td>甲</td><td colspan="2"><p>乙</p></td></tr><tr><th>丙</th></tr></table>
      <pre>预排
文本</pre></body></html>`;
    expect(looksLikeHtml(html)).toBe(true);
    const blocks = readHtml(html);
    expect(blocks.map((b) => [b.kind, b.text.trim()])).toEqual([
      ['heading', '第一章\u3000总则'],
      ['paragraph', '第一条\u00a0内容“甲”'],
      ['paragraph', '换行后的段落'],
      ['list-item', '列表项'],
      ['table-cell', '甲'],
      ['table-cell', '乙'],
      ['table-cell', '丙'],
      ['paragraph', '预排'],
      ['paragraph', '文本'],
    ]);
    expect(blocks[6]!.source).toMatchObject({ table: 0, row: 1, col: 0 });
    expect(decodeEntities('&lt;&#x4e00;&amp;&unknown;')).toBe('<一&&unknown;');
    expect(looksLikeHtml('第一条 纯文本 <b>不是网页</b>')).toBe(false);
  });
});

describe('OFD and offsets', () => {
  it('expands DeltaX lists with "g" repeats', () => {
    expect(expandDeltas('g 3 5.5 2 g 2 1', 10)).toEqual([5.5, 5.5, 5.5, 2, 1, 1]);
    expect(expandDeltas('1 2 3', 2)).toEqual([1, 2]);
    expect(expandDeltas(undefined, 3)).toEqual([]);
  });

  it('locates an offset in its block', () => {
    const doc = assembleDocument({
      type: 'pdf',
      encoding: null,
      fileName: 'a.pdf',
      blocks: [
        { kind: 'paragraph', text: '甲乙丙', source: { page: 1, paragraph: 0 } },
        { kind: 'paragraph', text: '丁戊', source: { page: 2, paragraph: 1 } },
      ],
    });
    expect(locateOffset(doc.blocks, doc.text.indexOf('戊'))).toMatchObject({
      index: 1,
      source: { page: 2 },
      offsetInBlock: 1,
    });
    expect(locateOffset([], 0)).toBeNull();
  });
});

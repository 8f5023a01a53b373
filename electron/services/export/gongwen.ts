/**
 * Renders the shared export content (shared/export/content.ts) as a .docx laid out to
 * GB/T 9704-2012: A4, the 156 × 225 mm text block, 22 lines of 28 characters in 仿宋_GB2312 三号,
 * the title in 方正小标宋简体 二号, headings in 黑体 / 楷体_GB2312, page numbers “— 1 —” in 宋体
 * 四号 on the outer side (odd pages right, even pages left), and 草稿 in the header of a draft.
 * The numbers and their arithmetic are in shared/export/layout.ts.
 *
 * Fonts are named, not embedded; the font table gives each an alternative name (w:altName) so
 * that Word, WPS and LibreOffice fall back to 仿宋 / 宋体 / SimSun where the font is missing.
 */
import type { AlignmentType, Footer, Header, Paragraph, Table } from 'docx';
import type { Align, Block, Cell, ExportContent, FigureBlock } from '../../../shared/export/content.js';
import {
  CHAR_SPACING_TWIPS,
  FONT_FALLBACKS,
  FONTS,
  INDENT_TWIPS,
  LINE_PITCH_TWIPS,
  mmToTwips,
  PAGE_TWIPS,
  pageNumberText,
  PT,
  TABLE_LINE_TWIPS,
  TEXT_BLOCK_TWIPS,
} from '../../../shared/export/layout.js';
import { docx } from '../lazy.js';
import { svgToPng } from './raster.js';

/** Every script slot names the same font, so digits and Latin letters follow the body. */
const font = (name: string) => ({ ascii: name, hAnsi: name, eastAsia: name, cs: name });
/** docx sizes are half-points. */
const half = (pt: number) => pt * 2;

// docx's AlignmentType values (the package is loaded on first use, see lazy.ts).
const ALIGN: Record<Align, (typeof AlignmentType)[keyof typeof AlignmentType]> = {
  left: 'left',
  center: 'center',
  right: 'right',
  justify: 'both',
};

/** Header and footer distances from the page edge (GB/T 9704: page numbers 7 mm below the block). */
const HEADER_TWIPS = mmToTwips(15);
const FOOTER_TWIPS = mmToTwips(35 - 7 - 5);

/** GB/T 9704 7.3.5: the signature and date stand four characters in from the right. */
const SIGNATURE_INDENT = 4 * PT.body * 20;
/** Page numbers stand one character (四号) in from the outer edge. */
const PAGE_NUMBER_INDENT = PT.pageNumber * 20;

/** Word and WPS read the indent in characters, LibreOffice in twips: both say two characters. */
const FIRST_LINE = { firstLine: INDENT_TWIPS, firstLineChars: 200 };

const exact = (line: number) => ({ line, lineRule: docx().LineRuleType.EXACT, before: 0, after: 0 });

function paragraph(block: Block | FigureBlock): Paragraph | Table {
  const { AlignmentType, Paragraph, TextRun } = docx();
  switch (block.kind) {
    case 'title':
      return new Paragraph({
        alignment: AlignmentType.CENTER,
        // One empty line between the title and the text (GB/T 9704 7.3.1).
        spacing: { ...exact(LINE_PITCH_TWIPS), after: LINE_PITCH_TWIPS },
        children: [new TextRun({ text: block.text, font: font(FONTS.title), size: half(PT.title) })],
      });
    case 'heading':
      return new Paragraph({
        indent: FIRST_LINE,
        keepNext: true,
        children: [new TextRun({ text: block.text, font: font(block.level === 1 ? FONTS.heading1 : FONTS.heading2) })],
      });
    case 'paragraph':
      return new Paragraph({
        alignment: ALIGN[block.align ?? 'justify'],
        indent:
          block.indent === false ? (block.align === 'right' ? { right: SIGNATURE_INDENT } : undefined) : FIRST_LINE,
        children: [new TextRun(block.text)],
      });
    case 'table':
      return table(block.columns, block.rows);
    case 'image':
      return figure(block);
  }
}

/** A chart: the SVG with a PNG fallback, centred, on a line of its own height (not the text's exact pitch). */
function figure(block: FigureBlock): Paragraph {
  const { AlignmentType, ImageRun, LineRuleType, Paragraph } = docx();
  const fit = Math.min(1, MAX_FIGURE_PX / block.width);
  const width = Math.round(block.width * fit);
  const height = Math.round(block.height * fit);
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    keepNext: false,
    spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 120, after: 120 },
    children: [
      new ImageRun({
        type: 'svg',
        data: new TextEncoder().encode(block.svg),
        fallback: { type: 'png', data: svgToPng(block.svg) },
        transformation: { width, height },
        altText: { name: block.alt.slice(0, 40), title: block.alt.slice(0, 40), description: block.alt },
      }),
    ],
  });
}

/** The widest a figure is drawn (px at 96 dpi): the 156 mm text block. */
const MAX_FIGURE_PX = Math.floor((TEXT_BLOCK_TWIPS.width / 1440) * 96);

const BORDER = { style: 'single', size: 6, color: '000000' } as const; // docx's BorderStyle.SINGLE

function table(columns: number[], rows: Cell[][]): Table {
  const { Paragraph, Table, TableCell, TableLayoutType, TableRow, TextRun, VerticalAlignTable, WidthType } = docx();
  const total = columns.reduce((a, b) => a + b, 0);
  const widths = columns.map((c) => Math.floor((TEXT_BLOCK_TWIPS.width * c) / total));
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: TEXT_BLOCK_TWIPS.width, type: WidthType.DXA },
    columnWidths: widths,
    borders: {
      top: BORDER,
      bottom: BORDER,
      left: BORDER,
      right: BORDER,
      insideHorizontal: BORDER,
      insideVertical: BORDER,
    },
    rows: rows.map((cells) => {
      let col = 0;
      const minLines = Math.max(1, ...cells.map((c) => c.minLines ?? 1));
      // A row of labels only (a header or a category) stays on the page of the row after it.
      const keepNext = cells.every((c) => c.label);
      return new TableRow({
        cantSplit: true,
        height: minLines > 1 ? { value: minLines * TABLE_LINE_TWIPS, rule: 'atLeast' } : undefined,
        children: cells.map((cell) => {
          const span = cell.span ?? 1;
          const width = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
          col += span;
          return new TableCell({
            columnSpan: span > 1 ? span : undefined,
            width: { size: width, type: WidthType.DXA },
            verticalAlign: VerticalAlignTable.CENTER,
            margins: { left: 80, right: 80, top: 40, bottom: 40 },
            children: cell.lines.map(
              (line) =>
                new Paragraph({
                  keepNext,
                  alignment: ALIGN[cell.align ?? (cell.label ? 'center' : 'left')],
                  spacing: exact(TABLE_LINE_TWIPS),
                  children: [
                    new TextRun({
                      text: line,
                      size: half(PT.table),
                      bold: cell.label,
                      font: cell.label ? font(FONTS.heading1) : undefined,
                      snapToGrid: false,
                    }),
                  ],
                }),
            ),
          });
        }),
      });
    }),
  });
}

/** The page-number footer: “— N —” in 宋体 四号, one character in from the outer edge. */
function pageFooter(side: 'right' | 'left'): Footer {
  const { AlignmentType, Footer, PageNumber, Paragraph, TextRun } = docx();
  const [before, after] = pageNumberText('\u0000').split('\u0000');
  const run = { font: font(FONTS.pageNumber), size: half(PT.pageNumber) };
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'right' ? { right: PAGE_NUMBER_INDENT } : { left: PAGE_NUMBER_INDENT },
        spacing: exact(PT.pageNumber * 20),
        children: [new TextRun({ ...run, children: [before!, PageNumber.CURRENT, after!] })],
      }),
    ],
  });
}

function draftHeader(draft: boolean): Header {
  const { AlignmentType, Header, Paragraph, TextRun } = docx();
  return new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: exact(LINE_PITCH_TWIPS),
        children: draft ? [new TextRun({ text: '草稿', font: font(FONTS.heading1), size: half(PT.body) })] : [],
      }),
    ],
  });
}

/** word/fontTable.xml naming each font with its alternative (w:altName) and the GB2312 charset. */
export function fontTableXml(): string {
  const entries = Object.entries(FONT_FALLBACKS).map(
    ([name, [alt]]) =>
      `<w:font w:name="${name}"><w:altName w:val="${alt}"/><w:charset w:val="86"/><w:family w:val="${
        name.startsWith('黑体') ? 'modern' : 'roman'
      }"/><w:pitch w:val="variable"/></w:font>`,
  );
  const extra = ['SimSun', 'FangSong', 'KaiTi', 'SimHei'].map(
    (name) =>
      `<w:font w:name="${name}"><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`,
  );
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    [...entries, ...extra].join('') +
    '</w:fonts>'
  );
}

/** Writes the content as a 公文 .docx. */
export async function gongwenDocx(
  content: Pick<ExportContent<Block | FigureBlock>, 'draft' | 'blocks' | 'fileName'>,
): Promise<Uint8Array> {
  const { Document, DocumentGridType, Packer } = docx();
  const header = draftHeader(content.draft);
  const doc = new Document({
    creator: '审查助手',
    title: content.fileName.replace(/\.docx$/, ''),
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: font(FONTS.body), size: half(PT.body), characterSpacing: CHAR_SPACING_TWIPS },
          paragraph: { spacing: exact(LINE_PITCH_TWIPS) },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE_TWIPS.width, height: PAGE_TWIPS.height },
            margin: {
              top: PAGE_TWIPS.top,
              bottom: PAGE_TWIPS.bottom,
              left: PAGE_TWIPS.left,
              right: PAGE_TWIPS.right,
              header: HEADER_TWIPS,
              footer: FOOTER_TWIPS,
            },
          },
          grid: { type: DocumentGridType.LINES, linePitch: LINE_PITCH_TWIPS },
        },
        headers: { default: header, even: header },
        footers: { default: pageFooter('right'), even: pageFooter('left') },
        children: content.blocks.map(paragraph),
      },
    ],
  });
  const bytes = await Packer.pack(doc, 'uint8array', false, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
  return bytes;
}

/**
 * The print stylesheet of the exports, generated from the same layout numbers as the .docx
 * (layout.ts): the A4 page and its margins, 三号 body at the exact line pitch and the condensed
 * character pitch, the title and headings, the page numbers outside (odd right, even left) and
 * 草稿 at the top of a draft's pages. The print view scopes it under `.print-doc`.
 */
import {
  CHAR_SPACING_TWIPS,
  cssFontStack,
  FONTS,
  INDENT_TWIPS,
  LINE_PITCH_TWIPS,
  PAGE_MM,
  pageNumberText,
  PT,
  TABLE_LINE_TWIPS,
} from './layout.js';

const pt = (twips: number) => `${twips / 20}pt`;

export function printCss(): string {
  const [before, after] = pageNumberText('\u0000').split('\u0000');
  const number = `content: "${before}" counter(page) "${after}"; font-family: ${cssFontStack(FONTS.pageNumber)}; font-size: ${PT.pageNumber}pt;`;
  return `
@page {
  size: A4;
  margin: ${PAGE_MM.top}mm ${PAGE_MM.right}mm ${PAGE_MM.bottom}mm ${PAGE_MM.left}mm;
}
@page :right { @bottom-right { ${number} vertical-align: top; padding-top: 7mm; margin-right: ${PT.pageNumber}pt; } }
@page :left { @bottom-left { ${number} vertical-align: top; padding-top: 7mm; margin-left: ${PT.pageNumber}pt; } }
@page draft { @top-center { content: "草稿"; font-family: ${cssFontStack(FONTS.heading1)}; font-size: ${PT.body}pt; } }
.print-doc { font-family: ${cssFontStack(FONTS.body)}; font-size: ${PT.body}pt; line-height: ${pt(LINE_PITCH_TWIPS)};
  letter-spacing: ${pt(CHAR_SPACING_TWIPS)}; color: #000; text-align: justify; }
.print-doc.draft { page: draft; }
.print-doc p, .print-doc h1, .print-doc h2, .print-doc h3 { margin: 0; font-size: ${PT.body}pt; font-weight: normal; }
.print-doc p.indent, .print-doc h2, .print-doc h3 { text-indent: ${pt(INDENT_TWIPS)}; }
.print-doc h1 { font-family: ${cssFontStack(FONTS.title)}; font-size: ${PT.title}pt; text-align: center;
  margin-bottom: ${pt(LINE_PITCH_TWIPS)}; letter-spacing: 0; }
.print-doc h2 { font-family: ${cssFontStack(FONTS.heading1)}; break-after: avoid; }
.print-doc h3 { font-family: ${cssFontStack(FONTS.heading2)}; break-after: avoid; }
.print-doc p.right { text-align: right; margin-right: ${4 * PT.body}pt; }
.print-doc p.center { text-align: center; }
.print-doc table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: ${PT.table}pt;
  line-height: ${pt(TABLE_LINE_TWIPS)}; letter-spacing: 0; }
.print-doc td { border: 0.75pt solid #000; padding: 2pt 4pt; vertical-align: middle; text-align: left; }
.print-doc td.label { font-family: ${cssFontStack(FONTS.heading1)}; text-align: center; }
.print-doc td.center { text-align: center; }
.print-doc td.right { text-align: right; }
.print-doc td p { font-size: ${PT.table}pt; }
.print-doc tr { break-inside: avoid; }
.print-doc tr.keep { break-after: avoid; }
`;
}

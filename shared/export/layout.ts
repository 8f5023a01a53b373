/**
 * The 公文 page of GB/T 9704-2012, in numbers both the .docx writer and the print stylesheet use.
 *
 * A4 is 210 × 297 mm. With margins top 37, bottom 35, left 28, right 26 mm the text block is
 * 156 × 225 mm. In twips (1/1440 inch, 1 mm = 56.69 twips): page 11906 × 16838, margins 2098 /
 * 1984 / 1587 / 1474, so the block is 8845 × 12756 twips.
 *
 * Lines: 22 lines must fit 12756 twips: 12756 / 22 = 579.8, so the exact line pitch is 579 twips
 * (22 × 579 = 12738 ≤ 12756; 580 would need 12760 and leave only 21 lines on a page).
 *
 * Characters: 28 characters must fit 8845 twips = 442.25 pt, i.e. at most 15.794 pt per
 * character, and 29 must not. The body font is 三号 = 16 pt, so each character is condensed by
 * w:spacing (in twips, 1/20 pt): (15.794 − 16) × 20 = −4.1, rounded down to −5 twips = −0.25 pt.
 * The pitch is then 15.75 pt: 28 × 15.75 = 441 pt fits the 442.25 pt line, 29 × 15.75 = 456.75 pt
 * does not. (A character grid, w:docGrid type linesAndChars with w:charSpace −842, gives the same
 * 28 in Word but LibreOffice spreads such a grid to about 20 characters; the grid therefore fixes
 * the lines only, w:docGrid type lines, and the spacing fixes the characters, in every program.)
 * A two-character first-line indent is 2 × 15.75 pt = 630 twips.
 */

export const TWIPS_PER_MM = 1440 / 25.4;
export const mmToTwips = (mm: number): number => Math.round(mm * TWIPS_PER_MM);

export const PAGE_MM = { width: 210, height: 297, top: 37, bottom: 35, left: 28, right: 26 } as const;
export const LINES_PER_PAGE = 22;
export const CHARS_PER_LINE = 28;

/** Font sizes in points: 二号 22, 三号 16, 四号 14. */
export const PT = { title: 22, body: 16, pageNumber: 14, table: 14 } as const;

export const PAGE_TWIPS = {
  width: mmToTwips(PAGE_MM.width),
  height: mmToTwips(PAGE_MM.height),
  top: mmToTwips(PAGE_MM.top),
  bottom: mmToTwips(PAGE_MM.bottom),
  left: mmToTwips(PAGE_MM.left),
  right: mmToTwips(PAGE_MM.right),
};

export const TEXT_BLOCK_TWIPS = {
  width: PAGE_TWIPS.width - PAGE_TWIPS.left - PAGE_TWIPS.right,
  height: PAGE_TWIPS.height - PAGE_TWIPS.top - PAGE_TWIPS.bottom,
};

/** Exact line pitch (w:spacing w:line with lineRule exact, and w:docGrid w:linePitch). */
export const LINE_PITCH_TWIPS = Math.floor(TEXT_BLOCK_TWIPS.height / LINES_PER_PAGE);

/** w:spacing of every body run (twips): condenses 三号 characters so that 28 fill a line. */
export const CHAR_SPACING_TWIPS = Math.floor((TEXT_BLOCK_TWIPS.width / 20 / CHARS_PER_LINE - PT.body) * 20);

/** The character pitch of the body text, in points. */
export const CHAR_PITCH_PT = PT.body + CHAR_SPACING_TWIPS / 20;

/** The two-character first-line indent of body paragraphs (twips). */
export const INDENT_TWIPS = Math.round(2 * CHAR_PITCH_PT * 20);

/** Line pitch inside the form's table cells (twips): 四号 text with a little air. */
export const TABLE_LINE_TWIPS = 400;

/** The fonts the standard names, each with what to fall back on where it is not installed. */
export const FONTS = {
  body: '仿宋_GB2312',
  title: '方正小标宋简体',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  pageNumber: '宋体',
} as const;

/** Font table: name → the alternative Word/WPS/LibreOffice take when the font is missing. */
export const FONT_FALLBACKS: Record<string, string[]> = {
  仿宋_GB2312: ['仿宋', 'FangSong', 'SimSun'],
  仿宋: ['FangSong', 'SimSun'],
  方正小标宋简体: ['宋体', 'SimSun'],
  黑体: ['SimHei'],
  楷体_GB2312: ['楷体', 'KaiTi', 'SimSun'],
  楷体: ['KaiTi', 'SimSun'],
  宋体: ['SimSun'],
};

/** A CSS font-family list for a named font: its fallbacks, then the CJK fonts a Linux desktop has. */
export function cssFontStack(name: string): string {
  const sans = name === FONTS.heading1;
  const names = [name, ...(FONT_FALLBACKS[name] ?? []), sans ? 'Noto Sans CJK SC' : 'Noto Serif CJK SC'];
  return [...names.map((n) => `"${n}"`), sans ? 'sans-serif' : 'serif'].join(', ');
}

/** Page numbers as GB/T 9704 writes them: “— 1 —”. */
export const pageNumberText = (n: number | string): string => `— ${n} —`;

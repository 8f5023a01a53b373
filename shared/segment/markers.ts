/**
 * The numbering-marker lexer: reads the marker that opens a line (第十二条, 一、, （一）, 1., （1）, ①,
 * a.) with one hand-written scan, no regex. Used by the segmenter (which clause a line opens), the
 * guards (the list depth of a clause under a lead-in), the PDF layout (a numbered line starts a
 * paragraph) and the normaliser (spaces inside a marker are typesetting). Pure.
 *
 * Typeset documents put white space (ASCII, tab, NBSP, U+3000 …) inside and around markers:
 * "第 1 0 条", "第 十 二 条", "二 、支持范围", "（ 一 ）", "( 1 )", "1 . ", "１．". The lexer skips
 * it; the numeral it returns has none. Full-width digits count as digits.
 *
 * What is not a marker: a line citing an article ("第五条规定的…" — reported with `citation`), a
 * year or quantity ("2025年", "1.5倍", "200."), a numeral without its punctuation ("十四五期间").
 */
import { isSpace } from '../text/chars.js';
import type { ClauseKind } from '../types.js';
import { parseNumeral } from './numerals.js';

export type MarkerStyle = 'legal' | 'cn-dun' | 'cn-paren' | 'num-dot' | 'num-paren' | 'circled' | 'alpha';
export type LegalUnit = '编' | '章' | '节' | '条';

export interface LexedMarker {
  style: MarkerStyle;
  /** 编/章/节/条 for the legal style, else null. */
  unit: LegalUnit | null;
  /** The number as written, without white space, full-width digits folded: "十二", "12", "①", "a". */
  numeral: string;
  /** Its value (NaN when unknown). */
  value: number;
  /** Offset of the marker's first char (after leading white space and markdown "#"). */
  start: number;
  /** Offset just after the marker's last char (条, 、, ）, .); white space after it is not included. */
  end: number;
  /** "第X条" followed by words that cite it ("第五条规定的…", "第五条、第六条"): no article starts here. */
  citation: boolean;
  /** White space lies inside the marker ("第 1 0 条", "（ 一 ）", "1 ."). */
  spaced: boolean;
}

// Char classes, by UTF-16 code unit.
const C_CN = 1; // 一二三四五六七八九十百千零〇两
const C_DIGIT = 2; // 0-9, ０-９
const C_OPEN = 3; // （ (
const C_CLOSE = 4; // ） )
const C_DUN = 5; // 、
const C_DOT = 6; // . ．
const C_CIRCLED = 7; // ①-⑳
const C_ALPHA = 8; // A-Z a-z
const C_DI = 9; // 第
const C_UNIT = 10; // 编章节条
const CLASS = new Uint8Array(0x10000);
for (const ch of '一二三四五六七八九十百千零〇两') CLASS[ch.charCodeAt(0)] = C_CN;
for (let c = 0x30; c <= 0x39; c++) CLASS[c] = C_DIGIT;
for (let c = 0xff10; c <= 0xff19; c++) CLASS[c] = C_DIGIT;
for (const ch of '（(') CLASS[ch.charCodeAt(0)] = C_OPEN;
for (const ch of '）)') CLASS[ch.charCodeAt(0)] = C_CLOSE;
CLASS['、'.charCodeAt(0)] = C_DUN;
for (const ch of '.．') CLASS[ch.charCodeAt(0)] = C_DOT;
for (let c = 0x2460; c <= 0x2473; c++) CLASS[c] = C_CIRCLED;
for (let c = 0x41; c <= 0x5a; c++) CLASS[c] = C_ALPHA;
for (let c = 0x61; c <= 0x7a; c++) CLASS[c] = C_ALPHA;
CLASS['第'.charCodeAt(0)] = C_DI;
for (const ch of '编章节条') CLASS[ch.charCodeAt(0)] = C_UNIT;

/** Chars that, right after "第X条", show the line cites the article: 的之所中至、和及或第（(，, and 规定. */
const CITES = new Uint8Array(0x10000);
for (const ch of '的之所中至、和及或第（(，,') CITES[ch.charCodeAt(0)] = 1;
const GUI = '规'.charCodeAt(0);
const DING = '定'.charCodeAt(0);
const HASH = 0x23;

/** Offset of the first char at or after `i` that is not white space (or `to`). */
export function skipSpace(s: string, i: number, to = s.length): number {
  while (i < to && isSpace(s.charCodeAt(i))) i++;
  return i;
}

/** Offset of a line's first char after leading white space and markdown heading marks ("## "). */
export function skipLead(s: string, from = 0, to = s.length): number {
  let i = from;
  while (i < to) {
    const c = s.charCodeAt(i);
    if (c !== HASH && !isSpace(c)) break;
    i++;
  }
  return i;
}

interface Numeral {
  text: string;
  end: number;
  spaced: boolean;
}

/** Reads a run of chars of class `cls` (white space allowed between them) from `i`; null if none. */
function readNumeral(s: string, i: number, to: number, cls: number, max: number): Numeral | null {
  let text = '';
  let end = i;
  let spaced = false;
  while (i < to) {
    const c = s.charCodeAt(i);
    if (CLASS[c] === cls) {
      if (text.length === max) return null;
      if (end < i) spaced = true;
      text += c >= 0xff10 && c <= 0xff19 ? String.fromCharCode(c - 0xfee0) : s[i]!;
      end = ++i;
    } else if (text && isSpace(c)) i++;
    else break;
  }
  return text ? { text, end, spaced } : null;
}

/** Reads the numbering marker at the start of s[from, to) (see the module comment), or null. */
export function lexMarker(s: string, from = 0, to = s.length): LexedMarker | null {
  const start = skipLead(s, from, to);
  if (start >= to) return null;
  const c = s.charCodeAt(start);
  const cls = CLASS[c];
  const make = (style: MarkerStyle, n: Numeral, end: number, value: number, spaced: boolean): LexedMarker => ({
    style,
    unit: null,
    numeral: n.text,
    value,
    start,
    end,
    citation: false,
    spaced: spaced || n.spaced,
  });

  if (cls === C_DI || cls === C_OPEN) {
    // 第 X 条 / （ X ）: a numeral between an opener and a closer.
    const e = enclosed(s, start, to, cls === C_DI ? C_UNIT : C_CLOSE, cls === C_DI ? 4 : 3);
    if (!e) return null;
    const { n, cn, close, spaced } = e;
    if (cls === C_OPEN) return make(cn ? 'cn-paren' : 'num-paren', n, close + 1, parseNumeral(n.text), spaced);
    const m = make('legal', n, close + 1, parseNumeral(n.text), spaced);
    m.unit = s[close] as LegalUnit;
    m.citation = m.unit === '条' && citesAt(s, close + 1, to);
    return m;
  }
  if (cls === C_CIRCLED) {
    return make('circled', { text: s[start]!, end: start + 1, spaced: false }, start + 1, c - 0x2460 + 1, false);
  }
  if (cls === C_CN) {
    const n = readNumeral(s, start, to, C_CN, 64)!;
    const p = skipSpace(s, n.end, to);
    if (p >= to) return null;
    const pc = CLASS[s.charCodeAt(p)];
    // 一、 or 一. (not 一.5).
    if (pc === C_DUN || (pc === C_DOT && CLASS[s.charCodeAt(p + 1)] !== C_DIGIT)) {
      return make('cn-dun', n, p + 1, parseNumeral(n.text), p > n.end);
    }
    return null;
  }
  if (cls === C_DIGIT) {
    const n = readNumeral(s, start, to, C_DIGIT, 3);
    if (!n) return null;
    const p = skipSpace(s, n.end, to);
    if (p >= to) return null;
    const pc = CLASS[s.charCodeAt(p)];
    if (pc !== C_DUN && pc !== C_DOT) return null;
    // Not a decimal ("1.5", "1..", and letter-spaced "1 . 5"), a year or a quantity.
    const next = CLASS[s.charCodeAt(p + 1)];
    if (next === C_DIGIT || next === C_DOT) return null;
    const spaced = n.spaced || p > n.end;
    if (spaced && CLASS[s.charCodeAt(skipSpace(s, p + 1, to))] === C_DIGIT) return null;
    const value = Number(n.text);
    if (!(value > 0 && value < 200)) return null;
    return make('num-dot', n, p + 1, value, spaced);
  }
  if (cls === C_ALPHA) {
    const p = skipSpace(s, start + 1, to);
    const pc = CLASS[s.charCodeAt(p)];
    if (p < to && (pc === C_DUN || pc === C_DOT || pc === C_CLOSE)) {
      return make('alpha', { text: s[start]!, end: start + 1, spaced: false }, p + 1, NaN, p > start + 1);
    }
  }
  return null;
}

/**
 * A numeral (Chinese, or at most `maxDigits` digits) after the opener at `start`, then a char of
 * class `closer`; white space may lie between them.
 */
function enclosed(
  s: string,
  start: number,
  to: number,
  closer: number,
  maxDigits: number,
): { n: Numeral; cn: boolean; close: number; spaced: boolean } | null {
  const at = skipSpace(s, start + 1, to);
  const kind = CLASS[s.charCodeAt(at)];
  const cn = kind === C_CN;
  const n = cn
    ? readNumeral(s, at, to, C_CN, 64)
    : kind === C_DIGIT
      ? readNumeral(s, at, to, C_DIGIT, maxDigits)
      : null;
  if (!n) return null;
  const close = skipSpace(s, n.end, to);
  if (close >= to || CLASS[s.charCodeAt(close)] !== closer) return null;
  return { n, cn, close, spaced: at > start + 1 || close > n.end };
}

/** True when the text at `i` cites the article just read ("规定", "的", "、", "第" …). */
function citesAt(s: string, i: number, to: number): boolean {
  if (i >= to) return false;
  const c = s.charCodeAt(i);
  return CITES[c] === 1 || (c === GUI && i + 1 < to && s.charCodeAt(i + 1) === DING);
}

/** A marker as the segmenter reads it: the clause kind it opens and its canonical number. */
export interface Marker {
  kind: ClauseKind;
  /** Canonical number, e.g. "第十二条", "第10条", "（一）", "1.", "一、". */
  number: string;
  /** Numeric value of the number (NaN when unknown). */
  value: number;
}

const STYLE_KIND: Record<Exclude<MarkerStyle, 'legal' | 'alpha'>, ClauseKind> = {
  'cn-dun': 'heading1',
  'cn-paren': 'heading2',
  'num-dot': 'heading3',
  'num-paren': 'heading4',
  circled: 'heading5',
};
const UNIT_KIND: Record<LegalUnit, ClauseKind> = { 编: 'part', 章: 'chapter', 节: 'section', 条: 'article' };

/** The clause a line (s[from, to)) opens by its marker, or null (no marker, a citation, or a lettered item). */
export function readMarker(s: string, from = 0, to = s.length): Marker | null {
  const m = lexMarker(s, from, to);
  if (!m || m.citation || m.style === 'alpha') return null;
  const { numeral: n, value } = m;
  if (m.style === 'legal') return { kind: UNIT_KIND[m.unit!], number: `第${n}${m.unit}`, value };
  const number =
    m.style === 'cn-dun' ? `${n}、` : m.style === 'num-dot' ? `${n}.` : m.style === 'circled' ? n : `（${n}）`;
  return { kind: STYLE_KIND[m.style], number, value };
}

/**
 * Character classes shared by the normaliser, the segmenter and the guards, and the whitespace-free
 * comparison key. Pure; no regex in the per-character tests (they run on every char of a document).
 */

/**
 * White space, as /\s/ has it, minus U+FEFF (a BOM or zero-width no-break space, which the
 * normaliser drops as a zero-width character): ASCII space, tab and line breaks, NBSP, U+1680,
 * the en/em spaces U+2000–U+200A, U+2028/U+2029, U+202F, U+205F and the ideographic space U+3000.
 */
export function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x3000 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f
  );
}

/** Every code unit isSpace accepts (for tables built at start-up without testing all 65,536). */
export const SPACE_CODES: readonly number[] = [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007,
  0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
];

/** CJK ideographs, CJK punctuation and full-width forms: no space is needed next to them. */
export function isCjk(c: number): boolean {
  return (
    (c >= 0x2e80 && c <= 0x2fdf) ||
    (c >= 0x3001 && c <= 0x303f) ||
    (c >= 0x3040 && c <= 0x30ff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff01 && c <= 0xff0f) ||
    (c >= 0xff1a && c <= 0xff20) ||
    (c >= 0xff3b && c <= 0xff40) ||
    (c >= 0xff5b && c <= 0xff65) ||
    c === 0x2018 ||
    c === 0x2019 ||
    c === 0x201c ||
    c === 0x201d ||
    c === 0x2026 ||
    c === 0x2014 ||
    (c >= 0x2460 && c <= 0x24ff) ||
    (c >= 0xd840 && c <= 0xd87f) // high surrogates of CJK extension planes
  );
}

/**
 * The text with all white space removed (/\s/, which includes U+3000 and NBSP): the key for
 * comparing texts "up to whitespace" — a clause's hash, a search query against indexed text, an
 * import against its source. Typesetting spaces ("第 1 0 条", "战略新 兴") do not change the key.
 */
export function stripWhitespace(text: string): string {
  return text.replace(/\s+/g, '');
}

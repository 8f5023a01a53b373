/**
 * Text normalisation with a map back to the source. Pure.
 *
 * What it does to one block of raw text:
 * - drops zero-width characters, soft hyphens, BOMs and C0/C1 control characters;
 * - turns odd whitespace (NBSP, en/em spaces, tabs, line breaks) into spaces and collapses runs;
 *   a run holding an ideographic space (U+3000) becomes one U+3000 (e.g. after "第一条"); a run
 *   holding a line break between two CJK characters is removed (a line-break artefact: Chinese
 *   has no spaces between words); any other run becomes one space;
 * - full-width ASCII letters and digits become half-width, "．" after a digit becomes ".";
 * - Kangxi radicals and CJK compatibility ideographs (PDF extraction artefacts) become the unified
 *   ideographs;
 * - trims the block.
 * `map[i]` is the raw index of normalised char i; `map[text.length]` is raw.length.
 */

export interface Normalized {
  text: string;
  map: number[];
}

const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff\u00ad\u180e]/;

function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

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

/** Maps one char (already known not to be whitespace or dropped) to its normal form. */
function mapChar(ch: string, prev: string): string {
  const c = ch.charCodeAt(0);
  if ((c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a)) {
    return String.fromCharCode(c - 0xfee0);
  }
  if (c === 0xff0e && /[0-9]/.test(prev)) return '.';
  if ((c >= 0x2f00 && c <= 0x2fdf) || (c >= 0x2e80 && c <= 0x2eff) || (c >= 0xf900 && c <= 0xfaff)) {
    return ch.normalize('NFKC');
  }
  return ch;
}

function isDropped(ch: string, c: number): boolean {
  return ZERO_WIDTH.test(ch) || (c < 0x20 && !(c >= 0x09 && c <= 0x0d)) || (c >= 0x7f && c <= 0x9f);
}

/** Normalises one block of raw text (see the module comment). */
export function normalizeBlock(raw: string): Normalized {
  const out: string[] = [];
  const map: number[] = [];
  let pendingSpace = -1; // raw index of the first char of a pending whitespace run
  let pendingIdeo = false;
  let pendingBreak = false;
  let prev = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    const c = ch.charCodeAt(0);
    if (isSpace(c)) {
      if (pendingSpace < 0) pendingSpace = i;
      if (c === 0x3000) pendingIdeo = true;
      if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) pendingBreak = true;
      continue;
    }
    if (isDropped(ch, c)) continue;
    const mapped = mapChar(ch, prev);
    if (pendingSpace >= 0) {
      if (out.length > 0) {
        const before = prev.charCodeAt(0);
        const after = mapped.charCodeAt(0);
        if (pendingIdeo) {
          out.push('\u3000');
          map.push(pendingSpace);
        } else if (!(pendingBreak && isCjk(before) && isCjk(after))) {
          out.push(' ');
          map.push(pendingSpace);
        }
      }
      pendingSpace = -1;
      pendingIdeo = false;
      pendingBreak = false;
    }
    for (let k = 0; k < mapped.length; k++) {
      out.push(mapped[k]!);
      map.push(i);
    }
    prev = mapped;
  }
  map.push(raw.length);
  return { text: out.join(''), map };
}

/** Removes all whitespace: for comparing texts "up to whitespace". */
export function stripWhitespace(text: string): string {
  return text.replace(/[\s\u3000]+/g, '');
}

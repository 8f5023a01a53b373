/**
 * Text normalisation with a map back to the source. Pure.
 *
 * What it does to one block of raw text:
 * - drops zero-width characters, soft hyphens, BOMs and C0/C1 control characters;
 * - turns odd whitespace (NBSP, en/em spaces, tabs, line breaks) into spaces and collapses runs;
 *   a run holding an ideographic space (U+3000) becomes one U+3000 (e.g. after "第一条"); any
 *   other run becomes one space;
 * - removes the runs that typesetting put where Chinese has no space (counted in `spacesRemoved`):
 *   - inside a numbering marker that opens the block: "第 1 0 条" → "第10条", "（ 一 ）" → "（一）",
 *     "1 . " → "1. ";
 *   - between two CJK characters: "战略新 兴", "二 、支持范围", "三、 组织保障" (ASCII, NBSP, tab);
 *     an ideographic space only where it letter-spaces single characters ("通\u3000知", "总\u3000则",
 *     "张\u3000三"), not between words ("张三\u3000李四");
 *   - a line break between two CJK characters (a line-wrap artefact; not counted);
 *   kept: the space after a leading "第X条"/"第X章" (it separates the number from the text, and
 *   "第五条 规定…" opens an article where "第五条规定的…" cites one), and every space next to a
 *   Latin letter or a digit outside a marker ("Word 文档", "共 3 家");
 * - full-width ASCII letters and digits become half-width, "．" after a digit becomes ".";
 * - Kangxi radicals, CJK Radicals Supplement chars (⻘ U+2ED8 → 青) and CJK compatibility ideographs
 *   (PDF extraction artefacts) become the unified ideographs;
 * - trims the block.
 * `map[i]` is the raw index of normalised char i; `map[text.length]` is raw.length.
 */
import { lexMarker } from '../segment/markers.js';
import { isCjk, SPACE_CODES } from '../text/chars.js';
import { RADICALS_SUPPLEMENT } from './radicals.js';

export { isCjk, isSpace, stripWhitespace } from '../text/chars.js';

export interface Normalized {
  text: string;
  map: number[];
  /** White-space runs removed as typesetting (inside a leading marker, between CJK characters). */
  spacesRemoved: number;
}

// What the normaliser does with each UTF-16 code unit, looked up once per char (no regex, no
// per-char strings): keep it, treat it as white space, drop it, or fold it.
const KEEP = 0;
const SPACE = 1;
const DROP = 2;
const FOLD = 3; // full-width ASCII letter or digit → half-width
const DOT = 4; // "．" → "." after a digit
const NFKC = 5; // Kangxi or supplement radical, CJK compatibility ideograph → its unified ideograph
const ACTION = new Uint8Array(0x10000);
/** The NFKC form of each code unit of class NFKC. */
const NFKC_OF = new Map<number, string>();
// C0 and C1 controls are dropped, white space (some of it in C0) is white space.
for (let c = 0; c < 0x20; c++) ACTION[c] = DROP;
for (let c = 0x7f; c <= 0x9f; c++) ACTION[c] = DROP;
for (const c of SPACE_CODES) ACTION[c] = SPACE;
// Zero-width chars, BOM, soft hyphen, Mongolian vowel separator.
for (const c of [0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x00ad, 0x180e]) ACTION[c] = DROP;
for (let c = 0xff10; c <= 0xff5a; c++) {
  if (c <= 0xff19 || (c >= 0xff21 && c <= 0xff3a) || c >= 0xff41) ACTION[c] = FOLD;
}
ACTION[0xff0e] = DOT;
for (const [from, to] of [
  [0x2e80, 0x2eff],
  [0x2f00, 0x2fdf],
  [0xf900, 0xfaff],
] as const) {
  for (let c = from; c <= to; c++) {
    // NFKC leaves the CJK Radicals Supplement alone: Unicode's equivalence table maps those.
    const nfkc = from === 0x2e80 ? RADICALS_SUPPLEMENT[c - 0x2e80]! : String.fromCharCode(c).normalize('NFKC');
    if (nfkc.length !== 1 || nfkc.charCodeAt(0) !== c) {
      ACTION[c] = NFKC;
      NFKC_OF.set(c, nfkc);
    }
  }
}

/** Normalises one block of raw text (see the module comment). */
export function normalizeBlock(raw: string): Normalized {
  const map: number[] = [];
  const { text, spacesRemoved } = normalizeInto(raw, map);
  return { text, map, spacesRemoved };
}

/** normalizeBlock without the map, for callers that only need the text (document assembly). */
export function normalizeBlockText(raw: string): Omit<Normalized, 'map'> {
  return normalizeInto(raw, null);
}

/**
 * The normaliser's single pass. Unchanged chars are copied as slices of `raw` (a block with
 * nothing to change comes back as `raw` itself); `map`, when given, receives the raw index of
 * every output char and then raw.length.
 */
function normalizeInto(raw: string, map: number[] | null): Omit<Normalized, 'map'> {
  const n = raw.length;
  // The leading run of ordinary chars, as the loop below would take it (most blocks are all such).
  let lead = 0;
  while (lead < n && ACTION[raw.charCodeAt(lead)] === KEEP) lead++;
  if (lead === n && !map) return { text: raw, spacesRemoved: 0 };
  if (map) for (let i = 0; i < lead; i++) map.push(i);
  // A leading marker: runs inside it are typesetting; the run right after a 第X条/章 unit stays.
  // Lexed when the first white-space run after some text is decided (most blocks have none).
  let markerEnd = -2;
  let unitEnd = -1;
  let text = '';
  let copyFrom = lead > 0 ? 0 : -1; // start of the run of unchanged chars not yet appended to `text`
  let outLength = lead; // chars output so far, including that run
  let spacesRemoved = 0;
  let pendingSpace = -1; // raw index of the first char of a pending whitespace run
  let pendingIdeo = false;
  let pendingBreak = false;
  let token = lead; // chars since the last whitespace run
  let prev = lead > 0 ? raw.charCodeAt(lead - 1) : -1; // first code unit of the previous output char (after mapping)
  for (let i = lead; i < n; i++) {
    const c = raw.charCodeAt(i);
    let action = ACTION[c]!;
    if (action === KEEP && pendingSpace < 0) {
      // The common case: an ordinary char after an ordinary char.
      if (copyFrom < 0) copyFrom = i;
      if (map) map.push(i);
      outLength++;
      token++;
      prev = c;
      continue;
    }
    if (copyFrom >= 0) {
      text += raw.slice(copyFrom, i);
      copyFrom = -1;
    }
    if (action === SPACE) {
      if (pendingSpace < 0) pendingSpace = i;
      if (c === 0x3000) pendingIdeo = true;
      if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) pendingBreak = true;
      continue;
    }
    if (action === DROP) continue;
    if (action === DOT && !(prev >= 0x30 && prev <= 0x39)) action = KEEP;
    const mapped =
      action === KEEP
        ? null
        : action === FOLD
          ? String.fromCharCode(c - 0xfee0)
          : action === DOT
            ? '.'
            : NFKC_OF.get(c)!;
    const first = mapped === null ? c : mapped.charCodeAt(0);
    if (pendingSpace >= 0) {
      if (outLength > 0) {
        if (markerEnd === -2) {
          const marker = lexMarker(raw);
          markerEnd = marker?.spaced ? marker.end : -1;
          unitEnd = marker?.style === 'legal' ? marker.end : -1;
        }
        let keep = true;
        if (pendingSpace < markerEnd) {
          keep = false;
          spacesRemoved++;
        } else if (pendingSpace !== unitEnd && isCjk(prev) && isCjk(first)) {
          if (!pendingIdeo) {
            keep = false;
            if (!pendingBreak) spacesRemoved++;
          } else if (token === 1 || i + 1 >= n || ACTION[raw.charCodeAt(i + 1)] === SPACE) {
            // An ideographic space that letter-spaces single characters.
            keep = false;
            spacesRemoved++;
          }
        }
        if (keep) {
          text += pendingIdeo ? '\u3000' : ' ';
          if (map) map.push(pendingSpace);
          outLength++;
        }
      }
      pendingSpace = -1;
      pendingIdeo = false;
      pendingBreak = false;
      token = 0;
    }
    token++;
    if (mapped === null) {
      copyFrom = i;
      if (map) map.push(i);
      outLength++;
    } else {
      text += mapped;
      if (map) for (let k = 0; k < mapped.length; k++) map.push(i);
      outLength += mapped.length;
    }
    prev = first;
  }
  if (copyFrom >= 0) text += raw.slice(copyFrom, n);
  if (map) map.push(n);
  return { text, spacesRemoved };
}

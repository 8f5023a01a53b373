/**
 * Sentence splitting for Chinese legal and policy text.
 *
 * A sentence ends at 。；！？ (and their ASCII forms ; ! ?) or at a line break. Terminators inside
 * quotes (“” ‘’ 「」 『』) or brackets (（） () 【】 《》 [] 〔〕) do not end a sentence; an unclosed
 * opener is forgotten at the next line break so that one stray bracket cannot swallow a document.
 */
import { SPACE_CODES } from './chars.js';
import { doubled } from './int32.js';

export interface Span {
  start: number;
  end: number;
}

/**
 * Spans as parallel arrays, reusable from call to call (no object per span): the sentences of a
 * clause, and the engine's candidate spans (sorted by start, then end, once complete).
 */
export class SpanList {
  start: Int32Array = new Int32Array(16);
  end: Int32Array = new Int32Array(16);
  length = 0;

  push(start: number, end: number): void {
    if (this.length === this.start.length) {
      this.start = doubled(this.start);
      this.end = doubled(this.end);
    }
    this.start[this.length] = start;
    this.end[this.length] = end;
    this.length++;
  }

  /** Sorts by start, then end (insertion sort for the usual short lists). */
  sort(): void {
    const s = this.start;
    const e = this.end;
    const n = this.length;
    if (n > 32) {
      // A long list (a clause as long as a document): a comparison sort of the pairs.
      const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => s[x]! - s[y]! || e[x]! - e[y]!);
      const ss = order.map((i) => s[i]!);
      const ee = order.map((i) => e[i]!);
      for (let i = 0; i < n; i++) {
        s[i] = ss[i]!;
        e[i] = ee[i]!;
      }
      return;
    }
    for (let i = 1; i < n; i++) {
      const a = s[i]!;
      const b = e[i]!;
      let j = i - 1;
      while (j >= 0 && (s[j]! > a || (s[j] === a && e[j]! > b))) {
        s[j + 1] = s[j]!;
        e[j + 1] = e[j]!;
        j--;
      }
      s[j + 1] = a;
      e[j + 1] = b;
    }
  }
}

const PAIRS: [string, string][] = [
  ['“', '”'],
  ['‘', '’'],
  ['「', '」'],
  ['『', '』'],
  ['（', '）'],
  ['(', ')'],
  ['【', '】'],
  ['《', '》'],
  ['[', ']'],
  ['〔', '〕'],
];
const TERMINATORS = '。；！？;!?';

// Character classes: 0 ordinary, 1 terminator, 2 opener, 3 closer, 4 line break, 5 space.
const CLASS = new Uint8Array(0x10000);
const CLOSER_OF = new Uint16Array(0x10000);
for (const c of SPACE_CODES) CLASS[c] = 5;
CLASS[10] = 4;
for (const ch of TERMINATORS) CLASS[ch.charCodeAt(0)] = 1;
for (const [open, close] of PAIRS) {
  CLASS[open.charCodeAt(0)] = 2;
  CLASS[close.charCodeAt(0)] = 3;
  CLOSER_OF[open.charCodeAt(0)] = close.charCodeAt(0);
}
const MAX_DEPTH = 8;
const CLOSE_QUOTE_DOUBLE = '”'.charCodeAt(0);
const CLOSE_QUOTE_SINGLE = '’'.charCodeAt(0);

/**
 * Splits text[start, end) into sentences. Spans are offsets into `text`, trimmed of surrounding
 * white space; a sentence keeps its terminator (and a closing quote right after it). Empty
 * sentences are dropped.
 */
export function splitSentences(text: string, start = 0, end = text.length): Span[] {
  const list = new SpanList();
  splitSentencesInto(list, text, start, end);
  const out: Span[] = [];
  for (let i = 0; i < list.length; i++) out.push({ start: list.start[i]!, end: list.end[i]! });
  return out;
}

/** splitSentences into `out` (cleared first). */
export function splitSentencesInto(out: SpanList, text: string, start = 0, end = text.length): void {
  out.length = 0;
  // Open brackets and quotes, innermost last, as the closers they expect.
  const stack = OPEN;
  let depth = 0;
  let sentenceStart = start;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const cls = CLASS[c];
    if (cls === 0 || cls === 5) continue;
    if (cls === 4) {
      depth = 0;
      pushTrimmed(out, text, sentenceStart, i);
      sentenceStart = i + 1;
    } else if (cls === 2) {
      if (depth < MAX_DEPTH) stack[depth++] = CLOSER_OF[c]!;
    } else if (cls === 3) {
      // Close the innermost opener that this character closes (and any left open inside it).
      for (let k = depth - 1; k >= 0; k--) {
        if (stack[k] === c) {
          depth = k;
          break;
        }
      }
    } else if (depth === 0) {
      let e = i + 1;
      // Keep a run of terminators and a closing quote that follows them.
      while (e < end) {
        const d = text.charCodeAt(e);
        if (CLASS[d] === 1 || d === CLOSE_QUOTE_DOUBLE || d === CLOSE_QUOTE_SINGLE) e++;
        else break;
      }
      pushTrimmed(out, text, sentenceStart, e);
      sentenceStart = e;
      i = e - 1;
    }
  }
  pushTrimmed(out, text, sentenceStart, end);
}

/** Scratch stack of splitSentences (it never nests, so one suffices). */
const OPEN = new Uint16Array(MAX_DEPTH);

/** Appends text[s, e) trimmed of surrounding white space (and trailing line breaks), unless empty. */
function pushTrimmed(out: SpanList, text: string, s: number, e: number): void {
  while (s < e && CLASS[text.charCodeAt(s)] === 5) s++;
  while (e > s && CLASS[text.charCodeAt(e - 1)]! >= 4) e--;
  if (e > s) out.push(s, e);
}

/**
 * Layout-insensitive text fingerprints: is this the same measure imported again in another format
 * (.docx, .pdf, .ofd, .txt, .html)? Pure.
 *
 * Layout is everything an importer may render differently: whitespace and line breaks, punctuation
 * and its width (，/, “/"), full-width letters and digits, letter case. `layoutFreeText` keeps only
 * letters, digits and ideographs. The fingerprint holds a hash of that text (equal hash: the same
 * text) and the set of its character 5-gram shingles; two texts whose shingle sets overlap by at
 * least `SAME_TEXT_SIMILARITY` (Jaccard) are the same text up to small extraction differences (a
 * running header or a page number left in, a table cell read in another order).
 */

/** Characters per shingle. */
export const SHINGLE = 5;
/** The Jaccard similarity from which two texts count as the same. */
export const SAME_TEXT_SIMILARITY = 0.85;

export interface TextFingerprint {
  /** Hash (16 hex digits) of the layout-free text. */
  hash: string;
  /** Length of the layout-free text in characters. */
  length: number;
  /** Sorted distinct 32-bit hashes of the text's character 5-grams. */
  shingles: Uint32Array;
}

/** The text without layout: NFKC-folded, lower-case letters, digits and ideographs only. */
export function layoutFreeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** FNV-1a over UTF-16 code units from `start` to `end`, with a seed. */
function fnv1a(s: string, start: number, end: number, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = start; i < end; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const hex8 = (n: number): string => n.toString(16).padStart(8, '0');

export function textFingerprint(text: string): TextFingerprint {
  const t = layoutFreeText(text);
  const set = new Set<number>();
  if (t.length > 0 && t.length < SHINGLE) set.add(fnv1a(t, 0, t.length));
  for (let i = 0; i + SHINGLE <= t.length; i++) set.add(fnv1a(t, i, i + SHINGLE));
  const shingles = Uint32Array.from(set).sort();
  return { hash: hex8(fnv1a(t, 0, t.length)) + hex8(fnv1a(t, 0, t.length, 0x01000193)), length: t.length, shingles };
}

/** Jaccard similarity of two fingerprints' shingle sets, 0…1 (1 for two empty texts). */
export function textSimilarity(a: TextFingerprint, b: TextFingerprint): number {
  if (a.hash === b.hash && a.length === b.length) return 1;
  const x = a.shingles;
  const y = b.shingles;
  if (!x.length || !y.length) return x.length === y.length ? 1 : 0;
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < x.length && j < y.length) {
    if (x[i]! === y[j]!) {
      common++;
      i++;
      j++;
    } else if (x[i]! < y[j]!) i++;
    else j++;
  }
  return common / (x.length + y.length - common);
}

/** True when two texts are the same up to layout and small extraction differences. */
export function isSameText(a: TextFingerprint, b: TextFingerprint): boolean {
  return textSimilarity(a, b) >= SAME_TEXT_SIMILARITY;
}

/** Distinct character bigrams of a text's layout-free form (a 1-character text is its own bigram). */
export function clauseBigrams(text: string): Set<string> {
  const t = layoutFreeText(text);
  const set = new Set<string>();
  if (t.length === 1) set.add(t);
  for (let i = 0; i + 2 <= t.length; i++) set.add(t.slice(i, i + 2));
  return set;
}

/**
 * How alike two short texts (clauses) are, 0…1: the Dice coefficient of their character bigram
 * sets, layout ignored. Finer than the 5-gram shingles for a clause whose wording was revised: one
 * changed character costs at most two bigrams.
 */
export function clauseSimilarity(a: string, b: string): number {
  return bigramSimilarity(clauseBigrams(a), clauseBigrams(b));
}

/** The Dice coefficient of two bigram sets (see `clauseSimilarity`). */
export function bigramSimilarity(x: ReadonlySet<string>, y: ReadonlySet<string>): number {
  if (!x.size || !y.size) return x.size === y.size ? 1 : 0;
  let common = 0;
  for (const g of x) if (y.has(g)) common++;
  return (2 * common) / (x.size + y.size);
}

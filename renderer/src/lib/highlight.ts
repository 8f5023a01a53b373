/**
 * Cuts a stretch of document text into pieces at finding boundaries, so that each piece knows
 * which findings cover it. Pure: the document pane renders the pieces.
 */
export interface Mark {
  id: number;
  start: number;
  end: number;
  level: 'strong' | 'weak';
}

export interface Piece {
  start: number;
  end: number;
  /** Findings covering this piece, strongest first. */
  marks: Mark[];
}

export function cutPieces(start: number, end: number, marks: readonly Mark[]): Piece[] {
  const inside = marks.filter((m) => m.end > start && m.start < end);
  if (!inside.length) return [{ start, end, marks: [] }];
  const cuts = new Set<number>([start, end]);
  for (const m of inside) {
    cuts.add(Math.max(start, m.start));
    cuts.add(Math.min(end, m.end));
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const pieces: Piece[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const a = sorted[i]!;
    const b = sorted[i + 1]!;
    const covering = inside
      .filter((m) => m.start <= a && m.end >= b)
      .sort((x, y) => (x.level === y.level ? x.start - y.start : x.level === 'strong' ? -1 : 1));
    pieces.push({ start: a, end: b, marks: covering });
  }
  return pieces;
}

/** True when two mark lists put the same findings at the same places with the same levels. */
export function sameMarks(a: readonly Mark[], b: readonly Mark[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((m, i) => {
    const n = b[i]!;
    return m.id === n.id && m.start === n.start && m.end === n.end && m.level === n.level;
  });
}

/**
 * The marks overlapping each run (runs in text order, not overlapping), in one sweep over the
 * marks sorted by start instead of testing every mark against every run.
 */
export function marksByRun(runs: readonly { start: number; end: number }[], marks: readonly Mark[]): Mark[][] {
  const sorted = [...marks].sort((x, y) => x.start - y.start);
  const out: Mark[][] = [];
  let next = 0;
  let active: Mark[] = [];
  for (const r of runs) {
    active = active.filter((m) => m.end > r.start);
    while (next < sorted.length && sorted[next]!.start < r.end) active.push(sorted[next++]!);
    out.push(active.filter((m) => m.end > r.start && m.start < r.end));
  }
  return out;
}

/** The index of the run holding `offset` (runs in text order); the last run for an offset past the end. */
export function runIndexAt(runs: readonly { start: number; end: number }[], offset: number): number {
  let lo = 0;
  let hi = runs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (runs[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}

/**
 * The document offset of a DOM selection end point, from the data-start of the piece element
 * holding the text node (pieces carry their document offset).
 */
export function offsetOf(node: Node | null, offsetInNode: number): number | null {
  let el: Node | null = node;
  while (el && !(el instanceof HTMLElement && el.dataset.start !== undefined)) el = el.parentNode;
  if (!el) return null;
  const base = Number((el as HTMLElement).dataset.start);
  if (node === el) return base;
  // Count the characters of text nodes before `node` inside the piece element.
  let count = 0;
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    if (t === node) return base + count + offsetInNode;
    count += t.textContent?.length ?? 0;
  }
  return base + count;
}

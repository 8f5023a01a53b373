/**
 * From positioned text (PDF text items, OFD TextCodes) to paragraphs: lines are grouped by
 * baseline, running headers/footers and page numbers are removed, and lines are joined into
 * paragraphs the way Chinese documents are laid out (first-line indent, full-width lines
 * continue, a numbered line starts a clause). CJK text is joined without spaces; a hyphen at a
 * line end between Latin letters is dropped.
 * Coordinates: x to the right, y downwards from the top of the page, in any unit.
 */
import type { RawBlock } from '../../../shared/document.js';
import { lexMarker, readMarker } from '../../../shared/segment/markers.js';
import { isCjk, stripWhitespace } from '../../../shared/text/chars.js';

export interface PlacedText {
  str: string;
  x: number;
  /** Baseline, from the top of the page. */
  y: number;
  w: number;
  /** Font size (glyph height). */
  size: number;
}

export interface LaidPage {
  number: number;
  width: number;
  height: number;
  items: PlacedText[];
}

interface Segment {
  text: string;
  x0: number;
  x1: number;
}

interface Line {
  page: number;
  y: number;
  size: number;
  x0: number;
  x1: number;
  segments: Segment[];
  text: string;
}

const cjkAt = (s: string, i: number): boolean => isCjk(s.charCodeAt(i < 0 ? s.length + i : i));

function joinInline(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  if (cjkAt(a, -1) || cjkAt(b, 0) || /\s$/.test(a) || /^\s/.test(b)) return a + b;
  return `${a} ${b}`;
}

/** "第一条", "第 1 0 条" alone (the text of the unit follows after a gap). */
function isUnitOnly(s: string): boolean {
  const m = lexMarker(s);
  return m !== null && m.style === 'legal' && s.trimEnd().length === m.end;
}

function groupLines(page: LaidPage): Line[] {
  const items = page.items.filter((it) => it.str !== '' && Number.isFinite(it.x) && Number.isFinite(it.y));
  items.sort((a, b) => a.y - b.y || a.x - b.x);
  const rows: PlacedText[][] = [];
  let current: PlacedText[] = [];
  let cy = -Infinity;
  let cs = 0;
  for (const it of items) {
    if (current.length && Math.abs(it.y - cy) <= 0.45 * Math.max(it.size, cs)) {
      current.push(it);
      continue;
    }
    if (current.length) rows.push(current);
    current = [it];
    cy = it.y;
    cs = it.size;
  }
  if (current.length) rows.push(current);

  return rows
    .filter((row) => row.some((r) => r.str.trim() !== ''))
    .map((row) => {
      row.sort((a, b) => a.x - b.x);
      const visible = row.filter((r) => r.str.trim() !== '');
      const size = median(visible.map((r) => r.size));
      const segments: Segment[] = [];
      let seg: Segment | null = null;
      let lastX1 = -Infinity;
      let pendingSpace = false;
      for (const it of row) {
        if (it.str.trim() === '') {
          // A space item: remember it, but its width must not hide a column gap.
          pendingSpace = true;
          continue;
        }
        const gap = it.x - lastX1;
        const spaced = pendingSpace;
        pendingSpace = false;
        if (!seg || gap > 2 * size) {
          seg = { text: it.str, x0: it.x, x1: it.x + it.w };
          segments.push(seg);
        } else {
          const a = seg.text;
          const needSpace = (spaced || gap > 0.2 * it.size) && !cjkAt(a, -1) && !cjkAt(it.str, 0) && !/\s$/.test(a);
          // The gap after "第一条" / "第一章" is the ideographic space of the source.
          const afterUnit = (spaced || gap > 0.6 * it.size) && isUnitOnly(a);
          seg.text = afterUnit ? `${a.trimEnd()}\u3000${it.str}` : needSpace ? `${a} ${it.str}` : a + it.str;
          seg.x1 = Math.max(seg.x1, it.x + it.w);
        }
        lastX1 = Math.max(lastX1, it.x + it.w);
      }
      for (const s of segments) s.text = s.text.trim();
      return {
        page: page.number,
        y: median(row.map((r) => r.y)),
        size,
        x0: segments[0]!.x0,
        x1: segments[segments.length - 1]!.x1,
        segments,
        text: segments.map((s) => s.text).join(' '),
      };
    });
}

function median(v: number[]): number {
  if (!v.length) return 0;
  const s = [...v].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

const furnitureKey = (t: string): string => stripWhitespace(t).replace(/\d+/g, '#');
const RE_PAGE_NUMBER =
  /^[-—–~·_－]*(?:第?#页?(?:[/／]共?#页?)?(?:共#页)?|[ivxlcdmIVXLCDM]+|page#(?:of#)?)[-—–~·_－]*$/i;

/** Removes running headers, footers and page numbers. Returns the number of lines removed. */
function removeFurniture(pages: { page: LaidPage; lines: Line[] }[]): number {
  const counts = new Map<string, number>();
  const candidates = pages.map(({ page, lines }) => {
    const top = lines.filter((l) => l.y < page.height * 0.12).slice(0, 2);
    const bottom = lines.filter((l) => l.y > page.height * 0.88).slice(-2);
    const set = new Set([...top, ...bottom]);
    for (const k of new Set([...set].map((l) => furnitureKey(l.text)))) counts.set(k, (counts.get(k) ?? 0) + 1);
    return set;
  });
  let removed = 0;
  pages.forEach((p, i) => {
    const cand = candidates[i]!;
    const seen = new Set<string>();
    p.lines = p.lines.filter((l) => {
      if (!cand.has(l)) return true;
      const key = furnitureKey(l.text);
      // One running header per key and page: a title repeating the header text stays.
      if (seen.has(`${key}:${l.y < p.page.height / 2}`)) return true;
      seen.add(`${key}:${l.y < p.page.height / 2}`);
      const repeated = pages.length >= 2 && (counts.get(key) ?? 0) >= Math.max(2, Math.ceil(pages.length * 0.5));
      if (RE_PAGE_NUMBER.test(key) || repeated) {
        removed++;
        return false;
      }
      return true;
    });
  });
  return removed;
}

export interface LayoutResult {
  blocks: RawBlock[];
  furnitureRemoved: number;
}

/**
 * `ptPerUnit` converts the page unit to points for the blocks' font sizes (1 for PDF, 72 / 25.4
 * for OFD's millimetres).
 */
export function layoutToBlocks(laidPages: LaidPage[], ptPerUnit = 1): LayoutResult {
  const pages = laidPages.map((page) => ({ page, lines: groupLines(page) }));
  const furnitureRemoved = removeFurniture(pages);
  const lines = pages.flatMap((p) => p.lines);
  const blocks: RawBlock[] = [];
  if (!lines.length) return { blocks, furnitureRemoved };

  // Body metrics from single-segment lines of the dominant font size.
  const single = lines.filter((l) => l.segments.length === 1);
  const bodySize = mode(single.map((l) => Math.round(l.size * 2) / 2)) || median(lines.map((l) => l.size));
  const body = single.filter((l) => Math.abs(l.size - bodySize) <= bodySize * 0.15);
  const left = leftMargin(body.map((l) => Math.round(l.x0)));
  const right = percentile(
    body.map((l) => l.x1),
    0.9,
  );

  let paragraph = 0;
  let table = -1;
  let row = -1;
  let prev: Line | null = null;
  let prevBlock: RawBlock | null = null;
  let lastRow: { line: Line; cells: RawBlock[] } | null = null;

  const lineGap = (a: Line, b: Line): number => (a.page === b.page ? b.y - a.y : Infinity);

  for (const line of lines) {
    if (line.segments.length >= 2) {
      // A table row: one block per cell.
      if (!lastRow || lineGap(lastRow.line, line) > 3 * line.size) {
        table++;
        row = -1;
      }
      row++;
      const cells = line.segments.map<RawBlock>((s, col) => ({
        kind: 'table-cell',
        text: s.text,
        source: { page: line.page, paragraph: paragraph++, table, row, col },
      }));
      for (const c of cells) blocks.push(c);
      lastRow = { line, cells };
      prev = line;
      prevBlock = null;
      continue;
    }
    if (lastRow && prev === lastRow.line && lineGap(prev, line) < 2 * line.size) {
      // A wrapped cell: its continuation line sits under one of the row's cells.
      const segs = lastRow.line.segments;
      const at = segs.findIndex((s) => Math.abs(s.x0 - line.x0) < line.size * 0.6);
      if (at >= 0) {
        const cell = lastRow.cells[at]!;
        cell.text = joinLines(cell.text, line.text);
        lastRow = { line: { ...lastRow.line, y: line.y }, cells: lastRow.cells };
        prev = lastRow.line;
        continue;
      }
    }
    lastRow = null;
    const isTitleLike = line.size >= bodySize * 1.2;
    let continues = false;
    if (prev && prevBlock) {
      const gap = lineGap(prev, line);
      const sameSize = Math.abs(prev.size - line.size) <= 0.15 * line.size;
      // A Latin word or a number wraps as a whole, leaving the line before it shorter.
      const word = /^[A-Za-z0-9.,%‰:/-]+/.exec(line.text)?.[0].length ?? 0;
      const prevFull = prev.x1 >= right - (2.5 + 0.6 * word) * prev.size;
      const indented = line.x0 > left + 0.8 * line.size;
      const gapOk = gap === Infinity || gap <= 2.6 * line.size;
      // A number at the start of a line opens a clause, unless the full line before it stops mid-sentence.
      const midSentence = prevFull && /[\u4e00-\u9fffA-Za-z0-9，,、]$/.test(prevBlock.text);
      if (sameSize && gapOk && (midSentence || !readMarker(line.text))) {
        if (isTitleLike) continues = gap !== Infinity && gap <= 2 * line.size;
        else continues = prevFull && !indented;
      }
    }
    if (continues && prevBlock) {
      prevBlock.text = joinLines(prevBlock.text, line.text);
    } else {
      // Centred: the line's middle is the column's middle, with room on both sides.
      const centered =
        line.x0 > left + 1.5 * line.size &&
        line.x1 < right - 1.5 * line.size &&
        Math.abs((line.x0 + line.x1) / 2 - (left + right) / 2) < line.size;
      prevBlock = {
        kind: isTitleLike ? 'heading' : 'paragraph',
        text: line.text,
        format: { size: Math.round(line.size * ptPerUnit * 10) / 10, ...(centered ? { centered } : {}) },
        source: { page: line.page, paragraph: paragraph++ },
      };
      if (isTitleLike) prevBlock.level = 1;
      blocks.push(prevBlock);
    }
    prev = line;
  }
  return { blocks, furnitureRemoved };
}

/** Joins two lines of one paragraph: CJK without a space, "inter-" + "national" without the hyphen. */
export function joinLines(a: string, b: string): string {
  if (/[A-Za-z]-$/.test(a) && /^[a-z]/.test(b)) return a.slice(0, -1) + b;
  return joinInline(a, b);
}

/** The smallest left edge shared by several body lines (first lines are indented, so not the mode). */
function leftMargin(xs: number[]): number {
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  const min = Math.max(2, Math.ceil(xs.length * 0.05));
  const frequent = [...counts].filter(([, c]) => c >= min).map(([x]) => x);
  // Loops, not Math.min(...xs): a spread of a huge array overflows the stack.
  const least = (v: number[]): number => v.reduce((m, x) => (x < m ? x : m), Infinity);
  if (frequent.length) return least(frequent);
  return xs.length ? least(xs) : 0;
}

function mode(v: number[]): number {
  const counts = new Map<number, number>();
  let best = NaN;
  let bestCount = 0;
  for (const x of v) {
    const c = (counts.get(x) ?? 0) + 1;
    counts.set(x, c);
    if (c > bestCount) {
      best = x;
      bestCount = c;
    }
  }
  return best;
}

function percentile(v: number[], p: number): number {
  if (!v.length) return Infinity;
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
}

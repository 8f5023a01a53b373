/**
 * Turns a document into the units the engine scans: each clause's own text (its range minus its
 * children's ranges), labelled with the clause's citation label, in document order.
 */
import { isSpace } from '../text/chars.js';
import type { ClauseNode } from '../types.js';
import { looksLikeTitle } from './guards.js';
import type { ScanUnit } from './types.js';

export function unitsFromClauses(text: string, nodes: readonly ClauseNode[]): ScanUnit[] {
  const out: ScanUnit[] = [];
  const walk = (node: ClauseNode): void => {
    const children = byStart(node.children);
    let at = node.start;
    let part = 0;
    const own = (s: number, e: number): void => {
      if (firstNonBlank(text, s, e) < 0) return;
      out.push({ id: part++ === 0 ? node.id : `${node.id}~${part}`, label: node.label, start: s, end: e });
    };
    for (const child of children) {
      if (child.start > at) own(at, child.start);
      walk(child);
      at = Math.max(at, child.end);
    }
    if (node.end > at) own(at, node.end);
  };
  byStart(nodes).forEach(walk);
  markTitles(text, out);
  return out;
}

/** Fallback when no clause tree is available: every non-empty line is a unit labelled "第N段". */
export function paragraphUnits(text: string): ScanUnit[] {
  const out: ScanUnit[] = [];
  let n = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === '\n') {
      if (firstNonBlank(text, start, i) >= 0) {
        n++;
        out.push({ id: `p${n}`, label: `第${n}段`, start, end: i });
      }
      start = i + 1;
    }
  }
  markTitles(text, out);
  return out;
}

function markTitles(text: string, units: ScanUnit[]): void {
  let first = true;
  for (const u of units) {
    const lead = firstNonBlank(text, u.start, u.end);
    const hash = lead >= 0 && text.charCodeAt(lead) === 0x23; // the line starts with "#"
    // Past the first line only a "#" line is a title (looksLikeTitle(line, false)).
    if (first ? looksLikeTitle(text.slice(u.start, u.end), true) : hash) u.isTitle = true;
    if (!hash) first = false;
  }
}

/** The nodes in document order (the array itself when it is in order already, as the segmenter makes it). */
function byStart(nodes: readonly ClauseNode[]): readonly ClauseNode[] {
  for (let i = 1; i < nodes.length; i++)
    if (nodes[i]!.start < nodes[i - 1]!.start) return [...nodes].sort((a, b) => a.start - b.start);
  return nodes;
}

/** The index of the first char of text[from, to) that String.prototype.trim keeps; -1 when none. */
function firstNonBlank(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (!isSpace(c) && c !== 0xfeff) return i;
  }
  return -1;
}

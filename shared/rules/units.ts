/**
 * Turns a document into the units the engine scans: each clause's own text (its range minus its
 * children's ranges), labelled with the clause's citation label, in document order.
 */
import type { ClauseNode } from '../types.js';
import { looksLikeTitle } from './guards.js';
import type { ScanUnit } from './types.js';

export function unitsFromClauses(text: string, nodes: readonly ClauseNode[]): ScanUnit[] {
  const out: ScanUnit[] = [];
  const walk = (node: ClauseNode): void => {
    const children = [...node.children].sort((a, b) => a.start - b.start);
    let at = node.start;
    let part = 0;
    const own = (s: number, e: number): void => {
      if (text.slice(s, e).trim() === '') return;
      out.push({ id: part++ === 0 ? node.id : `${node.id}~${part}`, label: node.label, start: s, end: e });
    };
    for (const child of children) {
      if (child.start > at) own(at, child.start);
      walk(child);
      at = Math.max(at, child.end);
    }
    if (node.end > at) own(at, node.end);
  };
  [...nodes].sort((a, b) => a.start - b.start).forEach(walk);
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
      if (text.slice(start, i).trim() !== '') {
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
    const line = text.slice(u.start, u.end);
    if (looksLikeTitle(line, first)) u.isTitle = true;
    if (!line.trim().startsWith('#')) first = false;
  }
}

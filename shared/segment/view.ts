/** View helpers over a clause tree: runs of text by clause, an outline with headlines. Pure. */
import type { ClauseNode } from '../types.js';
import { lexMarker, readMarker, skipLead, skipSpace } from './markers.js';
import { flattenClauses, holds } from './query.js';

/** A stretch of text lying in one innermost clause, for showing the text by clause. */
export interface ClauseRun {
  start: number;
  end: number;
  /** The innermost clause containing the run, or null for text outside every clause. */
  clauseId: string | null;
  /** Clauses that begin at this run's start, outermost first. */
  starts: ClauseNode[];
}

/** Cuts the text into runs at every clause start and end; the runs cover the whole text, in order. */
export function clauseRuns(text: string, nodes: readonly ClauseNode[]): ClauseRun[] {
  const all = flattenClauses(nodes);
  const cuts = new Set<number>([0, text.length]);
  for (const n of all) {
    cuts.add(Math.min(Math.max(n.start, 0), text.length));
    cuts.add(Math.min(Math.max(n.end, 0), text.length));
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const startsAt = new Map<number, ClauseNode[]>();
  for (const n of all) {
    const list = startsAt.get(n.start) ?? [];
    list.push(n);
    startsAt.set(n.start, list);
  }
  const runs: ClauseRun[] = [];
  // One sweep over the clauses in pre-order (their starts ascend) with the chain of open clauses,
  // instead of a walk from the root for each run.
  const open: ClauseNode[] = [];
  let next = 0;
  for (let i = 0; i + 1 < sorted.length; i++) {
    const start = sorted[i]!;
    const end = sorted[i + 1]!;
    if (end <= start) continue;
    while (next < all.length && all[next]!.start <= start) {
      const n = all[next++]!;
      while (open.length && !holds(open[open.length - 1]!, n.start)) open.pop();
      open.push(n);
    }
    while (open.length && !holds(open[open.length - 1]!, start)) open.pop();
    const inner = open[open.length - 1];
    runs.push({
      start,
      end,
      clauseId: inner && start < inner.end ? inner.id : null,
      starts: startsAt.get(start) ?? [],
    });
  }
  return runs;
}

/** An outline entry: the clause, its depth and a short headline from its first line. */
export interface OutlineEntry {
  node: ClauseNode;
  depth: number;
  headline: string;
}

export function clauseOutline(text: string, nodes: readonly ClauseNode[], maxChars = 18): OutlineEntry[] {
  const out: OutlineEntry[] = [];
  const walk = (list: readonly ClauseNode[], depth: number): void => {
    for (const n of list) {
      const firstLine = text.slice(n.start, n.end).split('\n')[0] ?? '';
      // The headline is the line after its marker (a 款 keeps the article's marker it starts with).
      const marker = n.kind !== 'paragraph' && readMarker(firstLine) ? lexMarker(firstLine) : null;
      const head = firstLine.slice(skipSpace(firstLine, marker ? marker.end : skipLead(firstLine)));
      out.push({ node: n, depth, headline: head.length > maxChars ? `${head.slice(0, maxChars)}…` : head });
      walk(n.children, depth + 1);
    }
  };
  walk(nodes, 0);
  return out;
}

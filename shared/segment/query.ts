/** Queries over a clause tree: flatten, leaves, the clause at an offset, counts, text. Pure. */
import type { ClauseKind, ClauseNode } from '../types.js';

/** All clauses in document order (pre-order). */
export function flattenClauses(nodes: readonly ClauseNode[]): ClauseNode[] {
  const out: ClauseNode[] = [];
  const walk = (list: readonly ClauseNode[]): void => {
    for (const n of list) {
      out.push(n);
      walk(n.children);
    }
  };
  walk(nodes);
  return out;
}

/** The clauses without children, in document order. */
export function leafClauses(nodes: readonly ClauseNode[]): ClauseNode[] {
  return flattenClauses(nodes).filter((n) => n.children.length === 0);
}

/** Whether the clause's span holds the offset (an empty clause holds its start). */
export function holds(n: ClauseNode, offset: number): boolean {
  return offset >= n.start && offset < Math.max(n.end, n.start + 1);
}

/** The chain of clauses from the root to the innermost one containing the offset. */
export function clausePathAt(nodes: readonly ClauseNode[], offset: number): ClauseNode[] {
  const path: ClauseNode[] = [];
  let list: readonly ClauseNode[] = nodes;
  for (;;) {
    const hit = list.find((n) => holds(n, offset));
    if (!hit) return path;
    path.push(hit);
    list = hit.children;
  }
}

/** The innermost clause whose span contains the offset, or null. */
export function clauseAt(nodes: readonly ClauseNode[], offset: number): ClauseNode | null {
  const path = clausePathAt(nodes, offset);
  return path[path.length - 1] ?? null;
}

/** Counts clauses of a kind. */
export function countClauses(nodes: readonly ClauseNode[], kind: ClauseKind): number {
  return flattenClauses(nodes).filter((n) => n.kind === kind).length;
}

/** The text of a clause. */
export function clauseText(text: string, node: ClauseNode): string {
  return text.slice(node.start, node.end);
}

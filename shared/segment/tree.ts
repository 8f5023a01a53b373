/**
 * The clause segmenter: normalised text → clause tree, following Chinese drafting conventions.
 * Pure.
 *
 * Legal style (laws, regulations, 办法/细则 with articles):
 *   第X编 › 第X章 › 第X节 › 第X条 › 款 (paragraphs of an article) › 项 （一） › 目 1. › （1） › ①
 * Plan style (notices, plans, opinions):
 *   一、 › （一） › 1. › （1） › ①
 * Each line of the text is one paragraph; a line opens a clause when it starts with a number.
 * An unnumbered line inside an article opens a new 款; elsewhere it belongs to the open clause.
 * Text before the first numbered unit is the preamble.
 */
import type { ClauseKind, ClauseNode } from '../types.js';
import { finish, isFlat, LEGAL_KINDS } from './labels.js';
import { isSpace } from '../text/chars.js';
import { readMarker } from './markers.js';

const RANK: Partial<Record<ClauseKind, number>> = {
  part: 1,
  chapter: 2,
  section: 3,
  article: 4,
  paragraph: 5,
  item: 6,
  subitem: 7,
  heading1: 1,
  heading2: 2,
  heading3: 3,
  heading4: 8,
  heading5: 9,
};

interface Open {
  node: ClauseNode;
  rank: number;
  value: number;
}

/** Splits the text into clauses. Offsets are char offsets into `text`. */
export function segment(text: string): ClauseNode[] {
  const roots: ClauseNode[] = [];
  const stack: Open[] = [];
  let lastEnd = 0;

  const close = (downTo: number): void => {
    while (stack.length > downTo) stack.pop()!.node.end = lastEnd;
  };
  const push = (kind: ClauseKind, number: string, start: number, rank: number, value: number): ClauseNode => {
    const node: ClauseNode = { id: '', kind, number, label: '', start, end: start, children: [] };
    const parent = stack[stack.length - 1];
    (parent ? parent.node.children : roots).push(node);
    stack.push({ node, rank, value });
    return node;
  };
  const inArticle = (): number => stack.findIndex((o) => o.node.kind === 'article');

  let pos = 0;
  while (pos <= text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    // The line's span without surrounding white space (as String.prototype.trim has it).
    let start = pos;
    let end = nl;
    while (start < end && isTrimmed(text.charCodeAt(start))) start++;
    while (end > start && isTrimmed(text.charCodeAt(end - 1))) end--;
    if (end > start) {
      placeLine(start, end);
      lastEnd = end;
    }
    if (nl >= text.length) break;
    pos = nl + 1;
  }
  close(0);
  finish(roots, text);
  return roots;

  function placeLine(start: number, end: number): void {
    const marker = readMarker(text, start, end);
    const art = inArticle();
    if (!marker) {
      if (art >= 0) {
        // A new 款 of the open article.
        close(art + 1);
        const artOpen = stack[art]!;
        push('paragraph', '', start, RANK.paragraph!, artOpen.node.children.length + 1);
      } else if (stack.length === 0) {
        const last = roots[roots.length - 1];
        if (!last) push('preamble', '', start, 0, NaN);
        else if (last.kind === 'preamble') stack.push({ node: last, rank: 0, value: NaN });
        else push('body', '', start, 0, NaN);
      }
      return;
    }
    let kind = marker.kind;
    if (kind === 'part' || kind === 'chapter' || kind === 'section' || kind === 'article') {
      // Close everything at or below this unit (plan-style headings included).
      // The first open unit that is plan-style, or legal and not above this one.
      const rank = RANK[kind]!;
      let cut = 0;
      while (cut < stack.length && LEGAL_KINDS.has(stack[cut]!.node.kind) && stack[cut]!.rank < rank) cut++;
      close(cut);
      const node = push(kind, marker.number, start, RANK[kind]!, marker.value);
      if (kind === 'article') push('paragraph', '', start, RANK.paragraph!, 1);
      void node;
      return;
    }
    if (art >= 0) {
      // Inside an article: （一） and 一、 are 项, 1. is 目, （1） and ① nest below.
      if (kind === 'heading2' || kind === 'heading1') kind = 'item';
      else if (kind === 'heading3') kind = stack.some((o) => o.node.kind === 'item') ? 'subitem' : 'item';
      const rank = RANK[kind]!;
      let cut = stack.length;
      while (cut > art + 1 && stack[cut - 1]!.rank >= rank) cut--;
      close(cut);
      if (stack.length === art + 1) {
        // Items always belong to a 款; reopen the article's last one.
        const artNode = stack[art]!.node;
        const lastPara = artNode.children[artNode.children.length - 1];
        if (lastPara) stack.push({ node: lastPara, rank: RANK.paragraph!, value: NaN });
      }
      push(kind, marker.number, start, rank, marker.value);
      return;
    }
    const rank = RANK[kind]!;
    let cut = stack.length;
    while (
      cut > 0 &&
      (stack[cut - 1]!.rank >= rank || isFlat(stack[cut - 1]!.node)) &&
      !isLegalUnit(stack[cut - 1]!.node)
    )
      cut--;
    close(cut);
    push(kind, marker.number, start, rank, marker.value);
  }
}

/** White space that String.prototype.trim removes: isSpace and U+FEFF. */
function isTrimmed(c: number): boolean {
  return isSpace(c) || c === 0xfeff;
}

function isLegalUnit(n: ClauseNode): boolean {
  return n.kind === 'part' || n.kind === 'chapter' || n.kind === 'section';
}

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
import { parseNumeral, toChineseNumeral } from './numerals.js';

export { parseNumeral, toChineseNumeral } from './numerals.js';

const CN = '[一二三四五六七八九十百千零〇两]+';
const NUM = `(?:${CN}|\\d{1,4})`;

interface Marker {
  kind: ClauseKind;
  /** Canonical number, e.g. "第十二条", "（一）", "1.", "一、". */
  number: string;
  /** Numeric value of the number (NaN when unknown). */
  value: number;
}

const LEGAL_UNIT: Record<string, ClauseKind> = { 编: 'part', 章: 'chapter', 节: 'section', 条: 'article' };
const RE_LEGAL = new RegExp(`^第(${NUM})([编章节条])`);
/** Words after "第X条" that show the line merely cites an article ("第五条规定的…"). */
const RE_CITATION_AFTER = /^(?:规定|的|之|所|中|至|、|和|及|或|第|（|\(|[，,])/;
const RE_HEADING1 = new RegExp(`^(${CN})、`);
const RE_HEADING1_DOT = new RegExp(`^(${CN})[.．](?![\\d])`);
const RE_PAREN_CN = new RegExp(`^[（(](${CN})[）)]`);
const RE_DIGIT = /^(\d{1,3})[.．、](?![\d.．])/;
const RE_PAREN_DIGIT = /^[（(](\d{1,3})[）)]/;
const RE_CIRCLED = /^([\u2460-\u2473])/;
/** Markdown heading marks or list bullets that may precede a number in pasted text. */
const RE_LEAD = /^(?:#{1,6}\s*|[\s\u3000]+)+/;

/** Reads the numbering marker at the start of a line, if any. */
export function readMarker(line: string): Marker | null {
  const s = line.replace(RE_LEAD, '');
  let m = RE_LEGAL.exec(s);
  if (m) {
    const kind = LEGAL_UNIT[m[2]!]!;
    // "第五条规定的…" cites an article; "第五条" + a space always opens one.
    if (kind === 'article' && RE_CITATION_AFTER.test(s.slice(m[0].length))) return null;
    return { kind, number: m[0], value: parseNumeral(m[1]!) };
  }
  if ((m = RE_HEADING1.exec(s) ?? RE_HEADING1_DOT.exec(s))) {
    return { kind: 'heading1', number: `${m[1]}、`, value: parseNumeral(m[1]!) };
  }
  if ((m = RE_PAREN_CN.exec(s))) return { kind: 'heading2', number: `（${m[1]}）`, value: parseNumeral(m[1]!) };
  if ((m = RE_PAREN_DIGIT.exec(s))) return { kind: 'heading4', number: `（${m[1]}）`, value: Number(m[1]) };
  if ((m = RE_CIRCLED.exec(s))) {
    return { kind: 'heading5', number: m[1]!, value: m[1]!.charCodeAt(0) - 0x2460 + 1 };
  }
  if ((m = RE_DIGIT.exec(s))) {
    const value = Number(m[1]);
    // A year or a quantity ("2025年", "100%") is not a number marker.
    if (value > 0 && value < 200) return { kind: 'heading3', number: `${m[1]}.`, value };
  }
  return null;
}

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
const LEGAL_KINDS = new Set<ClauseKind>(['part', 'chapter', 'section', 'article', 'paragraph', 'item', 'subitem']);

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
    const raw = text.slice(pos, nl);
    const lead = raw.length - raw.trimStart().length;
    const line = raw.trim();
    if (line) {
      const start = pos + lead;
      const end = pos + raw.trimEnd().length;
      placeLine(line, start);
      lastEnd = end;
    }
    if (nl >= text.length) break;
    pos = nl + 1;
  }
  close(0);
  finish(roots, text);
  return roots;

  function placeLine(line: string, start: number): void {
    const marker = readMarker(line);
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
      const idx = stack.findIndex((o) => LEGAL_KINDS.has(o.node.kind) && o.rank >= RANK[kind]!);
      const firstPlan = stack.findIndex((o) => !LEGAL_KINDS.has(o.node.kind));
      const cut = [idx, firstPlan].filter((i) => i >= 0);
      close(cut.length ? Math.min(...cut) : stack.length);
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

function isFlat(n: ClauseNode): boolean {
  return n.kind === 'preamble' || n.kind === 'body';
}

function isLegalUnit(n: ClauseNode): boolean {
  return n.kind === 'part' || n.kind === 'chapter' || n.kind === 'section';
}

/** Drops single-款 layers, assigns ids and labels. */
function finish(nodes: ClauseNode[], _text: string): void {
  hoist(nodes);
  assign(nodes, '', []);
}

function hoist(nodes: ClauseNode[]): void {
  for (const n of nodes) {
    if (n.kind === 'article' && n.children.length === 1 && n.children[0]!.kind === 'paragraph') {
      n.children = n.children[0]!.children;
    }
    hoist(n.children);
  }
}

const ID_PREFIX: Record<ClauseKind, string> = {
  part: 'pt',
  chapter: 'c',
  section: 's',
  article: 'a',
  paragraph: 'p',
  item: 'i',
  subitem: 'm',
  heading1: 'h1-',
  heading2: 'h2-',
  heading3: 'h3-',
  heading4: 'h4-',
  heading5: 'h5-',
  preamble: 'pre',
  body: 'b',
};

function ownNumberValue(n: ClauseNode, index: number): number {
  if (n.kind === 'paragraph') return index;
  const digits = /\d+/.exec(n.number);
  if (digits) return Number(digits[0]);
  if (n.kind === 'heading5' && n.number) return n.number.charCodeAt(0) - 0x2460 + 1;
  const cn = /[一二三四五六七八九十百千零〇两]+/.exec(n.number);
  const v = cn ? parseNumeral(cn[0]) : NaN;
  return Number.isFinite(v) ? v : index;
}

function labelPiece(n: ClauseNode, paragraphIndex: number): string {
  switch (n.kind) {
    case 'paragraph':
      return `第${toChineseNumeral(paragraphIndex)}款`;
    case 'item':
      return /^\d/.test(n.number) ? `第${n.number.replace(/\.$/, '')}项` : `第${n.number}项`;
    case 'subitem':
      return `第${n.number.replace(/\.$/, '')}目`;
    case 'preamble':
      return '前言';
    case 'body':
      return '正文';
    default:
      return n.number;
  }
}

function assign(nodes: ClauseNode[], parentId: string, parentPieces: { text: string; legal: boolean }[]): void {
  const seen = new Map<string, number>();
  let paragraphs = 0;
  let bodies = 0;
  for (const n of nodes) {
    let own: string;
    if (n.kind === 'paragraph') own = `p${++paragraphs}`;
    else if (n.kind === 'preamble') own = 'pre';
    else if (n.kind === 'body') own = `b${++bodies}`;
    else own = `${ID_PREFIX[n.kind]}${ownNumberValue(n, seen.size + 1)}`;
    const dup = seen.get(own) ?? 0;
    seen.set(own, dup + 1);
    if (dup) own = `${own}~${dup + 1}`;
    n.id = parentId ? `${parentId}.${own}` : own;
    if (n.kind === 'paragraph') n.number = `第${toChineseNumeral(paragraphs)}款`;
    const piece = { text: labelPiece(n, paragraphs), legal: LEGAL_KINDS.has(n.kind) || isFlat(n) };
    const pieces = [...parentPieces, piece];
    n.label = joinPieces(pieces);
    assign(n.children, n.id, pieces);
  }
}

function joinPieces(pieces: { text: string; legal: boolean }[]): string {
  let out = '';
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i]!;
    if (i > 0 && (p.legal || pieces[i - 1]!.legal)) out += ' ';
    out += p.text;
  }
  return out;
}

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

/** The innermost clause whose span contains the offset, or null. */
export function clauseAt(nodes: readonly ClauseNode[], offset: number): ClauseNode | null {
  let found: ClauseNode | null = null;
  let list: readonly ClauseNode[] = nodes;
  for (;;) {
    const hit = list.find((n) => offset >= n.start && offset < Math.max(n.end, n.start + 1));
    if (!hit) return found;
    found = hit;
    list = hit.children;
  }
}

/** The chain of clauses from the root to the innermost one containing the offset. */
export function clausePathAt(nodes: readonly ClauseNode[], offset: number): ClauseNode[] {
  const path: ClauseNode[] = [];
  let list: readonly ClauseNode[] = nodes;
  for (;;) {
    const hit = list.find((n) => offset >= n.start && offset < Math.max(n.end, n.start + 1));
    if (!hit) return path;
    path.push(hit);
    list = hit.children;
  }
}

/** Counts clauses of a kind. */
export function countClauses(nodes: readonly ClauseNode[], kind: ClauseKind): number {
  return flattenClauses(nodes).filter((n) => n.kind === kind).length;
}

/** The text of a clause. */
export function clauseText(text: string, node: ClauseNode): string {
  return text.slice(node.start, node.end);
}

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
  for (let i = 0; i + 1 < sorted.length; i++) {
    const start = sorted[i]!;
    const end = sorted[i + 1]!;
    if (end <= start) continue;
    const inner = clauseAt(nodes, start);
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
      let head = firstLine.replace(RE_LEAD, '');
      const m = readMarker(head);
      if (m && n.kind !== 'paragraph')
        head = head.replace(/^第[^编章节条]+[编章节条]|^[（(][^）)]+[）)]|^[^、.．]+[、.．]|^[\u2460-\u2473]/, '');
      head = head.replace(/^[\s\u3000]+/, '');
      out.push({ node: n, depth, headline: head.length > maxChars ? `${head.slice(0, maxChars)}…` : head });
      walk(n.children, depth + 1);
    }
  };
  walk(nodes, 0);
  return out;
}

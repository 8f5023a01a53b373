/**
 * The segmenter (lines → clause tree, ids and labels) and the numeral parser as they were before
 * tuning: per-line slices and trims, label pieces joined per node, regex numerals. The reference
 * the tuned shared/segment must match (test/unit/fast-path.test.ts). Do not optimise it.
 */
import { readMarker } from '../../../shared/segment/markers.js';
import { toChineseNumeral } from '../../../shared/segment/numerals.js';
import type { ClauseKind, ClauseNode } from '../../../shared/types.js';

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Parses "十二", "一百零三", "二〇二二" or "12"; NaN when it is not a numeral. */
export function referenceParseNumeral(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  if (!s) return NaN;
  // Digit-by-digit form (二〇二二).
  if (![...s].some((ch) => ch in UNITS)) {
    let v = 0;
    for (const ch of s) {
      const d = DIGITS[ch];
      if (d === undefined) return NaN;
      v = v * 10 + d;
    }
    return v;
  }
  let total = 0;
  let digit = -1;
  for (const ch of s) {
    const d = DIGITS[ch];
    const u = UNITS[ch];
    if (d !== undefined) digit = d;
    else if (u !== undefined) {
      total += (digit < 0 ? 1 : digit) * u;
      digit = -1;
    } else return NaN;
  }
  return total + (digit > 0 ? digit : 0);
}

const LEGAL_KINDS = new Set<ClauseKind>(['part', 'chapter', 'section', 'article', 'paragraph', 'item', 'subitem']);

/** Text outside every numbered unit: the preamble and unnumbered body text. */
function isFlat(n: ClauseNode): boolean {
  return n.kind === 'preamble' || n.kind === 'body';
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
  const v = cn ? referenceParseNumeral(cn[0]) : NaN;
  return Number.isFinite(v) ? v : index;
}

function labelPiece(n: ClauseNode, paragraphIndex: number): string {
  switch (n.kind) {
    case 'paragraph':
      return `第${toChineseNumeral(paragraphIndex)}款`;
    case 'item':
      // （一） → 第（一）项, 一、 → 第一项, 1. → 第1项.
      return `第${n.number.replace(/[.、]$/, '')}项`;
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
export function referenceSegment(text: string): ClauseNode[] {
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

function isLegalUnit(n: ClauseNode): boolean {
  return n.kind === 'part' || n.kind === 'chapter' || n.kind === 'section';
}

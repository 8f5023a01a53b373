/** Clause ids and citation labels ("第二章 第三条 第一款 第（二）项", "一、（二）1."). Pure. */
import type { ClauseKind, ClauseNode } from '../types.js';
import { parseNumeral, toChineseNumeral } from './numerals.js';

export const LEGAL_KINDS = new Set<ClauseKind>([
  'part',
  'chapter',
  'section',
  'article',
  'paragraph',
  'item',
  'subitem',
]);

/** Text outside every numbered unit: the preamble and unnumbered body text. */
export function isFlat(n: ClauseNode): boolean {
  return n.kind === 'preamble' || n.kind === 'body';
}

/** Drops single-款 layers, assigns ids and labels. */
export function finish(nodes: ClauseNode[], _text: string): void {
  hoist(nodes);
  assign(nodes, '', '', false);
}

function hoist(nodes: ClauseNode[]): void {
  for (const n of nodes) {
    if (n.kind === 'article' && n.children.length === 1 && n.children[0]!.kind === 'paragraph') {
      n.children = n.children[0]!.children;
    }
    hoist(n.children);
  }
}

export const ID_PREFIX: Record<ClauseKind, string> = {
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
  const s = n.number;
  // The first run of ASCII digits, else a circled number, else the first run of Chinese numerals.
  let from = 0;
  while (from < s.length && !isDigit(s.charCodeAt(from))) from++;
  if (from < s.length) {
    let to = from + 1;
    while (to < s.length && isDigit(s.charCodeAt(to))) to++;
    return Number(s.slice(from, to));
  }
  if (n.kind === 'heading5' && s) return s.charCodeAt(0) - 0x2460 + 1;
  from = 0;
  while (from < s.length && !CN_NUMERAL.has(s.charCodeAt(from))) from++;
  if (from === s.length) return index;
  let to = from + 1;
  while (to < s.length && CN_NUMERAL.has(s.charCodeAt(to))) to++;
  const v = parseNumeral(s.slice(from, to));
  return Number.isFinite(v) ? v : index;
}

const CN_NUMERAL = new Set([...'一二三四五六七八九十百千零〇两'].map((ch) => ch.charCodeAt(0)));
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** The text without its last char when that char is one of `chars`. */
function dropLast(s: string, chars: string): string {
  return s && chars.includes(s[s.length - 1]!) ? s.slice(0, -1) : s;
}

function labelPiece(n: ClauseNode, paragraphIndex: number): string {
  switch (n.kind) {
    case 'paragraph':
      return `第${toChineseNumeral(paragraphIndex)}款`;
    case 'item':
      // （一） → 第（一）项, 一、 → 第一项, 1. → 第1项.
      return `第${dropLast(n.number, '.、')}项`;
    case 'subitem':
      return `第${dropLast(n.number, '.')}目`;
    case 'preamble':
      return '前言';
    case 'body':
      return '正文';
    default:
      return n.number;
  }
}

/** Ids with a small number ("p3", "a12") and 款 numbers, made once: most clauses have them. */
const SMALL_IDS = new Map<string, string[]>();
const SMALL_PARAGRAPHS: string[] = [];

function ownId(prefix: string, value: number): string {
  if (!(Number.isInteger(value) && value >= 0 && value < 200)) return `${prefix}${value}`;
  let ids = SMALL_IDS.get(prefix);
  if (!ids) SMALL_IDS.set(prefix, (ids = []));
  return (ids[value] ??= `${prefix}${value}`);
}

function paragraphNumber(n: number): string {
  if (!(n < 200)) return `第${toChineseNumeral(n)}款`;
  return (SMALL_PARAGRAPHS[n] ??= `第${toChineseNumeral(n)}款`);
}

/**
 * Assigns ids and labels down the tree. A label is the parent's label, a space when either side of
 * the join is a legal unit (第X条, 款, 项 …) or flat text, and the node's own piece.
 */
function assign(nodes: ClauseNode[], parentId: string, parentLabel: string, parentLegal: boolean): void {
  if (nodes.length === 0) return;
  const seen = new Map<string, number>();
  let paragraphs = 0;
  let bodies = 0;
  for (const n of nodes) {
    let own: string;
    if (n.kind === 'paragraph') own = ownId('p', ++paragraphs);
    else if (n.kind === 'preamble') own = 'pre';
    else if (n.kind === 'body') own = ownId('b', ++bodies);
    else own = ownId(ID_PREFIX[n.kind], ownNumberValue(n, seen.size + 1));
    const dup = seen.get(own) ?? 0;
    seen.set(own, dup + 1);
    if (dup) own = `${own}~${dup + 1}`;
    n.id = parentId ? `${parentId}.${own}` : own;
    if (n.kind === 'paragraph') n.number = paragraphNumber(paragraphs);
    const piece = n.kind === 'paragraph' ? n.number : labelPiece(n, paragraphs);
    const legal = LEGAL_KINDS.has(n.kind) || isFlat(n);
    n.label = parentId ? `${parentLabel}${legal || parentLegal ? ' ' : ''}${piece}` : piece;
    assign(n.children, n.id, n.label, legal);
  }
}

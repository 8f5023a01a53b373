/**
 * Clause ids and labels, and the numeral parser, as they were before tuning: label pieces joined
 * per node, numbers read with regexes. The reference the tuned shared/segment must match
 * (test/unit/fast-path.test.ts). Do not optimise it.
 */
import { ID_PREFIX, isFlat, LEGAL_KINDS } from '../../../shared/segment/labels.js';
import { toChineseNumeral } from '../../../shared/segment/numerals.js';
import type { ClauseNode } from '../../../shared/types.js';

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

/** Assigns ids and labels to a (hoisted) clause tree again, the reference way; returns the tree. */
export function referenceRelabel(nodes: ClauseNode[]): ClauseNode[] {
  assign(nodes, '', []);
  return nodes;
}

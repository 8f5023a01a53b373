/**
 * The flagging engine: one automaton pass per clause, then, for the rules the hits point to,
 * the match checks (keywords, gated regexes, co-occurrence, sequences), the context conditions
 * and the guards. Pure and deterministic: the same text, clauses and rule set give the same
 * findings in the same order.
 */
import { splitSentences, type Span } from '../text/sentences.js';
import { HitList } from './aho.js';
import type { CompiledAlt, CompiledCondition, CompiledRule, RuleSet } from './compile.js';
import {
  hasStrongLegalBasis,
  hasWeakLegalBasisBefore,
  insideBookTitle,
  isDefinitionOrExample,
  isReformContext,
  LeadInTracker,
  leadInEnd,
  negatedBefore,
} from './guards.js';
import type { Finding, ScanUnit } from './types.js';

interface UnitContext {
  text: string;
  unit: ScanUnit;
  sentences: Span[];
  underLeadIn: boolean;
  leadInAt: number;
  /** Per sentence start: sentence-wide guard results, computed on first use. */
  sentenceFlags: Map<number, { reform: boolean; basis: boolean }> | null;
  /** Candidate spans per (scope, match id) of rules sharing a match, computed on first use. */
  spans: Map<string, Span[]> | null;
}

/** Hits of the current scope: hits[from, to) of the clause's hit list. */
interface Scope {
  hits: HitList;
  from: number;
  to: number;
  /** text[start, end) of the scope, sliced once on first use. */
  text?: string;
}

function scopeText(scope: Scope, text: string, start: number, end: number): string {
  return (scope.text ??= text.slice(start, end));
}

function anyHit(scope: Scope, mask: Uint8Array): boolean {
  const pattern = scope.hits.pattern;
  const to = scope.to;
  for (let i = scope.from; i < to; i++) if (mask[pattern[i]!] === 1) return true;
  return false;
}

/** Hits of the scope whose pattern is in the mask, as spans. */
function hitsOf(scope: Scope, mask: Uint8Array): Span[] {
  const out: Span[] = [];
  const { pattern, start, end } = scope.hits;
  const to = scope.to;
  for (let i = scope.from; i < to; i++) if (mask[pattern[i]!] === 1) out.push({ start: start[i]!, end: end[i]! });
  return out;
}

function conditionHolds(c: CompiledCondition, scope: Scope, text: string, start: number, end: number): boolean {
  if (c.terms) return anyHit(scope, c.terms);
  if (!c.anchors || !anyHit(scope, c.anchors) || !c.regex) return false;
  c.regex.lastIndex = 0;
  return c.regex.test(scopeText(scope, text, start, end));
}

function regexSpans(re: RegExp, scope: string, start: number): Span[] {
  const out: Span[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(scope); m !== null; m = re.exec(scope)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push({ start: start + m.index, end: start + m.index + m[0].length });
  }
  return out;
}

function altSpans(alt: CompiledAlt, index: Scope, text: string, start: number, end: number): Span[] {
  switch (alt.kind) {
    case 'keywords':
      return hitsOf(index, alt.groups[0]!);
    case 'regex': {
      if (!alt.anchored) {
        return anyHit(index, alt.groups[0]!) ? regexSpans(alt.regex!, scopeText(index, text, start, end), start) : [];
      }
      // Sticky regex tried at each anchor hit.
      const out: Span[] = [];
      const re = alt.regex!;
      const mask = alt.groups[0]!;
      let last = -1;
      const hits = index.hits;
      for (let i = index.from; i < index.to; i++) {
        const at = hits.start[i]!;
        if (mask[hits.pattern[i]!] !== 1 || at === last || at < start) continue;
        last = at;
        const scope = scopeText(index, text, start, end);
        re.lastIndex = at - start;
        const m = re.exec(scope);
        if (m && m[0].length > 0) out.push({ start: at, end: at + m[0].length });
      }
      return out;
    }
    case 'near': {
      for (const g of alt.groups) if (!anyHit(index, g)) return [];
      const lists = alt.groups.map((g) => hitsOf(index, g));
      const out: Span[] = [];
      for (const pivot of lists[0]!) {
        let s = pivot.start;
        let e = pivot.end;
        let ok = true;
        for (let k = 1; k < lists.length; k++) {
          let best: Span | undefined;
          for (const h of lists[k]!) {
            if (Math.abs(h.start - pivot.start) > alt.window) continue;
            if (!best || Math.abs(h.start - pivot.start) < Math.abs(best.start - pivot.start)) best = h;
          }
          if (!best) {
            ok = false;
            break;
          }
          s = Math.min(s, best.start);
          e = Math.max(e, best.end);
        }
        if (ok) out.push({ start: s, end: e });
      }
      return out;
    }
    case 'sequence': {
      for (const g of alt.groups) if (!anyHit(index, g)) return [];
      const lists = alt.groups.map((g) => hitsOf(index, g));
      const out: Span[] = [];
      const extend = (step: number, first: number, prevEnd: number): void => {
        if (step === lists.length) {
          out.push({ start: first, end: prevEnd });
          return;
        }
        for (const h of lists[step]!) {
          if (h.start < prevEnd || h.start - prevEnd > alt.gap) continue;
          extend(step + 1, first, h.end);
          return;
        }
      };
      for (const h of lists[0]!) extend(1, h.start, h.end);
      return out;
    }
  }
}

/** The sentence containing offset `at` (binary search; sentences are ordered and disjoint). */
function sentenceAt(sentences: readonly Span[], at: number): Span {
  let lo = 0;
  let hi = sentences.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = sentences[mid]!;
    if (at < s.start) hi = mid - 1;
    else if (at >= s.end) lo = mid + 1;
    else return s;
  }
  return sentences[Math.max(0, Math.min(lo, sentences.length - 1))] ?? { start: at, end: at };
}

/** The rule's candidate spans in text[start, end), sorted; shared by rules with the same match. */
function matchSpans(rule: CompiledRule, ctx: UnitContext, index: Scope, start: number, end: number): Span[] {
  const key = rule.sharedMatch ? `${start},${end},${rule.matchId}` : '';
  const cached = key ? ctx.spans?.get(key) : undefined;
  if (cached) return cached;
  const { text } = ctx;
  const found: Span[] = [];
  for (const alt of rule.alts) {
    for (const span of altSpans(alt, index, text, start, end)) {
      if (alt.excludeMatch) {
        alt.excludeMatch.lastIndex = 0;
        if (alt.excludeMatch.test(text.slice(span.start, span.end))) continue;
      }
      found.push(span);
    }
  }
  found.sort((a, b) => a.start - b.start || a.end - b.end);
  if (key) (ctx.spans ??= new Map()).set(key, found);
  return found;
}

/** Evaluates one rule on text[start, end) and returns its finding, if any. */
function evaluate(
  rule: CompiledRule,
  ctx: UnitContext,
  index: Scope,
  start: number,
  end: number,
  sentence: Span | null,
): Finding | null {
  const { text } = ctx;
  for (const c of rule.require) if (!conditionHolds(c, index, text, start, end)) return null;
  for (const c of rule.exclude) if (conditionHolds(c, index, text, start, end)) return null;
  const found = matchSpans(rule, ctx, index, start, end);
  if (found.length === 0) return null;
  const g = rule.def.guards;
  for (const span of found) {
    const sent = sentence ?? sentenceAt(ctx.sentences, span.start);
    if (g.listLeadIn && (ctx.underLeadIn || (ctx.leadInAt >= 0 && span.start >= ctx.leadInAt))) continue;
    if (
      g.definition &&
      (isDefinitionOrExample(text, sent.start, span.start) || insideBookTitle(text, sent.start, span.start, span.end))
    ) {
      continue;
    }
    if (g.negation && negatedBefore(text, sent.start, span.start)) continue;
    if (g.reform || g.legalBasis) {
      let flags = ctx.sentenceFlags?.get(sent.start);
      if (flags === undefined) {
        const sentenceText = text.slice(sent.start, sent.end);
        flags = { reform: isReformContext(sentenceText), basis: hasStrongLegalBasis(sentenceText) };
        (ctx.sentenceFlags ??= new Map()).set(sent.start, flags);
      }
      if (g.reform && flags.reform) continue;
      if (g.legalBasis && (flags.basis || hasWeakLegalBasisBefore(text, sent.start, span.start))) continue;
    }
    const def = rule.def;
    return {
      rule: def.id,
      standard: def.standard,
      category: rule.category,
      level: def.level,
      start: span.start,
      end: span.end,
      text: text.slice(span.start, span.end),
      clause: ctx.unit.label,
      clauseId: ctx.unit.id,
      message: def.message,
      suggestion: def.suggestion,
      basis: rule.basis,
    };
  }
  return null;
}

/** Per rule set: a scratch array marking candidate rules, reset by bumping the epoch. */
const scratch = new WeakMap<RuleSet, { mark: Int32Array; epoch: number }>();

/**
 * Rules triggered by hits[from, to) (each once; order does not matter, findings are sorted by
 * position and rule id). With `scope`, only rules of that scope.
 */
function candidates(rs: RuleSet, hits: HitList, from: number, to: number, scope?: 'sentence'): number[] {
  let s = scratch.get(rs);
  if (!s) {
    s = { mark: new Int32Array(rs.rules.length), epoch: 0 };
    scratch.set(rs, s);
  }
  const epoch = ++s.epoch;
  const mark = s.mark;
  const out: number[] = [];
  const pattern = hits.pattern;
  for (let i = from; i < to; i++) {
    for (const r of rs.triggers[pattern[i]!]!) {
      if (mark[r] !== epoch) {
        mark[r] = epoch;
        if (scope === undefined || rs.rules[r]!.def.scope === scope) out.push(r);
      }
    }
  }
  return out;
}

function scanUnit(rs: RuleSet, ctx: UnitContext, hits: HitList, out: Finding[]): void {
  const { unit, text } = ctx;
  const all = candidates(rs, hits, 0, hits.length);
  if (all.length === 0) return;
  ctx.sentences = splitSentences(text, unit.start, unit.end);
  ctx.leadInAt = leadInEnd(text, unit.start, unit.end);
  // Clause-scoped rules see the whole clause.
  let sentenceRules = false;
  let clauseIndex: Scope | null = null;
  for (const r of all) {
    const rule = rs.rules[r]!;
    if (rule.def.scope !== 'clause') {
      sentenceRules = true;
      continue;
    }
    clauseIndex ??= { hits, from: 0, to: hits.length };
    const f = evaluate(rule, ctx, clauseIndex, unit.start, unit.end, null);
    if (f) out.push(f);
  }
  if (!sentenceRules) return;
  // Hits are ordered by end; a hit belongs to the sentence that contains it.
  let h = 0;
  for (const s of ctx.sentences) {
    while (h < hits.length && hits.start[h]! < s.start) h++;
    let e = h;
    while (e < hits.length && hits.end[e]! <= s.end) e++;
    if (e === h) continue;
    const rules = candidates(rs, hits, h, e, 'sentence');
    if (rules.length) {
      const index: Scope = { hits, from: h, to: e };
      for (const r of rules) {
        const f = evaluate(rs.rules[r]!, ctx, index, s.start, s.end, s);
        if (f) out.push(f);
      }
    }
    h = e;
  }
}

/**
 * Scans the units (clauses' own text ranges, in document order) of a document's normalised text.
 * Findings are ordered by position, then rule id.
 */
export function scanUnits(rs: RuleSet, text: string, units: readonly ScanUnit[]): Finding[] {
  const out: Finding[] = [];
  const tracker = new LeadInTracker();
  const hits = new HitList();
  for (const unit of units) {
    const underLeadIn = tracker.next(text, unit.start, unit.end);
    if (unit.isTitle || unit.end <= unit.start) continue;
    rs.automaton.findInto(hits, text, unit.start, unit.end);
    if (hits.length === 0) continue;
    const ctx: UnitContext = {
      text,
      unit,
      sentences: [],
      underLeadIn,
      leadInAt: -1,
      sentenceFlags: new Map(),
      spans: new Map(),
    };
    const found: Finding[] = [];
    scanUnit(rs, ctx, hits, found);
    // Units come in document order and do not overlap: sorting each unit's findings sorts them all.
    found.sort(byPosition);
    for (const f of found) out.push(f);
  }
  return out;
}

const byPosition = (a: Finding, b: Finding): number =>
  a.start - b.start || a.end - b.end || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);

/** Scans a text as a single clause (the --clauses mode). */
export function scanText(rs: RuleSet, text: string, label = '全文'): Finding[] {
  return scanUnits(rs, text, [{ id: 'c1', label, start: 0, end: text.length }]);
}

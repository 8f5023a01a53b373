/**
 * The flagging engine: one automaton pass per clause, then, for the rules the hits point to,
 * the match checks (keywords, gated regexes, co-occurrence, sequences), the context conditions
 * and the guards. Pure and deterministic: the same text, clauses and rule set give the same
 * findings in the same order.
 *
 * Performance notes: a scan keeps all its scratch state in one `Scanner` (hit list, candidate
 * buffers, per-sentence guard caches, the per-scope cache of shared candidate spans) that is
 * reset, not reallocated, between clauses. Hits are read straight from the automaton's typed
 * arrays; findings are recorded as numbers (FoundList) and their objects built once the scan is
 * over, in one loop, so the hot path allocates only the strings regexes and guards need. On the
 * fast path each scope marks which literal sets its hits fall in (LiteralSets), and a candidate
 * rule is first tested with a few bit reads (viable, sets as word/mask pairs): most candidates
 * end there. What a hit marks and triggers is one record per pattern (RuleSet.patternRecords).
 * A clause that is one sentence is one scope for its clause- and sentence-scoped rules.
 */
import { SpanList, splitSentencesInto } from '../text/sentences.js';
import { HitList } from './aho.js';
import {
  ALL_ALTS,
  altTriggered,
  LAST_SLOT,
  type CompiledAlt,
  type CompiledCondition,
  type CompiledRule,
  type LiteralSets,
  type PlaceRegex,
  type RuleSet,
} from './compile.js';
import {
  citesStatute,
  conditionForbidsBurden,
  hasStrongLegalBasis,
  hasWeakLegalBasisBefore,
  insideBookTitle,
  isDefinitionOrExample,
  isExceptionWithTerm,
  isReformContext,
  LeadInTracker,
  leadInEnd,
  negatedBefore,
  objectOfCleanup,
} from './guards.js';
import type { Finding, ScanUnit } from './types.js';
import { doubled } from '../text/int32.js';

/** Lazily computed per-sentence flags (bits of `Scanner.sentenceFlags`). */
const REFORM_KNOWN = 1;
const REFORM = 2;
const BASIS_KNOWN = 4;
const BASIS = 8;
const STATUTE_KNOWN = 16;
const STATUTE = 32;

/** Which trigger lists collect() reads: the clause-scoped rules', the sentence-scoped ones', both. */
const CLAUSE = 0;
const SENTENCE = 1;
const BOTH = 2;

/** The slot bit of "every alternative" (the reference path's trigger entries). */
const ALL_BIT = 1 << ALL_ALTS;

/** Scanner.leadInAt before it is computed. */
const LEAD_IN_UNKNOWN = -2;

/** Epochs and stamps restart (after clearing their arrays) before they overflow an Int32Array. */
const STAMP_LIMIT = 0x7fffffff;

/** Scratch state of one `scanUnits` call, reused from clause to clause. */
class Scanner {
  readonly hits = new HitList();
  /** Hits of the patterns that only feed the regex prefilter. */
  readonly extra = new HitList();
  unit: ScanUnit = { id: '', label: '', start: 0, end: 0 };
  /** Index of `unit` in the scanned units. */
  unitIndex = 0;
  /** The findings so far, as numbers (see FoundList). */
  readonly found = new FoundList();
  readonly sentences = new SpanList();
  underLeadIn = false;
  /** leadInEnd of the clause (LEAD_IN_UNKNOWN: not computed yet; see leadIn). */
  leadInAt = -1;
  /** Per sentence index of the current clause: REFORM_KNOWN | REFORM | BASIS_KNOWN | BASIS. */
  sentenceFlags = new Uint8Array(64);
  /** text.lastIndexOf('》'), computed on first use (-2: not yet). */
  private lastBookClose = -2;

  /** The current scope: hits[from, to) lying in text[start, end). */
  from = 0;
  to = 0;
  start = 0;
  end = 0;
  /** text[start, end), sliced on first use (regexes run on it). */
  private scopeSlice: string | null = null;
  /** The gazetteer names found in the scope (sorted, distinct) and their key; null: not yet looked for. */
  private placeKey: string | null = null;
  private readonly placeList: string[] = [];

  /** Candidate spans of rules sharing a match, per match id, valid while stamp === scopeStamp. */
  private readonly spanCache: SpanList[];
  private readonly spanStamp: Int32Array;
  private scopeStamp = 0;
  /** Per pattern id: scopeStamp when the pattern has a hit in the current scope (without LiteralSets). */
  private readonly present: Int32Array;
  /** The rule set's literal sets (null on the reference path) and the current scope's bits of them. */
  private readonly sets: LiteralSets | null;
  private readonly setBits: Int32Array;

  /** The spans of the last rule whose match no other rule shares (see matchSpans). */
  private readonly scratch = new SpanList();

  /** Candidate rule collection: marks (by epoch), the triggered slots per rule and an output buffer. */
  private readonly mark: Int32Array;
  /** Per pattern: the epoch of the last collect() that read its record (a pattern's record is read once per scope). */
  private readonly collected: Int32Array;
  private readonly slots: Int32Array;
  private epoch = 0;
  readonly candidates: Int32Array;
  /** Per rule: 1 when clause-scoped. */
  private readonly clauseScoped: Uint8Array;
  /** The triggered slots of the rule being evaluated (see altTriggered). */
  private altMask = 0;
  /**
   * With LiteralSets: the triggered slots of the rule being evaluated whose alternative has hits
   * of all its sets (slot LAST_SLOT: one of the alternatives from LAST_SLOT on may have).
   */
  private viableSlots = 0;

  constructor(
    readonly rs: RuleSet,
    readonly text: string,
  ) {
    this.spanCache = Array.from({ length: rs.matchCount }, () => new SpanList());
    this.spanStamp = new Int32Array(rs.matchCount).fill(-1);
    this.present = new Int32Array(rs.patterns.length).fill(-1);
    this.mark = new Int32Array(rs.rules.length);
    this.collected = new Int32Array(rs.patterns.length);
    this.slots = new Int32Array(rs.rules.length);
    this.candidates = new Int32Array(rs.rules.length);
    this.clauseScoped = Uint8Array.from(rs.rules, (r) => (r.def.scope === 'clause' ? 1 : 0));
    this.sets = rs.literalSets;
    this.setBits = new Int32Array(rs.literalSets?.words ?? 0);
  }

  /** Starts a new clause whose hits are already in `hits`. */
  beginUnit(unit: ScanUnit, underLeadIn: boolean): void {
    const text = this.text;
    this.underLeadIn = underLeadIn;
    splitSentencesInto(this.sentences, text, unit.start, unit.end);
    this.leadInAt = LEAD_IN_UNKNOWN;
    const n = this.sentences.length;
    if (this.sentenceFlags.length < n) this.sentenceFlags = new Uint8Array(Math.max(n, this.sentenceFlags.length * 2));
    else this.sentenceFlags.fill(0, 0, n);
  }

  /** Offset just after a prohibitive list lead-in in the clause, or -1 (computed on first use). */
  leadIn(): number {
    if (this.leadInAt === LEAD_IN_UNKNOWN) this.leadInAt = leadInEnd(this.text, this.unit.start, this.unit.end);
    return this.leadInAt;
  }

  /**
   * Makes hits[from, to) and extra[xfrom, xto) in text[start, end) the current scope. With
   * LiteralSets, the scope's literal-set bits are those the collect() over the same hits marked.
   */
  beginScope(from: number, to: number, xfrom: number, xto: number, start: number, end: number): void {
    this.from = from;
    this.to = to;
    this.start = start;
    this.end = end;
    this.scopeSlice = null;
    this.placeKey = null;
    if (++this.scopeStamp === STAMP_LIMIT) {
      this.spanStamp.fill(-1);
      this.present.fill(-1);
      this.scopeStamp = 0;
    }
    if (!this.sets) {
      // The reference path: each set is looked for through the patterns' presence stamps.
      const pattern = this.hits.pattern;
      const extra = this.extra.pattern;
      const present = this.present;
      const stamp = this.scopeStamp;
      for (let i = from; i < to; i++) present[pattern[i]!] = stamp;
      for (let i = xfrom; i < xto; i++) present[extra[i]!] = stamp;
    }
  }

  /** True when literal set `s` has a hit in the scope (with LiteralSets). */
  private has(s: number): boolean {
    return (this.setBits[s >> 5]! & (1 << (s & 31))) !== 0;
  }

  /**
   * True when every literal set of a list has a hit in the scope (with LiteralSets); `masks` is
   * the list as (word, mask) pairs (see CompiledAlt.setMasks).
   */
  private hasAll(masks: Int32Array): boolean {
    const bits = this.setBits;
    for (let i = 0; i < masks.length; i += 2) {
      const m = masks[i + 1]!;
      if ((bits[masks[i]!]! & m) !== m) return false;
    }
    return true;
  }

  /**
   * With LiteralSets: false when the rule cannot give a finding in the scope because one of its
   * require conditions' sets, or one set of each of its triggered alternatives, has no hit.
   */
  private viable(rule: CompiledRule): boolean {
    if (!this.hasAll(rule.viableMasks)) return false;
    const alts = rule.alts;
    if (alts.length === 1) {
      // viableSets has the alternative's sets too.
      this.viableSlots = 1;
      return true;
    }
    let mask = this.altMask;
    if ((mask & ALL_BIT) !== 0) mask = alts.length > LAST_SLOT ? -1 >>> 1 : (1 << alts.length) - 1;
    // The triggered slots, lowest first; slot LAST_SLOT stands for the alternatives from it on.
    let ok = 0;
    while (mask !== 0) {
      const bit = mask & -mask;
      mask ^= bit;
      const slot = 31 - Math.clz32(bit);
      if (slot < LAST_SLOT) {
        if (this.hasAll(alts[slot]!.setMasks)) ok |= bit;
      } else {
        for (let k = LAST_SLOT; k < alts.length; k++) {
          if (this.hasAll(alts[k]!.setMasks)) {
            ok |= bit;
            break;
          }
        }
      }
    }
    this.viableSlots = ok;
    return ok !== 0;
  }

  /** True when the condition's terms (or anchors) have a hit in the scope. */
  private condHit(c: CompiledCondition): boolean {
    return this.sets ? this.has(c.set) : this.anyHit(c.terms ?? c.anchors!, c.ids);
  }

  /** True when each set of `need` has a pattern with a hit in the scope (the regex prefilter). */
  allPresent(need: Int32Array[]): boolean {
    const present = this.present;
    const stamp = this.scopeStamp;
    for (let k = 0; k < need.length; k++) {
      const ids = need[k]!;
      let found = false;
      for (let j = 0; j < ids.length; j++) {
        if (present[ids[j]!] === stamp) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  }

  scopeText(): string {
    return (this.scopeSlice ??= this.text.slice(this.start, this.end));
  }

  /**
   * The regex to run: a place regex gets the gazetteer names found in the scope; null when it
   * needs a place name and the scope has none.
   */
  regexOf(c: { regex?: RegExp; place?: PlaceRegex }): RegExp | null {
    if (!c.place) return c.regex!;
    if (this.placeKey === null) this.findPlaces();
    if (this.placeKey === '') return c.place.needsPlace ? null : c.regex!;
    return c.place.forNames(this.placeKey!, this.placeList);
  }

  private findPlaces(): void {
    // One list reused from scope to scope (forNames copies what it keeps).
    const list = this.placeList;
    list.length = this.rs.places ? this.rs.places.findInto(list, this.text, this.start, this.end) : 0;
    this.placeKey = list.length === 0 ? '' : list.length === 1 ? list[0]! : list.join('|');
  }

  /**
   * Collects into `candidates` the rules that hits[from, to) and extra[xfrom, xto) trigger (of
   * the `scope` lists: CLAUSE, SENTENCE or BOTH), each once with its triggered slots in `slots`,
   * and returns how many. Order does not matter: findings are sorted by position and rule.
   * With LiteralSets, also marks the literal-set bits of these hits, for a scope of the same hits
   * (see beginScope).
   */
  collect(scope: number, from: number, to: number, xfrom: number, xto: number): number {
    if (this.epoch === STAMP_LIMIT) {
      this.mark.fill(0);
      this.collected.fill(0);
      this.epoch = 0;
    }
    const epoch = ++this.epoch;
    const markSets = this.sets !== null;
    if (markSets) this.setBits.fill(0);
    let n = this.collectFrom(scope, this.hits.pattern, from, to, epoch, 0, markSets);
    if (xto > xfrom) n = this.collectFrom(scope, this.extra.pattern, xfrom, xto, epoch, n, markSets);
    return n;
  }

  private collectFrom(
    scope: number,
    pattern: Int32Array,
    from: number,
    to: number,
    epoch: number,
    n: number,
    markSets: boolean,
  ): number {
    const mark = this.mark;
    const slots = this.slots;
    const out = this.candidates;
    // Each hit's pattern record (see RuleSet.patternRecords): with markSets, its literal-set bits
    // (see beginScope), then its trigger entries of the scope.
    const { patternRecords: rec, patternRecordAt: recAt } = this.rs;
    const bits = this.setBits;
    const collected = this.collected;
    for (let i = from; i < to; i++) {
      // A pattern's record adds nothing the second time in a scope (bits and marks are sets).
      const p = pattern[i]!;
      if (collected[p] === epoch) continue;
      collected[p] = epoch;
      const o = recAt[p]!;
      const m = rec[o]!;
      if (markSets) for (let k = o + 1; k < m; k += 2) bits[rec[k]!]! |= rec[k + 1]!;
      const clauseCount = rec[m]!;
      let k = m + 2;
      let end = k + clauseCount + rec[m + 1]!;
      if (scope === SENTENCE) k += clauseCount;
      else if (scope === CLAUSE) end = k + clauseCount;
      for (; k < end; k++) {
        const e = rec[k]!;
        // ALT_SLOTS is 32: the rule is e >> 5, the slot e & 31.
        const r = e >> 5;
        const bit = 1 << (e & 31);
        if (mark[r] !== epoch) {
          mark[r] = epoch;
          slots[r] = bit;
          out[n++] = r;
        } else slots[r]! |= bit;
      }
    }
    return n;
  }

  /**
   * True when some hit of the scope has its pattern in the set (`mask`, or the same set as the
   * list `ids`): looks up the set's ids in the scope's presence stamps, or walks the scope's hits,
   * whichever is shorter.
   */
  anyHit(mask: Uint8Array, ids: Int32Array): boolean {
    const to = this.to;
    if (ids.length < to - this.from) {
      const present = this.present;
      const stamp = this.scopeStamp;
      for (let k = 0; k < ids.length; k++) if (present[ids[k]!] === stamp) return true;
      return false;
    }
    const pattern = this.hits.pattern;
    for (let i = this.from; i < to; i++) if (mask[pattern[i]!] === 1) return true;
    return false;
  }

  /**
   * False only when no pattern of `ids` has a hit in the scope, checked when that is quicker than
   * a walk over the scope's hits (which the caller then does anyway); true otherwise.
   */
  anyHitByIds(ids: Int32Array): boolean {
    if (ids.length >= this.to - this.from) return true;
    const present = this.present;
    const stamp = this.scopeStamp;
    for (let k = 0; k < ids.length; k++) if (present[ids[k]!] === stamp) return true;
    return false;
  }

  conditionHolds(c: CompiledCondition): boolean {
    if (c.terms) return this.condHit(c);
    if (!c.anchors || !this.condHit(c) || !c.regex) return false;
    const re = this.regexOf(c);
    if (!re) return false;
    re.lastIndex = 0;
    return re.test(this.scopeText());
  }

  /** The rule's candidate spans in the scope, sorted; computed once per scope for a shared match. */
  matchSpans(rule: CompiledRule): SpanList {
    const id = rule.matchId;
    const shared = rule.sharedMatch;
    if (shared && this.spanStamp[id] === this.scopeStamp) return this.spanCache[id]!;
    // A rule of its own match uses the scratch list (read by evaluate before the next call).
    const found = shared ? this.spanCache[id]! : this.scratch;
    found.length = 0;
    const alts = rule.alts;
    if (this.sets !== null) {
      // The viable alternatives only (see viable): an alternative with a set without hit has no span.
      let mask = this.viableSlots;
      while (mask !== 0) {
        const bit = mask & -mask;
        mask ^= bit;
        const slot = 31 - Math.clz32(bit);
        if (slot < LAST_SLOT) this.altSpansKept(alts[slot]!, found, true);
        else
          for (let k = LAST_SLOT; k < alts.length; k++)
            if (this.hasAll(alts[k]!.setMasks)) this.altSpansKept(alts[k]!, found, true);
      }
    } else {
      const mask = this.altMask;
      for (let k = 0; k < alts.length; k++) if (altTriggered(mask, k)) this.altSpansKept(alts[k]!, found, false);
    }
    if (found.length > 1) found.sort();
    if (shared) this.spanStamp[id] = this.scopeStamp;
    return found;
  }

  /** Appends the alternative's spans (see altSpans) less those its excludeMatch regex matches. */
  private altSpansKept(alt: CompiledAlt, found: SpanList, checked: boolean): void {
    const first = found.length;
    this.altSpans(alt, found, checked);
    const ex = alt.excludeMatch;
    if (ex && found.length > first) {
      const text = this.text;
      let kept = first;
      for (let i = first; i < found.length; i++) {
        const s = found.start[i]!;
        const e = found.end[i]!;
        ex.lastIndex = 0;
        if (!ex.test(text.slice(s, e))) {
          found.start[kept] = s;
          found.end[kept] = e;
          kept++;
        }
      }
      found.length = kept;
    }
  }

  /**
   * Appends the alternative's spans in the scope to `out`. `checked`: the alternative's literal
   * sets are known to have hits (else they are looked for first).
   */
  private altSpans(alt: CompiledAlt, out: SpanList, checked: boolean): void {
    const { pattern, start: hitStart, end: hitEnd } = this.hits;
    const from = this.from;
    const to = this.to;
    switch (alt.kind) {
      case 'keywords': {
        const mask = alt.groups[0]!;
        if (!checked && !this.anyHitByIds(alt.groupIds[0]!)) return;
        for (let i = from; i < to; i++) if (mask[pattern[i]!] === 1) out.push(hitStart[i]!, hitEnd[i]!);
        return;
      }
      case 'regex': {
        const mask = alt.groups[0]!;
        const start = this.start;
        if (!alt.anchored) {
          if (!checked) {
            if (!this.anyHit(mask, alt.groupIds[0]!)) return;
            if (alt.need.length > 0 && !this.allPresent(alt.need)) return;
          }
          const scope = this.scopeText();
          if (alt.literal !== '' && scope.indexOf(alt.literal) < 0) return;
          const re = this.regexOf(alt);
          if (!re) return;
          re.lastIndex = 0;
          for (let m = re.exec(scope); m !== null; m = re.exec(scope)) {
            if (m[0].length === 0) {
              re.lastIndex++;
              continue;
            }
            out.push(start + m.index, start + m.index + m[0].length);
          }
          return;
        }
        // Sticky regex tried at each anchor hit (once per start offset). A sticky match starts at
        // lastIndex and test() leaves lastIndex at its end, so no match array is needed; exec is
        // kept for a start inside a surrogate pair, where a unicode regex may match from the pair.
        if (!checked) {
          if (!this.anyHitByIds(alt.groupIds[0]!)) return;
          if (alt.need.length > 0 && !this.allPresent(alt.need)) return;
        }
        // A match lies inside the scope, so a scope without the regex's required literal has none.
        const scope = this.scopeText();
        if (alt.literal !== '' && scope.indexOf(alt.literal) < 0) return;
        const re = this.regexOf(alt);
        if (!re) return;
        let last = -1;
        for (let i = from; i < to; i++) {
          const at = hitStart[i]!;
          if (mask[pattern[i]!] !== 1 || at === last || at < start) continue;
          last = at;
          re.lastIndex = at - start;
          if (isLowSurrogate(scope.charCodeAt(at - start))) {
            const m = re.exec(scope);
            if (m && m[0].length > 0) out.push(at, at + m[0].length);
          } else if (re.test(scope)) {
            const length = re.lastIndex - (at - start);
            if (length > 0) out.push(at, at + length);
          }
        }
        return;
      }
      case 'near': {
        const groups = alt.groups;
        if (!checked) for (let k = 0; k < groups.length; k++) if (!this.anyHit(groups[k]!, alt.groupIds[k]!)) return;
        const window = alt.window;
        const pivots = groups[0]!;
        for (let i = from; i < to; i++) {
          if (pivots[pattern[i]!] !== 1) continue;
          const at = hitStart[i]!;
          let s = at;
          let e = hitEnd[i]!;
          let ok = true;
          for (let k = 1; k < groups.length; k++) {
            // The group's hit nearest to the pivot within the window (the first of equals).
            const mask = groups[k]!;
            let best = -1;
            let bestDistance = 0;
            for (let j = from; j < to; j++) {
              if (mask[pattern[j]!] !== 1) continue;
              const d = Math.abs(hitStart[j]! - at);
              if (d > window) continue;
              if (best < 0 || d < bestDistance) {
                best = j;
                bestDistance = d;
              }
            }
            if (best < 0) {
              ok = false;
              break;
            }
            s = Math.min(s, hitStart[best]!);
            e = Math.max(e, hitEnd[best]!);
          }
          if (ok) out.push(s, e);
        }
        return;
      }
      case 'sequence': {
        const groups = alt.groups;
        if (!checked) for (let k = 0; k < groups.length; k++) if (!this.anyHit(groups[k]!, alt.groupIds[k]!)) return;
        const gap = alt.gap;
        const heads = groups[0]!;
        for (let i = from; i < to; i++) {
          if (heads[pattern[i]!] !== 1) continue;
          // Greedy: each step takes the first hit (in hit order) starting within `gap` after the previous.
          let prevEnd = hitEnd[i]!;
          let ok = true;
          for (let k = 1; k < groups.length; k++) {
            const mask = groups[k]!;
            let next = -1;
            for (let j = from; j < to; j++) {
              if (mask[pattern[j]!] !== 1) continue;
              const s = hitStart[j]!;
              if (s < prevEnd || s - prevEnd > gap) continue;
              next = j;
              break;
            }
            if (next < 0) {
              ok = false;
              break;
            }
            prevEnd = hitEnd[next]!;
          }
          if (ok) out.push(hitStart[i]!, prevEnd);
        }
        return;
      }
    }
  }

  /** Index of the sentence containing offset `at` (binary search), or the nearest one; -1 if none. */
  sentenceIndexAt(at: number): number {
    const sentences = this.sentences;
    const { start, end } = sentences;
    let lo = 0;
    let hi = sentences.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (at < start[mid]!) hi = mid - 1;
      else if (at >= end[mid]!) lo = mid + 1;
      else return mid;
    }
    return sentences.length === 0 ? -1 : Math.max(0, Math.min(lo, sentences.length - 1));
  }

  /** The last 》 of the text (for insideBookTitle), found once per text. */
  private bookClose(): number {
    if (this.lastBookClose === -2) this.lastBookClose = this.text.lastIndexOf('》');
    return this.lastBookClose;
  }

  /** Whether sentence `si` is about fair-competition work itself, or an exception with its term. */
  private reform(si: number): boolean {
    return this.sentenceFlag(si, REFORM_KNOWN, REFORM, isReformSentence);
  }

  /** Whether sentence `si` cites a statute as its basis. */
  private statute(si: number): boolean {
    return this.sentenceFlag(si, STATUTE_KNOWN, STATUTE, citesStatute);
  }

  /** Whether sentence `si` states a strong legal basis. */
  private strongBasis(si: number): boolean {
    return this.sentenceFlag(si, BASIS_KNOWN, BASIS, hasStrongLegalBasis);
  }

  /** test(sentence si), computed once per sentence and kept in its flags (`known` and `value` bits). */
  private sentenceFlag(si: number, known: number, value: number, test: (sentence: string) => boolean): boolean {
    const flags = this.sentenceFlags[si]!;
    if (flags & known) return (flags & value) !== 0;
    const v = test(this.text.slice(this.sentences.start[si], this.sentences.end[si]));
    this.sentenceFlags[si] = flags | known | (v ? value : 0);
    return v;
  }

  /**
   * Evaluates one rule on the current scope and returns its finding, if any. `sentence` is the
   * index of the scope's sentence, or -1 for a clause scope (each span then finds its own). The
   * rule's triggered slots are in `altMask`; with LiteralSets, the rule is viable().
   * The finding is recorded in `found` (as numbers; scanUnits builds the objects at the end).
   */
  evaluate(rule: CompiledRule, sentence: number): boolean {
    // The conditions and the guards that discard the whole scope are pure tests, so their order
    // does not change the result; they run cheapest first: the list lead-in flag; the literal
    // conditions (a look at the scope's hits); the sentence-wide guards (cached per sentence); the
    // match (usually the most selective test); the regex conditions, only once the match found spans.
    const g = rule.def.guards;
    if (g.listLeadIn && this.underLeadIn) return false;
    const require = rule.require;
    const exclude = rule.exclude;
    // With LiteralSets the require conditions' literals were tested (viable) before the call.
    // Indexed loops: a for-of here allocates an iterator per call (evaluate is not inlined).
    if (!this.sets) {
      for (let i = 0; i < require.length; i++) {
        const c = require[i]!;
        if (!this.anyHit(c.terms ?? c.anchors!, c.ids)) return false;
      }
    }
    for (let i = 0; i < exclude.length; i++) {
      const c = exclude[i]!;
      if (c.terms && this.condHit(c)) return false;
    }
    if (sentence >= 0) {
      if (g.reform && this.reform(sentence)) return false;
      if (g.legalBasis && this.strongBasis(sentence)) return false;
      if (g.statute && this.statute(sentence)) return false;
    }
    const found = this.matchSpans(rule);
    if (found.length === 0) return false;
    for (let i = 0; i < require.length; i++) {
      const c = require[i]!;
      if (!c.terms && !this.conditionHolds(c)) return false;
    }
    for (let i = 0; i < exclude.length; i++) {
      const c = exclude[i]!;
      if (!c.terms && this.conditionHolds(c)) return false;
    }
    const text = this.text;
    const leadInAt = g.listLeadIn ? this.leadIn() : -1;
    const starts = found.start;
    const ends = found.end;
    for (let k = 0; k < found.length; k++) {
      const start = starts[k]!;
      const end = ends[k]!;
      if (leadInAt >= 0 && start >= leadInAt) continue;
      const si = sentence >= 0 ? sentence : this.sentenceIndexAt(start);
      // Outside every sentence (a clause of white space), the sentence is the empty one at the span.
      const sentStart = si >= 0 ? this.sentences.start[si]! : start;
      // Sentence-wide guards first: cached per sentence.
      if (g.reform && (si >= 0 ? this.reform(si) : isReformSentence(''))) continue;
      if (g.legalBasis && (si >= 0 ? this.strongBasis(si) : hasStrongLegalBasis(''))) continue;
      if (g.statute && si >= 0 && this.statute(si)) continue;
      if (
        g.negation &&
        (negatedBefore(text, sentStart, start, end) ||
          objectOfCleanup(text, sentStart, start, end) ||
          conditionForbidsBurden(text, sentStart, start))
      ) {
        continue;
      }
      if (
        g.definition &&
        (isDefinitionOrExample(text, sentStart, start) ||
          insideBookTitle(text, sentStart, start, end, this.bookClose()))
      ) {
        continue;
      }
      if (g.legalBasis && hasWeakLegalBasisBefore(text, sentStart, start)) continue;
      this.found.push(rule.index, start, end, this.unitIndex);
      return true;
    }
    return false;
  }

  /** Evaluates the `count` candidates on the current scope (see evaluate) and appends their findings. */
  private evaluateAll(count: number, sentence: number): void {
    const rules = this.rs.rules;
    const candidates = this.candidates;
    const slots = this.slots;
    const quick = this.sets !== null;
    for (let k = 0; k < count; k++) {
      const r = candidates[k]!;
      const rule = rules[r]!;
      this.altMask = slots[r]!;
      // The literal sets first (most candidates fail them): a few bit reads.
      if (quick && !this.viable(rule)) continue;
      this.evaluate(rule, sentence);
    }
  }

  /** Scans the current clause (its hits are in `hits`) and appends its findings to `out`. */
  scanUnit(unit: ScanUnit, underLeadIn: boolean): void {
    const hits = this.hits;
    const n = hits.length;
    const extra = this.extra;
    const xn = extra.length;
    // The rules that the clause's hits trigger, clause- and sentence-scoped together.
    const count = this.collect(BOTH, 0, n, 0, xn);
    if (count === 0) return;
    this.beginUnit(unit, underLeadIn);
    const sentences = this.sentences;
    if (sentences.length === 1 && sentences.start[0] === unit.start && sentences.end[0] === unit.end) {
      // The clause is one sentence (nothing around it): the sentence scope is the clause scope, so
      // both kinds of rules are evaluated on it at once. A clause-scoped rule evaluated as in the
      // sentence gets the same result (each of its spans lies in that sentence).
      this.beginScope(0, n, 0, xn, unit.start, unit.end);
      this.evaluateAll(count, 0);
      return;
    }
    // Clause-scoped rules see the whole clause (the candidates are narrowed to them in place);
    // sentence-scoped ones are collected again per sentence, unless none of them is viable in the
    // whole clause (with LiteralSets: a sentence has a subset of the clause's hits).
    const candidates = this.candidates;
    const clauseScoped = this.clauseScoped;
    const rules = this.rs.rules;
    const quick = this.sets !== null;
    let clauseRules = 0;
    let sentenceRules = false;
    for (let k = 0; k < count; k++) {
      const r = candidates[k]!;
      if (clauseScoped[r] === 1) candidates[clauseRules++] = r;
      else if (!sentenceRules) {
        this.altMask = this.slots[r]!;
        sentenceRules = !quick || this.viable(rules[r]!);
      }
    }
    if (clauseRules > 0) {
      this.beginScope(0, n, 0, xn, unit.start, unit.end);
      this.evaluateAll(clauseRules, -1);
    }
    if (!sentenceRules) return;
    // Hits are ordered by end; a hit belongs to the sentence that contains it.
    let h = 0;
    let xh = 0;
    for (let si = 0; si < sentences.length; si++) {
      const sStart = sentences.start[si]!;
      const sEnd = sentences.end[si]!;
      while (h < n && hits.start[h]! < sStart) h++;
      let e = h;
      while (e < n && hits.end[e]! <= sEnd) e++;
      // The extra hits lying in the sentence (both lists are ordered by end).
      while (xh < xn && extra.start[xh]! < sStart) xh++;
      let xe = xh;
      while (xe < xn && extra.end[xe]! <= sEnd) xe++;
      if (e === h && xe === xh) continue;
      const count = this.collect(SENTENCE, h, e, xh, xe);
      if (count > 0) {
        this.beginScope(h, e, xh, xe, sStart, sEnd);
        this.evaluateAll(count, si);
      }
      h = e;
      xh = xe;
    }
  }
}

/** A sentence about fair-competition work itself, or an exception under 条例第十二条 with its term. */
const isReformSentence = (sentence: string): boolean => isReformContext(sentence) || isExceptionWithTerm(sentence);

const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/**
 * Findings as numbers while a scan runs: rule index, span and unit index of each, in parallel
 * arrays that grow as needed. The Finding objects are built once the scan is over.
 */
class FoundList {
  rule: Int32Array = new Int32Array(256);
  start: Int32Array = new Int32Array(256);
  end: Int32Array = new Int32Array(256);
  unit: Int32Array = new Int32Array(256);
  length = 0;

  push(rule: number, start: number, end: number, unit: number): void {
    if (this.length === this.rule.length) {
      this.rule = doubled(this.rule);
      this.start = doubled(this.start);
      this.end = doubled(this.end);
      this.unit = doubled(this.unit);
    }
    const n = this.length++;
    this.rule[n] = rule;
    this.start[n] = start;
    this.end[n] = end;
    this.unit[n] = unit;
  }

  /** Sorts entries [from, length) by start, end, then rule id (`rank`: each rule's place in id order). */
  sortTail(from: number, rank: Int32Array): void {
    const { rule, start, end } = this;
    const n = this.length;
    const before = (i: number, j: number): boolean =>
      start[i]! !== start[j]!
        ? start[i]! < start[j]!
        : end[i]! !== end[j]!
          ? end[i]! < end[j]!
          : rank[rule[i]!]! < rank[rule[j]!]!;
    if (n - from > 32) {
      // Many findings in one unit (a whole document scanned as one clause): a comparison sort.
      const order = Array.from({ length: n - from }, (_, k) => from + k).sort((i, j) =>
        before(i, j) ? -1 : before(j, i) ? 1 : 0,
      );
      const r = order.map((i) => rule[i]!);
      const s = order.map((i) => start[i]!);
      const e = order.map((i) => end[i]!);
      for (let k = 0; k < order.length; k++) {
        rule[from + k] = r[k]!;
        start[from + k] = s[k]!;
        end[from + k] = e[k]!;
      }
      return;
    }
    // Insertion sort (a clause has few findings); entries of one unit share their unit index.
    for (let i = from + 1; i < n; i++) {
      const r = rule[i]!;
      const s = start[i]!;
      const e = end[i]!;
      const k = rank[r]!;
      let j = i - 1;
      while (
        j >= from &&
        (start[j]! > s || (start[j] === s && (end[j]! > e || (end[j] === e && rank[rule[j]!]! > k))))
      ) {
        rule[j + 1] = rule[j]!;
        start[j + 1] = start[j]!;
        end[j + 1] = end[j]!;
        j--;
      }
      rule[j + 1] = r;
      start[j + 1] = s;
      end[j + 1] = e;
    }
  }
}

/**
 * Scans the units (clauses' own text ranges, in document order) of a document's normalised text.
 * Findings are ordered by position, then rule id.
 */
export function scanUnits(rs: RuleSet, text: string, units: readonly ScanUnit[]): Finding[] {
  const tracker = new LeadInTracker();
  const scanner = new Scanner(rs, text);
  const hits = scanner.hits;
  const found = scanner.found;
  const rank = ruleRanks(rs);
  for (let u = 0; u < units.length; u++) {
    const unit = units[u]!;
    const underLeadIn = tracker.next(text, unit.start, unit.end);
    if (unit.isTitle || unit.end <= unit.start) continue;
    rs.automaton.findInto(hits, text, unit.start, unit.end, scanner.extra);
    if (hits.length === 0) continue;
    const first = found.length;
    scanner.unit = unit;
    scanner.unitIndex = u;
    scanner.scanUnit(unit, underLeadIn);
    // Units come in document order and do not overlap: sorting each unit's findings sorts them all.
    if (found.length - first > 1) found.sortTail(first, rank);
  }
  const out: Finding[] = new Array<Finding>(found.length);
  const rules = rs.rules;
  for (let i = 0; i < found.length; i++) {
    const rule = rules[found.rule[i]!]!;
    const unit = units[found.unit[i]!]!;
    const start = found.start[i]!;
    const end = found.end[i]!;
    const def = rule.def;
    out[i] = {
      rule: def.id,
      standard: def.standard,
      category: rule.category,
      level: def.level,
      start,
      end,
      text: text.slice(start, end),
      clause: unit.label,
      clauseId: unit.id,
      message: def.message,
      suggestion: def.suggestion,
      basis: rule.basis,
    };
  }
  return out;
}

/** Each rule's place in the order of rule ids (findings at one span are ordered by rule id). */
const ranks = new WeakMap<RuleSet, Int32Array>();
function ruleRanks(rs: RuleSet): Int32Array {
  let rank = ranks.get(rs);
  if (!rank) {
    const rules = rs.rules;
    const order = rules
      .map((_, i) => i)
      .sort((a, b) => {
        const x = rules[a]!.def.id;
        const y = rules[b]!.def.id;
        return x < y ? -1 : x > y ? 1 : 0;
      });
    rank = new Int32Array(rules.length);
    order.forEach((r, k) => (rank![r] = k));
    ranks.set(rs, rank);
  }
  return rank;
}

/** Scans a text as a single clause (the --clauses mode). */
export function scanText(rs: RuleSet, text: string, label = '全文'): Finding[] {
  return scanUnits(rs, text, [{ id: 'c1', label, start: 0, end: text.length }]);
}

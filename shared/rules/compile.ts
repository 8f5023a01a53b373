/**
 * Compiles validated rules into one matcher: every literal of every rule (keywords, regex
 * anchors, co-occurrence and sequence terms, require/exclude terms) goes into a single
 * Aho–Corasick automaton; each rule keeps the pattern ids it listens to.
 */
import { AhoCorasick, type AutomatonTables } from './aho.js';
import { requiredLiteral, requiredLiteralSets } from './literal.js';
import { Gazetteer } from './places.js';
import { escapeRegex, expandRegex, MASK_CHAR, PLACE_LIST, usesPlaceNames } from './schema.js';
import type { Category, Condition, Lexicon, RuleDef, Standard, TermGroup } from './types.js';

export interface CompiledAlt {
  kind: 'keywords' | 'regex' | 'near' | 'sequence';
  /** keywords: one group; regex: the anchors; near/sequence: one group per position. Each group is a
   * membership mask over pattern ids. */
  groups: Uint8Array[];
  /** The pattern ids of each group (the same sets as `groups`, as lists). */
  groupIds: Int32Array[];
  /** Pattern ids of the first group (the ones that trigger the rule). */
  triggerIds: number[];
  regex?: RegExp;
  /** The regex is tried only at anchor positions (sticky). */
  anchored: boolean;
  /** A literal every match of the regex contains ('' if none is known): a scope without it is skipped. */
  literal: string;
  /**
   * The literal prefilter of the regex: sets of pattern ids such that every match contains an
   * occurrence of some pattern of each set. A scope where one set has no hit is not tried.
   */
  need: Int32Array[];
  window: number;
  gap: number;
  excludeMatch?: RegExp;
  /** Set when the regex uses {{PLACE_NAME}} (then `regex` is its form without place names). */
  place?: PlaceRegex;
  /**
   * The literal sets (see LiteralSets) of which the alternative gives no span without a hit of
   * each: its groups and its regex's prefilter sets. Empty when the rule set has no LiteralSets.
   */
  sets: Int32Array;
  /** `sets` as scope-bit words and masks (see setMasks): the form the scan tests. */
  setMasks: Int32Array;
}

/**
 * A regex with {{PLACE_NAME}}: the gazetteer is too long for one alternation, so at scan time the
 * token becomes an alternation of just the names the gazetteer's automaton found in the scope (one
 * compiled regex per distinct set of names, kept in a small cache). The regex thus runs on the real
 * text: a name that overlaps an ordinary word (从江 in 从江津) hides nothing.
 */
export class PlaceRegex {
  readonly base: RegExp;
  /** True when every match contains a place name: a scope without one needs no try. */
  readonly needsPlace: boolean;
  private readonly cache = new Map<string, RegExp>();

  constructor(
    private readonly source: string,
    private readonly flags: string,
  ) {
    this.base = new RegExp(source.split(PLACE_SLOT).join('(?!)'), flags);
    this.needsPlace = slotRequired(source);
  }

  /** The regex with the token standing for `names` (`key` identifies the set). */
  forNames(key: string, names: readonly string[]): RegExp {
    let re = this.cache.get(key);
    if (!re) {
      if (this.cache.size >= 512) this.cache.clear();
      const alternation = `(?:${[...names]
        .sort((a, b) => b.length - a.length)
        .map(escapeRegex)
        .join('|')})`;
      re = new RegExp(this.source.split(PLACE_SLOT).join(alternation), this.flags);
      this.cache.set(key, re);
    }
    return re;
  }
}

/** What expandRegex puts for {{PLACE_NAME}}. */
const PLACE_SLOT = `${MASK_CHAR}+`;

/**
 * True when the place slot stands at the top level of the regex (outside groups and classes, in a
 * pattern without a top-level alternation), so that every match contains it.
 */
export function slotRequired(source: string): boolean {
  let depth = 0;
  let inClass = false;
  let required = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return false;
    else if (depth === 0 && source.startsWith(PLACE_SLOT, i)) required = true;
  }
  return required;
}

export interface CompiledCondition {
  terms?: Uint8Array;
  regex?: RegExp;
  anchors?: Uint8Array;
  /** The pattern ids of `terms` or `anchors`, as a list. */
  ids: Int32Array;
  /** Set when the regex uses {{PLACE_NAME}} (then `regex` is its form without place names). */
  place?: PlaceRegex;
  /** The literal set (see LiteralSets) of `terms` or `anchors`; -1 when the rule set has none. */
  set: number;
}

export interface CompiledRule {
  index: number;
  def: RuleDef;
  standard: Standard;
  category: Category;
  basis: string;
  alts: CompiledAlt[];
  /** Rules with identical `match` share this id, so their candidate spans are computed once per scope. */
  matchId: number;
  /** True when another rule has the same match (only then are spans cached). */
  sharedMatch: boolean;
  require: CompiledCondition[];
  exclude: CompiledCondition[];
  /** The literal sets of the require conditions (each needs a hit for any finding). */
  requireSets: Int32Array;
  /**
   * The sets that the rule's viability is tested with first: `requireSets`, and for a rule of one
   * alternative that alternative's sets too; rarest-looking first.
   */
  viableSets: Int32Array;
  /** `viableSets` as scope-bit words and masks (see setMasks): the form the scan tests. */
  viableMasks: Int32Array;
}

/**
 * The distinct literal sets that the rules test for a hit in a scope (condition terms and
 * anchors, alternatives' groups, regex prefilter sets), numbered, with the sets each pattern
 * belongs to as bit masks: the scan marks, once per scope, the sets that its hits fall in, and
 * each test is then one bit read. Sets are numbered so that those sharing patterns share words.
 */
export interface LiteralSets {
  /** Number of 32-bit words of a scope's bits. */
  words: number;
  /** Per pattern p: its entries are [start[p], start[p + 1]) of `word` and `bits`. */
  start: Int32Array;
  word: Int32Array;
  bits: Int32Array;
}

export interface RuleSet {
  /** Identifies the rule files and standards this set was compiled from. */
  version: string;
  /** Patterns below this id are the rules' literals; the others only feed the regex prefilter. */
  mainPatterns: number;
  standards: Map<string, Standard>;
  rules: CompiledRule[];
  automaton: AhoCorasick;
  /**
   * What a hit of each pattern can trigger, split by the rules' scope (clause-scoped rules, then
   * sentence-scoped ones): entries `rule * ALT_SLOTS + slot` (see altSlot), one per alternative
   * of a rule that the pattern can trigger. An alternative listens to one set of patterns of
   * which a match of the rule through it needs a hit: the rarest-looking of its own literal
   * groups, its regex's literal sets and the rule's require conditions (see `selective`). A
   * scope where no alternative of a rule is triggered gives that rule no finding, and an
   * alternative not triggered gives no span. Pattern p's clause entries are
   * triggerList[triggerStart[2p], triggerStart[2p + 1]) and its sentence entries
   * triggerList[triggerStart[2p + 1], triggerStart[2p + 2]).
   */
  triggerStart: Int32Array;
  triggerList: Int32Array;
  /**
   * What the scan reads for a hit of pattern p, in one record from patternRecords[patternRecordAt[p]]
   * (one place in memory per hit rather than one per table): at o = patternRecordAt[p], m =
   * records[o] ends the pattern's literal-set entries, pairs (word, bits) from o + 1 (none without
   * LiteralSets); then records[m] and records[m + 1] count its clause and sentence trigger entries,
   * which follow from m + 2, clause ones first.
   */
  patternRecords: Int32Array;
  patternRecordAt: Int32Array;
  /** Number of distinct match ids (CompiledRule.matchId is below it). */
  matchCount: number;
  patterns: string[];
  /** The gazetteer's recogniser (PLACE_NAME), run only on scopes where a place regex is tried. */
  places: Gazetteer | null;
  /**
   * The literal sets as scope bits (with `selective`; null on the reference path, which tests
   * each set by looking for its patterns' hits).
   */
  literalSets: LiteralSets | null;
}

export interface CompileOptions {
  /**
   * The regex prefilter (default true). Off, every regex is tried wherever its anchors occur:
   * the reference path that the tests compare the fast one with (same findings).
   */
  prefilter?: boolean;
  /**
   * Alternatives listen to the rarest-looking of their necessary literal sets (default: the same
   * as `prefilter`). Off, every alternative listens to its first literal group and a triggered
   * rule tries all its alternatives: the reference path.
   */
  selective?: boolean;
  /**
   * Ids of rules switched off: compiled like the others (their literals keep their pattern ids,
   * so the automaton saved for the rule files still fits) but never triggered, so they give no
   * finding.
   */
  off?: ReadonlySet<string>;
  /** Precomputed requiredLiteralSets by expanded regex source (a source not in it is read here). */
  literalSets?: Readonly<Record<string, string[][]>>;
  /** Precomputed requiredLiteral by compiled regex source (a source not in it is read here). */
  requiredLiterals?: Readonly<Record<string, string>>;
  /**
   * The automaton's tables saved at build time: used when they were built for the same literals
   * (else the automaton is built here).
   */
  automaton?: AutomatonTables | null;
}

export function compileRuleSet(
  defs: readonly RuleDef[],
  standards: readonly Standard[],
  lexicon: Lexicon,
  version: string,
  options: CompileOptions = {},
): RuleSet {
  const standardMap = new Map(standards.map((s) => [s.id, s]));
  const patterns: string[] = [];
  const patternIds = new Map<string, number>();
  const seenIds = new Set<string>();

  const idOf = (term: string): number => {
    let id = patternIds.get(term);
    if (id === undefined) {
      id = patterns.length;
      patterns.push(term);
      patternIds.set(term, id);
    }
    return id;
  };
  const expand = (group: TermGroup): string[] =>
    group.flatMap((t) => (t.startsWith('@') ? (lexicon[t.slice(1)] ?? []) : [t]));
  const groupIds = (group: TermGroup): number[] => [...new Set(expand(group).map(idOf))];
  const toRegex = (source: string): RegExp => new RegExp(expandRegex(source, lexicon), 'gu');
  const known = options.requiredLiterals;
  const literalOf = (source: string): string =>
    known && Object.hasOwn(known, source) ? known[source]! : requiredLiteral(source);
  // Regex alternatives whose prefilter sets are resolved to pattern ids once the rules' own
  // literals all have theirs (so that a literal the rules use keeps its id).
  const prefilter: { alt: CompiledAlt; sets: string[][] }[] = [];
  /** The regex, or its place form (with the regex being the form without names). */
  const compileRegex = (source: string, flags: string): { regex: RegExp; place: PlaceRegex | undefined } => {
    if (!usesPlaceNames(source)) return { regex: new RegExp(expandRegex(source, lexicon), flags), place: undefined };
    const place = new PlaceRegex(expandRegex(source, lexicon), flags);
    return { regex: place.base, place };
  };
  // Masks are sized once all literals are known (below).
  const pending: { ids: number[]; set: (mask: Uint8Array) => void }[] = [];
  const mask = (ids: number[], set: (m: Uint8Array) => void): Uint8Array => {
    pending.push({ ids, set });
    return new Uint8Array(0);
  };
  const condition = (c: Condition): CompiledCondition => {
    // Every condition has the same fields in the same order (one object shape for the scan).
    const ids = groupIds(Array.isArray(c) ? c : c.anchors);
    const re = Array.isArray(c) ? undefined : compileRegex(c.regex, 'gu');
    const out: CompiledCondition = {
      terms: undefined,
      regex: re?.regex,
      anchors: undefined,
      ids: Int32Array.from(ids),
      place: re?.place,
      set: -1,
    };
    if (Array.isArray(c)) out.terms = mask(ids, (m) => (out.terms = m));
    else out.anchors = mask(ids, (m) => (out.anchors = m));
    return out;
  };

  const matchIds = new Map<string, number>();
  const rules: CompiledRule[] = defs.map((def, index) => {
    const matchKey = JSON.stringify(def.match);
    let matchId = matchIds.get(matchKey);
    if (matchId === undefined) {
      matchId = matchIds.size;
      matchIds.set(matchKey, matchId);
    }
    if (seenIds.has(def.id)) throw new Error(`规则编号重复：${def.id}（${def.file}）`);
    seenIds.add(def.id);
    const standard = standardMap.get(def.standard);
    if (!standard) throw new Error(`规则 ${def.id} 引用了不存在的审查标准 ${def.standard}`);
    const category = def.category ?? (standard.category as Category);
    const alts: CompiledAlt[] = def.match.map((m) => {
      const groups = m.keywords ? [m.keywords] : m.regex ? [m.anchors ?? []] : m.near ? m.near : (m.sequence ?? []);
      const kind: CompiledAlt['kind'] = m.keywords ? 'keywords' : m.regex ? 'regex' : m.near ? 'near' : 'sequence';
      const ids = groups.map(groupIds);
      // Every alternative has the same fields in the same order (one object shape for the scan).
      const re = m.regex ? compileRegex(m.regex, m.anchored ? 'yu' : 'gu') : undefined;
      const alt: CompiledAlt = {
        kind,
        groups: [],
        groupIds: ids.map((g) => Int32Array.from(g)),
        triggerIds: ids[0] ?? [],
        regex: re?.regex,
        anchored: m.anchored === true,
        literal: '',
        need: [],
        window: m.window ?? 30,
        gap: m.gap ?? 20,
        excludeMatch: m.excludeMatch ? toRegex(m.excludeMatch) : undefined,
        place: re?.place,
        sets: new Int32Array(0),
        setMasks: new Int32Array(0),
      };
      // The required literal of the regex as written (of its form without names when it has places).
      alt.literal = alt.regex ? literalOf(alt.regex.source) : '';
      if (m.regex && options.prefilter !== false) {
        // Sets read from the regex with place names standing for anything; a set that every
        // anchor implies (each anchor contains a member) adds nothing to the anchors' test.
        const anchors = expand(groups[0] ?? []);
        const source = expandRegex(m.regex, lexicon);
        const known = options.literalSets && Object.hasOwn(options.literalSets, source);
        const sets = (known ? options.literalSets![source]! : requiredLiteralSets(source)).filter(
          (set) => !anchors.length || !anchors.every((a) => set.some((l) => a.includes(l))),
        );
        if (sets.length) prefilter.push({ alt, sets });
      }
      ids.forEach((g, k) => mask(g, (mm) => (alt.groups[k] = mm)));
      return alt;
    });
    return {
      index,
      def,
      standard,
      category,
      basis: `${standard.regulation}；${standard.measure}`,
      alts,
      matchId,
      sharedMatch: false,
      require: def.require.map(condition),
      exclude: def.exclude.map(condition),
      requireSets: new Int32Array(0),
      viableSets: new Int32Array(0),
      viableMasks: new Int32Array(0),
    };
  });

  const mainPatterns = patterns.length;
  for (const { alt, sets } of prefilter) {
    // Smallest sets first: the cheapest tests.
    alt.need = sets.map((set) => Int32Array.from(new Set(set.map(idOf)))).sort((a, b) => a.length - b.length);
  }

  const uses = new Map<number, number>();
  for (const r of rules) uses.set(r.matchId, (uses.get(r.matchId) ?? 0) + 1);
  for (const r of rules) r.sharedMatch = (uses.get(r.matchId) ?? 0) > 1;
  // Groups of the same literals (lexicon lists, mostly) share one mask: the scan only reads them.
  const masks = new Map<string, Uint8Array>();
  for (const { ids, set } of pending) {
    const key = sortedDistinct(ids).join(',');
    let m = masks.get(key);
    if (!m) {
      m = new Uint8Array(patterns.length);
      for (const id of ids) m[id] = 1;
      masks.set(key, m);
    }
    set(m);
  }
  const automaton = new AhoCorasick(patterns, undefined, mainPatterns, options.automaton);
  const selective = options.selective ?? options.prefilter !== false;
  const entries: number[][] = patterns.map(() => []);
  for (const rule of rules) {
    if (options.off?.has(rule.def.id)) continue;
    rule.alts.forEach((alt, k) => {
      const listen = selective ? rarestSet(necessarySets(rule, alt), patterns) : alt.triggerIds;
      const entry = rule.index * ALT_SLOTS + (selective ? altSlot(k) : ALL_ALTS);
      for (const p of new Set(Array.from(listen))) if (!entries[p]!.includes(entry)) entries[p]!.push(entry);
    });
  }
  const literalSets = selective ? numberLiteralSets(rules, patterns) : null;
  // Each pattern's entries, clause-scoped rules' first.
  const triggerStart = new Int32Array(patterns.length * 2 + 1);
  const triggerList = new Int32Array(entries.reduce((n, list) => n + list.length, 0));
  let at = 0;
  for (let p = 0; p < patterns.length; p++) {
    const list = entries[p]!;
    triggerStart[2 * p] = at;
    for (const e of list) if (rules[e >> 5]!.def.scope === 'clause') triggerList[at++] = e;
    triggerStart[2 * p + 1] = at;
    for (const e of list) if (rules[e >> 5]!.def.scope !== 'clause') triggerList[at++] = e;
  }
  triggerStart[patterns.length * 2] = at;
  const { records: patternRecords, at: patternRecordAt } = patternRecordsOf(
    patterns.length,
    literalSets,
    triggerStart,
    triggerList,
  );
  return {
    version,
    mainPatterns,
    standards: standardMap,
    rules,
    automaton,
    triggerStart,
    triggerList,
    patternRecords,
    patternRecordAt,
    matchCount: matchIds.size,
    patterns,
    places: (lexicon[PLACE_LIST]?.length ?? 0) > 0 ? new Gazetteer(lexicon[PLACE_LIST]!) : null,
    literalSets,
  };
}

/**
 * Numbers the distinct literal sets of the rules (setting each condition's `set`, each
 * alternative's `sets` and each rule's `requireSets`) and builds the pattern → set bits table.
 */
function numberLiteralSets(rules: CompiledRule[], patterns: readonly string[]): LiteralSets {
  const patternCount = patterns.length;
  const index = new Map<string, number>();
  const members: Int32Array[] = [];
  const setOf = (ids: ArrayLike<number>): number => {
    const sorted = sortedDistinct(ids);
    const key = sorted.join(',');
    let k = index.get(key);
    if (k === undefined) {
      k = members.length;
      members.push(sorted);
      index.set(key, k);
    }
    return k;
  };
  for (const rule of rules) {
    for (const c of [...rule.require, ...rule.exclude]) c.set = setOf(c.ids);
    rule.requireSets = Int32Array.from(rule.require, (c) => c.set);
    for (const alt of rule.alts) {
      const groups = alt.kind === 'near' || alt.kind === 'sequence' ? alt.groupIds : alt.groupIds.slice(0, 1);
      alt.sets = Int32Array.from(new Set([...groups, ...alt.need].map(setOf)));
    }
  }
  // Bit numbers: the sets of each pattern take consecutive numbers, patterns taken shortest
  // (most frequent) first, so that a hit of a frequent pattern has its sets in few words.
  // The sets of each pattern (lists over all patterns), and the patterns by length (buckets).
  const setCount = new Int32Array(patternCount + 1);
  for (const ids of members) for (const p of ids) setCount[p + 1]!++;
  for (let p = 0; p < patternCount; p++) setCount[p + 1]! += setCount[p]!;
  const setList = new Int32Array(setCount[patternCount]!);
  const fill = setCount.slice(0, patternCount);
  members.forEach((ids, k) => ids.forEach((p) => (setList[fill[p]!++] = k)));
  const buckets: number[][] = [];
  for (let p = 0; p < patternCount; p++) (buckets[patterns[p]!.length] ??= []).push(p);
  const order: number[] = [];
  const numbered = new Uint8Array(members.length);
  for (const bucket of buckets) {
    if (!bucket) continue;
    for (const p of bucket) {
      for (let i = setCount[p]!; i < setCount[p + 1]!; i++) {
        const k = setList[i]!;
        if (numbered[k] === 0) {
          numbered[k] = 1;
          order.push(k);
        }
      }
    }
  }
  members.forEach((_, k) => numbered[k] === 0 && order.push(k));
  const bitOf = new Int32Array(members.length);
  order.forEach((k, b) => (bitOf[k] = b));
  // Set lists in the order they are tested: rarest-looking first (the likeliest to fail).
  const weightOf = new Float64Array(members.length);
  members.forEach((ids, k) => (weightOf[bitOf[k]!] = weight(ids, patterns)));
  const ordered = (list: Iterable<number>): Int32Array =>
    Int32Array.from(new Set(list)).sort((x, y) => weightOf[x]! - weightOf[y]! || x - y);
  for (const rule of rules) {
    for (const c of [...rule.require, ...rule.exclude]) c.set = bitOf[c.set]!;
    rule.requireSets = ordered(Array.from(rule.requireSets, (k) => bitOf[k]!));
    for (const alt of rule.alts) {
      alt.sets = ordered(Array.from(alt.sets, (k) => bitOf[k]!));
      alt.setMasks = setMasks(alt.sets);
    }
    rule.viableSets = rule.alts.length === 1 ? ordered([...rule.requireSets, ...rule.alts[0]!.sets]) : rule.requireSets;
    rule.viableMasks = setMasks(rule.viableSets);
  }
  // Each pattern's bits as a dense row of words, then its non-zero words listed.
  const words = Math.max(1, Math.ceil(members.length / 32));
  const dense = new Int32Array(patternCount * words);
  members.forEach((ids, k) => {
    const b = bitOf[k]!;
    for (const p of ids) dense[p * words + (b >> 5)]! |= 1 << (b & 31);
  });
  const start = new Int32Array(patternCount + 1);
  const word: number[] = [];
  const bits: number[] = [];
  for (let p = 0; p < patternCount; p++) {
    start[p] = word.length;
    for (let w = 0; w < words; w++) {
      const v = dense[p * words + w]!;
      if (v !== 0) {
        word.push(w);
        bits.push(v);
      }
    }
  }
  start[patternCount] = word.length;
  return {
    words,
    start,
    word: Int32Array.from(word),
    bits: Int32Array.from(bits),
  };
}

/** The numbers of `ids` in ascending order, each once. */
function sortedDistinct(ids: ArrayLike<number>): Int32Array {
  const sorted = Int32Array.from(ids).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (n === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i]!;
  return n === sorted.length ? sorted : sorted.slice(0, n);
}

/** Builds RuleSet.patternRecords and patternRecordAt. */
function patternRecordsOf(
  count: number,
  sets: LiteralSets | null,
  triggerStart: Int32Array,
  triggerList: Int32Array,
): { records: Int32Array; at: Int32Array } {
  const marks = (p: number): number => (sets ? sets.start[p + 1]! - sets.start[p]! : 0);
  let size = triggerList.length;
  for (let p = 0; p < count; p++) size += 3 + 2 * marks(p);
  const records = new Int32Array(size);
  const at = new Int32Array(count);
  let o = 0;
  for (let p = 0; p < count; p++) {
    at[p] = o;
    let k = o + 1;
    if (sets) {
      for (let e = sets.start[p]!; e < sets.start[p + 1]!; e++) {
        records[k++] = sets.word[e]!;
        records[k++] = sets.bits[e]!;
      }
    }
    records[o] = k;
    const from = triggerStart[2 * p]!;
    const to = triggerStart[2 * p + 2]!;
    records[k++] = triggerStart[2 * p + 1]! - from;
    records[k++] = to - triggerStart[2 * p + 1]!;
    records.set(triggerList.subarray(from, to), k);
    o = k + to - from;
  }
  return { records, at };
}

/**
 * A list of set numbers as pairs (word, mask) of a scope's bits: the scope has a hit of every set
 * of the list iff (bits[word] & mask) === mask for each pair. The words come in the order of
 * their first set in the list (the rarest-looking first).
 */
function setMasks(list: Int32Array): Int32Array {
  const words: number[] = [];
  const masks: number[] = [];
  for (const s of list) {
    const w = s >> 5;
    let k = words.indexOf(w);
    if (k < 0) {
      k = words.length;
      words.push(w);
      masks.push(0);
    }
    masks[k]! |= 1 << (s & 31);
  }
  const out = new Int32Array(words.length * 2);
  words.forEach((w, k) => {
    out[2 * k] = w;
    out[2 * k + 1] = masks[k]!;
  });
  return out;
}

/** Trigger entries are `rule * ALT_SLOTS + slot`; slot k < ALL_ALTS stands for alternative k. */
export const ALT_SLOTS = 32; // the engine reads an entry as (rule << 5) | slot
/** The slot of the alternatives from 30 on (they share one), and the slot "every alternative". */
export const LAST_SLOT = 30;
export const ALL_ALTS = 31;

/** The trigger slot of alternative k. */
export function altSlot(k: number): number {
  return Math.min(k, LAST_SLOT);
}

/** True when a rule triggered with slots `mask` (a bit per slot) is to try alternative k. */
export function altTriggered(mask: number, k: number): boolean {
  return (mask & ((1 << altSlot(k)) | (1 << ALL_ALTS))) !== 0;
}

/**
 * The pattern sets of which a finding of `rule` through `alt` needs a hit in the scope: the
 * alternative's literal groups (keywords; a regex's anchors; each group of near and sequence),
 * its regex's prefilter sets, and the literals of each require condition (its terms, or its
 * regex's anchors).
 */
function necessarySets(rule: CompiledRule, alt: CompiledAlt): ArrayLike<number>[] {
  const sets: ArrayLike<number>[] =
    alt.kind === 'near' || alt.kind === 'sequence' ? [...alt.groupIds] : [alt.triggerIds];
  sets.push(...alt.need);
  for (const c of rule.require) sets.push(c.ids);
  return sets;
}

/** Per pattern list (complete when read): each literal's weight, 30 ** -(length - 1) (see weight). */
const literalWeights = new WeakMap<readonly string[], Float64Array>();

/** How often a hit of the set is expected (see rarestSet): lower is rarer. */
function weight(set: ArrayLike<number>, patterns: readonly string[]): number {
  let weights = literalWeights.get(patterns);
  if (!weights) literalWeights.set(patterns, (weights = Float64Array.from(patterns, (p) => 30 ** -(p.length - 1))));
  let w = 0;
  for (let i = 0; i < set.length; i++) w += weights[set[i]!]!;
  return w;
}

/**
 * The set whose hits look rarest: each literal weighs by its length (a longer literal occurs
 * less often in text; each character more divides the weight by 30). Ties go to the earlier set
 * (the alternative's own first group). Only the speed depends on this choice, never the findings.
 */
function rarestSet(sets: ArrayLike<number>[], patterns: readonly string[]): ArrayLike<number> {
  let best = sets[0]!;
  let bestWeight = Infinity;
  for (const set of sets) {
    const w = weight(set, patterns);
    if (w < bestWeight) {
      best = set;
      bestWeight = w;
    }
  }
  return best;
}

/**
 * Compiles validated rules into one matcher: every literal of every rule (keywords, regex
 * anchors, co-occurrence and sequence terms, require/exclude terms) goes into a single
 * Aho–Corasick automaton; each rule keeps the pattern ids it listens to.
 */
import { AhoCorasick } from './aho.js';
import { requiredLiteral } from './literal.js';
import { expandRegex, PLACE_LIST, usesPlaceNames } from './schema.js';
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
  window: number;
  gap: number;
  excludeMatch?: RegExp;
  /** The regex uses {{PLACE_NAME}}: it runs on the scope with its place names masked. */
  masked: boolean;
}

export interface CompiledCondition {
  terms?: Uint8Array;
  regex?: RegExp;
  anchors?: Uint8Array;
  /** The pattern ids of `terms` or `anchors`, as a list. */
  ids: Int32Array;
  /** The regex uses {{PLACE_NAME}}: it runs on the scope with its place names masked. */
  masked: boolean;
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
}

export interface RuleSet {
  /** Identifies the rule files and standards this set was compiled from. */
  version: string;
  standards: Map<string, Standard>;
  rules: CompiledRule[];
  automaton: AhoCorasick;
  /** Pattern id → indices of rules that this pattern can trigger. */
  triggers: number[][];
  /** `triggers` split by the rules' scope: clause-scoped rules only. */
  clauseTriggers: number[][];
  /** `triggers` split by the rules' scope: sentence-scoped rules only. */
  sentenceTriggers: number[][];
  /** Number of distinct match ids (CompiledRule.matchId is below it). */
  matchCount: number;
  patterns: string[];
  /** The gazetteer's own automaton (PLACE_NAME), run only on scopes where a masked regex is tried. */
  places: AhoCorasick | null;
}

export function compileRuleSet(
  defs: readonly RuleDef[],
  standards: readonly Standard[],
  lexicon: Lexicon,
  version: string,
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
  // Masks are sized once all literals are known (below).
  const pending: { ids: number[]; set: (mask: Uint8Array) => void }[] = [];
  const mask = (ids: number[], set: (m: Uint8Array) => void): Uint8Array => {
    pending.push({ ids, set });
    return new Uint8Array(0);
  };
  const condition = (c: Condition): CompiledCondition => {
    const ids = groupIds(Array.isArray(c) ? c : c.anchors);
    const out: CompiledCondition = { ids: Int32Array.from(ids), masked: !Array.isArray(c) && usesPlaceNames(c.regex) };
    if (Array.isArray(c)) out.terms = mask(ids, (m) => (out.terms = m));
    else {
      out.regex = toRegex(c.regex);
      out.anchors = mask(ids, (m) => (out.anchors = m));
    }
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
      const alt: CompiledAlt = {
        kind,
        groups: [],
        groupIds: ids.map((g) => Int32Array.from(g)),
        triggerIds: ids[0] ?? [],
        window: m.window ?? 30,
        gap: m.gap ?? 20,
        anchored: m.anchored === true,
        masked: m.regex !== undefined && usesPlaceNames(m.regex),
        literal: m.regex ? requiredLiteral(expandRegex(m.regex, lexicon)) : '',
        ...(m.regex ? { regex: m.anchored ? new RegExp(expandRegex(m.regex, lexicon), 'yu') : toRegex(m.regex) } : {}),
        ...(m.excludeMatch ? { excludeMatch: toRegex(m.excludeMatch) } : {}),
      };
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
    };
  });

  const uses = new Map<number, number>();
  for (const r of rules) uses.set(r.matchId, (uses.get(r.matchId) ?? 0) + 1);
  for (const r of rules) r.sharedMatch = (uses.get(r.matchId) ?? 0) > 1;
  for (const { ids, set } of pending) {
    const m = new Uint8Array(patterns.length);
    for (const id of ids) m[id] = 1;
    set(m);
  }
  const automaton = new AhoCorasick(patterns);
  const triggers: number[][] = patterns.map(() => []);
  for (const rule of rules) {
    const ids = new Set<number>();
    for (const alt of rule.alts) for (const p of alt.triggerIds) ids.add(p);
    for (const p of [...ids].sort((a, b) => a - b)) triggers[p]!.push(rule.index);
  }
  const byScope = (scope: RuleDef['scope']): number[][] =>
    triggers.map((list) => list.filter((r) => rules[r]!.def.scope === scope));
  return {
    version,
    standards: standardMap,
    rules,
    automaton,
    triggers,
    clauseTriggers: byScope('clause'),
    sentenceTriggers: byScope('sentence'),
    matchCount: matchIds.size,
    patterns,
    places: (lexicon[PLACE_LIST]?.length ?? 0) > 0 ? new AhoCorasick(lexicon[PLACE_LIST]!) : null,
  };
}

/**
 * The naive baseline for the benchmark: each rule as one standalone regex (keywords as an
 * alternation, co-occurrence as both orders within the window, sequences in order), to be run
 * separately over each clause. Not used for flagging.
 */
import { escapeRegex, expandRegex } from './schema.js';
import type { Lexicon, MatchAlternative, RuleDef, TermGroup } from './types.js';

function terms(group: TermGroup, lexicon: Lexicon): string {
  const list = group.flatMap((t) => (t.startsWith('@') ? (lexicon[t.slice(1)] ?? []) : [t]));
  return `(?:${list.map(escapeRegex).join('|')})`;
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((p) => [x, ...p]));
}

function altSource(alt: MatchAlternative, lexicon: Lexicon): string {
  if (alt.keywords) return terms(alt.keywords, lexicon);
  if (alt.regex) return `(?:${expandRegex(alt.regex, lexicon)})`;
  if (alt.near) {
    const groups = alt.near.map((g) => terms(g, lexicon));
    return permutations(groups)
      .map((p) => p.join(`[^。；！？\\n]{0,${alt.window ?? 30}}`))
      .join('|');
  }
  const groups = (alt.sequence ?? []).map((g) => terms(g, lexicon));
  return groups.join(`[^。；！？\\n]{0,${alt.gap ?? 20}}`);
}

/** One regex per rule. */
export function naiveRegex(def: RuleDef, lexicon: Lexicon): RegExp {
  return new RegExp(def.match.map((m) => altSource(m, lexicon)).join('|'), 'u');
}

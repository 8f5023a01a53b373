/**
 * What a revised draft (修改稿) changed: the clauses of the earlier and the new text are matched
 * (same text; the same label with a similar text; else the most similar text), and each earlier
 * finding is followed to the matching clause: still present when the same rule fires there,
 * resolved when it no longer does (or the clause is gone); the new text's other findings are new.
 * A finding whose clause text is unchanged keeps its key (rule + clause-text hash), so the earlier
 * decision carries over. Pure.
 */
import { bigramSimilarity, clauseBigrams, layoutFreeText } from '../text/fingerprint.js';
import type { Disposition } from './model.js';

/** A clause's own text (a scan unit) in one version. */
export interface RevisionUnit {
  id: string;
  label: string;
  start: number;
  text: string;
}

/** A finding in one version, located by its unit. */
export interface RevisionFinding {
  rule: string;
  standard: string;
  clauseId: string;
  clauseHash: string;
  /** The matched text. */
  text: string;
  manual?: boolean;
  disposition?: Disposition | null;
}

export interface RevisionSide {
  units: readonly RevisionUnit[];
  findings: readonly RevisionFinding[];
}

/** One finding of the comparison, with its clause before and after the revision. */
export interface RevisionItem {
  rule: string;
  standard: string;
  /** Matched text: the earlier one for a resolved finding, else the new one. */
  matched: string;
  labelBefore: string | null;
  labelAfter: string | null;
  textBefore: string | null;
  textAfter: string | null;
  /** Still present in an unchanged clause: the earlier decision carries over. */
  unchanged: boolean;
  /** The earlier decision (resolved and still-present findings). */
  disposition: Disposition | null;
  /** Index into the earlier findings (resolved, still present) and the new ones (still present, new). */
  before: number | null;
  after: number | null;
  /** For a manual finding still present: where its text now starts in the new text. */
  at?: number;
}

export interface RevisionComparison {
  resolved: RevisionItem[];
  remaining: RevisionItem[];
  added: RevisionItem[];
}

/** Two clauses with the same label are the same clause revised from this similarity on. */
export const SAME_LABEL_SIMILARITY = 0.4;
/** Two clauses with different labels (renumbered) are the same clause from this similarity on. */
export const MOVED_SIMILARITY = 0.6;
/** Clause texts kept in a comparison are cut to this many characters. */
const SHOWN = 400;

const cut = (s: string): string => {
  const t = s.trim();
  return t.length > SHOWN ? `${t.slice(0, SHOWN)}…` : t;
};

/**
 * Matches the earlier version's units to the new version's: earlier unit id → new unit id.
 * First equal texts (layout ignored), then equal labels with similar texts, then the most
 * similar remaining pairs.
 */
export function matchUnits(before: readonly RevisionUnit[], after: readonly RevisionUnit[]): Map<string, string> {
  const matched = new Map<string, string>();
  const taken = new Set<string>();
  const pair = (b: RevisionUnit, a: RevisionUnit): void => {
    matched.set(b.id, a.id);
    taken.add(a.id);
  };

  const byText = new Map<string, RevisionUnit[]>();
  for (const a of after) {
    const key = layoutFreeText(a.text);
    byText.set(key, [...(byText.get(key) ?? []), a]);
  }
  for (const b of before) {
    const same = (byText.get(layoutFreeText(b.text)) ?? []).filter((a) => !taken.has(a.id));
    const a = same.find((x) => x.label === b.label) ?? same[0];
    if (a) pair(b, a);
  }

  const grams = new Map<RevisionUnit, Set<string>>();
  const gramsOf = (u: RevisionUnit): Set<string> => {
    let g = grams.get(u);
    if (!g) grams.set(u, (g = clauseBigrams(u.text)));
    return g;
  };
  const similarity = (b: RevisionUnit, a: RevisionUnit): number => bigramSimilarity(gramsOf(b), gramsOf(a));

  const afterByLabel = new Map<string, RevisionUnit[]>();
  for (const a of after) afterByLabel.set(a.label, [...(afterByLabel.get(a.label) ?? []), a]);
  for (const b of before) {
    if (matched.has(b.id)) continue;
    let best: RevisionUnit | null = null;
    let score = SAME_LABEL_SIMILARITY;
    for (const a of afterByLabel.get(b.label) ?? []) {
      if (taken.has(a.id)) continue;
      const s = similarity(b, a);
      if (s >= score) [best, score] = [a, s];
    }
    if (best) pair(b, best);
  }

  // The remaining pairs above the threshold, found through an index of the new units' bigrams
  // (comparing every pair would cost seconds when a draft rewrites a long document).
  const candidates: { b: RevisionUnit; a: RevisionUnit; s: number }[] = [];
  const openAfter = after.filter((a) => !taken.has(a.id));
  const postings = new Map<string, number[]>();
  openAfter.forEach((a, k) => {
    for (const g of gramsOf(a)) {
      const list = postings.get(g);
      if (list) list.push(k);
      else postings.set(g, [k]);
    }
  });
  const common = new Int32Array(openAfter.length);
  for (const b of before) {
    if (matched.has(b.id)) continue;
    const gb = gramsOf(b);
    const touched: number[] = [];
    for (const g of gb) {
      for (const k of postings.get(g) ?? []) {
        if (common[k] === 0) touched.push(k);
        common[k]!++;
      }
    }
    for (const k of touched) {
      const a = openAfter[k]!;
      const s = (2 * common[k]!) / (gb.size + gramsOf(a).size);
      common[k] = 0;
      if (s >= MOVED_SIMILARITY) candidates.push({ b, a, s });
    }
  }
  candidates.sort((x, y) => y.s - x.s);
  for (const { b, a } of candidates) if (!matched.has(b.id) && !taken.has(a.id)) pair(b, a);
  return matched;
}

/** Follows every earlier finding into the new version. */
export function compareRevisions(before: RevisionSide, after: RevisionSide): RevisionComparison {
  const unitsBefore = new Map(before.units.map((u) => [u.id, u]));
  const unitsAfter = new Map(after.units.map((u) => [u.id, u]));
  const map = matchUnits(before.units, after.units);
  const open = new Map<string, number[]>();
  after.findings.forEach((f, i) => {
    if (f.manual) return;
    const key = `${f.clauseId}\0${f.rule}`;
    open.set(key, [...(open.get(key) ?? []), i]);
  });

  const out: RevisionComparison = { resolved: [], remaining: [], added: [] };
  const used = new Set<number>();
  before.findings.forEach((f, i) => {
    const ub = unitsBefore.get(f.clauseId);
    const target = map.get(f.clauseId);
    const ua = target ? unitsAfter.get(target) : undefined;
    const base = {
      rule: f.rule,
      standard: f.standard,
      labelBefore: ub?.label ?? null,
      textBefore: ub ? cut(ub.text) : null,
      disposition: f.disposition ?? null,
      before: i,
    };
    if (f.manual) {
      // The reviewer's own finding stays while its text is still there (in the matching clause first).
      const home = [ua, ...after.units].find((u) => u && u.text.includes(f.text));
      if (home && f.text) {
        const at = home.start + home.text.indexOf(f.text);
        out.remaining.push({
          ...base,
          matched: f.text,
          labelAfter: home.label,
          textAfter: cut(home.text),
          unchanged: true,
          after: null,
          at,
        });
      } else
        out.resolved.push({
          ...base,
          matched: f.text,
          labelAfter: null,
          textAfter: null,
          unchanged: false,
          after: null,
        });
      return;
    }
    const candidates = ua ? open.get(`${ua.id}\0${f.rule}`) : undefined;
    const j = candidates?.shift();
    if (j === undefined || !ua) {
      out.resolved.push({
        ...base,
        matched: f.text,
        labelAfter: ua?.label ?? null,
        textAfter: ua ? cut(ua.text) : null,
        unchanged: false,
        after: null,
      });
      return;
    }
    used.add(j);
    const g = after.findings[j]!;
    out.remaining.push({
      ...base,
      matched: g.text,
      labelAfter: ua.label,
      textAfter: cut(ua.text),
      unchanged: g.clauseHash === f.clauseHash,
      after: j,
    });
  });
  const from = new Map([...map].map(([b, a]) => [a, unitsBefore.get(b)!]));
  after.findings.forEach((g, j) => {
    if (g.manual || used.has(j)) return;
    const ua = unitsAfter.get(g.clauseId);
    const ub = from.get(g.clauseId);
    out.added.push({
      rule: g.rule,
      standard: g.standard,
      matched: g.text,
      labelBefore: ub?.label ?? null,
      textBefore: ub ? cut(ub.text) : null,
      labelAfter: ua?.label ?? null,
      textAfter: ua ? cut(ua.text) : null,
      unchanged: false,
      disposition: null,
      before: null,
      after: j,
    });
  });
  return out;
}

/** "已解决 2、仍存在 1、新增 0". */
export function comparisonWords(c: { resolved: number; remaining: number; added: number }): string {
  return `已解决 ${c.resolved}、仍存在 ${c.remaining}、新增 ${c.added}`;
}

/** Items of one clause (before and after) shown together: the clause texts once, each finding's rule and standard. */
export interface RevisionClauseGroup {
  labelBefore: string | null;
  labelAfter: string | null;
  textBefore: string | null;
  textAfter: string | null;
  items: RevisionItem[];
}

/** Groups comparison items by their clause before and after, in order of first appearance. */
export function groupByClause(items: readonly RevisionItem[]): RevisionClauseGroup[] {
  const groups = new Map<string, RevisionClauseGroup>();
  for (const item of items) {
    const key = JSON.stringify([item.labelBefore, item.labelAfter, item.textBefore, item.textAfter]);
    let g = groups.get(key);
    if (!g) {
      const { labelBefore, labelAfter, textBefore, textAfter } = item;
      groups.set(key, (g = { labelBefore, labelAfter, textBefore, textAfter, items: [] }));
    }
    g.items.push(item);
  }
  return [...groups.values()];
}

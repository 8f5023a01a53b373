// Rule examples are written from the standards, not copied from the evaluation corpus: no
// `fire`/`pass` example may share half or more of its character bigrams with any clause of the
// dev corpus (test/fixtures/corpus/clauses.dev.jsonl, the in-repo copy of ../shared/corpus). Otherwise a passing example test would only
// show that the rule knows a sentence it was measured on.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../../electron/services/rules.js';
import { stripWhitespace } from '../../../shared/text/chars.js';
import { CORPUS } from '../../helpers/paths';

const corpus = path.join(CORPUS, 'clauses.dev.jsonl');
const LIMIT = 0.5;

/** The distinct character bigrams of a text, white space left out. */
function bigrams(text: string): Set<string> {
  const s = stripWhitespace(text);
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) out.add(s.slice(i, i + 2));
  return out;
}

/** The share of `a`'s bigrams that also occur in `b`. */
function sharedShare(a: Set<string>, b: Set<string>): number {
  if (a.size === 0) return 0;
  let n = 0;
  for (const g of a) if (b.has(g)) n++;
  return n / a.size;
}

describe('bigram share', () => {
  it('counts the part of the first text found in the second', () => {
    expect(sharedShare(bigrams('甲乙丙丁'), bigrams('乙丙丁戊'))).toBeCloseTo(2 / 3);
    expect(sharedShare(bigrams('甲乙'), bigrams('丙丁'))).toBe(0);
  });
});

describe('rule examples are not dev-corpus clauses', () => {
  it(`no example shares ≥ ${LIMIT * 100}% of its character bigrams with a dev clause`, () => {
    const clauses = readFileSync(corpus, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => bigrams((JSON.parse(l) as { text: string }).text));
    const offending: string[] = [];
    for (const def of loadRules().defs) {
      for (const [kind, list] of [
        ['fire', def.examples.fire],
        ['pass', def.examples.pass],
      ] as const) {
        for (const example of list) {
          const own = bigrams(example);
          const share = Math.max(0, ...clauses.map((c) => sharedShare(own, c)));
          if (share >= LIMIT) offending.push(`${def.id} ${kind} ${(share * 100).toFixed(0)}%: ${example}`);
        }
      }
    }
    expect(offending, offending.join('\n')).toEqual([]);
  });
});

// Accuracy on clauses written by us, not taken from the dev corpus, to check that the rules
// generalise beyond the clauses they were tuned on: test/fixtures/rules/generalization.jsonl
// (problem clauses across all categories and drafting styles, plus hard negatives) and
// holdout.jsonl (check sets written after the first and after the second round of rule changes,
// ids K/L and T/U), scored with the corpus scorer through the real CLI code path; and the
// pre-registered check sets of test/fixtures/rules/checks (one per rule family, committed before
// the family's rules were written; their figures before and after are in the README).
import { describe, it } from 'vitest';
import { fixture } from '../helpers/paths';
import { expectAccuracy } from '../helpers/score';

describe('accuracy on our own clauses (test/fixtures/rules)', () => {
  it('generalization.jsonl: recall ≥ 96%, category recall ≥ 95%, false-positive rate ≤ 3%', async () => {
    await expectAccuracy(
      fixture('rules', 'generalization.jsonl'),
      { minRecall: 0.96, minCategoryRecall: 0.95, maxFpr: 0.03 },
      'generalization',
    );
  });

  it('holdout.jsonl: recall ≥ 95%, category recall ≥ 93%, false-positive rate ≤ 3%', async () => {
    await expectAccuracy(
      fixture('rules', 'holdout.jsonl'),
      { minRecall: 0.95, minCategoryRecall: 0.93, maxFpr: 0.03 },
      'holdout',
    );
  });

  // Measured after the rule change: 100 % recall on all five sets, category recall 90.9–100 %, no
  // false alarm (before it: 26.9–50.0 % recall). round2 (all four categories, written blind before
  // its rules): 51.3 % recall before, 100 % after, one false alarm in 47 (2.1 %). The floors leave
  // room, the sets are now seen. round3 (weighted towards entry/exit, conduct and cost, written
  // blind before its rules): 60.8 % recall before, 100 % after, one false alarm in 47 (2.1 %).
  for (const set of ['who-is-named', 'where', 'bid-scoring', 'entry-exit', 'cost-conduct', 'round2', 'round3']) {
    it(`checks/${set}.jsonl: recall ≥ 95%, category recall ≥ 90%, false-positive rate ≤ 3%`, async () => {
      await expectAccuracy(
        fixture('rules', 'checks', `${set}.jsonl`),
        { minRecall: 0.95, minCategoryRecall: 0.9, maxFpr: 0.03 },
        `checks/${set}`,
      );
    });
  }
});

// Accuracy on clauses written by us, not taken from the dev corpus, to check that the rules
// generalise beyond the clauses they were tuned on: test/fixtures/rules/generalization.jsonl
// (problem clauses across all categories and drafting styles, plus hard negatives) and
// holdout.jsonl (check sets written after the first and after the second round of rule changes,
// ids K/L and T/U), scored with the corpus scorer through the real CLI code path.
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
});

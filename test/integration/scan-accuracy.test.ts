// Accuracy on the labelled dev clauses (../shared/corpus/clauses.dev.jsonl), scored with
// ../shared/eval/score.mjs through the real CLI code path.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { TEAM_SHARED } from '../helpers/paths';
import { expectAccuracy, SCORER } from '../helpers/score';

const corpus = path.join(TEAM_SHARED, 'corpus', 'clauses.dev.jsonl');

describe.skipIf(!existsSync(corpus) || !existsSync(SCORER))('accuracy on ../shared/corpus/clauses.dev.jsonl', () => {
  // The floor was 90 / 80 / 8; raised as the rules improved (measured: 99.3 / 98.6 / 0).
  it('meets recall ≥ 97%, category recall ≥ 95%, false-positive rate ≤ 3%', async () => {
    await expectAccuracy(corpus, { minRecall: 0.97, minCategoryRecall: 0.95, maxFpr: 0.03 }, 'accuracy');
  });
});

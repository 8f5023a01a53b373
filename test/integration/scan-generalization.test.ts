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

  // The held-out set: written blind from the standards by someone who had not seen the rules, and
  // never used to write or tune them (rule writers do not open it). Scored after each round of rule
  // changes: 50.8 % recall before round 2, 59.0 % after it, 65.6 % after round 3, 68.9 % after
  // round 4 (one false alarm in 42), 73.8 % after round 5 (none), 77.0 % after round 6 (none). The
  // floor only guards against a regression; it is not a target to tune for.
  it('checks/heldout-2026-12.jsonl (held out): recall ≥ 75%, category recall ≥ 75%, false-positive rate ≤ 3%', async () => {
    await expectAccuracy(
      fixture('rules', 'checks', 'heldout-2026-12.jsonl'),
      { minRecall: 0.75, minCategoryRecall: 0.75, maxFpr: 0.03 },
      'checks/heldout-2026-12',
    );
  });

  // A second held-out set, written the same way after round 4 and before round 5: 77.2 % recall
  // (74.7 % by category, 4 false alarms in 47) before round 5, 81.0 % (77.2 %, the same 4) after,
  // 87.3 % (83.5 %, the same 4) after round 6.
  it('checks/heldout-2026-12b.jsonl (held out): recall ≥ 85%, category recall ≥ 81%, false-positive rate ≤ 10%', async () => {
    await expectAccuracy(
      fixture('rules', 'checks', 'heldout-2026-12b.jsonl'),
      { minRecall: 0.85, minCategoryRecall: 0.81, maxFpr: 0.1 },
      'checks/heldout-2026-12b',
    );
  });

  // A third held-out set, written the same way after round 5 and before round 6 (all 66 standards,
  // mostly indirect wordings): 65.1 % recall (59.3 % by category, 5 false alarms in 51) before
  // round 6, 69.8 % (64.0 %, the same 5) after.
  it('checks/heldout-2026-12c.jsonl (held out): recall ≥ 67%, category recall ≥ 61%, false-positive rate ≤ 12%', async () => {
    await expectAccuracy(
      fixture('rules', 'checks', 'heldout-2026-12c.jsonl'),
      { minRecall: 0.67, minCategoryRecall: 0.61, maxFpr: 0.12 },
      'checks/heldout-2026-12c',
    );
  });

  // A fourth held-out set, written the same way after round 7 and before round 8 by someone who had
  // read only ../shared/domain (all 66 standards and 第二十四条): 73.7 % recall (71.6 % by category,
  // 4 false alarms in 57) before round 8, 73.7 % (71.6 %, 3 false alarms) after, 75.8 % (73.7 %, 3)
  // after round 9.
  it('checks/heldout-2026-12d.jsonl (held out): recall ≥ 73%, category recall ≥ 71%, false-positive rate ≤ 8%', async () => {
    await expectAccuracy(
      fixture('rules', 'checks', 'heldout-2026-12d.jsonl'),
      { minRecall: 0.73, minCategoryRecall: 0.71, maxFpr: 0.08 },
      'checks/heldout-2026-12d',
    );
  });

  // Measured after the rule change: 100 % recall on all five sets, category recall 90.9–100 %, no
  // false alarm (before it: 26.9–50.0 % recall). round2 (all four categories, written blind before
  // its rules): 51.3 % recall before, 100 % after, one false alarm in 47 (2.1 %). The floors leave
  // room, the sets are now seen. round3 (weighted towards entry/exit, conduct and cost, written
  // blind before its rules): 60.8 % recall before, 100 % after, one false alarm in 47 (2.1 %).
  // round4 (the less common scenarios of entry/exit, cost and conduct, written blind before its
  // rules): 58.3 % recall before, 100 % after, no false alarm in 41. round5-entry (entry/exit
  // constructions of 实施办法 第九至十二条, written blind before its rules): 66.7 % recall (62.3 % by
  // category) before, 100 % after, no false alarm in 42 before or after.
  // round5-cost (cost and conduct, written blind before its rules): 63.2 % recall before (category
  // 60.3 %), 100 % after, one false alarm in 41 (2.4 %, an entry/exit rule) before and after.
  // round6-entry (entry/exit constructions, weighted to the scenarios with few rules, written blind
  // before round 6's rules): 47.4 % recall (47.4 % by category, 3 false alarms in 40) before,
  // 98.7 % after, no false alarm.
  // round6-cost (cost and free-flow constructions, written blind before its rules): 75.0 % recall
  // before (category 68.8 %, 2 false alarms in 42), 100 % after (category 100 %, none).
  // round6-conduct (conduct constructions of 第二十一至二十四条, written blind before its rules):
  // 58.8 % recall (51.0 % by category, 1 false alarm in 31) before, 100 % after, none after the
  // precision round.
  // round6-lawful (precision: 126 lawful clauses in the vocabulary of problems plus 30 problems over
  // all four categories, written blind before its changes): 93.3 % recall (category 90.0 %, 11
  // false alarms in 126, 8.7 %) before, 100 % after (category 100 %, none).
  // round7-entry (entry/exit in notices, minutes, agreements, guides, written blind before round 7's
  // rules): 77.8 % recall (category 77.8 %, 3 false alarms in 31) before, 100 % after (none).
  // round8-conduct (conduct constructions of 第二十一至二十四条 and the catch-all, in minutes, pacts,
  // association charters and notices, written blind before round 8's rules): 71.4 % recall
  // (category 65.3 %, no false alarm in 32) before, 100 % after (category 100 %, none).
  // round8-entry (entry/exit in guides' materials lists, reply letters, minutes, agreements,
  // definitions, eligibility lists and exits needing approval, written blind before round 8's
  // rules): 67.2 % recall (category 67.2 %, 2 false alarms in 37) before, 100 % after (none).
  // round8-costflow (free-flow and cost constructions, written blind before round 8's rules): 88.5 %
  // recall (category 85.9 %, 4 false alarms in 42) before, 100 % after (category 100 %, none).
  // round8-lawful (precision: 143 lawful clauses plus 31 problems, written blind before its
  // changes): 100 % recall, 5 false alarms in 143 (3.5 %) before, none after.
  // round9-flow (free-flow constructions in tender papers, purchase requirements, scoring rules,
  // voucher rules and agreements, written blind before round 9's rules): 80.8 % recall (category
  // 67.9 %, 3 false alarms in 38) before, 97.4 % after (category 97.4 %, none).
  // round7-cost (written blind before round 7's rules): its last two false alarms (rules of other
  // families) went in round 8.
  for (const set of [
    'who-is-named',
    'where',
    'bid-scoring',
    'entry-exit',
    'cost-conduct',
    'round2',
    'round3',
    'round4',
    'round5-entry',
    'round5-cost',
    'round6-entry',
    'round6-cost',
    'round6-lawful',
    'round6-conduct',
    'round7-entry',
    'round7-cost',
    'round8-conduct',
    'round8-costflow',
    'round8-entry',
    'round8-lawful',
    'round9-flow',
  ]) {
    it(`checks/${set}.jsonl: recall ≥ 95%, category recall ≥ 90%, false-positive rate ≤ 3%`, async () => {
      await expectAccuracy(
        fixture('rules', 'checks', `${set}.jsonl`),
        { minRecall: 0.95, minCategoryRecall: 0.9, maxFpr: 0.03 },
        `checks/${set}`,
      );
    });
  }
});

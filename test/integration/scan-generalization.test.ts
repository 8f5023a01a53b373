// Accuracy on clauses written by us, not taken from the dev corpus, to check that the rules
// generalise beyond the clauses they were tuned on: test/fixtures/rules/generalization.jsonl
// (problem clauses across all categories and drafting styles, plus hard negatives) and
// holdout.jsonl (check sets written after the first and after the second round of rule changes,
// ids K/L and T/U). Runs `fcr scan --clauses … --format jsonl` through the real CLI code path and
// scores with ../shared/eval/score.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = path.join(repo, 'test/fixtures/rules');
const scorer = path.resolve(repo, '../shared/eval/score.mjs');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'fcr-generalization-'));

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function score(file: string, minRecall: number, minCategoryRecall: number, maxFpr: number): Promise<void> {
  const corpus = path.join(fixtures, file);
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['scan', '--clauses', corpus, '--format', 'jsonl'], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  expect(err).toEqual([]);
  expect(code).toBe(0);
  const predictions = path.join(tmp, `${file}.pred.jsonl`);
  writeFileSync(predictions, `${out.join('\n')}\n`);

  const result = spawnSync(
    process.execPath,
    [
      scorer,
      corpus,
      predictions,
      '--min-recall',
      String(minRecall),
      '--min-category-recall',
      String(minCategoryRecall),
      '--max-fpr',
      String(maxFpr),
    ],
    { encoding: 'utf8', env: { ...process.env, SCORE_VERBOSE: '1' } },
  );
  const summary = result.stdout.trim().split('\n').pop() ?? '';
  console.log(`[generalization ${file}] ${summary}`);
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
}

describe.skipIf(!existsSync(scorer))('accuracy on our own clauses (test/fixtures/rules)', () => {
  it('generalization.jsonl: recall ≥ 96%, category recall ≥ 95%, false-positive rate ≤ 3%', async () => {
    await score('generalization.jsonl', 0.96, 0.95, 0.03);
  });

  it('holdout.jsonl: recall ≥ 95%, category recall ≥ 93%, false-positive rate ≤ 3%', async () => {
    await score('holdout.jsonl', 0.95, 0.93, 0.03);
  });
});

/**
 * Scores the flagging rules on a labelled clause file the way the corpus README describes:
 * `fcr scan --clauses FILE --format jsonl` through the real CLI code path, then
 * the corpus scorer (test/fixtures/corpus/score.mjs, a copy of ../shared/eval/score.mjs) with thresholds. Asserts the scorer's verdict.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { runCli } from '../../electron/cli/main';
import { CORPUS } from './paths';

export const SCORER = path.join(CORPUS, 'score.mjs');

export async function expectAccuracy(
  corpus: string,
  thresholds: { minRecall: number; minCategoryRecall: number; maxFpr: number },
  label: string,
): Promise<void> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['scan', '--clauses', corpus, '--format', 'jsonl'], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  expect(err).toEqual([]);
  expect(code).toBe(0);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fcr-score-'));
  try {
    const predictions = path.join(dir, 'pred.jsonl');
    writeFileSync(predictions, `${out.join('\n')}\n`);
    const { minRecall, minCategoryRecall, maxFpr } = thresholds;
    const result = spawnSync(
      process.execPath,
      [
        SCORER,
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
    console.log(`[${label}] ${summary}`);
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Accuracy on the labelled dev clauses: runs `fcr scan --clauses … --format jsonl` through the
// real CLI code path, writes the predictions and scores them with ../shared/eval/score.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const shared = path.resolve(repo, '../shared');
const corpus = path.join(shared, 'corpus/clauses.dev.jsonl');
const scorer = path.join(shared, 'eval/score.mjs');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'fcr-accuracy-'));

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!existsSync(corpus) || !existsSync(scorer))('accuracy on ../shared/corpus/clauses.dev.jsonl', () => {
  // The floor was 90 / 80 / 8; raised as the rules improved (measured: 99.3 / 98.6 / 0).
  it('meets recall ≥ 97%, category recall ≥ 95%, false-positive rate ≤ 3%', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['scan', '--clauses', corpus, '--format', 'jsonl'], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const predictions = path.join(tmp, 'pred.jsonl');
    writeFileSync(predictions, `${out.join('\n')}\n`);

    const result = spawnSync(
      process.execPath,
      [scorer, corpus, predictions, '--min-recall', '0.97', '--min-category-recall', '0.95', '--max-fpr', '0.03'],
      { encoding: 'utf8' },
    );
    const summary = result.stdout.trim().split('\n').pop() ?? '';
    console.log(`[accuracy] ${summary}`);
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  });
});

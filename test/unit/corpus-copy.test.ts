// The tests read the labelled corpus from test/fixtures (so they run in any clone); ../shared
// stays the source. When ../shared is beside the repository, the copy must match it.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareCorpus, ENTRIES, syncCorpus, TEAM_SHARED } from '../../scripts/corpus-sync.mjs';
import { tempDir } from '../helpers/paths';

const teamShared = existsSync(TEAM_SHARED);
if (!teamShared) console.warn(`[corpus copy] ${TEAM_SHARED} is absent: comparison with the source skipped.`);

describe('the in-repository corpus copy', () => {
  it.skipIf(!teamShared)('matches ../shared (skipped when ../shared is absent)', () => {
    const diff = compareCorpus();
    expect(
      diff,
      `The corpus copy in test/fixtures differs from ../shared; run \`npm run corpus:sync\`:\n${diff.join('\n')}`,
    ).toEqual([]);
  });

  describe('comparison', () => {
    const { dir, cleanup } = tempDir('fcr-corpus-');
    afterAll(cleanup);
    const source = path.join(dir, 'shared');
    const root = path.join(dir, 'repo');
    const put = (file: string, text: string) => {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    };

    it('names each file that differs, is missing or is extra, and none after a sync', () => {
      for (const [from] of ENTRIES) {
        const isDir = !path.extname(from);
        put(isDir ? path.join(source, from, 'a.txt') : path.join(source, from), `source ${from}`);
      }
      put(path.join(source, 'corpus/documents/new.txt'), 'x');
      syncCorpus(source, root);
      expect(compareCorpus(source, root)).toEqual([]);

      put(path.join(root, 'test/fixtures/corpus/clauses.dev.jsonl'), 'edited');
      put(path.join(root, 'test/fixtures/corpus/documents/stray.txt'), 'x');
      put(path.join(source, 'corpus/documents/added.txt'), 'x');
      put(path.join(source, 'eval/score.mjs'), 'changed');
      expect(compareCorpus(source, root)).toEqual([
        'test/fixtures/corpus/clauses.dev.jsonl: differs from ../shared/corpus/clauses.dev.jsonl',
        'test/fixtures/corpus/documents/added.txt: missing (present in ../shared/corpus/documents/added.txt)',
        'test/fixtures/corpus/documents/stray.txt: not in ../shared/corpus/documents/stray.txt',
        'test/fixtures/corpus/score.mjs: differs from ../shared/eval/score.mjs',
      ]);

      syncCorpus(source, root);
      expect(compareCorpus(source, root)).toEqual([]);
    });
  });
});

// The labelled corpus and its scorer live in the team folder beside the repository (../shared,
// the source); the tests use a copy inside the repository so that they run in any clone.
//   npm run corpus:sync            refreshes the copy from ../shared
//   node scripts/corpus-sync.mjs --check   lists the files where the copy and ../shared differ
// test/unit/corpus-copy.test.ts fails when they differ.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const TEAM_SHARED = path.resolve(ROOT, '..', 'shared');

/** [path in ../shared, path of its copy in the repository]; folders are copied whole. */
export const ENTRIES = [
  ['corpus/README.md', 'test/fixtures/corpus/README.md'],
  ['corpus/clauses.dev.jsonl', 'test/fixtures/corpus/clauses.dev.jsonl'],
  ['corpus/context-items.jsonl', 'test/fixtures/corpus/context-items.jsonl'],
  ['corpus/documents', 'test/fixtures/corpus/documents'],
  ['eval/score.mjs', 'test/fixtures/corpus/score.mjs'],
  ['corpus/ofd', 'test/fixtures/ofd'],
];

/** Files under `p` (p itself when it is a file), relative to p, sorted; [] when p is absent. */
function filesUnder(p) {
  if (!existsSync(p)) return [];
  if (!statSync(p).isDirectory()) return [''];
  return readdirSync(p, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(p, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/**
 * The differences between the copy and the source, one line each naming the repository file,
 * e.g. "test/fixtures/corpus/clauses.dev.jsonl: differs from ../shared/corpus/clauses.dev.jsonl".
 */
export function compareCorpus(source = TEAM_SHARED, root = ROOT) {
  const out = [];
  for (const [from, to] of ENTRIES) {
    const src = path.join(source, from);
    const dst = path.join(root, to);
    const names = new Set([...filesUnder(src), ...filesUnder(dst)]);
    for (const name of [...names].sort()) {
      const s = name ? `${from}/${name}` : from;
      const d = name ? `${to}/${name}` : to;
      const inSrc = existsSync(path.join(src, name));
      const inDst = existsSync(path.join(dst, name));
      if (!inDst) out.push(`${d}: missing (present in ../shared/${s})`);
      else if (!inSrc) out.push(`${d}: not in ../shared/${s}`);
      else if (!readFileSync(path.join(src, name)).equals(readFileSync(path.join(dst, name))))
        out.push(`${d}: differs from ../shared/${s}`);
    }
  }
  return out;
}

/** Replaces the copy with the source. */
export function syncCorpus(source = TEAM_SHARED, root = ROOT) {
  if (!existsSync(source)) throw new Error(`${source} not found: nothing to copy from.`);
  for (const [from, to] of ENTRIES) {
    rmSync(path.join(root, to), { recursive: true, force: true });
    cpSync(path.join(source, from), path.join(root, to), { recursive: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const diff = compareCorpus();
    console.log(diff.length ? diff.join('\n') : 'test/fixtures copy matches ../shared');
    process.exitCode = diff.length ? 1 : 0;
  } else {
    syncCorpus();
    console.log(`copied ${ENTRIES.length} entries from ${TEAM_SHARED}`);
  }
}

// npm run bench: runs every benchmark in scripts/bench/ one after another, each in its own
// process (so peak-memory figures are per benchmark). Benchmarks print figures; they never fail
// on timings. Run one alone with: node scripts/bench/<name>.mjs
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('./bench/', import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs') && !f.startsWith('_'))
  .filter((f) => !only.length || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(dir, file)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
if (!benches.length) console.log('no benchmarks found');
process.exit(failed ? 1 : 0);

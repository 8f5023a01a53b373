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
/** Figures the benchmarks report for the table of targets ("@metric {json}" lines). */
const metrics = [];
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(dir, file)], {
    stdio: ['inherit', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  for (const line of (r.stdout ?? '').split('\n')) {
    if (line.startsWith('@metric ')) metrics.push({ bench: file, ...JSON.parse(line.slice(8)) });
    else process.stdout.write(`${line}\n`);
  }
  if (r.status !== 0) failed++;
}
if (!benches.length) console.log('no benchmarks found');
if (metrics.length) {
  // Each figure beside its target and the simple baseline measured in the same run.
  console.log('\n=== figures, targets and baselines (same run; wall clock, a shared machine makes them noisy) ===');
  const num = (v) => (typeof v === 'number' ? v.toFixed(1) : '—');
  const rows = metrics.map((m) => [
    m.name,
    `${num(m.value)} ${m.unit}`,
    `${m.target ?? '—'} ${m.target && m.target !== '—' ? m.unit : ''}`.trim(),
    m.baseline == null ? '—' : `${num(m.baseline)} ${m.unit}`,
    m.bench,
  ]);
  const head = ['metric', 'figure', 'target', 'baseline', 'bench'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const r of [head, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
}
process.exit(failed ? 1 : 0);

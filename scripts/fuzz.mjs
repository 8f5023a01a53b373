// npm run fuzz: the full import fuzz run of issue 13. Mutated .docx/.pdf/.ofd/.html/.txt files
// built from the fixtures with a seeded PRNG (test/helpers/fuzz.ts) are imported through the real
// services (worker threads with a heap cap and a time limit) into a fresh data folder. Prints how
// many were imported and refused (by reason), the time per file and the peak memory; exits 1 on
// any crash, internal error, message not naming the file, library changed by a refused file, file
// stopped only by the time limit or the worker's heap cap, or peak memory over 2 GB.
// Options: --count N (default 1000), --seed S (default 1), --workers N (default 1), --verbose.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildWorker } from './build-worker.mjs';
import { loadTs } from './bench/_ts.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const count = arg('count', 1000);
const seed = arg('seed', 1);
const workers = arg('workers', 1);
const verbose = process.argv.includes('--verbose');

await buildWorker();
const { createServices, fuzzCaseStream, runFuzz } = await loadTs('scripts/fuzz-entry.ts');
const dir = mkdtempSync(path.join(os.tmpdir(), 'fcr-fuzz-'));
const services = createServices(path.join(dir, 'data'), { workers });
let code = 0;
try {
  console.log(`fuzz: ${count} mutated files, seed ${seed}, ${workers} worker(s)`);
  const byMutation = {};
  const report = await runFuzz(services, fuzzCaseStream(seed, count), (o, i) => {
    byMutation[o.mutation] = (byMutation[o.mutation] ?? 0) + 1;
    if (verbose || o.problem)
      console.log(
        `${i} ${o.name} ${o.mutation} ${o.result} ${o.ms.toFixed(0)} ms ${o.problem ?? ''} ${o.message ?? ''}`,
      );
    else if ((i + 1) % 100 === 0) console.log(`  ${i + 1}/${count}`);
  });
  console.log(
    `mutations: ${Object.entries(byMutation)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  const refused = Object.entries(report.byResult).filter(([k]) => k !== 'imported' && k !== 'duplicate');
  const sorted = report.outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  console.log(`imported: ${report.byResult.imported ?? 0} (+ ${report.byResult.duplicate ?? 0} duplicates)`);
  console.log(
    `refused: ${refused.reduce((s, [, n]) => s + n, 0)} — ${refused.map(([k, n]) => `${k} ${n}`).join(', ')}`,
  );
  const slow = report.outcomes.filter((o) => o.ms > 5000);
  console.log(
    `time: total ${(report.totalMs / 1000).toFixed(1)} s, per file median ${at(0.5).toFixed(0)} ms, p95 ${at(0.95).toFixed(0)} ms, max ${report.maxMs.toFixed(0)} ms; ${slow.length} over 5 s`,
  );
  for (const o of slow) console.log(`  slow: ${o.name} (${o.mutation}) ${o.result} ${(o.ms / 1000).toFixed(1)} s`);
  console.log(`peak memory (process and workers): ${report.maxRssMb.toFixed(0)} MB`);
  // The old importers peaked at 3.4 GB on these files (issue 13); the worker heap cap is 1 GB.
  if (report.maxRssMb > 2048) {
    console.log(`FAILED: peak memory ${report.maxRssMb.toFixed(0)} MB is over 2,048 MB`);
    code = 1;
  }
  if (report.problems.length) {
    console.log(`FAILED: ${report.problems.length} file(s) broke the guarantees:`);
    for (const p of report.problems) console.log(`  ${p.name} (${p.mutation}): ${p.problem}: ${p.message ?? ''}`);
    code = 1;
  } else console.log('ok: every file was imported or refused with a clear message naming it');
} finally {
  services.close();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(code);

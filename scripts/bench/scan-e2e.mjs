// Benchmark: plain-text import and `fcr extract` / `fcr scan` end to end on a text file of at least
// 10 MB, generated here from the dev corpus (whole documents and dev clauses, repeated) and never
// committed. Prints MB/s (UTF-8 bytes of the file) beside simple baselines measured in the same run:
//   import:  extractDocument in process (decode, normalise, segment, metadata) vs reading the file
//            with TextDecoder and splitting it into lines;
//   extract: `fcr extract FILE > /dev/null` vs a node process that reads, decodes, splits and prints;
//   scan:    `fcr scan FILE > /dev/null` vs a node process that reads, decodes, splits and runs each
//            rule's regex over each line (the per-rule baseline of scan.mjs).
// End-to-end figures include process start-up and rule loading; start-up alone is measured too
// (`fcr scan` of a one-clause file beside `node -e 0`). Wall-clock times are medians of 3
// runs; CPU time (user + system) is given too, as the machine may be shared. Figures, not assertions.
//
//   node scripts/bench/scan-e2e.mjs [--mb 11.5]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CORPUS, fmt, loadTs, metric, ROOT, stats } from './_ts.mjs';

const SELF = fileURLToPath(import.meta.url);
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

/** The baseline a child process runs: read, decode, split lines, then print them or run the regexes. */
async function baseline(kind, file) {
  const lines = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file)).split(/\r\n?|\n/);
  if (kind === 'extract') {
    process.stdout.write(lines.join('\n'));
    return;
  }
  const { loadRules } = await loadTs('electron/services/rules.ts');
  const { naiveRegex } = await loadTs('shared/rules/naive.ts');
  const { defs, lexicon } = loadRules(path.join(ROOT, 'resources'));
  const regexes = defs.map((d) => naiveRegex(d, lexicon));
  let hits = 0;
  for (const line of lines) for (const re of regexes) if (re.test(line)) hits++;
  process.stdout.write(`${hits}\n`);
}

if (process.argv[2] === '--baseline') {
  await baseline(process.argv[3], process.argv[4]);
  process.exit(0);
}

const docsDir = path.join(CORPUS, 'documents');
const clausesFile = path.join(CORPUS, 'clauses.dev.jsonl');
if (!existsSync(path.join(ROOT, 'dist', 'cli.mjs'))) {
  console.error('bench scan-e2e: run npm run build first (the CLI is measured as built).');
  process.exit(2);
}

// The file: the whole documents, then the dev clauses one per line, repeated to the target size.
const docs = readdirSync(docsDir)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => readFileSync(path.join(docsDir, f), 'utf8').replace(/\r\n?/g, '\n'));
const clauses = readFileSync(clausesFile, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l).text.replace(/\n/g, ' '));
const block = `${docs.join('\n')}\n${clauses.join('\n')}\n`;
const target = arg('--mb', 11.5) * 1048576;
const text = block.repeat(Math.ceil(target / Buffer.byteLength(block)));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'fcr-bench-e2e-'));
const file = path.join(tmp, 'big.txt');
writeFileSync(file, text);
const bytes = readFileSync(file);
const mbytes = bytes.length / 1048576;

/** Runs a command `runs` times with stdout discarded; median wall time and the CPU time of that run. */
function timeProcess(args, runs = 3) {
  // The child reports its own CPU time on exit (to stderr, after everything else).
  const cpuHook = path.join(tmp, 'cpu.mjs');
  writeFileSync(
    cpuHook,
    "import { writeSync } from 'node:fs';\nprocess.on('exit', () => { const u = process.cpuUsage(); writeSync(2, `\\n@cpu ${(u.user + u.system) / 1000}\\n`); });\n",
  );
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--import', cpuHook, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    const wall = performance.now() - t0;
    const cpu = Number(/@cpu ([\d.]+)/.exec(r.stderr)?.[1] ?? NaN);
    if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`);
    samples.push({ wall, cpu });
  }
  samples.sort((a, b) => a.wall - b.wall);
  return samples[Math.floor(samples.length / 2)];
}

const fcr = path.join(ROOT, 'bin', 'fcr.mjs');
const line = (label, { wall, cpu }, extra = '') =>
  `  ${label.padEnd(44)} ${fmt(mbytes / (wall / 1000)).padStart(6)} MB/s  ${fmt(wall, 0).padStart(6)} ms wall  ${fmt(cpu, 0).padStart(6)} ms CPU (${fmt(mbytes / (cpu / 1000))} MB/s)${extra}`;

try {
  console.log(
    `plain text end to end — ${fmt(mbytes)} MB (UTF-8), ${text.length.toLocaleString('en')} chars, ${text.split('\n').length.toLocaleString('en')} lines; node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`,
  );

  // 1. In process: extractDocument (read bytes → NormalizedDocument) vs read + decode + split.
  const { extractDocument } = await loadTs('electron/services/import/index.ts');
  await extractDocument('big.txt', bytes); // warm-up (JIT)
  const imp = [];
  const base = [];
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.(); // each run starts from a clean heap (npm run bench exposes gc)
    let t0 = performance.now();
    let c0 = process.cpuUsage();
    await extractDocument('big.txt', readFileSync(file));
    imp.push({ wall: performance.now() - t0, cpu: cpuMs(process.cpuUsage(c0)) });
    t0 = performance.now();
    c0 = process.cpuUsage();
    new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file)).split(/\r\n?|\n/);
    base.push({ wall: performance.now() - t0, cpu: cpuMs(process.cpuUsage(c0)) });
  }
  const median = (xs) => ({ wall: stats(xs.map((x) => x.wall)).median, cpu: stats(xs.map((x) => x.cpu)).median });
  console.log('\n in process (warm, median of 3):');
  const importFig = median(imp);
  console.log(line('import: extractDocument (txt)', importFig, '   target ≥ 30 MB/s'));
  const importBase = median(base);
  console.log(line('  baseline: read + TextDecoder + split lines', importBase));

  // 2. End to end: the built CLI, one process per run, output discarded.
  console.log('\n end to end (new process per run, output discarded, median of 3):');
  const extractFig = timeProcess([fcr, 'extract', file]);
  console.log(line('fcr extract FILE', extractFig));
  const extractBase = timeProcess([SELF, '--baseline', 'extract', file]);
  console.log(line('  baseline: node read + decode + split + print', extractBase));
  const scanFig = timeProcess([fcr, 'scan', file]);
  console.log(line('fcr scan FILE', scanFig, '   target ≥ 20 MB/s'));
  const scanBase = timeProcess([SELF, '--baseline', 'scan', file], 1);
  console.log(line('  baseline: node read + split + per-rule regexes', scanBase));
  // Start-up: a one-clause file, where loading and compiling the rules is nearly all the work.
  const tiny = path.join(tmp, 'tiny.txt');
  writeFileSync(tiny, '第一条 本办法自发布之日起施行。\n');
  const startFig = timeProcess([fcr, 'scan', tiny], 5);
  const nodeFig = timeProcess(['-e', '0'], 5);
  const ms = ({ wall, cpu }) => `${fmt(wall, 0).padStart(6)} ms wall  ${fmt(cpu, 0).padStart(6)} ms CPU`;
  console.log(`
 start-up (median of 5):
  fcr scan of a one-clause file                    ${ms(startFig)}`);
  console.log(`    baseline: node -e 0                            ${ms(nodeFig)}`);
  const both = ({ wall, cpu }) => `${fmt(mbytes / (wall / 1000))} MB/s (${fmt(mbytes / (cpu / 1000))} by CPU time)`;
  console.log(
    `\nsummary on ${fmt(mbytes)} MB: import ${both(importFig)} in process (target ≥ 30); end to end fcr extract ${both(extractFig)}, fcr scan ${both(scanFig)} (target ≥ 20)`,
  );
  const mbs = ({ wall }) => mbytes / (wall / 1000);
  metric('extraction + segmentation of plain text (in process)', mbs(importFig), 'MB/s', '≥ 30', mbs(importBase));
  metric('fcr extract FILE, end to end', mbs(extractFig), 'MB/s', '—', mbs(extractBase));
  metric('fcr scan FILE, end to end (one thread)', mbs(scanFig), 'MB/s', '≥ 20', mbs(scanBase));
  metric('fcr scan start-up (one-clause file)', startFig.wall, 'ms', '—', nodeFig.wall);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

function cpuMs(u) {
  return (u.user + u.system) / 1000;
}

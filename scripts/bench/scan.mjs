// Benchmark: scan throughput of the flagging engine on a corpus of at least 50 MB built from the
// dev clauses, beside a naive baseline (each rule's regex run separately over each clause) in the
// same run. Prints MB/s of text (UTF-8), clauses/s and the ratio: the engine's figure is the
// median of --runs timed scans after a warm-up, by wall clock and by CPU time (the machine may be
// shared); the engine runs on one thread. Not a test: no assertions.
//
//   node scripts/bench/scan.mjs [--mb 50] [--baseline-mb 5] [--runs 3]
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CORPUS, metric } from './_ts.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const targetMb = arg('--mb', 50);
const baselineMb = arg('--baseline-mb', 5);
const runs = arg('--runs', 3);
const corpusPath = path.join(CORPUS, 'clauses.dev.jsonl');

// Bundle the TypeScript the CLI uses (rule loading, engine, naive baseline) into a temp module.
// Inside the repository, so that modules loaded at run time (yaml) resolve from node_modules.
const cacheDir = path.join(root, 'node_modules', '.cache');
mkdirSync(cacheDir, { recursive: true });
const tmp = mkdtempSync(path.join(cacheDir, 'fcr-bench-'));
const entry = path.join(tmp, 'entry.ts');
const outfile = path.join(tmp, 'bench-entry.mjs');
await build({
  stdin: {
    contents: [
      `export { loadRules } from ${JSON.stringify(path.join(root, 'electron/services/rules.ts'))};`,
      `export { scanUnits } from ${JSON.stringify(path.join(root, 'shared/rules/engine.ts'))};`,
      `export { paragraphUnits } from ${JSON.stringify(path.join(root, 'shared/rules/units.ts'))};`,
      `export { naiveRegex } from ${JSON.stringify(path.join(root, 'shared/rules/naive.ts'))};`,
    ].join('\n'),
    resolveDir: root,
    sourcefile: entry,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile,
  // Bundled CommonJS dependencies (yaml) may require Node built-ins.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
  absWorkingDir: root,
});
const { loadRules, scanUnits, paragraphUnits, naiveRegex } = await import(pathToFileURL(outfile).href);
rmSync(tmp, { recursive: true, force: true });

// Start-up: the rule files loaded (from dist/rules.compiled.json when built) and compiled.
const load0 = performance.now();
const { ruleSet, defs, lexicon } = loadRules(path.join(root, 'resources'));
const loadMs = performance.now() - load0;
const clauses = readFileSync(corpusPath, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l).text.replace(/\n/g, ' '));

const regexes = defs.map((d) => naiveRegex(d, lexicon));

/** Times the engine on `block` repeated to targetMb, and the naive baseline on its first baselineMb. */
function run(label, block) {
  const blockBytes = Buffer.byteLength(block, 'utf8');
  const copies = Math.ceil((targetMb * 1024 * 1024) / blockBytes);
  const text = block.repeat(copies);
  const bytes = blockBytes * copies;
  const units = paragraphUnits(text);
  const mb = bytes / (1024 * 1024);
  console.log(
    `\n${label}: ${mb.toFixed(1)} MB (UTF-8), ${text.length.toLocaleString()} chars, ${units.length.toLocaleString()} clauses`,
  );

  // Warm up (JIT) on ~2 MB, then time the engine over the whole corpus `runs` times (median).
  const warm = block.repeat(Math.max(1, Math.ceil((2 * 1024 * 1024) / blockBytes)));
  scanUnits(ruleSet, warm, paragraphUnits(warm));
  const times = [];
  let findings = null;
  for (let r = 0; r < runs; r++) {
    globalThis.gc?.();
    const c0 = process.cpuUsage();
    const t = performance.now();
    findings = scanUnits(ruleSet, text, units);
    const wall = performance.now() - t;
    const cpu = process.cpuUsage(c0);
    times.push({ wall, cpu: (cpu.user + cpu.system) / 1000 });
  }
  const mid = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const engineMs = mid(times.map((x) => x.wall));
  const engineCpuMs = mid(times.map((x) => x.cpu));
  const engineMbs = mb / (engineMs / 1000);
  const engineCps = units.length / (engineMs / 1000);
  console.log(
    `  engine:   ${engineMbs.toFixed(1).padStart(7)} MB/s  ${Math.round(engineCps).toLocaleString().padStart(9)} clauses/s  (${(engineMs / 1000).toFixed(2)} s wall, median of ${runs}; ${(mb / (engineCpuMs / 1000)).toFixed(1)} MB/s by CPU time; ${findings.length.toLocaleString()} findings)`,
  );
  let t0;

  // Naive baseline: each rule's regex run separately over each clause, on the first part of the corpus.
  const sample = [];
  let sampleBytes = 0;
  for (const u of units) {
    if (sampleBytes >= baselineMb * 1024 * 1024) break;
    const clause = text.slice(u.start, u.end);
    sample.push(clause);
    sampleBytes += Buffer.byteLength(clause, 'utf8') + 1;
  }
  for (const u of paragraphUnits(warm)) for (const re of regexes) re.test(warm.slice(u.start, u.end));
  t0 = performance.now();
  let naiveHits = 0;
  for (const c of sample) for (const re of regexes) if (re.test(c)) naiveHits++;
  const naiveMs = performance.now() - t0;
  const naiveMbs = sampleBytes / (1024 * 1024) / (naiveMs / 1000);
  const naiveCps = sample.length / (naiveMs / 1000);
  console.log(
    `  baseline: ${naiveMbs.toFixed(1).padStart(7)} MB/s  ${Math.round(naiveCps).toLocaleString().padStart(9)} clauses/s  (${(naiveMs / 1000).toFixed(2)} s on the first ${(sampleBytes / 1048576).toFixed(1)} MB, ${regexes.length} regexes, ${naiveHits.toLocaleString()} raw hits)`,
  );
  console.log(`  ratio:    ${(engineMbs / naiveMbs).toFixed(1)}× the naive baseline`);
  return { engineMbs, naiveMbs, ratio: engineMbs / naiveMbs };
}

console.log(
  `rules: ${defs.length}, automaton: ${ruleSet.patterns.length} literals / ${ruleSet.automaton.size} states, rule-set ${ruleSet.version}; loaded and compiled in ${loadMs.toFixed(0)} ms`,
);
// 1. The required corpus: the dev clauses (60% of them problem clauses), one per line.
const dev = run('dev clauses (dense: ~1.5 findings per clause)', clauses.join('\n') + '\n');
// 2. For reference: whole real documents (hard negatives), closer to what users scan.
const docsDir = path.join(CORPUS, 'documents');
const docs = readdirSync(docsDir)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => readFileSync(path.join(docsDir, f), 'utf8').replace(/\r\n?/g, '\n'));
const whole = run('whole documents (reference)', docs.join('\n') + '\n');
console.log(
  `\nsummary: ${dev.engineMbs.toFixed(1)} MB/s on the dev-clause corpus, ${dev.ratio.toFixed(1)}× the naive baseline (targets: ≥ 30 MB/s, ≥ 10×)`,
);
// Lines that npm run bench collects into its table of targets.
metric('engine, dense dev clauses', dev.engineMbs, 'MB/s', '≥ 30', dev.naiveMbs);
metric('engine ÷ per-rule regex baseline, dense', dev.ratio, '×', '≥ 10', 1);
metric('engine, whole documents', whole.engineMbs, 'MB/s', '—', whole.naiveMbs);

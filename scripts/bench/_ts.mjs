// Loads a TypeScript module of this repository for a benchmark: esbuild bundles it (packages
// external) into a temporary .mjs next to node_modules, so benchmarks measure the real code.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The labelled corpus (a copy of ../shared/corpus, see scripts/corpus-sync.mjs). */
export const CORPUS = path.join(ROOT, 'test', 'fixtures', 'corpus');

export async function loadTs(relPath) {
  const outDir = path.join(ROOT, 'node_modules', '.cache', 'fcr-bench');
  mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, `${relPath.replace(/[\\/]/g, '_')}.mjs`);
  await build({
    entryPoints: [path.join(ROOT, relPath)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}

export function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] };
}

export const fmt = (n, d = 1) => n.toFixed(d);
export const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;

/**
 * Prints a figure for the table of targets that `npm run bench` prints at the end (one line,
 * "@metric" and JSON): the metric, its value and unit, its target and the baseline measured in
 * the same run (a number in the same unit, or null).
 */
export function metric(name, value, unit, target, baseline = null) {
  console.log(`@metric ${JSON.stringify({ name, value, unit, target, baseline })}`);
}

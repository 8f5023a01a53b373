// Builds everything the app runs from: the renderer (Vite) and the Node-side bundles (esbuild).
//   dist/renderer/             the UI
//   dist/cli.mjs               fcr CLI and browser host (with its chunks in dist/cli-chunks/)
//   dist/electron/main.mjs     Electron main process
//   dist/import-worker.mjs     import worker thread (extract + scan), used by the CLI, host and shell
//   dist/electron/preload.cjs  Electron preload (sandboxed preloads must be CommonJS)
//   dist/rules.compiled.json   the rule files precompiled (parsed YAML, regex prefilter sets, the
//                              automaton's tables), so that a process loads the rules without parsing
//                              YAML or building the automaton; the YAML stays the source of truth (a
//                              file changed since the build is parsed, other literals build their own)
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildWorker } from './build-worker.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const quiet = process.argv.includes('--quiet');
const started = Date.now();

// Chunks of an earlier build would pile up (their names carry a hash).
rmSync(path.join(root, 'dist', 'cli-chunks'), { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
  absWorkingDir: root,
};
await Promise.all([
  buildWorker(),
  // The CLI is split: each command is a chunk of its own, loaded when it runs (see COMMANDS).
  esbuild({
    ...common,
    entryPoints: { cli: 'electron/cli/bin.ts' },
    format: 'esm',
    splitting: true,
    outdir: 'dist',
    chunkNames: 'cli-chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
  }),
  esbuild({ ...common, entryPoints: ['electron/shell/main.ts'], format: 'esm', outfile: 'dist/electron/main.mjs' }),
  esbuild({
    ...common,
    entryPoints: ['electron/shell/preload.ts'],
    format: 'cjs',
    outfile: 'dist/electron/preload.cjs',
  }),
]);
// The precompiled rules: the rule loader bundled to a temporary module that writes them.
const rulesBuilder = path.join(root, 'dist', `.rules-build-${process.pid}.mjs`);
await esbuild({ ...common, entryPoints: ['electron/services/rules.ts'], format: 'esm', outfile: rulesBuilder });
try {
  const { writeCompiledRuleFiles } = await import(pathToFileURL(rulesBuilder).href);
  writeCompiledRuleFiles(path.join(root, 'resources'), path.join(root, 'dist', 'rules.compiled.json'));
} finally {
  rmSync(rulesBuilder, { force: true });
}
await viteBuild({ configFile: `${root}/vite.config.ts`, logLevel: quiet ? 'warn' : 'info' });
console.log(`build done in ${Date.now() - started} ms`);

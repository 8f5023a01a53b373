// Builds everything the app runs from: the renderer (Vite) and the Node-side bundles (esbuild).
//   dist/renderer/             the UI
//   dist/cli.mjs               fcr CLI and browser host
//   dist/electron/main.mjs     Electron main process
//   dist/import-worker.mjs     import worker thread (extract + scan), used by the CLI, host and shell
//   dist/electron/preload.cjs  Electron preload (sandboxed preloads must be CommonJS)
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { fileURLToPath } from 'node:url';
import { buildWorker } from './build-worker.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const quiet = process.argv.includes('--quiet');
const started = Date.now();

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
  esbuild({ ...common, entryPoints: ['electron/cli/bin.ts'], format: 'esm', outfile: 'dist/cli.mjs' }),
  esbuild({ ...common, entryPoints: ['electron/shell/main.ts'], format: 'esm', outfile: 'dist/electron/main.mjs' }),
  esbuild({
    ...common,
    entryPoints: ['electron/shell/preload.ts'],
    format: 'cjs',
    outfile: 'dist/electron/preload.cjs',
  }),
]);
await viteBuild({ configFile: `${root}/vite.config.ts`, logLevel: quiet ? 'warn' : 'info' });
console.log(`build done in ${Date.now() - started} ms`);

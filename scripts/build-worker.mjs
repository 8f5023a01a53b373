// Bundles the import worker (electron/services/import/worker.ts) to dist/import-worker.mjs.
// Used by scripts/build.mjs and by the vitest global setup (tests run the TypeScript sources, but a
// worker thread needs a JavaScript file: they use this same bundle).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export function buildWorker() {
  return build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    absWorkingDir: root,
    format: 'esm',
    entryPoints: ['electron/services/import/worker.ts'],
    outfile: 'dist/import-worker.mjs',
  });
}

#!/usr/bin/env node
// fcr — 审查助手 command line. Runs the bundled CLI built by `npm run build` (run on npm ci/install).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
if (!existsSync(cli)) {
  console.error('fcr：程序尚未构建，请先在项目目录运行 npm run build。');
  process.exit(2);
}
await import(cli);

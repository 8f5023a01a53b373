// npm start: the Electron app when its binary is installed, otherwise the browser host on
// 127.0.0.1 (printing its URL). Extra arguments are passed on (e.g. --data-dir DIR, --port N).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const dirAt = args.indexOf('--data-dir');
if (dirAt >= 0 && args[dirAt + 1]) process.env.FCR_DATA_DIR = path.resolve(args[dirAt + 1]);

function electronBinary() {
  if (process.env.FCR_BROWSER === '1') return null;
  try {
    const require = createRequire(import.meta.url);
    const pkgDir = path.dirname(require.resolve('electron/package.json'));
    const pathFile = path.join(pkgDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const bin = path.join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

if (!existsSync(path.join(root, 'dist', 'cli.mjs')) || !existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) {
  console.log('首次运行：正在构建…');
  await import('./build.mjs');
}

const bin = electronBinary();
const child = bin
  ? spawn(bin, [root], { stdio: 'inherit', env: process.env })
  : spawn(process.execPath, [path.join(root, 'bin', 'fcr.mjs'), 'serve', ...args], { stdio: 'inherit' });
if (!bin) console.log('未检测到 Electron 运行时，改为启动浏览器版界面（仅本机可访问）。');
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));

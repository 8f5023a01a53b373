// Finds the Chromium that the e2e tests and the workspace benchmark drive, in this order:
//   1. CHROMIUM_PATH, when set (an error if it names no file);
//   2. a system Chromium or Chrome (fixed install paths, then the same names on PATH);
//   3. the headless Chromium shipped in the npm devDependency @sparticuz/chromium (Linux x64),
//      unpacked to the temp folder on first use, with the NSS libraries it links against (the
//      package's Amazon Linux set), so that it needs no system package besides glibc.
// FCR_E2E_BROWSER=bundled skips step 2 (to test the npm Chromium on a machine that has one);
// FCR_E2E_BROWSER=system makes step 3 an error instead of a fallback.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type ChromiumSource = 'env' | 'system' | 'bundled';

export interface ChromiumLaunch {
  executablePath: string;
  args: string[];
  source: ChromiumSource;
  /** Variables to add to the browser's environment. */
  env?: Record<string, string>;
}

export interface BundledChromium {
  executablePath: string;
  /** The folder of the shared libraries it ships. */
  libraryPath: string;
}

/** Flags for a headless run in a container or CI: no sandbox, no GPU, no background traffic. */
export const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const SYSTEM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];
const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export interface ResolveOptions {
  env?: Record<string, string | undefined>;
  exists?: (file: string) => boolean;
  platform?: string;
  arch?: string;
  /** Unpacks the npm Chromium (on first use). */
  bundled?: () => Promise<BundledChromium>;
}

async function unpackBundled(): Promise<BundledChromium> {
  const { default: chromium, inflate } = await import('@sparticuz/chromium');
  const bin = path.join(path.dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..', 'bin');
  const [executablePath, libs] = await Promise.all([
    chromium.executablePath(),
    inflate(path.join(bin, 'al2023.tar.br')),
  ]);
  return { executablePath, libraryPath: path.join(libs, 'lib') };
}

export function findSystemChromium(
  env: Record<string, string | undefined>,
  exists: (file: string) => boolean,
): string | undefined {
  const onPath = (env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .flatMap((dir) => SYSTEM_NAMES.map((name) => path.join(dir, name)));
  return [...SYSTEM_PATHS, ...onPath].find((file) => exists(file));
}

export async function resolveChromium(options: ResolveOptions = {}): Promise<ChromiumLaunch> {
  const env = options.env ?? process.env;
  const exists = options.exists ?? existsSync;
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const mode = env.FCR_E2E_BROWSER ?? '';
  if (!['', 'bundled', 'system'].includes(mode)) {
    throw new Error(`FCR_E2E_BROWSER=${mode}: expected "bundled" or "system" (or unset).`);
  }

  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!exists(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv}: no such file.`);
    return { executablePath: fromEnv, args: BASE_ARGS, source: 'env' };
  }
  if (mode !== 'bundled') {
    const system = findSystemChromium(env, exists);
    if (system) return { executablePath: system, args: BASE_ARGS, source: 'system' };
    if (mode === 'system') throw new Error('FCR_E2E_BROWSER=system: no system Chromium or Chrome found.');
  }
  if (platform !== 'linux' || arch !== 'x64') {
    throw new Error(
      `No Chromium found: the npm Chromium (@sparticuz/chromium) runs on Linux x64 only (this is ${platform} ${arch}). ` +
        'Install Chromium or Chrome, or set CHROMIUM_PATH.',
    );
  }
  // Its own flags (chromium.args) are meant for AWS Lambda (--single-process, web security off)
  // and break or change what the tests see; the flags above are all it needs here.
  const { executablePath, libraryPath } = await (options.bundled ?? unpackBundled)();
  const libraries = [libraryPath, env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  return { executablePath, args: BASE_ARGS, source: 'bundled', env: { LD_LIBRARY_PATH: libraries } };
}

/** The layer rules of DESIGN.md are enforced by ESLint and the per-layer tsconfigs; this proves they bite. */
import { ESLint } from 'eslint';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, tempDir } from '../helpers/paths';

const eslint = new ESLint({ cwd: REPO });

async function errorsFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it('forbids shared/ from importing electron/, renderer/, Electron or Node built-ins', async () => {
    expect(
      await errorsFor(
        'shared/x.ts',
        "import { openDatabase } from '../electron/services/db.js';\nexport { openDatabase };\n",
      ),
    ).toHaveLength(1);
    expect(
      await errorsFor(
        'shared/x.ts',
        "import { useLibraryStore } from '../renderer/src/stores/library';\nexport { useLibraryStore };\n",
      ),
    ).toHaveLength(1);
    expect(await errorsFor('shared/x.ts', "import { app } from 'electron';\nexport { app };\n")).toHaveLength(1);
    expect(await errorsFor('shared/x.ts', "import fs from 'node:fs';\nexport { fs };\n")).toHaveLength(1);
    expect(await errorsFor('shared/x.ts', "import { s } from './schema.js';\nexport { s };\n")).toEqual([]);
  });

  it('forbids renderer/ from importing electron/ or Electron, but allows shared/', async () => {
    expect(
      await errorsFor(
        'renderer/src/x.ts',
        "import { createServices } from '../../electron/services/index';\nexport { createServices };\n",
      ),
    ).toHaveLength(1);
    expect(
      await errorsFor('renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport { ipcRenderer };\n"),
    ).toHaveLength(1);
    expect(
      await errorsFor(
        'renderer/src/x.ts',
        "import { METHOD_NAMES } from '../../shared/api';\nexport { METHOD_NAMES };\n",
      ),
    ).toEqual([]);
  });
});

/**
 * The rules on files on disk: a temporary tree laid out like the repository (the real tsconfig
 * files copied in, node_modules linked) with files that break each rule, checked by the real
 * ESLint config and `tsc -p <layer>`; then the same tree without them passes.
 */
describe('layer rules on a tree of violating files', () => {
  const LAYERS = ['shared', 'electron', 'renderer'] as const;
  const VIOLATIONS: Record<string, string> = {
    'shared/bad-zlib.ts': "import { deflateSync } from 'zlib';\nexport const z = deflateSync;\n",
    'shared/bad-node-zlib.ts': "import { gzipSync } from 'node:zlib';\nexport const z = gzipSync;\n",
    'shared/bad-globals.ts':
      "export const a = Buffer.from('x');\nexport const b = process.env.HOME;\nexport const c = document.title;\n",
    'electron/services/bad-host.ts': "import { startHost } from '../host/server.js';\nexport { startHost };\n",
    'electron/services/import/bad-cli.ts': "import { runCli } from '../../cli/main.js';\nexport { runCli };\n",
    'electron/services/bad-shell.ts': "import { wire } from '../shell/wiring.js';\nexport { wire };\n",
    'electron/bad-dom.ts': 'export const t = document.title;\n',
    'renderer/src/bad-electron.ts':
      "import { createServices } from '../../electron/services/index';\nexport { createServices };\n",
    'renderer/src/bad-node.ts': "import fs from 'node:fs';\nexport const e = process.env.HOME;\nexport { fs };\n",
  };
  const CLEAN: Record<string, string> = {
    'shared/clean.ts': 'export const last = [1, 2, 3].findLast((n) => n < 3);\n',
    'electron/services/clean.ts':
      "import { readFileSync } from 'node:fs';\nimport { last } from '../../shared/clean.js';\n" +
      'export const read = (f: string) => Buffer.from(readFileSync(f)).length + (last ?? 0) + Number(process.env.N);\n',
    'renderer/src/clean.ts':
      "import { last } from '../../shared/clean';\nexport const title = () => document.title + String(last);\n",
  };
  let root: string;
  let cleanup: () => void;

  beforeAll(() => {
    ({ dir: root, cleanup } = tempDir('fcr-layers-'));
    symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    for (const config of ['tsconfig.json', ...LAYERS.map((l) => `${l}/tsconfig.json`)]) write(config, read(config));
    for (const [file, code] of Object.entries({ ...VIOLATIONS, ...CLEAN })) write(file, code);
  });
  afterAll(() => cleanup());

  const read = (file: string) => readFileSync(path.join(REPO, file), 'utf8');
  const write = (file: string, code: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), code);
  };

  /** ESLint's layer messages per file (relative path → messages). */
  async function lint(): Promise<Record<string, string[]>> {
    const eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(REPO, 'eslint.config.js') });
    const found: Record<string, string[]> = {};
    for (const r of await eslint.lintFiles([...LAYERS])) {
      const messages = r.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.fatal);
      if (messages.length)
        found[path.relative(root, r.filePath).split(path.sep).join('/')] = messages.map((m) => m.message);
    }
    return found;
  }

  /** `tsc -p <layer>`: exit status and the TS error codes per file. */
  function typecheck(layer: string): { status: number | null; errors: Record<string, string[]> } {
    const tsc = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
    const run = spawnSync(process.execPath, [tsc, '-p', layer, '--pretty', 'false'], { cwd: root, encoding: 'utf8' });
    const errors: Record<string, string[]> = {};
    for (const m of run.stdout.matchAll(/^(\S+?)\(\d+,\d+\): error (TS\d+)/gm)) (errors[m[1]!] ??= []).push(m[2]!);
    return { status: run.status, errors };
  }

  it('ESLint: shared/ imports no Node built-in, services no adapter, renderer/ nothing of electron/', async () => {
    const found = await lint();
    expect(Object.keys(found).sort()).toEqual(
      Object.keys(VIOLATIONS)
        .filter((f) => f !== 'shared/bad-globals.ts' && f !== 'electron/bad-dom.ts')
        .sort(),
    );
    expect(found['shared/bad-zlib.ts']).toEqual([
      "'zlib' import is restricted from being used. shared/ is pure TypeScript: no Node built-ins.",
    ]);
    expect(found['shared/bad-node-zlib.ts']).toEqual([
      "'node:zlib' import is restricted from being used by a pattern. shared/ is pure TypeScript: no Node built-ins.",
    ]);
    for (const f of [
      'electron/services/bad-host.ts',
      'electron/services/import/bad-cli.ts',
      'electron/services/bad-shell.ts',
    ])
      expect(found[f]?.[0]).toMatch(/Services never import the adapters/);
    expect(found['renderer/src/bad-electron.ts']?.[0]).toMatch(/renderer\/ must never import electron\/\.$/);
    expect(found['renderer/src/bad-node.ts']?.[0]).toMatch(
      /renderer\/ runs in a sandboxed browser: no Node built-ins\.$/,
    );
  });

  it('tsc: shared/ knows neither Node nor DOM globals, electron/ no DOM, renderer/ no Node', () => {
    const shared = typecheck('shared');
    expect(shared.status).not.toBe(0);
    // Cannot find name 'Buffer' / 'process' (Node types) and 'document' (DOM lib).
    expect(shared.errors['shared/bad-globals.ts']).toEqual(['TS2591', 'TS2591', 'TS2584']);
    expect(shared.errors['shared/clean.ts']).toBeUndefined();

    const electron = typecheck('electron');
    expect(electron.status).not.toBe(0);
    expect(electron.errors['electron/bad-dom.ts']).toEqual(['TS2584']);
    expect(electron.errors['electron/services/clean.ts']).toBeUndefined();

    const renderer = typecheck('renderer');
    expect(renderer.status).not.toBe(0);
    expect(renderer.errors['renderer/src/bad-node.ts']).toContain('TS2591');
    expect(renderer.errors['renderer/src/clean.ts']).toBeUndefined();
  }, 120_000);

  it('the same tree without the violating files passes both', async () => {
    for (const file of Object.keys(VIOLATIONS)) rmSync(path.join(root, file));
    expect(await lint()).toEqual({});
    for (const layer of LAYERS) expect(typecheck(layer), layer).toEqual({ status: 0, errors: {} });
  }, 120_000);
});

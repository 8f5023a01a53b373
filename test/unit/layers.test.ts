/** The layer rules of DESIGN.md are enforced by ESLint; this proves the rule bites. */
import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/paths';

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

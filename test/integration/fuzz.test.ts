/**
 * A seeded subset of the import fuzz run (issue 13; the full run is `npm run fuzz`): mutated
 * .docx/.pdf/.ofd/.html/.txt files from the fixtures, each imported or refused with a clear
 * Chinese message naming it, the library unchanged by the refused ones.
 */
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServices, type Services } from '../../electron/services/index';
import { fuzzCases, runFuzz } from '../helpers/fuzz';
import { tempDir } from '../helpers/paths';

const SEED = 20240613;
const COUNT = 150;

let tmp: ReturnType<typeof tempDir>;
let services: Services;

beforeAll(() => {
  tmp = tempDir('fcr-fuzz-');
  services = createServices(path.join(tmp.dir, 'data'), { workers: 1 });
});

afterAll(() => {
  services.close();
  tmp.cleanup();
});

it(`${COUNT} mutated files: each imported or refused clearly, the library unchanged by refusals`, async () => {
  const cases = fuzzCases(SEED, COUNT);
  expect(new Set(cases.map((c) => c.mutation))).toEqual(
    new Set(['bitflip', 'truncate', 'overwrite', 'zip', 'pdf', 'text']),
  );
  const report = await runFuzz(services, cases);
  expect(report.problems.map((p) => `${p.name} (${p.mutation}): ${p.problem}: ${p.message ?? ''}`)).toEqual([]);
  // Both outcomes occur: the mutations neither all break the files nor all leave them readable.
  expect(report.byResult.imported).toBeGreaterThan(0);
  expect(COUNT - (report.byResult.imported ?? 0) - (report.byResult.duplicate ?? 0)).toBeGreaterThan(0);
}, 600_000);

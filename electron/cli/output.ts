/** Writes a file the CLI produced: whole or not at all (a temporary file renamed into place). */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FcrError } from '../../shared/errors.js';

export function writeOutput(file: string, bytes: Uint8Array): void {
  const tmp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new FcrError(
      'BAD_ARGS',
      `无法写入文件 ${file}：${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

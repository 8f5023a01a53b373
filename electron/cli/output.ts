/** Files the CLI produces: the --out option, and writing whole or not at all. */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FcrError } from '../../shared/errors.js';
import { UsageError } from './args.js';
import type { CommandContext } from './context.js';

/**
 * The --out option, required by every export kind. (Here rather than in commands/export.ts: a
 * command loaded on its own, such as fcr sample, can use it without loading the export command.)
 */
export function outFile(ctx: CommandContext): string {
  const out = ctx.args.options.get('--out');
  if (typeof out !== 'string') throw new UsageError('请用 --out FILE 指定输出文件。');
  return out;
}

/** Writes a file the CLI produced: whole or not at all (a temporary file renamed into place). */
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

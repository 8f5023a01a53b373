import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { MAX_IMPORT_BYTES } from '../../../shared/api.js';
import { FcrError, toErrorInfo } from '../../../shared/errors.js';
import { sameAsWords } from '../../../shared/review/history.js';
import type { Command, CommandContext } from '../context.js';
import { termField } from '../terminal.js';

export const importCommand: Command = {
  spec: {
    usage: [['fcr import FILE…', '导入文档（.docx .pdf .ofd .txt .html，按内容识别格式）并扫描，同一文件不会重复导入']],
    positionals: { min: 1, name: '文件' },
  },
  async run(ctx) {
    const { api } = ctx.open();
    return forEachInputFile(ctx, async (file, name, bytes) => {
      const { document, duplicate, warnings, sameAs } = await api.importDocument({ name, bytes });
      for (const w of warnings ?? []) ctx.io.err(`注意：${w}`);
      ctx.io.out(
        `${duplicate ? '已存在' : '已导入'}  #${document.id}  ${termField(document.title)}  （${termField(file)}，${document.encoding ?? document.type}）`,
      );
      for (const d of sameAs ?? []) ctx.io.err(`注意：${sameAsWords(d)}`);
    });
  },
};

/** Reads each file named on the command line and hands it to `fn`; a failure is reported and the rest go on. */
export async function forEachInputFile(
  ctx: CommandContext,
  fn: (file: string, name: string, bytes: Uint8Array) => Promise<void>,
): Promise<number> {
  let failed = 0;
  for (const file of ctx.args.positionals) {
    try {
      await fn(file, path.basename(file), readInputFile(file));
    } catch (err) {
      failed++;
      ctx.io.err(`导入失败：${toErrorInfo(err).message}`);
    }
  }
  return failed ? 1 : 0;
}

/** Reads a file named on the command line, with Chinese errors naming it. */
export function readInputFile(file: string, maxBytes = MAX_IMPORT_BYTES): Uint8Array {
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new FcrError('FILE_UNREADABLE', `「${file}」是文件夹，不是文件。`);
    size = st.size;
  } catch (err) {
    if (err instanceof FcrError) throw err;
    throw new FcrError('FILE_NOT_FOUND', `找不到文件「${file}」。`);
  }
  if (size > maxBytes) {
    throw new FcrError(
      'TOO_LARGE',
      `「${file}」大小为 ${(size / 1048576).toFixed(1)} MB，超过上限 ${maxBytes / 1048576} MB。`,
    );
  }
  try {
    return readFileSync(file);
  } catch {
    throw new FcrError('FILE_UNREADABLE', `无法读取文件「${file}」（权限不足或文件被占用）。`);
  }
}

import path from 'node:path';
import { UsageError } from '../args.js';
import type { Command } from '../context.js';
import { readInputFile } from './import.js';

export const revise: Command = {
  spec: {
    usage: [
      [
        'fcr revise DOC [--file FILE]',
        '为已定稿的文档 DOC（编号）新建修订版本；--file：导入修改稿，重新扫描并对比上一版的问题',
      ],
    ],
    values: ['--file'],
    positionals: { min: 1, max: 1, name: '文档编号' },
  },
  async run(ctx) {
    const raw = ctx.args.positionals[0]!;
    const documentId = Number(raw.replace(/^#/, ''));
    if (!Number.isInteger(documentId) || documentId < 1) throw new UsageError(`文档编号应为正整数，收到：${raw}`);
    const file = ctx.args.options.get('--file');
    const { api } = ctx.open();
    const state = await api.reviseReview({
      documentId,
      file: typeof file === 'string' ? { name: path.basename(file), bytes: readInputFile(file) } : undefined,
    });
    const c = state.comparison;
    ctx.io.out(
      c && c.revision === state.review.revision
        ? `已新建第 ${c.revision} 版（修改稿「${c.fileAfter}」）：${c.summary}`
        : `已新建第 ${state.review.revision} 版（复制第 ${state.review.revision - 1} 版的处理意见、审查表和结论）`,
    );
    return 0;
  },
};

import { REVIEW_STATUS_LABELS as STATUS } from '../../../shared/review/model.js';
import type { LibraryEntry } from '../../../shared/review/types.js';
import { choice } from '../args.js';
import type { Command } from '../context.js';
import { termField } from '../terminal.js';

export const list: Command = {
  spec: {
    usage: [['fcr list [--deleted] [--format text|json]', '列出已导入的文档（--deleted：列出回收站中的文档）']],
    values: ['--format'],
    flags: ['--deleted'],
    positionals: { max: 0 },
  },
  async run(ctx) {
    const format = choice(ctx.args, '--format', ['text', 'json'] as const, 'text');
    const deleted = ctx.args.options.has('--deleted');
    const docs = await ctx.open().api.listDocuments({ deleted });
    ctx.io.out(format === 'json' ? JSON.stringify(docs, null, 2) : formatTable(docs, deleted));
    return 0;
  },
};

function formatTable(docs: LibraryEntry[], deleted: boolean): string {
  if (!docs.length) return deleted ? '（回收站为空）' : '（文档库为空）';
  const rows = docs.map(
    (d) =>
      `#${d.id}\t${termField(d.title)}\t${termField(d.fileName)}\t${d.type}\t${d.chars} 字\t${STATUS[d.reviewStatus]}\t${d.importedAt.slice(0, 19).replace('T', ' ')}`,
  );
  return ['编号\t标题\t文件\t类型\t字数\t审查状态\t导入时间', ...rows].join('\n');
}

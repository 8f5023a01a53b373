import type { DocumentSummary } from '../../../shared/types.js';
import { choice } from '../args.js';
import type { Command } from '../context.js';

export const list: Command = {
  spec: {
    usage: [['fcr list [--format text|json]', '列出已导入的文档']],
    values: ['--format'],
    positionals: { max: 0 },
  },
  run(ctx) {
    const format = choice(ctx.args, '--format', ['text', 'json'] as const, 'text');
    const docs = ctx.open().documents.list();
    ctx.io.out(format === 'json' ? JSON.stringify(docs, null, 2) : formatTable(docs));
    return 0;
  },
};

function formatTable(docs: DocumentSummary[]): string {
  if (!docs.length) return '（文档库为空）';
  const rows = docs.map(
    (d) =>
      `#${d.id}\t${d.title}\t${d.fileName}\t${d.type}\t${d.chars} 字\t${d.importedAt.slice(0, 19).replace('T', ' ')}`,
  );
  return ['编号\t标题\t文件\t类型\t字数\t导入时间', ...rows].join('\n');
}

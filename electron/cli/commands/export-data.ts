/**
 * fcr export ledger|bundle|package — the data exports (issue 10), written to --out.
 *
 *   fcr export ledger [DOC…] --out FILE.xlsx|FILE.csv [--sheet reviews|findings]
 *   fcr export bundle DOC --out FILE.fcrbundle
 *   fcr export package DOC --out FILE.zip
 *
 * DOC is a document id (as `fcr list` shows it, with or without #) or a fragment of its title
 * that names one document. `EXPORT_DATA` holds the three subcommands so that they can join the
 * other `fcr export` forms (opinion, form) in one command.
 */
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Api } from '../../../shared/api.js';
import { FcrError } from '../../../shared/errors.js';
import type { ExportedFile } from '../../../shared/export.js';
import { choice, UsageError } from '../args.js';
import type { Command, CommandContext } from '../context.js';

export interface Subcommand {
  usage: [synopsis: string, summary: string];
  run(ctx: CommandContext, docs: string[]): Promise<number>;
}

export const EXPORT_DATA: Record<'ledger' | 'bundle' | 'package', Subcommand> = {
  ledger: {
    usage: [
      'fcr export ledger [DOC…] --out FILE.xlsx|FILE.csv [--sheet reviews|findings]',
      '导出台账：.xlsx 含审查台账和问题台账两张表；.csv 为其中一张（默认审查台账）。不指定文档时导出全部',
    ],
    async run(ctx, docs) {
      const out = outPath(ctx);
      const ext = path.extname(out).toLowerCase();
      if (ext !== '.xlsx' && ext !== '.csv') throw new UsageError('台账的 --out 文件须以 .xlsx 或 .csv 结尾。');
      const sheet = choice(ctx.args, '--sheet', ['reviews', 'findings'] as const, 'reviews');
      const { api } = ctx.open();
      const documentIds = docs.length ? await Promise.all(docs.map((d) => resolveDocument(api, d))) : undefined;
      const file = await api.exportLedger({ documentIds, format: ext === '.xlsx' ? 'xlsx' : 'csv', sheet });
      return save(ctx, file, out);
    },
  },
  bundle: single(
    [
      'fcr export bundle DOC --out FILE.fcrbundle',
      '导出带签名的审查包（原件、文本、问题、处理意见、审查表、结论和审查记录）',
    ],
    (api, documentId) => api.exportBundle({ documentId }),
  ),
  package: single(
    ['fcr export package DOC --out FILE.zip', '导出送审材料包（送审稿原件、审查意见、审查表和台账）'],
    (api, documentId) => api.exportPackage({ documentId }),
  ),
};

function single(usage: Subcommand['usage'], make: (api: Api, id: number) => Promise<ExportedFile>): Subcommand {
  return {
    usage,
    async run(ctx, docs) {
      if (docs.length !== 1)
        throw new UsageError(`${usage[0].split(' ').slice(1, 3).join(' ')} 需要且只需要一个文档。`);
      const out = outPath(ctx);
      const { api } = ctx.open();
      return save(ctx, await make(api, await resolveDocument(api, docs[0]!)), out);
    },
  };
}

/** The `fcr export` command with the data subcommands (the integrator adds opinion and form). */
export const exportData: Command = {
  spec: {
    usage: Object.values(EXPORT_DATA).map((s) => s.usage),
    values: ['--out', '--sheet'],
    positionals: { min: 1, name: '参数' },
  },
  async run(ctx) {
    const [what, ...docs] = ctx.args.positionals;
    const sub = EXPORT_DATA[what as keyof typeof EXPORT_DATA];
    if (!sub) throw new UsageError(`未知的导出类型：${what}（可用：${Object.keys(EXPORT_DATA).join('、')}）`);
    return sub.run(ctx, docs);
  },
};

function outPath(ctx: CommandContext): string {
  const out = ctx.args.options.get('--out');
  if (typeof out !== 'string') throw new UsageError('请用 --out FILE 指定导出文件。');
  return out;
}

/** Writes the file whole under a temporary name, then renames it: never a half-written export. */
function save(ctx: CommandContext, file: ExportedFile, out: string): number {
  const tmp = `${out}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, file.bytes);
    renameSync(tmp, out);
  } catch {
    throw new FcrError('FILE_UNREADABLE', `无法写入「${out}」（文件夹不存在、权限不足或磁盘已满）。`);
  }
  ctx.io.out(`已导出  ${out}  （${(file.bytes.byteLength / 1024).toFixed(1)} KB）`);
  return 0;
}

/** A document named by its id (`12` or `#12`) or by a fragment of its title that matches one document. */
export async function resolveDocument(api: Api, ref: string): Promise<number> {
  const id = /^#?(\d+)$/.exec(ref.trim());
  if (id) return Number(id[1]); // the service names an unknown id
  const docs = await api.listDocuments({});
  const matches = docs.filter((d) => d.title.includes(ref) || d.fileName.includes(ref));
  if (matches.length === 1) return matches[0]!.id;
  if (!matches.length) throw new FcrError('NOT_FOUND', `没有标题含“${ref}”的文档（运行 fcr list 查看）。`);
  throw new FcrError(
    'BAD_ARGS',
    `标题含“${ref}”的文档有 ${matches.length} 篇，请用编号指定：\n${matches.map((d) => `  #${d.id}  ${d.title}`).join('\n')}`,
  );
}

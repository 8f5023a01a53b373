/**
 * fcr export KIND … — what leaves the app. Each kind is one entry of EXPORTS (its usage, its
 * options and how it runs); a new kind is a new entry, in its own file if it is large.
 */
import type { ExportedFile } from '../../../shared/api.js';
import { UsageError } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { resolveDocument } from '../doc-ref.js';
import { outFile, writeOutput } from '../output.js';
import { EXPORT_DATA } from './export-data.js';
import { EXPORT_RESULTS } from './sample.js';

export interface ExportKind {
  usage: [synopsis: string, summary: string];
  /** Options with a value this kind accepts besides --out. */
  values?: string[];
  flags?: string[];
  /** Runs with the positionals after the kind word. */
  run(ctx: CommandContext, args: string[]): Promise<number>;
}

export { outFile } from '../output.js';

/** A kind that exports one document (DOC: an id or a unique title fragment) to one file. */
export function documentExport(
  kind: string,
  summary: string,
  call: (ctx: CommandContext, documentId: number) => Promise<ExportedFile>,
  out = 'FILE',
): ExportKind {
  return {
    usage: [`fcr export ${kind} DOC --out ${out}`, summary],
    async run(ctx, args) {
      if (args.length !== 1) throw new UsageError(`export ${kind} 需要一个文档（编号或标题中的文字）。`);
      const out = outFile(ctx);
      const doc = await resolveDocument(ctx.open().api, args[0]!);
      const file = await call(ctx, doc.id);
      writeOutput(out, file.bytes);
      ctx.io.out(`已导出：${out}（#${doc.id} ${doc.title}）`);
      return 0;
    },
  };
}

export const EXPORTS: Record<string, ExportKind> = {
  opinion: documentExport('opinion', '导出审查意见（.docx，公文格式；未定稿的标注“草稿”）', (ctx, documentId) =>
    ctx.open().api.exportOpinion({ documentId }),
  ),
  form: documentExport('form', '导出公平竞争审查表（.docx）', (ctx, documentId) =>
    ctx.open().api.exportForm({ documentId }),
  ),
  ...EXPORT_DATA,
  ...EXPORT_RESULTS,
};

const kinds = Object.values(EXPORTS);

export const exportCommand: Command = {
  spec: {
    usage: kinds.map((k) => k.usage),
    values: ['--out', ...kinds.flatMap((k) => k.values ?? [])],
    flags: kinds.flatMap((k) => k.flags ?? []),
    positionals: { min: 1, name: '参数' },
  },
  async run(ctx) {
    const [kind, ...rest] = ctx.args.positionals;
    const entry = kind === undefined ? undefined : EXPORTS[kind];
    if (!entry) throw new UsageError(`未知的导出类型：${kind}（可选：${Object.keys(EXPORTS).join('、')}）`);
    return entry.run(ctx, rest);
  },
};

/**
 * The data kinds of `fcr export` (issue 10), entries of EXPORTS in export.ts:
 *
 *   fcr export opinions DOC… --out FILE.zip
 *   fcr export ledger [DOC…] --out FILE.xlsx|FILE.csv [--sheet reviews|findings]
 *   fcr export bundle DOC --out FILE.fcrbundle
 *   fcr export package DOC --out FILE.zip
 */
import path from 'node:path';
import { choice, UsageError } from '../args.js';
import { resolveDocument } from '../doc-ref.js';
import { writeOutput } from '../output.js';
import type { ExportKind } from './export.js';
import { documentExport, outFile } from './export.js';

export const EXPORT_DATA: Record<'opinions' | 'ledger' | 'bundle' | 'package', ExportKind> = {
  opinions: {
    usage: ['fcr export opinions DOC… --out FILE.zip', '把多份文档的审查意见（.docx）打包为一个 .zip'],
    async run(ctx, docs) {
      if (!docs.length) throw new UsageError('export opinions 需要至少一个文档（编号或标题中的文字）。');
      const out = outFile(ctx);
      const { api } = ctx.open();
      const documentIds = (await Promise.all(docs.map((d) => resolveDocument(api, d)))).map((d) => d.id);
      const file = await api.exportOpinions({ documentIds });
      writeOutput(out, file.bytes);
      ctx.io.out(
        `已导出  ${out}  （${documentIds.length} 份审查意见，${(file.bytes.byteLength / 1024).toFixed(1)} KB）`,
      );
      return 0;
    },
  },
  ledger: {
    usage: [
      'fcr export ledger [DOC…] --out FILE.xlsx|FILE.csv [--sheet reviews|findings]',
      '导出台账：.xlsx 含审查台账和问题台账两张表；.csv 为其中一张（默认审查台账）。不指定文档时导出全部',
    ],
    values: ['--sheet'],
    async run(ctx, docs) {
      const out = outFile(ctx);
      const ext = path.extname(out).toLowerCase();
      if (ext !== '.xlsx' && ext !== '.csv') throw new UsageError('台账的 --out 文件须以 .xlsx 或 .csv 结尾。');
      const sheet = choice(ctx.args, '--sheet', ['reviews', 'findings'] as const, 'reviews');
      const { api } = ctx.open();
      const documentIds = docs.length
        ? (await Promise.all(docs.map((d) => resolveDocument(api, d)))).map((d) => d.id)
        : undefined;
      const file = await api.exportLedger({ documentIds, format: ext === '.xlsx' ? 'xlsx' : 'csv', sheet });
      writeOutput(out, file.bytes);
      ctx.io.out(`已导出  ${out}  （${(file.bytes.byteLength / 1024).toFixed(1)} KB）`);
      return 0;
    },
  },
  bundle: documentExport(
    'bundle',
    '导出带签名的审查包（原件、文本、问题、处理意见、审查表、结论和审查记录）',
    (ctx, documentId) => ctx.open().api.exportBundle({ documentId }),
    'FILE.fcrbundle',
  ),
  package: documentExport(
    'package',
    '导出送审材料包（送审稿原件、审查意见、审查表和台账）',
    (ctx, documentId) => ctx.open().api.exportPackage({ documentId }),
    'FILE.zip',
  ),
};

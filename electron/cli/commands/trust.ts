/** fcr audit verify|anchor, fcr backup, fcr restore: the trust operations of issue 13. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FcrError } from '../../../shared/errors.js';
import type { AuditAnchor, AuditReport } from '../../../shared/types.js';
import { readAnchors } from '../../services/anchors.js';
import { restoreDataFolder } from '../../services/index.js';
import { UsageError } from '../args.js';
import type { Command } from '../context.js';

export function formatAuditReport(r: AuditReport): string[] {
  if (r.ok) {
    return [
      `审计日志完好：共 ${r.count} 条，链首哈希 ${r.head}。`,
      r.anchorsChecked ? `与已签发的 ${r.anchorsChecked} 个锚点一致。` : '（尚未签发过锚点。）',
    ];
  }
  return [`审计日志校验未通过：${r.problem}`, ...r.problems.slice(1).map((p) => `另：${p}`)];
}

export const audit: Command = {
  spec: {
    usage: [
      [
        'fcr audit verify [FILE…]',
        '重新计算审计日志的哈希链，核对保护触发器和已签发的锚点，报告第一处问题；FILE 为导出过的审查包、送审材料包、台账或备份的 .anchor.json，用其中的锚点一并核对',
      ],
      ['fcr audit anchor', '用数据文件夹的密钥签发当前链首（条数与哈希）的锚点并打印（JSON）'],
    ],
    positionals: { min: 1, name: '子命令（verify 或 anchor）' },
  },
  async run(ctx) {
    const [sub, ...files] = ctx.args.positionals;
    if (sub !== 'verify' && files.length) throw new UsageError(`fcr audit ${sub} 不接受文件参数。`);
    const services = ctx.open();
    if (sub === 'verify') {
      const handedOut: AuditAnchor[] = [];
      for (const file of files) {
        let bytes: Uint8Array;
        try {
          bytes = readFileSync(file);
        } catch {
          throw new FcrError('FILE_NOT_FOUND', `无法读取文件 ${file}。`);
        }
        handedOut.push(...(await readAnchors(path.basename(file), bytes)));
      }
      const report = services.verifyAudit(handedOut);
      for (const line of formatAuditReport(report)) (report.ok ? ctx.io.out : ctx.io.err)(line);
      return report.ok ? 0 : 1;
    }
    if (sub === 'anchor') {
      ctx.io.out(JSON.stringify(services.currentAnchor(), null, 2));
      return 0;
    }
    throw new UsageError(`audit 的子命令只能是 verify 或 anchor，收到：${sub}`);
  },
};

export const backup: Command = {
  spec: {
    usage: [['fcr backup [--out FILE]', '在线备份数据库（SQLite 备份接口）；默认存入数据目录的 backups 文件夹']],
    values: ['--out'],
    positionals: { max: 0 },
  },
  async run(ctx) {
    const out = ctx.args.options.get('--out');
    const made = await ctx.open().backup(typeof out === 'string' ? out : undefined);
    ctx.io.out(`已备份：${made.path}（${(made.size / 1024).toFixed(0)} KB）`);
    return 0;
  },
};

export const restore: Command = {
  spec: {
    usage: [['fcr restore FILE', '检查备份（完整性、版本、审计链）后用它替换当前数据库；被替换的数据库改名保留']],
    positionals: { min: 1, max: 1, name: '备份文件' },
  },
  async run(ctx) {
    // Works on a damaged database too: the live file is only renamed, never opened.
    const result = await restoreDataFolder(ctx.dataDir, ctx.args.positionals[0]!);
    ctx.io.out(`已恢复：${result.restored}`);
    ctx.io.out(`原数据库保留为：${result.replacedAs}`);
    for (const line of formatAuditReport(result.audit)) ctx.io.out(line);
    return 0;
  },
};

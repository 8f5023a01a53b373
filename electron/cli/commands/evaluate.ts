/**
 * fcr evaluate — the third-party evaluation of a batch (issue 12): its indicators, the 评估报告
 * (.docx, 公文 format, charts embedded) and the working papers (one signed .zip).
 */
import { BATCH_KIND_LABELS } from '../../../shared/batch.js';
import { FcrError } from '../../../shared/errors.js';
import { percent, VERDICT_LABELS, type EvaluationIndicators, type Tally } from '../../../shared/evaluation.js';
import { choice, UsageError } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { writeOutput } from '../output.js';

export const evaluate: Command = {
  spec: {
    usage: [
      [
        'fcr evaluate status --batch NAME [--format text|json]',
        '批次评估指标：已评估、有审查记录、存在问题、按类别/发文机关/地区统计、整改',
      ],
      ['fcr evaluate report --batch NAME --out FILE.docx', '导出第三方评估报告（.docx，公文格式，含统计图）'],
      [
        'fcr evaluate papers --batch NAME --out FILE.zip',
        '导出评估工作底稿（评估记录、台账、导入日志、抽样记录，签名 .zip）',
      ],
    ],
    values: ['--batch', '--out', '--format'],
    positionals: { min: 1, max: 1, name: '子命令（status、report 或 papers）' },
  },
  async run(ctx) {
    const sub = ctx.args.positionals[0]!;
    if (!['status', 'report', 'papers'].includes(sub))
      throw new UsageError(`evaluate 的子命令只能是 status、report 或 papers，收到：${sub}`);
    const name = ctx.args.options.get('--batch');
    if (typeof name !== 'string') throw new UsageError(`evaluate ${sub} 需要 --batch NAME（批次名称）。`);
    if (sub === 'status') return status(ctx, name);
    const out = ctx.args.options.get('--out');
    if (typeof out !== 'string') throw new UsageError('请用 --out FILE 指定输出文件。');
    const id = await batchId(ctx, name);
    const api = ctx.open().api;
    const file = sub === 'report' ? await api.exportEvaluationReport({ id }) : await api.exportEvaluationPapers({ id });
    writeOutput(out, file.bytes);
    ctx.io.out(`已导出：${out}（批次“${name}”的${sub === 'report' ? '第三方评估报告' : '评估工作底稿'}）`);
    return 0;
  },
};

async function batchId(ctx: CommandContext, name: string): Promise<number> {
  const found = (await ctx.open().api.listBatches({})).find((b) => b.name === name);
  if (!found) throw new FcrError('NOT_FOUND', `找不到批次“${name}”。先用 fcr batch create 新建。`);
  return found.id;
}

const tallies = (list: Tally[]): string =>
  list
    .filter((t) => t.problems || t.measures)
    .map((t) => `${t.label} ${t.problems} 处/${t.measures} 份`)
    .join('；') || '无';

async function status(ctx: CommandContext, name: string): Promise<number> {
  const format = choice(ctx.args, '--format', ['text', 'json'] as const, 'text');
  const api = ctx.open().api;
  const id = await batchId(ctx, name);
  const o = await api.getEvaluationOverview({ id });
  const i: EvaluationIndicators = o.indicators;
  if (format === 'json') {
    ctx.io.out(JSON.stringify(i, null, 2));
    return 0;
  }
  const b = await api.getBatch({ id });
  ctx.io.out(`批次 #${b.id}  ${b.name}（${BATCH_KIND_LABELS[b.kind]}）`);
  ctx.io.out(
    `  已评估 ${i.evaluated}/${i.measures} 份；有审查记录 ${i.withReview} 份（${percent(i.withReview, i.evaluated)}）`,
  );
  ctx.io.out(
    `  存在问题 ${i.withProblems} 份（${percent(i.withProblems, i.evaluated)}），问题条款 ${i.problems} 处；未发现问题 ${i.withoutProblems} 份`,
  );
  ctx.io.out(
    `  评估结论：${(Object.keys(VERDICT_LABELS) as (keyof typeof VERDICT_LABELS)[]).map((v) => `${VERDICT_LABELS[v]} ${i.byVerdict[v]}`).join('，')}`,
  );
  ctx.io.out(`  整改：已整改 ${i.rectified} 份，未整改 ${i.open} 份`);
  ctx.io.out(`  按类别：${tallies(i.byCategory)}`);
  ctx.io.out(`  按审查标准：${tallies(i.byStandard)}`);
  ctx.io.out(`  按发文机关：${tallies(i.byIssuer)}`);
  ctx.io.out(`  按地区：${tallies(i.byRegion)}`);
  if (i.undecided) ctx.io.out(`  待确认的疑似问题：${i.undecided} 处`);
  if (o.sample)
    ctx.io.out(`  样本：${o.sample.method}，${o.sample.size}/${o.sample.population} 份，随机种子 ${o.sample.seed}`);
  return 0;
}

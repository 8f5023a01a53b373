/**
 * fcr sample — 抽查 (issue 12): draw a reproducible sample from a batch, list and show its plans,
 * assign inspectors at random (双随机); and `fcr export results`, the published result list.
 *
 *   fcr sample --batch NAME --seed S [--ratio R] [--min N] [--strata none|issuer|region]
 *              [--weight strong=3,prior=2] [--issuer 甲,乙] [--region 甲] [--kind 通知] [--from D] [--to D]
 *   fcr sample list --batch NAME
 *   fcr sample show [PLAN] --batch NAME
 *   fcr sample assign [PLAN] --batch NAME --roster FILE [--per-measure N] [--seed S]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ArgsOf } from '../../../shared/api.js';
import { CHECK_DISPOSITION_LABELS } from '../../../shared/check-record.js';
import { FcrError } from '../../../shared/errors.js';
import { parseRoster, STRATA_LABELS, type SamplePlanDetail, type StrataBy } from '../../../shared/sampling.js';
import { choice, UsageError } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { outFile, writeOutput } from '../output.js';
import type { ExportKind } from './export.js';

async function findBatch(ctx: CommandContext): Promise<number> {
  const name = ctx.args.options.get('--batch');
  if (typeof name !== 'string') throw new UsageError('请用 --batch NAME 指定批次。');
  const found = (await ctx.open().api.listBatches({})).find((b) => b.name === name);
  if (!found) throw new FcrError('NOT_FOUND', `找不到批次“${name}”。先用 fcr batch create 新建。`);
  return found.id;
}

/** The plan named (an id of this batch's plans) or the batch's latest. */
async function findPlan(ctx: CommandContext, ref: string | undefined): Promise<number> {
  const batchId = await findBatch(ctx);
  const plans = await ctx.open().api.listSamplePlans({ batchId });
  const planRef = ref ?? (ctx.args.options.get('--plan') as string | undefined);
  if (planRef === undefined) {
    if (!plans.length) throw new FcrError('NOT_FOUND', '该批次还没有抽样方案，请先用 fcr sample 抽取样本。');
    return plans[0]!.id;
  }
  const id = Number(planRef);
  if (!plans.some((p) => p.id === id))
    throw new FcrError(
      'NOT_FOUND',
      `该批次没有编号为 ${planRef} 的抽样方案（现有：${plans.map((p) => p.id).join('、') || '无'}）。`,
    );
  return id;
}

const list = (v: string | true | undefined): string[] | undefined =>
  typeof v === 'string'
    ? v
        .split(/[,，、]/)
        .map((x) => x.trim())
        .filter(Boolean)
    : undefined;

function number(ctx: CommandContext, name: string, int: boolean): number | undefined {
  const v = ctx.args.options.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isFinite(n) || (int && !Number.isInteger(n)))
    throw new UsageError(`${name} 应为${int ? '整数' : '数字'}，收到：${String(v)}`);
  return n;
}

function weights(v: string | true | undefined): { strong?: number; prior?: number } | undefined {
  if (typeof v !== 'string') return undefined;
  const out: { strong?: number; prior?: number } = {};
  for (const part of v.split(/[,，]/)) {
    const m = /^\s*(strong|prior)\s*=\s*([\d.]+)\s*$/.exec(part);
    if (!m)
      throw new UsageError(
        `--weight 的格式为 strong=3,prior=2（strong：有强提示；prior：发文单位曾被查出问题），收到：${part}`,
      );
    out[m[1] as 'strong' | 'prior'] = Number(m[2]);
  }
  return out;
}

function printPlan(ctx: CommandContext, d: SamplePlanDetail): void {
  const p = d.plan;
  ctx.io.out(`抽样方案 #${p.id}（${p.drawnAt.slice(0, 19).replace('T', ' ')}，${p.actor}）`);
  const how = [
    p.params.ratio !== undefined ? `比例 ${p.params.ratio}` : '',
    p.params.min !== undefined ? `至少 ${p.params.min} 件` : '',
  ].filter(Boolean);
  ctx.io.out(
    `  随机种子：${p.seed}；${STRATA_LABELS[p.strata]}；总体 ${p.populationSize} 件，抽取 ${p.size} 件（${how.join('，')}）`,
  );
  const w = p.params.weights;
  if (w.strong !== 1 || w.prior !== 1)
    ctx.io.out(`  重点抽查权重：有强提示 ×${w.strong}，发文单位曾被查出问题 ×${w.prior}`);
  if (p.strata !== 'none')
    ctx.io.out(`  分层：${p.allocation.map((s) => `${s.name} ${s.allocated}/${s.population}`).join('；')}`);
  ctx.io.out(`  方法：${p.method}`);
  d.measures.forEach((m, i) => {
    const extra = [
      m.region ? `地区 ${m.region}` : '',
      m.weight !== 1 ? `权重 ${m.weight}` : '',
      m.inspectors.length ? `检查人员 ${m.inspectors.map((x) => `${x.name}（${x.unit}）`).join('、')}` : '',
      m.disposition ? CHECK_DISPOSITION_LABELS[m.disposition] : '',
      m.overdue ? `逾期 ${m.daysOverdue} 天` : '',
    ].filter(Boolean);
    ctx.io.out(
      `  ${String(i + 1).padStart(3)}. #${m.documentId} ${m.title}（${m.issuer ?? '发文单位未识别'}）${extra.length ? '  ' + extra.join('；') : ''}`,
    );
  });
}

function output(ctx: CommandContext, d: SamplePlanDetail): void {
  if (choice(ctx.args, '--format', ['text', 'json'] as const, 'text') === 'json')
    ctx.io.out(JSON.stringify(d, null, 2));
  else printPlan(ctx, d);
}

async function draw(ctx: CommandContext): Promise<number> {
  const seed = ctx.args.options.get('--seed');
  if (typeof seed !== 'string') throw new UsageError('请用 --seed S 给出随机种子（同一种子和同一总体抽出同一样本）。');
  const o = ctx.args.options;
  const filter: NonNullable<ArgsOf<'drawSample'>['filter']> = {
    issuers: list(o.get('--issuer')),
    regions: list(o.get('--region')),
    kinds: list(o.get('--kind')),
    from: typeof o.get('--from') === 'string' ? (o.get('--from') as string) : undefined,
    to: typeof o.get('--to') === 'string' ? (o.get('--to') as string) : undefined,
  };
  const detail = await ctx.open().api.drawSample({
    batchId: await findBatch(ctx),
    seed,
    ratio: number(ctx, '--ratio', false),
    min: number(ctx, '--min', true),
    strata: choice(ctx.args, '--strata', ['none', 'issuer', 'region'] as const, 'none') as StrataBy,
    weights: weights(o.get('--weight')),
    filter: Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)),
  });
  output(ctx, detail);
  return 0;
}

export const sample: Command = {
  spec: {
    usage: [
      [
        'fcr sample --batch NAME --seed S [--ratio R] [--min N] [--strata none|issuer|region] [--weight strong=3,prior=2] [--issuer 单位] [--region 地区] [--kind 文种] [--from 日期] [--to 日期] [--format text|json]',
        '从批次中随机抽取样本（按比例和/或最少件数，取较大者），保存抽样方案并列出抽中的文件；同一种子和同一总体抽出同一样本',
      ],
      ['fcr sample list --batch NAME', '列出批次的抽样方案'],
      [
        'fcr sample show [PLAN] --batch NAME [--format text|json]',
        '显示抽样方案、抽中的文件、检查人员和检查进度（默认最新方案）',
      ],
      [
        'fcr sample assign [PLAN] --batch NAME --roster FILE [--per-measure N] [--seed S]',
        '双随机：从名单（每行“姓名,单位”）中随机指派检查人员，不指派本单位人员检查本单位文件',
      ],
    ],
    values: [
      '--batch',
      '--plan',
      '--seed',
      '--ratio',
      '--min',
      '--strata',
      '--weight',
      '--issuer',
      '--region',
      '--kind',
      '--from',
      '--to',
      '--format',
      '--roster',
      '--per-measure',
    ],
    positionals: { max: 2, name: '参数' },
  },
  async run(ctx) {
    const [sub, ref, ...rest] = ctx.args.positionals;
    if (rest.length) throw new UsageError(`sample 不接受多余的参数：${rest.join(' ')}`);
    switch (sub) {
      case undefined:
        return draw(ctx);
      case 'list': {
        const plans = await ctx.open().api.listSamplePlans({ batchId: await findBatch(ctx) });
        if (choice(ctx.args, '--format', ['text', 'json'] as const, 'text') === 'json')
          ctx.io.out(JSON.stringify(plans, null, 2));
        else if (!plans.length) ctx.io.out('该批次还没有抽样方案。');
        else
          for (const p of plans)
            ctx.io.out(
              `#${p.id}  ${p.drawnAt.slice(0, 10)}  种子 ${p.seed}  ${STRATA_LABELS[p.strata]}  ${p.size}/${p.populationSize} 件  ${p.actor}`,
            );
        return 0;
      }
      case 'show':
        output(ctx, await ctx.open().api.getSamplePlan({ planId: await findPlan(ctx, ref) }));
        return 0;
      case 'assign': {
        const file = ctx.args.options.get('--roster');
        if (typeof file !== 'string') throw new UsageError('请用 --roster FILE 指定检查人员名单（每行“姓名,单位”）。');
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch {
          throw new FcrError('FILE_NOT_FOUND', `无法读取检查人员名单「${path.basename(file)}」。`);
        }
        const roster = parseRoster(text);
        if (!roster.length)
          throw new FcrError('BAD_ARGS', `检查人员名单「${path.basename(file)}」中没有人员（每行“姓名,单位”）。`);
        const seed = ctx.args.options.get('--seed');
        const detail = await ctx.open().api.assignInspectors({
          planId: await findPlan(ctx, ref),
          roster,
          seed: typeof seed === 'string' ? seed : undefined,
          perMeasure: number(ctx, '--per-measure', true),
        });
        output(ctx, detail);
        return 0;
      }
      default:
        throw new UsageError(`sample 的子命令只能是 list、show 或 assign，收到：${sub}`);
    }
  },
};

/** fcr export results --batch NAME [--plan ID] --out FILE.docx|FILE.xlsx */
export const EXPORT_RESULTS: Record<'results', ExportKind> = {
  results: {
    usage: [
      'fcr export results --batch NAME [--plan ID] --out FILE.docx|FILE.xlsx',
      '导出抽查结果清单（可公开：政策措施、制定机关、存在问题、处理结果），默认最新抽样方案',
    ],
    values: ['--batch', '--plan'],
    async run(ctx, args) {
      if (args.length) throw new UsageError(`export results 不接受多余的参数：${args.join(' ')}`);
      const out = outFile(ctx);
      const ext = path.extname(out).toLowerCase();
      if (ext !== '.docx' && ext !== '.xlsx') throw new UsageError('export results 的输出文件应为 .docx 或 .xlsx。');
      const planId = await findPlan(ctx, undefined);
      const file = await ctx.open().api.exportSampleResults({ planId, format: ext === '.docx' ? 'docx' : 'xlsx' });
      writeOutput(out, file.bytes);
      ctx.io.out(`已导出：${out}（抽样方案 #${planId} 的抽查结果）`);
      return 0;
    },
  },
};

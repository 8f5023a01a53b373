import { readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  BATCH_KIND_LABELS,
  BATCH_KINDS,
  errorsCsv,
  progressLine,
  type BatchKind,
  type BatchProgress,
  type BatchStatus,
} from '../../../shared/batch.js';
import { FcrError } from '../../../shared/errors.js';
import type { BatchSource } from '../../services/batches.js';
import { choice, UsageError } from '../args.js';
import type { Command, CommandContext } from '../context.js';

const META = ['--body', '--period', '--region', '--sector', '--level'] as const;

export const batch: Command = {
  spec: {
    usage: [
      [
        'fcr batch create NAME --kind sampling|evaluation|cleanup [--body 单位] [--period 期间] [--region 地区] [--sector 行业] [--level 层级]',
        '新建批次（抽查、第三方评估或清理）',
      ],
      ['fcr batch import NAME PATH…', '把文件夹（递归）、.zip 压缩包或文件导入批次；中断后再次运行会从中断处继续'],
      ['fcr batch status NAME [--format text|json|csv]', '批次状态：文件数、完成、失败及失败原因（csv：失败清单）'],
    ],
    values: ['--kind', '--format', ...META],
    positionals: { min: 2, name: '参数（子命令和批次名称）' },
  },
  async run(ctx) {
    const [sub, name, ...paths] = ctx.args.positionals as [string, string, ...string[]];
    switch (sub) {
      case 'create':
        return create(ctx, name, paths);
      case 'import':
        return importInto(ctx, name, paths);
      case 'status':
        return status(ctx, name, paths);
      default:
        throw new UsageError(`batch 的子命令只能是 create、import 或 status，收到：${sub}`);
    }
  },
};

async function create(ctx: CommandContext, name: string, extra: string[]): Promise<number> {
  if (extra.length) throw new UsageError(`batch create 不接受多余的参数：${extra.join(' ')}`);
  if (!ctx.args.options.has('--kind')) throw new UsageError('batch create 需要 --kind sampling|evaluation|cleanup。');
  const kind = choice(ctx.args, '--kind', BATCH_KINDS, 'sampling');
  const meta: Record<string, string> = {};
  for (const o of META) {
    const v = ctx.args.options.get(o);
    if (typeof v === 'string') meta[o.slice(2)] = v;
  }
  const b = await ctx.open().api.createBatch({ name, kind, ...meta });
  ctx.io.out(`已新建批次 #${b.id}  ${b.name}（${BATCH_KIND_LABELS[b.kind as BatchKind]}）`);
  return 0;
}

async function findBatch(ctx: CommandContext, name: string): Promise<number> {
  const found = (await ctx.open().api.listBatches({})).find((b) => b.name === name);
  if (!found) throw new FcrError('NOT_FOUND', `找不到批次“${name}”。先用 fcr batch create 新建。`);
  return found.id;
}

async function importInto(ctx: CommandContext, name: string, paths: string[]): Promise<number> {
  if (!paths.length) throw new UsageError('batch import 需要至少一个文件或文件夹。');
  const services = ctx.open();
  const id = await findBatch(ctx, name);
  const sources = paths.flatMap((p) => collect(p));
  const tty = ctx.io.tty === true;
  const started = Date.now();
  let shown = -1;
  let lastDraw = 0;
  const onProgress = (p: BatchProgress): void => {
    const finished = p.done + p.failed;
    if (tty) {
      const now = Date.now();
      if (now - lastDraw < 100 && finished < p.total) return;
      lastDraw = now;
      process.stdout.write(`\r${progressLine(p, now - started).slice(0, (process.stdout.columns || 100) - 1)}\x1b[K`);
    } else if (finished !== shown) {
      shown = finished;
      ctx.io.out(progressLine({ ...p, current: null }, Date.now() - started));
    }
  };
  const cancel = (): void => void services.batches.cancel(id);
  process.once('SIGINT', cancel);
  let result: BatchStatus;
  try {
    result = await services.batches.import(id, sources, onProgress);
  } finally {
    process.off('SIGINT', cancel);
    if (tty) process.stdout.write('\n');
  }
  const run = result.running!;
  ctx.io.out(
    `${run.cancelled ? '已取消' : '完成'}：本次导入 ${run.done} 个，失败 ${run.failed} 个；批次共 ${result.counts.total} 个文件，已完成 ${result.counts.done} 个。`,
  );
  for (const e of result.errors) ctx.io.err(`失败：${e.path}：${e.message}`);
  return result.counts.failed ? 1 : 0;
}

/** A file or a folder (recursively) as batch sources, with paths relative to the folder given. */
function collect(p: string): BatchSource[] {
  let st;
  try {
    st = statSync(p);
  } catch {
    throw new FcrError('FILE_NOT_FOUND', `找不到文件或文件夹「${p}」。`);
  }
  const source = (file: string, rel: string, size: number): BatchSource => ({
    path: rel,
    size,
    read: async () => {
      try {
        return await readFile(file);
      } catch {
        throw new FcrError('FILE_UNREADABLE', `无法读取文件「${rel}」（权限不足或文件被占用）。`);
      }
    },
  });
  if (!st.isDirectory()) return [source(p, path.basename(p), st.size)];
  const base = path.basename(path.resolve(p));
  const out: BatchSource[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      const r = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(full, r);
      else if (entry.isFile()) out.push(source(full, r, statSync(full).size));
    }
  };
  walk(p, base);
  return out;
}

async function status(ctx: CommandContext, name: string, extra: string[]): Promise<number> {
  if (extra.length) throw new UsageError(`batch status 不接受多余的参数：${extra.join(' ')}`);
  const format = choice(ctx.args, '--format', ['text', 'json', 'csv'] as const, 'text');
  const s = await ctx.open().api.getBatch({ id: await findBatch(ctx, name) });
  if (format === 'json') ctx.io.out(JSON.stringify(s, null, 2));
  else if (format === 'csv') ctx.io.out(errorsCsv(s.errors).replace(/\r\n$/, ''));
  else {
    const meta = [
      ['委托/组织单位', s.body],
      ['期间', s.period],
      ['地区', s.region],
      ['行业', s.sector],
      ['层级', s.level],
    ].filter(([, v]) => v);
    ctx.io.out(`批次 #${s.id}  ${s.name}（${BATCH_KIND_LABELS[s.kind]}）`);
    for (const [k, v] of meta) ctx.io.out(`  ${k}：${v}`);
    const c = s.counts;
    ctx.io.out(`  文件 ${c.total} 个：已完成 ${c.done}，待导入 ${c.pending}，失败 ${c.failed}`);
    for (const e of s.errors) ctx.io.out(`  失败：${e.path}：${e.message}`);
  }
  return 0;
}

/**
 * fcr scan — flags suspect clauses with the review rules.
 *
 *   fcr scan FILE… [--format text|json|jsonl|csv] [--config rules.config.yaml]
 *   fcr scan --clauses FILE.jsonl [--format jsonl] [--config rules.config.yaml]
 *
 * The rules are applied with the deployment settings of --config FILE, or else of the data
 * folder's rules.config.yaml when there is one.
 *
 * In file mode the exit code is 0 when nothing strong was found, 1 when something strong was,
 * 2 on error. In --clauses (evaluation) mode it is 0 on success and 2 on error.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FcrError, toErrorInfo } from '../../../shared/errors.js';
import { scanText } from '../../../shared/rules/engine.js';
import type { Finding } from '../../../shared/rules/types.js';
import { extractDocument } from '../../services/import/index.js';
import { dataDirConfig, loadRuleSet, scanDocumentText, type LoadOptions } from '../../services/rules.js';
import { choice, UsageError } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { readInputFile } from './import.js';

const FORMATS = ['text', 'json', 'jsonl', 'csv'] as const;
type Format = (typeof FORMATS)[number];

export interface FileScanResult {
  file: string;
  document: { title: string; type: string; encoding: string | null; chars: number; ruleSetVersion: string };
  findings: {
    clause: string;
    category: string;
    standard: string;
    rule: string;
    level: string;
    start: number;
    end: number;
    text: string;
    message: string;
    suggestion: string;
    basis: string;
  }[];
}

export const scan: Command = {
  spec: {
    usage: [
      ['fcr scan FILE… [--format text|json|jsonl|csv]', '按审查规则扫描文档（不保存），提示疑似违反审查标准的条款'],
      ['fcr scan --clauses FILE.jsonl [--format jsonl]', '逐行扫描 {id, text} 条款（评测用，成功时退出码为 0）'],
      [
        'fcr scan … --config rules.config.yaml',
        '使用指定的本地设置（停用规则、调整级别、增加本地地名）；默认取数据目录中的同名文件',
      ],
    ],
    values: ['--format', '--clauses', '--config'],
    positionals: { name: '文件' },
  },
  async run(ctx) {
    try {
      return await runScan(ctx);
    } catch (err) {
      if (err instanceof UsageError) throw err;
      ctx.io.err(`fcr：${toErrorInfo(err).message}`);
      return 2;
    }
  },
};

/** The deployment settings: --config FILE, else the data folder's file when it exists. */
function settings(ctx: CommandContext): LoadOptions {
  const file = ctx.args.options.get('--config');
  return typeof file === 'string' ? { config: path.resolve(file) } : dataDirConfig(ctx.dataDir);
}

async function runScan(ctx: CommandContext): Promise<number> {
  {
    const clauses = ctx.args.options.get('--clauses');
    if (typeof clauses === 'string') {
      if (ctx.args.positionals.length) throw new UsageError('使用 --clauses 时不能再给出文件参数。');
      const format = choice(ctx.args, '--format', ['jsonl'] as const, 'jsonl');
      return scanClauses(ctx, clauses, format);
    }
    if (ctx.args.positionals.length === 0)
      throw new UsageError('scan 需要至少 1 个文件，或使用 --clauses FILE.jsonl。');
    const format = choice(ctx.args, '--format', FORMATS, 'text');
    return scanFiles(ctx, ctx.args.positionals, format);
  }
}

function scanClauses(ctx: CommandContext, file: string, _format: 'jsonl'): number {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    throw new FcrError('FILE_NOT_FOUND', `找不到或无法读取文件「${file}」。`);
  }
  const ruleSet = loadRuleSet(settings(ctx));
  const lines = source.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line || line.startsWith('//')) continue;
    let item: { id?: unknown; text?: unknown };
    try {
      item = JSON.parse(line) as typeof item;
    } catch {
      ctx.io.err(`fcr：「${file}」第 ${i + 1} 行不是有效的 JSON。`);
      return 2;
    }
    if ((typeof item.id !== 'string' && typeof item.id !== 'number') || typeof item.text !== 'string') {
      ctx.io.err(`fcr：「${file}」第 ${i + 1} 行缺少 id 或 text 字段。`);
      return 2;
    }
    const findings = scanText(ruleSet, item.text).map((f) => ({
      category: f.category,
      standard: f.standard,
      rule: f.rule,
      level: f.level,
      start: f.start,
      end: f.end,
      message: f.message,
    }));
    out.push(JSON.stringify({ id: item.id, findings }));
  }
  for (const l of out) ctx.io.out(l);
  return 0;
}

export async function scanFile(file: string, options: LoadOptions = {}): Promise<FileScanResult> {
  return (await scanFileWithText(file, options)).result;
}

/** Extracts a file once and scans it; the text is kept for the text format's context lines. */
async function scanFileWithText(
  file: string,
  options: LoadOptions = {},
): Promise<{ result: FileScanResult; text: string }> {
  const bytes = readInputFile(file);
  const doc = await extractDocument(path.basename(file), bytes);
  const ruleSet = loadRuleSet(options);
  const { findings } = scanDocumentText(doc.text, ruleSet, doc.clauses);
  const result: FileScanResult = {
    file,
    document: {
      title: doc.metadata.title,
      type: doc.type,
      encoding: doc.encoding,
      chars: doc.text.length,
      ruleSetVersion: ruleSet.version,
    },
    findings: findings.map(toOutput),
  };
  return { result, text: doc.text };
}

function toOutput(f: Finding): FileScanResult['findings'][number] {
  return {
    clause: f.clause,
    category: f.category,
    standard: f.standard,
    rule: f.rule,
    level: f.level,
    start: f.start,
    end: f.end,
    text: f.text,
    message: f.message,
    suggestion: f.suggestion,
    basis: f.basis,
  };
}

async function scanFiles(ctx: CommandContext, files: string[], format: Format): Promise<number> {
  const results: FileScanResult[] = [];
  const texts = new Map<string, string>();
  let failed = false;
  const options = settings(ctx);
  loadRuleSet(options); // bad settings stop the scan before any file is read
  for (const file of files) {
    try {
      const { result, text } = await scanFileWithText(file, options);
      results.push(result);
      if (format === 'text') texts.set(file, text);
    } catch (err) {
      failed = true;
      ctx.io.err(`扫描失败：${toErrorInfo(err).message}`);
    }
  }
  switch (format) {
    case 'json':
      ctx.io.out(JSON.stringify(files.length === 1 && results.length === 1 ? results[0] : results, null, 2));
      break;
    case 'jsonl':
      for (const r of results) ctx.io.out(JSON.stringify(r));
      break;
    case 'csv':
      ctx.io.out(toCsv(results));
      break;
    case 'text':
      for (const r of results) formatTextChunks(r, texts.get(r.file) ?? '', (chunk) => ctx.io.out(chunk));
      break;
  }
  if (failed) return 2;
  return results.some((r) => r.findings.some((f) => f.level === 'strong')) ? 1 : 0;
}

const CATEGORY_ZH: Record<string, string> = {
  entry_exit: '市场准入和退出',
  free_flow: '商品和要素自由流动',
  cost: '影响生产经营成本',
  conduct: '影响生产经营行为',
};

function context(text: string, start: number, end: number): string {
  const lineStart = Math.max(text.lastIndexOf('\n', start - 1) + 1, start - 30);
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd < 0) lineEnd = text.length;
  lineEnd = Math.min(lineEnd, end + 30);
  const before = (lineStart > 0 && text[lineStart - 1] !== '\n' ? '…' : '') + text.slice(lineStart, start);
  const after = text.slice(end, lineEnd) + (lineEnd < text.length && text[lineEnd] !== '\n' ? '…' : '');
  return `${before}【${text.slice(start, end)}】${after}`;
}

export function formatText(r: FileScanResult, text: string): string {
  const parts: string[] = [];
  formatTextChunks(r, text, (chunk) => parts.push(chunk));
  return parts.join('\n');
}

/** Lines of the text format emitted in chunks of whole lines (joined by \n), so a long report streams. */
function formatTextChunks(r: FileScanResult, text: string, emit: (chunk: string) => void): void {
  let lines = [`${r.file}  《${r.document.title}》`];
  let strong = 0;
  for (const f of r.findings) {
    if (f.level === 'strong') strong++;
    lines.push(
      `  ${r.file}:${f.clause}  ${f.level === 'strong' ? '强' : '弱'}  ${f.standard}（${CATEGORY_ZH[f.category] ?? f.category}）  ${f.message}  [${f.rule}]`,
      `      ${context(text, f.start, f.end)}`,
      `      依据：${f.basis}`,
      `      建议：${f.suggestion}`,
    );
    if (lines.length >= 2000) {
      emit(lines.join('\n'));
      lines = [];
    }
  }
  lines.push(
    r.findings.length
      ? `  共 ${r.findings.length} 处疑似问题（强 ${strong}，弱 ${r.findings.length - strong}）。命中仅为疑似，是否违反审查标准由审查人员判断。规则集版本 ${r.document.ruleSetVersion}。`
      : `  未发现疑似问题。规则集版本 ${r.document.ruleSetVersion}。`,
  );
  emit(lines.join('\n'));
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(results: FileScanResult[]): string {
  const header = [
    'file',
    'clause',
    'level',
    'category',
    'standard',
    'rule',
    'start',
    'end',
    'text',
    'message',
    'suggestion',
    'basis',
  ];
  const rows = results.flatMap((r) =>
    r.findings.map((f) =>
      [
        r.file,
        f.clause,
        f.level,
        f.category,
        f.standard,
        f.rule,
        f.start,
        f.end,
        f.text,
        f.message,
        f.suggestion,
        f.basis,
      ]
        .map(csvCell)
        .join(','),
    ),
  );
  return ['\ufeff' + header.join(','), ...rows].join('\n');
}

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
import { ByteReport, maxBytes } from '../byte-report.js';
import type { Command, CommandContext, Io } from '../context.js';
import { isTermText, termText } from '../terminal.js';
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
  services: false,
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
  const scanned = await scanFileOnce(file, options);
  return { file, document: scanned.document, findings: scanned.findings.map(toOutput) };
}

/** A file extracted once and scanned: the text is kept for the text format's context lines. */
interface ScannedFile {
  document: FileScanResult['document'];
  findings: Finding[];
  text: string;
}

async function scanFileOnce(file: string, options: LoadOptions = {}): Promise<ScannedFile> {
  const bytes = readInputFile(file);
  const doc = await extractDocument(path.basename(file), bytes);
  const ruleSet = loadRuleSet(options);
  const { findings } = scanDocumentText(doc.text, ruleSet, doc.clauses);
  return {
    document: {
      title: doc.metadata.title,
      type: doc.type,
      encoding: doc.encoding,
      chars: doc.text.length,
      ruleSetVersion: ruleSet.version,
    },
    findings,
    text: doc.text,
  };
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
  let failed = false;
  let strong = false;
  const options = settings(ctx);
  loadRuleSet(options); // bad settings stop the scan before any file is read
  const report = format === 'text' ? new TextReport(ctx.io) : null;
  for (const file of files) {
    let scanned: ScannedFile;
    try {
      scanned = await scanFileOnce(file, options);
    } catch (err) {
      failed = true;
      ctx.io.err(`扫描失败：${toErrorInfo(err).message}`);
      continue;
    }
    if (scanned.findings.some((f) => f.level === 'strong')) strong = true;
    // The text format is written file by file (its text is not kept); the others need every result.
    if (report) report.file(file, scanned);
    else results.push({ file, document: scanned.document, findings: scanned.findings.map(toOutput) });
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
      break;
  }
  if (failed) return 2;
  return strong ? 1 : 0;
}

const CATEGORY_ZH: Record<string, string> = {
  entry_exit: '市场准入和退出',
  free_flow: '商品和要素自由流动',
  cost: '影响生产经营成本',
  conduct: '影响生产经营行为',
};

/** Chars of context on each side of a finding, within its line. */
const CONTEXT = 30;

/** The finding's line around it: [start, end) within CONTEXT chars each side of the finding. */
function contextSpan(text: string, start: number, end: number): [number, number] {
  let lineStart = start;
  const minStart = Math.max(0, start - CONTEXT);
  while (lineStart > minStart && text.charCodeAt(lineStart - 1) !== 0x0a) lineStart--;
  let lineEnd = end;
  const maxEnd = Math.min(text.length, end + CONTEXT);
  while (lineEnd < maxEnd && text.charCodeAt(lineEnd) !== 0x0a) lineEnd++;
  return [lineStart, lineEnd];
}

/** The finding in its line, up to CONTEXT chars each side, marked 【…】; … where the line goes on. */
function context(text: string, start: number, end: number): string {
  const [lineStart, lineEnd] = contextSpan(text, start, end);
  const before = (cutBefore(text, lineStart) ? '…' : '') + text.slice(lineStart, start);
  const after = text.slice(end, lineEnd) + (cutAfter(text, lineEnd) ? '…' : '');
  return `${before}【${text.slice(start, end)}】${after}`;
}

/** The context starts inside a line. */
const cutBefore = (text: string, lineStart: number): boolean =>
  lineStart > 0 && text.charCodeAt(lineStart - 1) !== 0x0a;
/** The context ends inside a line. */
const cutAfter = (text: string, lineEnd: number): boolean => lineEnd < text.length && text.charCodeAt(lineEnd) !== 0x0a;

/** A rule's fixed text in a finding's lines, encoded once per rule (and per level, settings included). */
interface RuleText {
  level: string;
  standard: string;
  category: string;
  message: string;
  basis: string;
  suggestion: string;
  /** "  强  M14-3（…）  message  [RULE]\n      " */
  head: Buffer;
  /** "\n      依据：…\n      建议：…\n" */
  tail: Buffer;
}

/**
 * The text format, like a linter: per file a header line, four lines per finding (where, the
 * finding in its context, basis, suggestion) and a summary line. Written as UTF-8 in large chunks
 * to io.write when there is one, else as lines to io.out. Text from the file (its name, title,
 * clause labels, context) and from the rules goes through termText, as io.out does.
 */
class TextReport {
  private readonly bytes: ByteReport;
  private readonly rules = new Map<string, RuleText>();

  constructor(io: Io) {
    const write = io.write?.bind(io);
    const decoder = new TextDecoder();
    this.bytes = new ByteReport(
      write
        ? (chunk) => write(chunk)
        : (chunk) => {
            io.out(decoder.decode(chunk.subarray(0, chunk.length - 1))); // without its final \n
            return true;
          },
    );
  }

  file(file: string, scanned: ScannedFile): void {
    const { document, findings, text } = scanned;
    const out = this.bytes;
    const name = termText(file);
    const header = `${name}  《${termText(document.title)}》\n`;
    out.reserve(maxBytes(header));
    out.text(header);
    // Clause labels and context come from the text: when it has nothing to escape, neither do they,
    // and they are written piece by piece from the text; else as strings through termText.
    const plain = isTermText(text);
    const where = Buffer.from(`  ${name}:`);
    let strong = 0;
    for (const f of findings) {
      if (f.level === 'strong') strong++;
      const rule = this.ruleText(f);
      const fixed = where.length + rule.head.length + rule.tail.length;
      if (plain) {
        const [lineStart, lineEnd] = contextSpan(text, f.start, f.end);
        out.reserve(fixed + maxBytes(f.clause) + 3 * (lineEnd - lineStart) + 4 * 3);
        out.bytes(where);
        out.chars(f.clause, 0, f.clause.length);
        out.bytes(rule.head);
        if (cutBefore(text, lineStart)) out.chars('…', 0, 1);
        out.chars(text, lineStart, f.start);
        out.chars('【', 0, 1);
        out.chars(text, f.start, f.end);
        out.chars('】', 0, 1);
        out.chars(text, f.end, lineEnd);
        if (cutAfter(text, lineEnd)) out.chars('…', 0, 1);
        out.bytes(rule.tail);
      } else {
        const clause = termText(f.clause);
        const shown = termText(context(text, f.start, f.end));
        out.reserve(fixed + maxBytes(clause) + maxBytes(shown));
        out.bytes(where);
        out.text(clause);
        out.bytes(rule.head);
        out.text(shown);
        out.bytes(rule.tail);
      }
    }
    const summary = findings.length
      ? `  共 ${findings.length} 处疑似问题（强 ${strong}，弱 ${findings.length - strong}）。命中仅为疑似，是否违反审查标准由审查人员判断。规则集版本 ${document.ruleSetVersion}。\n`
      : `  未发现疑似问题。规则集版本 ${document.ruleSetVersion}。\n`;
    out.reserve(maxBytes(summary));
    out.text(summary);
    out.flush();
  }

  private ruleText(f: Finding): RuleText {
    const known = this.rules.get(f.rule);
    if (
      known &&
      known.level === f.level &&
      known.standard === f.standard &&
      known.category === f.category &&
      known.message === f.message &&
      known.basis === f.basis &&
      known.suggestion === f.suggestion
    )
      return known;
    const level = f.level === 'strong' ? '强' : '弱';
    const head = `  ${level}  ${f.standard}（${CATEGORY_ZH[f.category] ?? f.category}）  ${f.message}  [${f.rule}]\n      `;
    const tail = `\n      依据：${f.basis}\n      建议：${f.suggestion}\n`;
    const made: RuleText = {
      level: f.level,
      standard: f.standard,
      category: f.category,
      message: f.message,
      basis: f.basis,
      suggestion: f.suggestion,
      head: Buffer.from(termText(head)),
      tail: Buffer.from(termText(tail)),
    };
    this.rules.set(f.rule, made);
    return made;
  }
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

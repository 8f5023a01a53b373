/**
 * fcr extract FILE --format text|json: runs the import pipeline on one file and prints the
 * normalised text, or JSON with the metadata, the blocks with their source locations and the
 * clause tree. Nothing is stored.
 */
import path from 'node:path';
import type { NormalizedDocument } from '../../../shared/document.js';
import { FcrError } from '../../../shared/errors.js';
import { splitSentences } from '../../../shared/text/sentences.js';
import type { ClauseNode } from '../../../shared/types.js';
import { DEFAULT_LIMITS, extractDocument } from '../../services/import/index.js';
import { choice, UsageError } from '../args.js';
import type { Command } from '../context.js';
import { readInputFile } from './import.js';

export const extract: Command = {
  services: false,
  spec: {
    usage: [
      [
        'fcr extract FILE [--format text|json] [--max-size MB] [--timeout SECONDS]',
        '提取文档的规范化文本（json：元数据、带来源位置的块、条款树），不保存',
      ],
    ],
    values: ['--format', '--max-size', '--timeout'],
    positionals: { min: 1, max: 1, name: '文件' },
  },
  async run(ctx) {
    const format = choice(ctx.args, '--format', ['text', 'json'] as const, 'text');
    const maxFileBytes =
      numberOption(ctx.args.options.get('--max-size'), '--max-size', DEFAULT_LIMITS.maxFileBytes / 1048576) * 1048576;
    const timeoutMs =
      numberOption(ctx.args.options.get('--timeout'), '--timeout', DEFAULT_LIMITS.timeoutMs / 1000) * 1000;
    const file = ctx.args.positionals[0]!;
    const bytes = readInputFile(file, maxFileBytes);
    const doc = await extractDocument(path.basename(file), bytes, { limits: { maxFileBytes, timeoutMs } });
    for (const w of doc.warnings) ctx.io.err(`注意：${w}`);
    ctx.io.out(format === 'json' ? JSON.stringify(toJson(path.basename(file), doc), null, 2) : doc.text);
    return 0;
  },
};

function numberOption(v: string | true | undefined, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isFinite(n) || n <= 0)
    throw new UsageError(`${name} 需要一个正数，收到：${String(v)}`);
  return n;
}

interface ClauseJson {
  id: string;
  kind: string;
  number: string;
  label: string;
  start: number;
  end: number;
  text: string;
  sentences?: { start: number; end: number; text: string }[];
  children: ClauseJson[];
}

export function toJson(fileName: string, doc: NormalizedDocument): unknown {
  const clause = (n: ClauseNode): ClauseJson => {
    const out: ClauseJson = {
      id: n.id,
      kind: n.kind,
      number: n.number,
      label: n.label,
      start: n.start,
      end: n.end,
      text: doc.text.slice(n.start, n.end),
      children: n.children.map(clause),
    };
    if (!n.children.length) {
      out.sentences = splitSentences(doc.text, n.start, n.end).map((s) => ({
        start: s.start,
        end: s.end,
        text: doc.text.slice(s.start, s.end),
      }));
    }
    return out;
  };
  if (!doc.text) throw new FcrError('EMPTY_FILE', `「${fileName}」中没有可导入的文字内容。`);
  return {
    fileName,
    type: doc.type,
    encoding: doc.encoding,
    pages: doc.pages ?? null,
    metadata: doc.metadata,
    warnings: doc.warnings,
    chars: doc.text.length,
    text: doc.text,
    blocks: doc.blocks,
    clauses: doc.clauses.map(clause),
  };
}

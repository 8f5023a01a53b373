/**
 * The published 抽查 result list (实施办法 第三十九条第四款: results may be published): one row per
 * checked measure — measure, 文号, issuing body, problems found, disposition and rectification.
 * The same rows feed the .docx (公文 layout, via the gongwen writer) and the .xlsx.
 */
import {
  CHECK_DISPOSITION_LABELS,
  completeCheckRecord,
  problemText,
  RECTIFICATION_LABELS,
  type CheckRecord,
} from '../check-record.js';
import type { SamplePlan } from '../sampling.js';
import { chineseDate, type Block } from './content.js';

export interface ResultRow {
  no: number;
  title: string;
  docNumber: string;
  issuer: string;
  problems: string;
  disposition: string;
  rectification: string;
}

export interface ResultListInput {
  batchName: string;
  /** Commissioning / organising body (the batch's). */
  body: string | null;
  plan: Pick<SamplePlan, 'seed' | 'populationSize' | 'size' | 'drawn'>;
  /** Stored records by document id (measures not yet checked are absent). */
  records: Map<number, Partial<CheckRecord>>;
  standardTitle(id: string): string | undefined;
  /** YYYY-MM-DD */
  today: string;
}

export const RESULT_HEADERS = ['序号', '政策措施名称', '文号', '制定机关', '存在问题', '处理结果', '整改情况'] as const;

function rectification(r: CheckRecord): string {
  if (!r.disposition || r.disposition === 'none') return '';
  const parts = [r.status ? RECTIFICATION_LABELS[r.status] : '待整改'];
  if (r.deadline) parts.push(`整改期限 ${r.deadline}`);
  if (r.publishedOn) parts.push(`${r.publishedOn} 公布${r.publishedWhere ? `于${r.publishedWhere}` : ''}`);
  if (r.reportFiledOn) parts.push(`${r.reportFiledOn} 报送整改报告`);
  return parts.join('；');
}

export function resultRows(input: ResultListInput): ResultRow[] {
  const rows: ResultRow[] = [];
  for (const d of input.plan.drawn) {
    const stored = input.records.get(d.documentId);
    if (!stored) continue;
    const r = completeCheckRecord(stored);
    rows.push({
      no: rows.length + 1,
      title: d.title,
      docNumber: d.docNumber ?? '',
      issuer: d.issuer ?? '',
      problems: r.problems.length
        ? r.problems.map((p) => problemText(p, input.standardTitle)).join('\n')
        : '未发现问题',
      disposition: r.disposition ? CHECK_DISPOSITION_LABELS[r.disposition] : '待定',
      rectification: rectification(r),
    });
  }
  return rows;
}

export function resultSummary(input: ResultListInput, rows: readonly ResultRow[]): string {
  const withProblems = rows.filter((r) => r.problems !== '未发现问题').length;
  const pending = input.plan.drawn.length - rows.length;
  return (
    `根据《公平竞争审查条例》第二十一条和《公平竞争审查条例实施办法》第三十九条，${input.body ? `${input.body}` : ''}` +
    `对“${input.batchName}”中的政策措施开展了抽查。本次从 ${input.plan.populationSize} 件政策措施中随机抽取 ` +
    `${input.plan.size} 件（随机种子：${input.plan.seed}），已完成检查 ${rows.length} 件，发现问题 ${withProblems} 件` +
    `${pending ? `，尚有 ${pending} 件正在检查` : ''}。抽查结果如下。`
  );
}

/** The result list as 公文 blocks. */
export function resultBlocks(input: ResultListInput): Block[] {
  const rows = resultRows(input);
  return [
    { kind: 'title', text: '公平竞争审查抽查结果' },
    { kind: 'paragraph', text: resultSummary(input, rows) },
    {
      kind: 'table',
      columns: [3, 12, 7, 7, 14, 5, 9],
      rows: [
        RESULT_HEADERS.map((h) => ({ lines: [h], label: true })),
        ...rows.map((r) => [
          { lines: [String(r.no)], align: 'center' as const },
          { lines: [r.title] },
          { lines: [r.docNumber] },
          { lines: [r.issuer] },
          { lines: r.problems.split('\n') },
          { lines: [r.disposition], align: 'center' as const },
          { lines: [r.rectification] },
        ]),
      ],
    },
    ...(input.body ? [{ kind: 'paragraph' as const, text: input.body, align: 'right' as const, indent: false }] : []),
    { kind: 'paragraph', text: chineseDate(input.today), align: 'right', indent: false },
  ];
}

export function resultFileName(batchName: string, ext: 'docx' | 'xlsx'): string {
  const clean =
    batchName
      .replace(/[\\/:*?"<>|\r\n\t]+/g, '')
      .trim()
      .slice(0, 40) || '抽查';
  return `抽查结果-${clean}.${ext}`;
}

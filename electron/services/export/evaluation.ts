/**
 * The third-party evaluation's exports (issue 12): the 评估报告 as a 公文 .docx with the charts
 * embedded (SVG with a PNG fallback), and the working papers (工作底稿) as one signed .zip: the
 * evaluation records (summary and every problem clause as CSV, the full records as JSON), the
 * batch's ledgers, the per-file import log, the sample log when a sample was drawn, the
 * indicators and the charts. Signed like the review bundles, so a changed byte is detectable.
 */
import {
  evaluationCharts,
  problemClauses,
  type EvaluationRecord,
  type ProblemClause,
} from '../../../shared/evaluation.js';
import { CATEGORY_LABELS } from '../../../shared/review/model.js';
import { evaluationReportContent, evaluationSummaryRows } from '../../../shared/export/evaluation-report.js';
import { localDate, quotedClause } from '../../../shared/export/content.js';
import { safeFileName, type ExportedFile } from '../../../shared/export/files.js';
import type { StoredFinding } from '../../../shared/review/types.js';
import type { BatchService } from '../batches.js';
import type { EvaluationService } from '../evaluations.js';
import { gongwenDocx } from './gongwen.js';
import type { ExportDeps } from './index.js';
import { csvField, ledgerEntries, ledgerXlsx } from './ledger.js';
import { jsonBytes, signedExport } from './signed-zip.js';

export const PAPERS_SCHEMA_VERSION = 1;

export interface EvaluationExportDeps extends ExportDeps {
  batches: BatchService;
  evaluations: EvaluationService;
}

/** Every problem clause of the evaluated measures, the confirmed findings quoted from their clause. */
export function batchProblems(deps: EvaluationExportDeps, records: readonly EvaluationRecord[]): ProblemClause[] {
  return records
    .filter((r) => r.verdict !== null)
    .flatMap((r) => {
      if (!r.findings.some((f) => f.decision === 'confirm')) return problemClauses(r);
      const doc = deps.documents.get(r.documentId);
      const stored = new Map<number, StoredFinding>(
        deps.reviews.findings.list(r.documentId, null).map((f) => [f.id, f]),
      );
      return problemClauses(r, (f) => {
        const s = stored.get(f.findingId);
        return s ? excerpt(quotedClause(doc, s), s.text) : f.text;
      });
    });
}

const EXCERPT_MAX = 120;

/** A quoted clause cut to about EXCERPT_MAX characters around the matched words (a report quotes, it does not copy). */
export function excerpt(quote: string, match: string, max = EXCERPT_MAX): string {
  if (quote.length <= max) return quote;
  const at = Math.max(0, quote.indexOf(match.replace(/\s+/g, ' ').trim()));
  const from = Math.max(0, Math.min(at - 30, quote.length - max));
  const to = Math.min(quote.length, from + max);
  return `${from > 0 && !quote.startsWith('……', from) ? '……' : ''}${quote.slice(from, to)}${to < quote.length ? '……' : ''}`;
}

export async function exportEvaluationReport(deps: EvaluationExportDeps, batchId: number): Promise<ExportedFile> {
  const batch = deps.batches.info(batchId);
  const records = deps.evaluations.records(batchId);
  const overview = deps.evaluations.overview(batchId, records);
  const content = evaluationReportContent({
    batch,
    records,
    problems: batchProblems(deps, records),
    indicators: overview.indicators,
    sample: overview.sample,
    standards: deps.standards(),
    evaluator: { unit: deps.settings.get('unit'), name: deps.settings.get('reviewer') },
    today: localDate(new Date()),
  });
  return { fileName: content.fileName, bytes: await gongwenDocx(content) };
}

const utf8 = new TextEncoder();
/** CSV with a BOM and CRLF, as the ledgers are written (Excel and WPS open it in Chinese). */
const csv = (rows: (string | number | null)[][]): Uint8Array =>
  utf8.encode(`\uFEFF${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`);

export async function exportEvaluationPapers(deps: EvaluationExportDeps, batchId: number): Promise<ExportedFile> {
  const batch = deps.batches.info(batchId);
  const records = deps.evaluations.records(batchId);
  const overview = deps.evaluations.overview(batchId, records);
  const problems = batchProblems(deps, records);
  const standards = new Map(deps.standards().map((s) => [s.id, s]));
  const items = deps.db
    .prepare(
      'SELECT path, size, sha256, state, error, document_id, updated_at FROM batch_items WHERE batch_id = ? ORDER BY path',
    )
    .all(batchId) as {
    path: string;
    size: number;
    sha256: string | null;
    state: string;
    error: string | null;
    document_id: number | null;
    updated_at: string;
  }[];
  const STATE = { done: '已完成', pending: '待导入', failed: '失败' } as Record<string, string>;
  const charts = evaluationCharts(overview.indicators);
  const fileName = `评估工作底稿-${safeFileName(batch.name)}-${localDate(new Date())}.zip`;
  const anchor = deps.anchor(`评估工作底稿「${fileName}」`);
  const files: Record<string, Uint8Array> = {
    '说明.txt': utf8.encode(
      [
        `批次“${batch.name}”第三方评估工作底稿`,
        `生成时间：${new Date().toISOString()}`,
        '',
        '1-评估记录/评估记录汇总.csv      每份政策措施的评估结论、审查记录、整改情况',
        '1-评估记录/问题条款清单.csv      每一处问题条款（确认的疑似问题和评估人员补充的问题）',
        '1-评估记录/评估记录.json         完整的评估记录（含每处疑似问题的确认或排除及理由）',
        '2-台账/公平竞争审查台账.xlsx      批次内文件的审查台账和问题台账',
        '3-导入日志/导入日志.csv          批量导入的逐个文件记录（状态、错误、SHA-256）',
        overview.sample
          ? '4-抽样记录/抽样记录.json        样本的抽取方法、随机种子、总体和分层'
          : '（本批次未抽样，无抽样记录）',
        '5-统计/指标.json、图表/*.svg      批次指标和报告中的图表',
        '',
        'manifest.json 列出每个文件的 SHA-256；压缩包带有数据文件夹密钥的签名，改动任何字节均可查出。',
      ].join('\r\n'),
    ),
    '1-评估记录/评估记录汇总.csv': csv(evaluationSummaryRows(records)),
    '1-评估记录/问题条款清单.csv': csv([
      ['序号', '文档编号', '政策措施', '发文机关', '条款', '原文摘录', '审查标准', '类别', '来源', '说明'],
      ...problems.map((x, i) => [
        i + 1,
        x.documentId,
        x.title,
        x.issuer ?? '',
        x.clause,
        x.quote,
        standards.get(x.standardId)?.title ?? x.standardId,
        CATEGORY_LABELS[x.category],
        x.source === 'own' ? '评估人员补充' : '确认的疑似问题',
        x.note,
      ]),
    ]),
    '1-评估记录/评估记录.json': jsonBytes({ batch, records }),
    '2-台账/公平竞争审查台账.xlsx': await ledgerXlsx(
      ledgerEntries(deps, deps.evaluations.documentIds(batchId)),
      deps.standards(),
      anchor,
    ),
    '3-导入日志/导入日志.csv': csv([
      ['文件', '大小（字节）', 'SHA-256', '状态', '错误', '文档编号', '时间'],
      ...items.map((i) => [
        i.path,
        i.size,
        i.sha256 ?? '',
        STATE[i.state] ?? i.state,
        i.error ?? '',
        i.document_id,
        i.updated_at,
      ]),
    ]),
    '5-统计/指标.json': jsonBytes(overview.indicators),
    '5-统计/图表/按类别.svg': utf8.encode(charts.byCategory.svg),
    '5-统计/图表/按发文机关.svg': utf8.encode(charts.byIssuer.svg),
    '5-统计/图表/有无问题.svg': utf8.encode(charts.problems.svg),
    '5-统计/图表/整改情况.svg': utf8.encode(charts.rectification.svg),
  };
  const plan = deps.evaluations.samplePlan(batchId);
  if (plan) files['4-抽样记录/抽样记录.json'] = jsonBytes(plan);
  const bytes = signedExport(deps, 'fcr-evaluation-papers', PAPERS_SCHEMA_VERSION, files, anchor);
  return { fileName, bytes };
}

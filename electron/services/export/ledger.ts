/**
 * The ledgers (台账): one row per document (审查台账) and one row per finding (问题台账), as an
 * .xlsx with both sheets (Chinese headers, frozen header row, widths, autofilter) or one of them
 * as .csv (UTF-8 with BOM and CRLF, RFC 4180 quoting, so Excel and WPS open it in Chinese).
 * Both formats are written from the same column tables. Each carries the audit chain head signed
 * when it was exported (an anchor): the workbook in a third sheet 审计锚点, the CSV in two trailing
 * rows after a blank one. `fcr audit verify FILE` reads it back (anchors.ts).
 */
import { LEDGER_SHEET_NAMES, type LedgerSheet } from '../../../shared/export/files.js';
import { citeProvision } from '../../../shared/review/history.js';
import {
  CATEGORY_LABELS,
  CONCLUSION_LABELS,
  DISPOSITION_LABELS,
  REVIEW_STATUS_LABELS,
} from '../../../shared/review/model.js';
import type { ReviewRecord, StoredFinding } from '../../../shared/review/types.js';
import { CATEGORIES, type Standard } from '../../../shared/rules/types.js';
import type { AuditAnchor, DocumentSummary } from '../../../shared/types.js';
import type { DocumentService } from '../documents.js';
import type { LibraryService } from '../library.js';
import type { ReviewService } from '../reviews.js';

/** One document with its current review and findings. */
export interface LedgerEntry {
  doc: DocumentSummary;
  review: ReviewRecord | null;
  findings: StoredFinding[];
}

interface FindingEntry extends LedgerEntry {
  finding: StoredFinding;
  standard: Standard | undefined;
}

type Cell = string | number | null;
interface Column<R> {
  header: string;
  width: number;
  value: (r: R) => Cell;
}

const day = (iso: string | null | undefined): string => (iso ? iso.slice(0, 10) : '');
const LEVEL_LABELS = { strong: '强', weak: '弱' } as const;

const REVIEW_COLUMNS: Column<LedgerEntry>[] = [
  { header: '编号', width: 7, value: (e) => e.doc.id },
  { header: '标题', width: 40, value: (e) => e.doc.title },
  { header: '文号', width: 22, value: (e) => e.doc.docNumber ?? '' },
  { header: '起草单位/发文机关', width: 24, value: (e) => e.doc.issuer ?? '' },
  { header: '文件日期', width: 12, value: (e) => e.doc.docDate ?? '' },
  { header: '导入日期', width: 12, value: (e) => day(e.doc.importedAt) },
  { header: '审查状态', width: 10, value: (e) => REVIEW_STATUS_LABELS[e.review?.status ?? 'unreviewed'] },
  { header: '修订版本', width: 9, value: (e) => e.review?.revision ?? null },
  { header: '审查结论', width: 24, value: (e) => (e.review?.conclusion ? CONCLUSION_LABELS[e.review.conclusion] : '') },
  { header: '定稿日期', width: 12, value: (e) => day(e.review?.finalizedAt) },
  { header: '审查人员', width: 12, value: (e) => e.review?.reviewer ?? '' },
  { header: '审查机构', width: 24, value: (e) => e.review?.unit ?? '' },
  { header: '疑似问题（处）', width: 10, value: (e) => e.findings.length },
  ...CATEGORIES.map((c): Column<LedgerEntry> => ({
    header: CATEGORY_LABELS[c],
    width: 12,
    value: (e) => e.findings.filter((f) => f.category === c).length,
  })),
  ...(['accept', 'exception', 'reject'] as const).map((d): Column<LedgerEntry> => ({
    header: DISPOSITION_LABELS[d],
    width: 12,
    value: (e) => e.findings.filter((f) => f.disposition === d).length,
  })),
  { header: '未处理', width: 9, value: (e) => e.findings.filter((f) => !f.disposition).length },
  { header: '规则集版本', width: 14, value: (e) => e.findings.find((f) => !f.manual)?.rulesetVersion ?? '' },
];

const FINDING_COLUMNS: Column<FindingEntry>[] = [
  { header: '文档编号', width: 8, value: (e) => e.doc.id },
  { header: '文档标题', width: 30, value: (e) => e.doc.title },
  { header: '文号', width: 20, value: (e) => e.doc.docNumber ?? '' },
  { header: '条款', width: 20, value: (e) => e.finding.clause },
  { header: '原文', width: 40, value: (e) => e.finding.text },
  { header: '审查标准', width: 30, value: (e) => (e.standard ? e.standard.title : e.finding.standard) },
  { header: '《实施办法》依据', width: 26, value: (e) => (e.standard ? citeProvision(e.standard.measure) : '') },
  { header: '《条例》依据', width: 22, value: (e) => (e.standard ? citeProvision(e.standard.regulation) : '') },
  { header: '类别', width: 18, value: (e) => CATEGORY_LABELS[e.finding.category] ?? e.finding.category },
  { header: '提示级别', width: 9, value: (e) => LEVEL_LABELS[e.finding.level] },
  { header: '来源', width: 12, value: (e) => (e.finding.manual ? '人工标注' : `规则 ${e.finding.rule}`) },
  {
    header: '处理意见',
    width: 16,
    value: (e) => (e.finding.disposition ? DISPOSITION_LABELS[e.finding.disposition] : '未处理'),
  },
  { header: '理由/说明', width: 40, value: (e) => e.finding.dispositionReason || e.finding.note },
];

/** The ledger's documents (all live documents when none are named), in the order they were imported. */
export function ledgerEntries(
  { documents, reviews, library }: { documents: DocumentService; reviews: ReviewService; library: LibraryService },
  documentIds?: readonly number[],
): LedgerEntry[] {
  const docs: DocumentSummary[] = documentIds?.length
    ? [...new Set(documentIds)].map((id) => documents.summary(id))
    : library.list(false);
  return docs
    .sort((a, b) => a.id - b.id)
    .map((doc) => {
      const review = reviews.latest(doc.id);
      return { doc, review, findings: reviews.findings.list(doc.id, review?.id ?? null) };
    });
}

function table(sheet: LedgerSheet, entries: LedgerEntry[], standards: readonly Standard[]): Cell[][] {
  if (sheet === 'reviews')
    return [REVIEW_COLUMNS.map((c) => c.header), ...entries.map((e) => cells(REVIEW_COLUMNS, e))];
  const byId = new Map(standards.map((s) => [s.id, s]));
  const rows = entries.flatMap((e) =>
    e.findings.map((finding) => cells(FINDING_COLUMNS, { ...e, finding, standard: byId.get(finding.standard) })),
  );
  return [FINDING_COLUMNS.map((c) => c.header), ...rows];
}

function cells<R>(columns: Column<R>[], row: R): Cell[] {
  return columns.map((c) => c.value(row));
}

/** The anchor's fields as a ledger shows them, in this order. */
export const ANCHOR_SHEET = '审计锚点';
export const ANCHOR_FIELDS = [
  ['审计日志条数', 'count'],
  ['链首哈希', 'head'],
  ['签发时间', 'at'],
  ['密钥指纹', 'fingerprint'],
  ['签发给', 'issuedFor'],
  ['签名', 'signature'],
] as const satisfies readonly (readonly [string, keyof AuditAnchor])[];
const ANCHOR_NOTE =
  '导出本台账时审计日志的链首（条数与哈希），由本数据文件夹的密钥签名；日后可用“fcr audit verify 本文件”核对审计日志未被改写或截短。';

/** Both ledgers as one workbook, with the anchor handed out with it. */
export async function ledgerXlsx(
  entries: LedgerEntry[],
  standards: readonly Standard[],
  anchor?: AuditAnchor,
): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = '审查助手';
  for (const sheet of ['reviews', 'findings'] as const) {
    const columns = sheet === 'reviews' ? REVIEW_COLUMNS : FINDING_COLUMNS;
    const [header, ...rows] = table(sheet, entries, standards);
    const ws = wb.addWorksheet(LEDGER_SHEET_NAMES[sheet], { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
    ws.getRow(1).font = { bold: true };
    ws.addRows(rows);
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: header!.length } };
  }
  if (anchor) {
    const ws = wb.addWorksheet(ANCHOR_SHEET);
    ws.columns = [
      { header: '项目', width: 14 },
      { header: '值', width: 100 },
    ];
    ws.getRow(1).font = { bold: true };
    ws.addRows(ANCHOR_FIELDS.map(([label, key]) => [label, anchor[key] ?? '']));
    ws.addRow(['说明', ANCHOR_NOTE]);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** One ledger as CSV text with a BOM; the anchor, when given, in two rows after a blank one. */
export function ledgerCsv(
  sheet: LedgerSheet,
  entries: LedgerEntry[],
  standards: readonly Standard[],
  anchor?: AuditAnchor,
): Uint8Array {
  const rows = table(sheet, entries, standards);
  if (anchor) {
    rows.push(
      [],
      [ANCHOR_SHEET, ...ANCHOR_FIELDS.map(([label]) => label), '说明'],
      ['', ...ANCHOR_FIELDS.map(([, key]) => anchor[key] ?? ''), ANCHOR_NOTE],
    );
  }
  const lines = rows.map((row) => row.map(csvField).join(','));
  return new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
}

/**
 * RFC 4180 quoting; a text that a spreadsheet would run as a formula (=, +, -, @ first) gets a
 * leading apostrophe, since titles and clauses come from outside files.
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

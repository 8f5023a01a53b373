/** The published 抽查 result list of a sample plan, as a 公文 .docx or an .xlsx. */
import type { CheckRecord } from '../../../shared/check-record.js';
import type { ExportedFile } from '../../../shared/export/files.js';
import {
  RESULT_HEADERS,
  resultBlocks,
  resultFileName,
  resultRows,
  resultSummary,
  type ResultListInput,
} from '../../../shared/export/results.js';
import { localDate } from '../../../shared/export/content.js';
import type { Standard } from '../../../shared/rules/types.js';
import type { Db } from '../db.js';
import type { SamplingService } from '../sampling.js';
import { gongwenDocx } from './gongwen.js';

export interface ResultsDeps {
  db: Db;
  sampling: SamplingService;
  standards(): readonly Standard[];
}

function input(deps: ResultsDeps, planId: number, now: Date): ResultListInput {
  const plan = deps.sampling.plan(planId);
  const batch = deps.db.prepare('SELECT name, body FROM batches WHERE id = ?').get(plan.batchId) as {
    name: string;
    body: string | null;
  };
  const records = new Map(
    (
      deps.db.prepare('SELECT document_id, data FROM check_records WHERE plan_id = ?').all(planId) as {
        document_id: number;
        data: string;
      }[]
    ).map((r) => [r.document_id, JSON.parse(r.data) as Partial<CheckRecord>]),
  );
  const byId = new Map(deps.standards().map((s) => [s.id, s]));
  return {
    batchName: batch.name,
    body: batch.body,
    plan,
    records,
    standardTitle: (id) => byId.get(id)?.title,
    today: localDate(now),
  };
}

export async function exportResults(
  deps: ResultsDeps,
  planId: number,
  format: 'docx' | 'xlsx',
  now = new Date(),
): Promise<ExportedFile> {
  const data = input(deps, planId, now);
  const fileName = resultFileName(data.batchName, format);
  if (format === 'docx') {
    return { fileName, bytes: await gongwenDocx({ fileName, draft: false, blocks: resultBlocks(data) }) };
  }
  const rows = resultRows(data);
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = '审查助手';
  const ws = wb.addWorksheet('抽查结果', { views: [{ state: 'frozen', ySplit: 2 }] });
  const widths = [6, 40, 22, 26, 50, 10, 40];
  ws.columns = widths.map((width) => ({ width }));
  ws.mergeCells(1, 1, 1, RESULT_HEADERS.length);
  ws.getCell(1, 1).value = resultSummary(data, rows);
  ws.getCell(1, 1).alignment = { wrapText: true, vertical: 'top' };
  ws.getRow(1).height = 48;
  ws.addRow([...RESULT_HEADERS]).font = { bold: true };
  for (const r of rows) {
    ws.addRow([r.no, r.title, r.docNumber, r.issuer, r.problems, r.disposition, r.rectification]).alignment = {
      wrapText: true,
      vertical: 'top',
    };
  }
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: RESULT_HEADERS.length } };
  return { fileName, bytes: new Uint8Array(await wb.xlsx.writeBuffer()) };
}

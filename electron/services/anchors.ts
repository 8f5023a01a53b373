/**
 * Reads back the audit anchors that exported files carry, so the chain can be checked against
 * anchors handed out even when the data folder's own list of them was deleted or rolled back:
 * a review bundle or material package (the manifest), a ledger (.xlsx sheet 审计锚点 or the .csv
 * trailer), a backup's `.anchor.json`, or a copy of `audit-anchors.json`.
 */
import { FcrError } from '../../shared/errors.js';
import type { AuditAnchor } from '../../shared/types.js';
import { ANCHOR_FIELDS, ANCHOR_SHEET } from './export/ledger.js';
import { KIND_LABELS, openSignedZip, type SignedKind } from './export/signed-zip.js';

const utf8 = new TextDecoder('utf-8');

export async function readAnchors(name: string, bytes: Uint8Array): Promise<AuditAnchor[]> {
  const none = () =>
    new FcrError(
      'BAD_ARGS',
      `「${name}」中没有审计锚点：请给出审查包、送审材料包、台账（.xlsx 或 .csv）或备份的 .anchor.json 文件。`,
    );
  const lower = name.toLowerCase();
  let found: Partial<Record<keyof AuditAnchor, unknown>>[];
  if (lower.endsWith('.json')) {
    let value: unknown;
    try {
      value = JSON.parse(utf8.decode(bytes));
    } catch {
      throw new FcrError('CORRUPT_FILE', `「${name}」不是有效的 JSON，无法读取其中的审计锚点。`);
    }
    found = (Array.isArray(value) ? value : [value]) as typeof found;
  } else if (lower.endsWith('.xlsx')) {
    found = [await fromWorkbook(name, bytes)];
  } else if (lower.endsWith('.csv')) {
    found = [fromCsv(utf8.decode(bytes))];
  } else {
    found = [fromSignedZip(name, bytes)];
  }
  const anchors = found.map((a) => toAnchor(a));
  if (!anchors.length || anchors.some((a) => a === null)) throw none();
  return anchors as AuditAnchor[];
}

function toAnchor(a: Partial<Record<keyof AuditAnchor, unknown>> | null | undefined): AuditAnchor | null {
  if (!a || typeof a !== 'object') return null;
  const count = typeof a.count === 'string' ? Number(a.count) : a.count;
  const text = ['head', 'at', 'fingerprint', 'signature'] as const;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) return null;
  if (text.some((k) => typeof a[k] !== 'string' || a[k] === '')) return null;
  const anchor: AuditAnchor = {
    count,
    head: a.head as string,
    at: a.at as string,
    fingerprint: a.fingerprint as string,
    signature: a.signature as string,
  };
  if (typeof a.issuedFor === 'string' && a.issuedFor !== '') anchor.issuedFor = a.issuedFor;
  return anchor;
}

function fromSignedZip(name: string, bytes: Uint8Array): Partial<Record<keyof AuditAnchor, unknown>> {
  let lastError: unknown;
  for (const kind of Object.keys(KIND_LABELS) as SignedKind[]) {
    try {
      const { manifest } = openSignedZip(name, bytes, kind, Number.MAX_SAFE_INTEGER);
      return manifest.anchor ?? {};
    } catch (err) {
      lastError = err;
      if (!(err instanceof FcrError) || err.code !== 'UNSUPPORTED_TYPE') throw err;
    }
  }
  throw lastError;
}

async function fromWorkbook(name: string, bytes: Uint8Array): Promise<Partial<Record<keyof AuditAnchor, unknown>>> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw new FcrError('CORRUPT_FILE', `「${name}」不是有效的 .xlsx 文件，无法读取其中的审计锚点。`);
  }
  const ws = wb.getWorksheet(ANCHOR_SHEET);
  const out: Partial<Record<keyof AuditAnchor, unknown>> = {};
  ws?.eachRow((row) => {
    const [label, value] = [row.getCell(1).value, row.getCell(2).value];
    const field = ANCHOR_FIELDS.find(([l]) => l === label);
    if (field) out[field[1]] = value;
  });
  return out;
}

/** The trailer: a row starting with 审计锚点 and its labels, then the values. */
function fromCsv(text: string): Partial<Record<keyof AuditAnchor, unknown>> {
  const lines = text.replace(/^\uFEFF/, '').split('\r\n');
  let at = lines.length - 1;
  while (at >= 0 && !lines[at]!.startsWith(`${ANCHOR_SHEET},`)) at--;
  if (at < 0 || at + 1 >= lines.length) return {};
  const labels = csvLine(lines[at]!);
  const values = csvLine(lines[at + 1]!);
  const out: Partial<Record<keyof AuditAnchor, unknown>> = {};
  labels.forEach((label, i) => {
    const field = ANCHOR_FIELDS.find(([l]) => l === label);
    // A leading apostrophe is how the ledger defuses a text a spreadsheet would run as a formula.
    if (field) out[field[1]] = (values[i] ?? '').replace(/^'(?=[=+\-@\t\r])/, '');
  });
  return out;
}

function csvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted && c === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  fields.push(field);
  return fields;
}

/**
 * The 送审材料包 for the market-regulation office (实施办法 第三十一条): one signed zip with the
 * original draft, the review opinion and the review form (.docx) and the document's ledger rows.
 * The opinion and form are the same .docx files as their own exports.
 */
import { safeFileName, type ExportedFile } from '../../../shared/export/files.js';
import { NO_ORIGINAL_NOTE, readOriginal } from '../originals.js';
import { exportForm } from './form.js';
import type { ExportDeps } from './index.js';
import { ledgerEntries, ledgerXlsx } from './ledger.js';
import { exportOpinion } from './opinion.js';
import { signedExport } from './signed-zip.js';

export const PACKAGE_SCHEMA_VERSION = 1;

export async function exportPackage(deps: ExportDeps, documentId: number): Promise<ExportedFile> {
  const doc = deps.documents.summary(documentId);
  const [opinion, form] = await Promise.all([exportOpinion(deps, documentId), exportForm(deps, documentId)]);
  const original = readOriginal(deps.db, doc.sha256);
  const fileName = `${safeFileName(doc.title)}-送审材料.zip`;
  const anchor = deps.anchor(`送审材料包「${fileName}」`);
  const files: Record<string, Uint8Array> = {
    [original ? `1-送审稿/${safeFileName(doc.fileName, '送审稿')}` : '1-送审稿/原件缺失说明.txt']:
      original ?? new TextEncoder().encode(NO_ORIGINAL_NOTE),
    [`2-审查意见/${safeFileName(opinion.fileName)}`]: opinion.bytes,
    [`3-审查表/${safeFileName(form.fileName)}`]: form.bytes,
    '4-台账/审查台账.xlsx': await ledgerXlsx(ledgerEntries(deps, [documentId]), deps.standards(), anchor),
  };
  const bytes = signedExport(deps, 'fcr-submission-package', PACKAGE_SCHEMA_VERSION, files, anchor);
  return { fileName, bytes };
}

/**
 * The 送审材料包 for the market-regulation office (实施办法 第三十一条): one signed zip with the
 * original draft, the review opinion and the review form (.docx) and the document's ledger rows.
 * The opinion and form come from the document exports registered below (the .docx writers);
 * without them the package is refused rather than sent incomplete.
 */
import { FcrError } from '../../../shared/errors.js';
import { safeFileName, type ExportedFile } from '../../../shared/export.js';
import { NO_ORIGINAL_NOTE, readOriginal } from '../originals.js';
import type { ExportDeps } from './index.js';
import { ledgerEntries, ledgerXlsx } from './ledger.js';
import { writeSignedZip } from './signed-zip.js';

export const PACKAGE_SCHEMA_VERSION = 1;

/** The .docx writers of a document's 审查意见 and 审查表. */
export interface DocumentExports {
  opinion(documentId: number): Promise<ExportedFile>;
  form(documentId: number): Promise<ExportedFile>;
}

let registered: DocumentExports | null = null;

/** Registers (or with null, removes) the opinion and form writers the package calls. */
export function registerDocumentExports(exports: DocumentExports | null): void {
  registered = exports;
}

export async function exportPackage(deps: ExportDeps, documentId: number): Promise<ExportedFile> {
  const doc = deps.documents.summary(documentId);
  if (!registered) throw new FcrError('BAD_ARGS', '本版本尚不能生成审查意见和审查表，无法制作送审材料包。');
  const [opinion, form] = await Promise.all([registered.opinion(documentId), registered.form(documentId)]);
  const original = readOriginal(deps.db, doc.sha256);
  const files: Record<string, Uint8Array> = {
    [original ? `1-送审稿/${safeFileName(doc.fileName, '送审稿')}` : '1-送审稿/原件缺失说明.txt']:
      original ?? new TextEncoder().encode(NO_ORIGINAL_NOTE),
    [`2-审查意见/${safeFileName(opinion.fileName)}`]: opinion.bytes,
    [`3-审查表/${safeFileName(form.fileName)}`]: form.bytes,
    '4-台账/审查台账.xlsx': await ledgerXlsx(ledgerEntries(deps, [documentId]), deps.standards()),
  };
  const bytes = writeSignedZip(
    {
      kind: 'fcr-submission-package',
      schemaVersion: PACKAGE_SCHEMA_VERSION,
      app: deps.appVersion,
      createdAt: new Date().toISOString(),
    },
    files,
    deps.key(),
    { unit: deps.settings.get('unit'), reviewer: deps.settings.get('reviewer') },
  );
  return { fileName: `${safeFileName(doc.title)}-送审材料.zip`, bytes };
}

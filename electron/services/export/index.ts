/**
 * The data exports (issue 10): ledgers, review bundles (export and import) and the material
 * package. Each returns a file for the adapter to save or download.
 */
import type { ArgsOf } from '../../../shared/api.js';
import { FcrError } from '../../../shared/errors.js';
import {
  LEDGER_SHEET_NAMES,
  safeFileName,
  type BundleImportResult,
  type ExportedFile,
} from '../../../shared/export/files.js';
import type { Standard } from '../../../shared/rules/types.js';
import type { AuditAnchor } from '../../../shared/types.js';
import { issueAnchor } from '../audit.js';
import { fflate } from '../lazy.js';
import type { Db } from '../db.js';
import type { DocumentService } from '../documents.js';
import { dataFolderKey, type SigningKey } from '../keys.js';
import type { LibraryService } from '../library.js';
import type { ReviewService } from '../reviews.js';
import type { SettingsStore } from '../settings.js';
import type { BatchService } from '../batches.js';
import type { EvaluationService } from '../evaluations.js';
import { exportBundle, importBundle } from './bundle.js';
import { exportEvaluationPapers, exportEvaluationReport } from './evaluation.js';
import { exportForm } from './form.js';
import { ledgerCsv, ledgerEntries, ledgerXlsx } from './ledger.js';
import { exportOpinion } from './opinion.js';
import { exportPackage } from './package.js';

export interface ExportDeps {
  db: Db;
  documents: DocumentService;
  reviews: ReviewService;
  library: LibraryService;
  settings: SettingsStore;
  actor(): string;
  appVersion: string;
  /** The data folder's signing key (made on first use). */
  key(): SigningKey;
  /** Signs and keeps the audit chain's head, to hand out with the export named. */
  anchor(issuedFor: string): AuditAnchor;
  standards(): readonly Standard[];
}

export class ExportService {
  private readonly deps: ExportDeps;

  constructor(deps: Omit<ExportDeps, 'key' | 'anchor'>, dataDir: string) {
    let key: SigningKey | null = null;
    this.deps = {
      ...deps,
      key: () => (key ??= dataFolderKey(dataDir)),
      anchor: (issuedFor) => issueAnchor(deps.db, dataDir, issuedFor),
    };
  }

  async ledger({ documentIds, format, sheet = 'reviews' }: ArgsOf<'exportLedger'>): Promise<ExportedFile> {
    const entries = ledgerEntries(this.deps, documentIds);
    const date = new Date().toISOString().slice(0, 10);
    if (format === 'xlsx') {
      const fileName = `公平竞争审查台账-${date}.xlsx`;
      const anchor = this.deps.anchor(`台账「${fileName}」`);
      return { fileName, bytes: await ledgerXlsx(entries, this.deps.standards(), anchor) };
    }
    const fileName = `公平竞争${LEDGER_SHEET_NAMES[sheet]}-${date}.csv`;
    const anchor = this.deps.anchor(`台账「${fileName}」`);
    return { fileName, bytes: ledgerCsv(sheet, entries, this.deps.standards(), anchor) };
  }

  bundle(documentId: number): ExportedFile {
    return exportBundle(this.deps, documentId);
  }

  /** `onStored` runs inside the import's transaction with the new document's id. */
  importBundle({ name, bytes }: ArgsOf<'importBundle'>, onStored?: (id: number) => void): BundleImportResult {
    return importBundle(this.deps, name, bytes, onStored);
  }

  opinion(documentId: number): Promise<ExportedFile> {
    return exportOpinion(this.deps, documentId);
  }

  form(documentId: number): Promise<ExportedFile> {
    return exportForm(this.deps, documentId);
  }

  /** Several documents' 审查意见 as one .zip (a library selection), one .docx each. */
  async opinions({ documentIds }: ArgsOf<'exportOpinions'>): Promise<ExportedFile> {
    if (!documentIds.length) throw new FcrError('BAD_ARGS', '请至少选择一份文档。');
    const files: Record<string, Uint8Array> = {};
    for (const id of documentIds) {
      const opinion = await exportOpinion(this.deps, id);
      // Two documents may share a title: the id keeps every file name distinct.
      files[`${id}-${safeFileName(opinion.fileName)}`] = opinion.bytes;
    }
    const date = new Date().toISOString().slice(0, 10);
    return { fileName: `审查意见-${documentIds.length}份-${date}.zip`, bytes: fflate().zipSync(files, { level: 6 }) };
  }

  package(documentId: number): Promise<ExportedFile> {
    return exportPackage(this.deps, documentId);
  }

  /** A batch's third-party evaluation report (.docx) or working papers (.zip). */
  evaluation(
    what: 'report' | 'papers',
    batchId: number,
    services: { batches: BatchService; evaluations: EvaluationService },
  ): Promise<ExportedFile> {
    const deps = { ...this.deps, ...services };
    return what === 'report' ? exportEvaluationReport(deps, batchId) : exportEvaluationPapers(deps, batchId);
  }
}

/** What the data exports exchange through the API: files, and what importing a bundle did. */
import type { LibraryEntry } from '../review/types.js';

/** A file made for the user to save: its suggested name and its bytes. */
export interface ExportedFile {
  fileName: string;
  bytes: Uint8Array;
}

/** Who signed a bundle: the unit and reviewer named in its settings and its key's fingerprint. */
export interface BundleSigner {
  unit: string;
  reviewer: string;
  fingerprint: string;
}

export interface BundleImportResult {
  document: LibraryEntry;
  /** True when this bundle was already imported: nothing was written. */
  duplicate: boolean;
  signer: BundleSigner;
  signedAt: string;
  /** sha256 of the bundle's content, the same whichever data folder exported it. */
  contentHash: string;
  /** False when the sender's library had no original file for the document. */
  originalIncluded: boolean;
}

/** The two ledgers (台账); a .csv holds one of them, an .xlsx both as sheets. */
export type LedgerSheet = 'reviews' | 'findings';
export const LEDGER_SHEET_NAMES: Record<LedgerSheet, string> = {
  reviews: '审查台账',
  findings: '问题台账',
};

/** A title made safe as a file name on Windows, macOS and Linux (at most 60 characters). */
export function safeFileName(title: string, fallback = '文档'): string {
  const clean = [...title]
    .map((c) => (c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 ? '_' : c))
    .join('')
    .replace(/[\\/:*?"<>|]+/g, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 60);
  return clean || fallback;
}

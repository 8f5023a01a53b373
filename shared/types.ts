/** Domain types exchanged through the API contract. */

export type DocumentType = 'txt' | 'docx' | 'pdf' | 'ofd' | 'html';

export interface DocumentSummary {
  id: number;
  title: string;
  fileName: string;
  type: DocumentType;
  size: number;
  sha256: string;
  encoding: string | null;
  importedAt: string;
  chars: number;
}

export interface DocumentDetail extends DocumentSummary {
  text: string;
}

export interface ImportResult {
  document: DocumentSummary;
  /** True when a file with the same content was already stored; nothing new was written. */
  duplicate: boolean;
}

export interface AppInfo {
  name: string;
  version: string;
  dataDir: string;
  schemaVersion: number;
}

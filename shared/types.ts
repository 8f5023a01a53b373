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

/** Structural level of a clause in Chinese drafting conventions. */
export type ClauseKind =
  | 'part' // 第X编
  | 'chapter' // 第X章
  | 'section' // 第X节
  | 'article' // 第X条
  | 'paragraph' // 款 (a paragraph within an article)
  | 'item' // 项 （一）
  | 'subitem' // 目 1.
  | 'heading1' // plan style 一、
  | 'heading2' // （一）
  | 'heading3' // 1.
  | 'heading4' // （1）
  | 'heading5' // ①
  | 'preamble' // text before the first numbered unit
  | 'body'; // an unnumbered paragraph

/** A node of the clause tree. Spans are char offsets [start, end) into the normalised text. */
export interface ClauseNode {
  /** Stable id within the document, derived from the clause's structural path (e.g. "c3.a12.p2"). */
  id: string;
  kind: ClauseKind;
  /** The clause's own number as written, e.g. "第十二条", "（一）", "2." */
  number: string;
  /** Full citation label, e.g. "第三章 第十二条 第二款 第（一）项" or "二、（三）2." */
  label: string;
  start: number;
  end: number;
  children: ClauseNode[];
}

/** Domain types exchanged through the API contract. */
import type { Block } from './document.js';
import type { Category, Level } from './rules/types.js';

export type { Block, SourceLocation } from './document.js';

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
  /** 文号, e.g. "伊州市监发〔2022〕15号" (guessed at import). */
  docNumber: string | null;
  /** Issuing body (guessed at import). */
  issuer: string | null;
  /** Date of the document, YYYY-MM-DD (guessed at import). */
  docDate: string | null;
  /** Page count for paged formats (pdf, ofd). */
  pages: number | null;
}

export interface DocumentDetail extends DocumentSummary {
  text: string;
  /** The clause tree over `text`. */
  clauses: ClauseNode[];
  /** The blocks of `text` with their source locations (empty for documents imported before v0.2). */
  blocks: Block[];
}

export interface ImportResult {
  document: DocumentSummary;
  /** True when a file with the same content was already stored; nothing new was written. */
  duplicate: boolean;
  /** Non-fatal notes about the import (e.g. pages without a text layer), in Chinese. */
  warnings?: string[];
  /**
   * Live documents with the same text up to layout (the same measure in another format or
   * file); absent when there are none.
   */
  sameAs?: SameDocument[];
}

/** A document named as having the same text as another. */
export interface SameDocument {
  id: number;
  title: string;
  fileName: string;
  type: DocumentType;
}

export interface AppInfo {
  name: string;
  version: string;
  dataDir: string;
  schemaVersion: number;
  /** Version (hash) of the loaded standards and rules. */
  rulesetVersion: string;
}

/** A deployment's setting for one rule: a level other than the rule file's, or off. */
export type RuleSettingValue = Level | 'off';

/** One rule as the settings page lists it. */
export interface RuleSettingsRule {
  id: string;
  standard: string;
  category: Category;
  /** The level the rule file gives it. */
  level: Level;
  message: string;
  /** The rule file it comes from (e.g. rules/entry_exit.yaml). */
  file: string;
  /** The deployment's setting; null: as the rule file says. */
  setting: RuleSettingValue | null;
}

/** The data folder's rule settings (rules.config.yaml) and every rule they can apply to. */
export interface RuleSettings {
  /** Where the settings are kept. */
  file: string;
  exists: boolean;
  /** Why the file as it stands cannot be used (shown; saving replaces it); null when it can. */
  problem: string | null;
  /** Version of the rule set in force (settings included). */
  rulesetVersion: string;
  rules: RuleSettingsRule[];
  /** The deployment's own place names, added to the gazetteer. */
  places: string[];
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

/** The audit chain's head, signed with the data folder's Ed25519 key. */
export interface AuditAnchor {
  count: number;
  head: string;
  at: string;
  /** SHA-256 of the signing public key. */
  fingerprint: string;
  signature: string;
  /** What the anchor was handed out with (a bundle, a ledger, a backup); covered by the signature. */
  issuedFor?: string;
}

/** What audit verification found: `problem` names the first broken entry, in Chinese. */
export interface AuditReport {
  ok: boolean;
  count: number;
  head: string;
  brokenId: number | null;
  problem: string | null;
  problems: string[];
  anchorsChecked: number;
  checkedAt: string;
}

export interface BackupInfo {
  name: string;
  path: string;
  kind: 'daily' | 'manual' | 'pre-migration' | 'export';
  createdAt: string;
  size: number;
}

export interface TrustStatus {
  /** Null while the start-up check is still running. */
  audit: AuditReport | null;
  latestBackup: BackupInfo | null;
}

export interface RestoreResult {
  restored: string;
  /** Where the database it replaced was kept. */
  replacedAs: string;
  audit: AuditReport;
}

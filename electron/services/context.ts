/** What every service shares: the store, the rule set (loaded on first use) and who is acting. */
import type { Db } from './db.js';
import type { LoadedRules } from './rules.js';

export interface ServiceContext {
  db: Db;
  rules(): LoadedRules;
  /** The reviewer named in the settings, for the audit log. */
  actor(): string;
  /** The region an issuing body names (shared/region.ts), null when it names none. */
  regionOf(issuer: string | null | undefined): string | null;
  /** Most rule findings stored for one document (default: DEFAULT_LIMITS.maxFindings). */
  maxFindings?: number;
}

/** The audit subject of everything about a document: the history survives rescans. */
export const documentSubject = (documentId: number): string => `document:${documentId}`;

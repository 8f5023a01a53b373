/** What the review API exchanges: stored findings with dispositions, the review and its state. */
import type { Category, ExceptionGround, Finding, Level, Standard } from '../rules/types.js';
import type { DocumentSummary } from '../types.js';
import type { ChecklistItem, Conclusion, Consultation, Disposition } from './model.js';

export type ReviewStatus = 'draft' | 'final';

export interface StoredFinding extends Finding {
  id: number;
  documentId: number;
  /** Added by the reviewer (rule "manual"), not by a rule. */
  manual: boolean;
  /** The reviewer's note on a manual finding. */
  note: string;
  rulesetVersion: string;
  /** Hash of the clause's normalised text: with the rule, the key dispositions are kept under. */
  clauseHash: string;
  disposition: Disposition | null;
  dispositionReason: string;
}

export interface ReviewRecord {
  id: number;
  documentId: number;
  revision: number;
  status: ReviewStatus;
  conclusion: Conclusion | null;
  reviewer: string;
  unit: string;
  consultation: Consultation;
  opinion: string;
  createdAt: string;
  updatedAt: string;
  finalizedAt: string | null;
}

export interface RevisionSummary {
  id: number;
  revision: number;
  status: ReviewStatus;
  conclusion: Conclusion | null;
  reviewer: string;
  createdAt: string;
  finalizedAt: string | null;
}

export interface HistoryEntry {
  at: string;
  actor: string;
  action: string;
  detail: string | null;
}

export interface ReviewState {
  review: ReviewRecord;
  findings: StoredFinding[];
  checklist: ChecklistItem[];
  suggestedConclusion: Conclusion | null;
  /** What still stops finalising, in Chinese; empty when it can be finalised. */
  problems: string[];
  revisions: RevisionSummary[];
  /** The rule set the findings were computed with, and the app's current one. */
  findingsRulesetVersion: string | null;
  currentRulesetVersion: string;
}

export interface StandardsCatalog {
  rulesetVersion: string;
  standards: Standard[];
  grounds: ExceptionGround[];
}

export interface FindingCounts {
  strong: number;
  weak: number;
  open: number;
}

/** A document as the library lists it: its metadata with the state of its review. */
export interface LibraryEntry extends DocumentSummary {
  reviewStatus: 'unreviewed' | ReviewStatus;
  conclusion: Conclusion | null;
  strong: number;
  weak: number;
  /** Findings without a disposition. */
  open: number;
  updatedAt: string;
  deletedAt: string | null;
}

export interface SearchResult {
  documentId: number;
  title: string;
  start: number;
  end: number;
  before: string;
  match: string;
  after: string;
  clauseId: string | null;
  clauseLabel: string | null;
  /** The level of the strongest finding overlapping the match, if any. */
  findingLevel: Level | null;
}

export interface Settings {
  reviewer: string;
  unit: string;
}

export type { Category, Level };

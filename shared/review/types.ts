/** What the review API exchanges: stored findings with dispositions, the review and its state. */
import type { Category, ExceptionGround, Finding, Level, Standard } from '../rules/types.js';
import type { ClauseNode, DocumentSummary, DocumentType } from '../types.js';
import type { ChecklistItem, Conclusion, Consultation, Disposition, ReviewDetails } from './model.js';
import type { RevisionComparison } from './revision.js';

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
  /** 0 while the review has not started: nothing is stored until the reviewer first acts. */
  id: number;
  documentId: number;
  revision: number;
  status: ReviewStatus;
  conclusion: Conclusion | null;
  reviewer: string;
  unit: string;
  consultation: Consultation;
  opinion: string;
  /** The form's fields: 行业领域, 性质, contacts, expert input, remarks. */
  details: ReviewDetails;
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
  /** The stored detail (JSON text). */
  detail: string | null;
  /** What happened, in words a reviewer reads: clause, standard cited, decision before → after, reason. */
  summary: string;
}

export interface ReviewState {
  review: ReviewRecord;
  findings: StoredFinding[];
  checklist: ChecklistItem[];
  suggestedConclusion: Conclusion | null;
  /** What still stops finalising, in Chinese; empty when it can be finalised. */
  problems: string[];
  revisions: RevisionSummary[];
  /** The rule set the document was last scanned with (null: not known), and the app's current one. */
  findingsRulesetVersion: string | null;
  currentRulesetVersion: string;
  /** True when the document was scanned with an older rule set: a rescan may change the findings. */
  scannedWithOlderRules: boolean;
  /** What the current revision's revised draft (修改稿) changed; null when it has none. */
  comparison: RevisionRecordComparison | null;
}

/** What a revision that took a revised draft changed, as stored with that revision. */
export interface RevisionRecordComparison extends RevisionComparison {
  fromRevision: number;
  revision: number;
  fileBefore: string;
  fileAfter: string;
  /** "已解决 N、仍存在 M、新增 K". */
  summary: string;
}

/** The text and findings of one revision: earlier revisions' texts are kept when a revised draft replaces them. */
export interface RevisionDocument {
  documentId: number;
  revision: number;
  fileName: string;
  type: DocumentType;
  text: string;
  clauses: ClauseNode[];
  /** The findings with that revision's decisions. */
  findings: StoredFinding[];
}

/** What a rescan changed, finding by finding (matched by rule and clause text). */
export interface RescanChanges {
  rulesetFrom: string | null;
  rulesetTo: string;
  added: number;
  gone: number;
  kept: number;
  /** Of the kept findings, how many keep a reviewer's decision. */
  keptWithDecision: number;
  /** The change in words, e.g. "新增 2 处，消失 1 处，保留 5 处（其中 3 处保留处理意见）". */
  summary: string;
}

export interface RescanResult extends ReviewState {
  changes: RescanChanges;
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
  /** The unit's own contact and phone: defaults for the 审查机构 of a new review. */
  contact: string;
  phone: string;
}

export type { Category, Level };

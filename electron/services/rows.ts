/**
 * The one place where stored rows (snake_case columns) become the objects the API exchanges.
 * Every service reads rows with these types and maps them with these functions.
 */
import type { Block, BlockKind } from '../../shared/document.js';
import type {
  ChecklistAnswer,
  ChecklistItem,
  Conclusion,
  Consultation,
  Disposition,
  ExceptionStatement,
  ReviewDetails,
} from '../../shared/review/model.js';
import { EMPTY_DETAILS } from '../../shared/review/model.js';
import type { ReviewRecord, RevisionSummary, StoredFinding } from '../../shared/review/types.js';
import type { Category } from '../../shared/rules/types.js';
import type { ClauseKind, ClauseNode, DocumentSummary, DocumentType } from '../../shared/types.js';

export const EMPTY_CONSULTATION: Consultation = {
  stakeholders: false,
  publicComment: false,
  details: '',
  notDoneReason: '',
};

/** Columns of a document summary (the text is read only where it is needed). */
export const SUMMARY_COLUMNS =
  'id, title, file_name, sha256, size, type, encoding, imported_at, length(text) AS chars, doc_number, issuer, doc_date, pages';

export interface DocumentRow {
  id: number;
  title: string;
  file_name: string;
  sha256: string;
  size: number;
  type: DocumentType;
  encoding: string | null;
  imported_at: string;
  chars: number;
  doc_number: string | null;
  issuer: string | null;
  doc_date: string | null;
  pages: number | null;
  text?: string;
}

export function toSummary(r: DocumentRow): DocumentSummary {
  return {
    id: r.id,
    title: r.title,
    fileName: r.file_name,
    type: r.type,
    size: r.size,
    sha256: r.sha256,
    encoding: r.encoding,
    importedAt: r.imported_at,
    chars: r.chars,
    docNumber: r.doc_number ?? null,
    issuer: r.issuer ?? null,
    docDate: r.doc_date ?? null,
    pages: r.pages ?? null,
  };
}

export interface BlockRow {
  seq: number;
  kind: BlockKind;
  start_offset: number;
  end_offset: number;
  level: number | null;
  style: string | null;
  page: number | null;
  paragraph: number | null;
  table_index: number | null;
  row_index: number | null;
  col_index: number | null;
  line: number | null;
}

export function toBlock(r: BlockRow, text: string): Block {
  const b: Block = {
    kind: r.kind,
    text: text.slice(r.start_offset, r.end_offset),
    start: r.start_offset,
    end: r.end_offset,
    source: {},
  };
  if (r.level !== null) b.level = r.level;
  if (r.style !== null) b.style = r.style;
  if (r.page !== null) b.source.page = r.page;
  if (r.paragraph !== null) b.source.paragraph = r.paragraph;
  if (r.table_index !== null) b.source.table = r.table_index;
  if (r.row_index !== null) b.source.row = r.row_index;
  if (r.col_index !== null) b.source.col = r.col_index;
  if (r.line !== null) b.source.line = r.line;
  return b;
}

export interface ClauseRow {
  seq: number;
  clause_id: string;
  parent_seq: number | null;
  kind: ClauseKind;
  number: string;
  label: string;
  start_offset: number;
  end_offset: number;
}

/** Rebuilds the clause tree from its rows (in seq order, parents before children). */
export function toClauseTree(rows: readonly ClauseRow[]): ClauseNode[] {
  const bySeq = new Map<number, ClauseNode>();
  const roots: ClauseNode[] = [];
  for (const r of rows) {
    const node: ClauseNode = {
      id: r.clause_id,
      kind: r.kind,
      number: r.number,
      label: r.label,
      start: r.start_offset,
      end: r.end_offset,
      children: [],
    };
    bySeq.set(r.seq, node);
    const parent = r.parent_seq === null ? undefined : bySeq.get(r.parent_seq);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

export interface ReviewRow {
  id: number;
  document_id: number;
  revision: number;
  status: 'draft' | 'final';
  conclusion: Conclusion | null;
  reviewer: string;
  unit: string;
  consultation: string;
  opinion: string;
  details: string;
  created_at: string;
  updated_at: string;
  finalized_at: string | null;
}

export function toReview(r: ReviewRow): ReviewRecord {
  return {
    id: r.id,
    documentId: r.document_id,
    revision: r.revision,
    status: r.status,
    conclusion: r.conclusion,
    reviewer: r.reviewer,
    unit: r.unit,
    consultation: { ...EMPTY_CONSULTATION, ...(JSON.parse(r.consultation) as Partial<Consultation>) },
    opinion: r.opinion,
    details: { ...EMPTY_DETAILS, ...(JSON.parse(r.details || '{}') as Partial<ReviewDetails>) },
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    finalizedAt: r.finalized_at,
  };
}

export function toRevision(r: ReviewRow): RevisionSummary {
  return {
    id: r.id,
    revision: r.revision,
    status: r.status,
    conclusion: r.conclusion,
    reviewer: r.reviewer,
    createdAt: r.created_at,
    finalizedAt: r.finalized_at,
  };
}

export interface FindingRow {
  id: number;
  document_id: number;
  rule_id: string;
  standard_id: string;
  category: Category;
  level: 'strong' | 'weak';
  start_offset: number;
  end_offset: number;
  clause_id: string;
  clause_label: string;
  clause_hash: string;
  matched_text: string;
  message: string;
  suggestion: string;
  basis: string;
  ruleset_version: string;
  manual: number;
  note: string;
  /** From the join with the review's dispositions. */
  disposition?: Disposition | null;
  reason?: string | null;
}

export function toFinding(r: FindingRow): StoredFinding {
  return {
    rule: r.rule_id,
    standard: r.standard_id,
    category: r.category,
    level: r.level,
    start: r.start_offset,
    end: r.end_offset,
    text: r.matched_text,
    clause: r.clause_label,
    clauseId: r.clause_id,
    message: r.message,
    suggestion: r.suggestion,
    basis: r.basis,
    id: r.id,
    documentId: r.document_id,
    manual: r.manual === 1,
    note: r.note,
    rulesetVersion: r.ruleset_version,
    clauseHash: r.clause_hash,
    disposition: r.disposition ?? null,
    dispositionReason: r.reason ?? '',
  };
}

export interface ChecklistRow {
  standard_id: string;
  category: Category;
  answer: ChecklistAnswer;
  note: string;
  exception: string | null;
}

export function toChecklistItem(r: ChecklistRow): ChecklistItem {
  return {
    standardId: r.standard_id,
    category: r.category,
    answer: r.answer,
    note: r.note,
    clauseIds: [],
    exception: r.exception ? (JSON.parse(r.exception) as ExceptionStatement) : null,
    derived: false,
  };
}

/**
 * A document's history: every audit entry about it, in order. Entries are keyed by document
 * (`document:N`); entries written under a finding's or review's id before that (older databases)
 * are found through the audit_subjects lookup built by migration 4, which also keeps each such
 * finding's clause and standard to describe its entries. A document received in a review bundle
 * starts with the entries the bundle carried from the sending folder.
 */
import { auditSummary } from '../../shared/review/history.js';
import type { HistoryEntry } from '../../shared/review/types.js';
import { documentSubject } from './context.js';
import type { Db } from './db.js';
import type { FindingStore } from './findings.js';
import type { FindingRow } from './rows.js';

export function documentHistory(db: Db, findings: FindingStore, documentId: number): HistoryEntry[] {
  const rows = db
    .prepare(
      `SELECT a.at, a.actor, a.action, a.detail, s.clause_label, s.rule_id, s.standard_id FROM audit_log a
         LEFT JOIN audit_subjects s ON s.subject = a.subject
        WHERE a.subject IN (SELECT ? UNION ALL SELECT subject FROM audit_subjects WHERE document_id = ?)
        ORDER BY a.id`,
    )
    .all(documentSubject(documentId), documentId) as (Omit<HistoryEntry, 'summary'> &
    Partial<Pick<FindingRow, 'clause_label' | 'rule_id' | 'standard_id'>>)[];
  const own = rows.map(({ clause_label, rule_id, standard_id, ...r }) => {
    let detail = r.detail;
    if (clause_label != null && rule_id != null && standard_id != null) {
      const words = findings.words({ clause_label, rule_id, standard_id });
      detail = JSON.stringify({ ...words, ...(JSON.parse(detail ?? '{}') as object) });
    }
    return { ...r, summary: auditSummary(r.action, detail) };
  });
  return [...receivedHistory(db, documentId), ...own];
}

/** The entries a received review bundle carried from the sending data folder, marked as such. */
function receivedHistory(db: Db, documentId: number): HistoryEntry[] {
  const row = db.prepare('SELECT audit FROM received_bundles WHERE document_id = ?').get(documentId) as
    { audit: string } | undefined;
  const carried = row ? (JSON.parse(row.audit) as Omit<HistoryEntry, 'summary'>[]) : [];
  return carried.map(({ at, actor, action, detail }) => ({
    at,
    actor,
    action,
    detail,
    summary: `［发送方］${auditSummary(action, detail)}`,
  }));
}

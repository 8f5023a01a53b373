/**
 * A document's history: every audit entry about it, in order. Entries are keyed by document
 * (`document:N`); entries written under a finding's or review's id before that (older databases)
 * are found through the audit_subjects lookup built by migration 4, and a legacy finding entry
 * whose finding still exists is described with that finding's clause and standard.
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
      `SELECT a.at, a.actor, a.action, a.subject, a.detail FROM audit_log a
        WHERE a.subject = ? OR a.subject IN (SELECT subject FROM audit_subjects WHERE document_id = ?)
        ORDER BY a.id`,
    )
    .all(documentSubject(documentId), documentId) as (Omit<HistoryEntry, 'summary'> & { subject: string })[];
  const finding = db.prepare('SELECT clause_label, rule_id, standard_id FROM findings WHERE id = ?');
  return rows.map(({ subject, ...r }) => {
    let detail = r.detail;
    const legacy = /^finding:(\d+)$/.exec(subject);
    const row = legacy ? (finding.get(Number(legacy[1])) as FindingRow | undefined) : undefined;
    if (row) detail = JSON.stringify({ ...findings.words(row), ...(JSON.parse(detail ?? '{}') as object) });
    return { ...r, summary: auditSummary(r.action, detail) };
  });
}

/** The checklist answers and the conclusion of a review revision (storage only; the review service audits). */
import type { ArgsOf } from '../../shared/api.js';
import type { ChecklistAnswer, ChecklistItem, ExceptionStatement } from '../../shared/review/model.js';
import type { Category } from '../../shared/rules/types.js';
import type { Db } from './db.js';
import { toChecklistItem, type ChecklistRow } from './rows.js';

export interface AnswerInput {
  standardId: string;
  category: Category;
  answer: ChecklistAnswer;
  note: string;
  exception: ExceptionStatement | null;
}

export class ChecklistStore {
  constructor(private readonly db: Db) {}

  /** The answers saved for a review (none for a review not started). */
  saved(reviewId: number | null): ChecklistItem[] {
    if (reviewId === null) return [];
    const rows = this.db.prepare('SELECT * FROM checklist_answers WHERE review_id = ?').all(reviewId) as ChecklistRow[];
    return rows.map(toChecklistItem);
  }

  answer(reviewId: number, standardId: string, category: Category): ChecklistAnswer | null {
    const row = this.db
      .prepare('SELECT answer FROM checklist_answers WHERE review_id = ? AND standard_id = ? AND category = ?')
      .get(reviewId, standardId, category) as { answer: ChecklistAnswer } | undefined;
    return row?.answer ?? null;
  }

  /** Inserts or replaces one answer. */
  put(reviewId: number, item: AnswerInput): void {
    this.db
      .prepare(
        `INSERT INTO checklist_answers (review_id, standard_id, category, answer, note, exception, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (review_id, standard_id, category) DO UPDATE SET answer = excluded.answer, note = excluded.note,
           exception = excluded.exception, updated_at = excluded.updated_at`,
      )
      .run(
        reviewId,
        item.standardId,
        item.category,
        item.answer,
        item.note,
        item.exception ? JSON.stringify(item.exception) : null,
        new Date().toISOString(),
      );
  }

  clear(reviewId: number, standardId: string, category: Category): void {
    this.db
      .prepare('DELETE FROM checklist_answers WHERE review_id = ? AND standard_id = ? AND category = ?')
      .run(reviewId, standardId, category);
  }

  saveConclusion(reviewId: number, input: Omit<ArgsOf<'saveConclusion'>, 'documentId'>): void {
    this.db
      .prepare(
        `UPDATE reviews SET conclusion = ?, reviewer = ?, unit = ?, consultation = ?, opinion = ?,
           details = COALESCE(?, details), updated_at = ? WHERE id = ?`,
      )
      .run(
        input.conclusion,
        input.reviewer.trim(),
        input.unit.trim(),
        JSON.stringify(input.consultation),
        input.opinion,
        input.details ? JSON.stringify(input.details) : null,
        new Date().toISOString(),
        reviewId,
      );
  }
}

/**
 * Finding storage: a document's rule findings (replaced by each scan; manual ones stay), manual
 * findings, counts, and what a rescan changed. Dispositions are kept under rule + clause-text
 * hash, not under the finding's id, so they re-attach after a rescan.
 */
import { createHash } from 'node:crypto';
import { FcrError } from '../../shared/errors.js';
import { stripWhitespace } from '../../shared/normalize/index.js';
import { standardWords, type StandardWords } from '../../shared/review/history.js';
import type { FindingCounts, StoredFinding } from '../../shared/review/types.js';
import type { RuleSet } from '../../shared/rules/compile.js';
import type { Finding, ScanUnit, Standard } from '../../shared/rules/types.js';
import type { ClauseNode } from '../../shared/types.js';
import type { ServiceContext } from './context.js';
import { cached } from './db.js';
import { count, DEFAULT_LIMITS } from './import/limits.js';
import { toFinding, type FindingRow } from './rows.js';
import { scanDocumentText } from './rules.js';

/** Hash of a clause's text with whitespace removed: stable across re-imports and re-scans. */
export function clauseHash(text: string): string {
  return createHash('sha256').update(stripWhitespace(text)).digest('hex').slice(0, 20);
}

/** A finding as the audit log names it: its clause, rule and the standard in words. */
export interface FindingWords extends Partial<StandardWords> {
  clause: string;
  rule: string;
}

/** What replacing a document's rule findings changed. */
export interface ScanDiff {
  rulesetFrom: string | null;
  rulesetTo: string;
  added: FindingWords[];
  gone: FindingWords[];
  kept: number;
  keptWithDecision: number;
}

/** A scan computed outside the write transaction. */
export interface ComputedScan {
  version: string;
  rows: { finding: Finding; hash: string }[];
}

/** Runs the rules over a document's text (no writes; also used by the import workers). */
export function computeScan(ruleSet: RuleSet, text: string, clauses?: readonly ClauseNode[]): ComputedScan {
  const { findings, units } = scanDocumentText(text, ruleSet, clauses);
  const byUnit = new Map<string, ScanUnit>(units.map((u) => [u.id, u]));
  return {
    version: ruleSet.version,
    rows: findings.map((f) => {
      const unit = byUnit.get(f.clauseId);
      return { finding: f, hash: clauseHash(unit ? text.slice(unit.start, unit.end) : f.text) };
    }),
  };
}

const keyOf = (rule: string, hash: string): string => `${rule}\0${hash}`;

/**
 * Refuses a scan with more findings than a document may store (issue 13: a crafted 3.6 MB text
 * gave 240,000 findings and a 159 MB database). Nothing of the document is stored then: on import
 * the file is refused, on a rescan the findings already stored stay.
 */
export function checkFindingCount(fileName: string, found: number, max: number, importing: boolean): void {
  if (found <= max) return;
  throw new FcrError(
    'TOO_LARGE',
    `「${fileName}」扫描出 ${count(found)} 条问题，超过上限（每份文件 ${count(max)} 条），` +
      (importing ? '已拒绝导入。' : '扫描结果未保存，原有结果保持不变。') +
      '文件内容可能异常（如大量重复的条文），请检查或拆分后再导入。',
  );
}

export class FindingStore {
  constructor(private readonly ctx: ServiceContext) {}

  /** Runs the rules over a document's text (no writes). */
  compute(text: string, clauses?: readonly ClauseNode[]): ComputedScan {
    return computeScan(this.ctx.rules().ruleSet, text, clauses);
  }

  /** A scan computed elsewhere (an import worker) if it used the current rules, else one computed now. */
  current(scan: ComputedScan | undefined, text: string, clauses?: readonly ClauseNode[]): ComputedScan {
    return scan && scan.version === this.ctx.rules().ruleSet.version ? scan : this.compute(text, clauses);
  }

  /**
   * Replaces the document's rule findings with a computed scan and records the rule-set version
   * on the document; returns what changed, counting decisions of review `reviewId`. Call inside
   * the caller's transaction.
   */
  replace(documentId: number, scan: ComputedScan, reviewId: number | null, importing = false): ScanDiff {
    const db = this.ctx.db;
    const max = this.ctx.maxFindings ?? DEFAULT_LIMITS.maxFindings;
    if (scan.rows.length > max) {
      const row = cached(db, 'SELECT file_name FROM documents WHERE id = ?').get(documentId) as
        { file_name: string } | undefined;
      checkFindingCount(row?.file_name ?? `文档 ${documentId}`, scan.rows.length, max, importing);
    }
    const before = cached(
      db,
      'SELECT rule_id, standard_id, clause_label, clause_hash FROM findings WHERE document_id = ? AND manual = 0',
    ).all(documentId) as Pick<FindingRow, 'rule_id' | 'standard_id' | 'clause_label' | 'clause_hash'>[];
    const from = cached(db, 'SELECT ruleset_version FROM documents WHERE id = ?').get(documentId) as
      { ruleset_version: string | null } | undefined;
    const decided = new Set(
      (
        cached(db, 'SELECT rule_id, clause_hash FROM dispositions WHERE review_id = ?').all(reviewId ?? 0) as {
          rule_id: string;
          clause_hash: string;
        }[]
      ).map((d) => keyOf(d.rule_id, d.clause_hash)),
    );
    const old = new Map<string, number>();
    for (const b of before)
      old.set(keyOf(b.rule_id, b.clause_hash), (old.get(keyOf(b.rule_id, b.clause_hash)) ?? 0) + 1);
    const standards = new Map(this.ctx.rules().standards.map((s) => [s.id, s]));
    const diff: ScanDiff = {
      rulesetFrom: from?.ruleset_version ?? null,
      rulesetTo: scan.version,
      added: [],
      gone: [],
      kept: 0,
      keptWithDecision: 0,
    };
    for (const { finding: f, hash } of scan.rows) {
      const key = keyOf(f.rule, hash);
      const left = old.get(key) ?? 0;
      if (left > 0) {
        old.set(key, left - 1);
        diff.kept++;
        if (decided.has(key)) diff.keptWithDecision++;
      } else {
        diff.added.push(wordsOf(f.clause, f.rule, standards.get(f.standard), f.standard));
      }
    }
    for (const b of before) {
      const key = keyOf(b.rule_id, b.clause_hash);
      const left = old.get(key) ?? 0;
      if (left > 0) {
        old.set(key, left - 1);
        diff.gone.push(wordsOf(b.clause_label, b.rule_id, standards.get(b.standard_id), b.standard_id));
      }
    }

    const now = new Date().toISOString();
    cached(db, 'DELETE FROM findings WHERE document_id = ? AND manual = 0').run(documentId);
    const insert = cached(
      db,
      `INSERT INTO findings (document_id, rule_id, standard_id, category, level, start_offset, end_offset, clause_id,
         clause_label, clause_hash, matched_text, message, suggestion, basis, ruleset_version, manual, note, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '', ?)`,
    );
    for (const { finding: f, hash } of scan.rows) {
      insert.run(
        documentId,
        f.rule,
        f.standard,
        f.category,
        f.level,
        f.start,
        f.end,
        f.clauseId,
        f.clause,
        hash,
        f.text,
        f.message,
        f.suggestion,
        f.basis,
        scan.version,
        now,
      );
    }
    cached(db, 'UPDATE documents SET ruleset_version = ?, updated_at = ? WHERE id = ?').run(
      scan.version,
      now,
      documentId,
    );
    return diff;
  }

  /** The rule-set version the document was last scanned with (null: never scanned or not known). */
  scannedWith(documentId: number): string | null {
    const row = this.ctx.db.prepare('SELECT ruleset_version FROM documents WHERE id = ?').get(documentId) as
      { ruleset_version: string | null } | undefined;
    return row?.ruleset_version ?? null;
  }

  /** The document's findings with the decisions of review `reviewId` (null: none yet). */
  list(documentId: number, reviewId: number | null): StoredFinding[] {
    const rows = this.ctx.db
      .prepare(
        `SELECT f.*, d.disposition, d.reason FROM findings f
           LEFT JOIN dispositions d ON d.review_id = ? AND d.rule_id = f.rule_id AND d.clause_hash = f.clause_hash
          WHERE f.document_id = ? ORDER BY f.start_offset, f.end_offset, f.id`,
      )
      .all(reviewId ?? 0, documentId) as FindingRow[];
    return rows.map(toFinding);
  }

  row(documentId: number, findingId: number): FindingRow {
    const row = this.ctx.db
      .prepare('SELECT * FROM findings WHERE id = ? AND document_id = ?')
      .get(findingId, documentId) as FindingRow | undefined;
    if (!row) throw new FcrError('NOT_FOUND', `找不到编号为 ${findingId} 的问题（可能已因重新扫描而消失）。`);
    return row;
  }

  /** The audit words of a stored finding. */
  words(row: Pick<FindingRow, 'clause_label' | 'rule_id' | 'standard_id'>): FindingWords {
    const std = this.ctx.rules().standards.find((s) => s.id === row.standard_id);
    return wordsOf(row.clause_label, row.rule_id, std, row.standard_id);
  }

  /** Finding counts per document (all documents, or only `documentId`). */
  counts(documentId?: number): Map<number, FindingCounts> {
    const rows = this.ctx.db
      .prepare(
        `SELECT f.document_id AS id,
                SUM(f.level = 'strong') AS strong, SUM(f.level = 'weak') AS weak,
                SUM(d.disposition IS NULL) AS open
           FROM findings f
           LEFT JOIN reviews r ON r.document_id = f.document_id
                AND r.revision = (SELECT MAX(revision) FROM reviews WHERE document_id = f.document_id)
           LEFT JOIN dispositions d ON d.review_id = r.id AND d.rule_id = f.rule_id AND d.clause_hash = f.clause_hash
          WHERE @doc IS NULL OR f.document_id = @doc
          GROUP BY f.document_id`,
      )
      .all({ doc: documentId ?? null }) as { id: number; strong: number; weak: number; open: number }[];
    return new Map(rows.map((r) => [r.id, { strong: r.strong, weak: r.weak, open: r.open }]));
  }

  /** Stores a manual finding (already validated) with its own key; returns its id and key. */
  insertManual(
    documentId: number,
    input: { start: number; end: number; text: string; std: Standard; category: string; note: string },
    clause: { id: string; label: string },
  ): { id: number; key: string } {
    const db = this.ctx.db;
    const info = db
      .prepare(
        `INSERT INTO findings (document_id, rule_id, standard_id, category, level, start_offset, end_offset, clause_id,
         clause_label, clause_hash, matched_text, message, suggestion, basis, ruleset_version, manual, note, created_at)
       VALUES (?, 'manual', ?, ?, 'strong', ?, ?, ?, ?, '', ?, ?, '', ?, '', 1, ?, ?)`,
      )
      .run(
        documentId,
        input.std.id,
        input.category,
        input.start,
        input.end,
        clause.id,
        clause.label,
        input.text,
        `审查人员标注：${input.std.title}`,
        `${input.std.regulation}；${input.std.measure}`,
        input.note,
        new Date().toISOString(),
      );
    const id = Number(info.lastInsertRowid);
    // A manual finding is the reviewer's own judgement: its key is unique.
    const key = `m${id}`;
    db.prepare('UPDATE findings SET clause_hash = ? WHERE id = ?').run(key, id);
    return { id, key };
  }

  deleteManual(findingId: number): void {
    this.ctx.db.prepare('DELETE FROM findings WHERE id = ? AND manual = 1').run(findingId);
  }
}

function wordsOf(clause: string, rule: string, std: Standard | undefined, standardId: string): FindingWords {
  return { clause, rule, ...(std ? standardWords(std) : { standard: standardId }) };
}

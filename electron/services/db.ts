/**
 * The SQLite store: one file, WAL mode, schema versioned with PRAGMA user_version and applied
 * as forward-only migrations inside a transaction.
 */
import type Database from 'better-sqlite3';
import { mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { REVIEW_MIGRATION } from './migration-review.js';
import { SAMPLING_MIGRATION } from './migration-sampling.js';
import { sqlite } from './lazy.js';
import { backupFileName, backupsDir, corruptError, guardEmptyDatabase, markDatabase, storageError } from './storage.js';

export type Db = Database.Database;

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * A statement prepared once per connection and reused: for the writes an import repeats per
 * document (preparing costs about as much as running a small insert). Only for statements run
 * with `.run`/`.get`/`.all` as they are (never `.pluck()`/`.raw()`, which would change them for
 * every caller).
 */
export function cached(db: Db, sql: string): Database.Statement {
  let byConnection = statements.get(db);
  if (!byConnection) statements.set(db, (byConnection = new Map()));
  let statement = byConnection.get(sql);
  if (!statement) byConnection.set(sql, (statement = db.prepare(sql)));
  return statement;
}

/** Forward migrations; index i takes the schema from version i to i + 1. Never edit a shipped one. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    title       TEXT    NOT NULL,
    file_name   TEXT    NOT NULL,
    sha256      TEXT    NOT NULL UNIQUE,
    size        INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    encoding    TEXT,
    imported_at TEXT    NOT NULL,
    text        TEXT    NOT NULL
  );
  CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT,
    detail    TEXT,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
  );
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  `,
  // 2: document structure (issue 3): metadata columns, blocks with source locations, clause tree.
  // Block and clause text is not stored again: it is documents.text sliced by the offsets.
  `
  ALTER TABLE documents ADD COLUMN doc_number TEXT;
  ALTER TABLE documents ADD COLUMN issuer TEXT;
  ALTER TABLE documents ADD COLUMN doc_date TEXT;
  ALTER TABLE documents ADD COLUMN pages INTEGER;
  CREATE TABLE blocks (
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    kind         TEXT    NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset   INTEGER NOT NULL,
    level        INTEGER,
    style        TEXT,
    page         INTEGER,
    paragraph    INTEGER,
    table_index  INTEGER,
    row_index    INTEGER,
    col_index    INTEGER,
    line         INTEGER,
    PRIMARY KEY (document_id, seq)
  ) WITHOUT ROWID;
  CREATE TABLE clauses (
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    clause_id    TEXT    NOT NULL,
    parent_seq   INTEGER,
    kind         TEXT    NOT NULL,
    number       TEXT    NOT NULL,
    label        TEXT    NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset   INTEGER NOT NULL,
    PRIMARY KEY (document_id, seq),
    UNIQUE (document_id, clause_id)
  ) WITHOUT ROWID;
  `,
  // 3: findings, reviews (revisions, dispositions, checklist, conclusion), soft delete, settings.
  REVIEW_MIGRATION,
  // 4: history keyed by document (issue 8). Audit rows are never rewritten: entries written under
  // a finding's or a review's id are resolved through audit_subjects, filled from the findings and
  // reviews that exist now (a finding a rescan had already replaced cannot be resolved), with the
  // finding's clause, rule and standard so its entries can still be described after a rescan.
  // The rule-set version a document was last scanned with is kept on the document.
  `
  ALTER TABLE documents ADD COLUMN ruleset_version TEXT;
  UPDATE documents SET ruleset_version =
    (SELECT MAX(ruleset_version) FROM findings WHERE document_id = documents.id AND manual = 0);
  CREATE TABLE audit_subjects (
    subject      TEXT    PRIMARY KEY,
    document_id  INTEGER NOT NULL,
    clause_label TEXT,
    rule_id      TEXT,
    standard_id  TEXT
  ) WITHOUT ROWID;
  INSERT INTO audit_subjects (subject, document_id, clause_label, rule_id, standard_id)
    SELECT 'finding:' || id, document_id, clause_label, rule_id, standard_id FROM findings;
  INSERT INTO audit_subjects (subject, document_id) SELECT 'review:' || id, document_id FROM reviews;
  CREATE INDEX audit_log_by_subject ON audit_log (subject);
  `,
  // 5: exports (issue 10). Each imported original file, content-addressed by its sha256 (documents
  // imported before have none); and the review bundles received, with their signer and the audit
  // entries they carried from the sending data folder.
  `
  CREATE TABLE originals (
    sha256 TEXT    PRIMARY KEY,
    size   INTEGER NOT NULL,
    bytes  BLOB    NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE received_bundles (
    document_id  INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    content_hash TEXT    NOT NULL,
    fingerprint  TEXT    NOT NULL,
    signer_unit  TEXT    NOT NULL,
    signer_name  TEXT    NOT NULL,
    signed_at    TEXT    NOT NULL,
    received_at  TEXT    NOT NULL,
    audit        TEXT    NOT NULL
  );
  `,
  // 6: revised drafts and the same measure twice (issue 9, points 8 and 11). A revision that takes
  // a revised draft (修改稿) keeps the text it replaces, with its clause tree and its findings
  // with that revision's decisions, as a record that is never changed (document_versions, keyed by
  // the last revision made on that text); the new revision keeps what the draft changed
  // (reviews.comparison, JSON). Documents get a layout-free text fingerprint (hash, length and
  // 5-gram shingles; filled at import, and for older documents at the next import).
  `
  ALTER TABLE documents ADD COLUMN fingerprint TEXT;
  ALTER TABLE documents ADD COLUMN fingerprint_length INTEGER;
  ALTER TABLE documents ADD COLUMN shingles BLOB;
  ALTER TABLE reviews ADD COLUMN comparison TEXT;
  CREATE TABLE document_versions (
    document_id     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    revision        INTEGER NOT NULL,
    file_name       TEXT    NOT NULL,
    sha256          TEXT    NOT NULL,
    size            INTEGER NOT NULL,
    type            TEXT    NOT NULL,
    encoding        TEXT,
    pages           INTEGER,
    imported_at     TEXT    NOT NULL,
    text            TEXT    NOT NULL,
    clauses         TEXT    NOT NULL,
    findings        TEXT    NOT NULL,
    ruleset_version TEXT,
    archived_at     TEXT    NOT NULL,
    PRIMARY KEY (document_id, revision)
  ) WITHOUT ROWID;
  CREATE TRIGGER document_versions_no_update BEFORE UPDATE ON document_versions
    BEGIN SELECT RAISE(ABORT, 'document versions are records'); END;
  `,
  // 7: what the 公平竞争审查表 asks beyond the conclusion (issue 10): 行业领域, 性质, both bodies'
  // contacts, expert input and other remarks, as one JSON object (ReviewDetails) per revision.
  `
  ALTER TABLE reviews ADD COLUMN details TEXT NOT NULL DEFAULT '{}';
  `,
  // 8: audit ids are never reused (issue 13): AUTOINCREMENT keeps the highest id ever given in
  // sqlite_sequence, so a deleted tail leaves a gap that verification sees. Rows are copied as they are.
  `
  CREATE TABLE audit_log_next (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT,
    detail    TEXT,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
  );
  INSERT INTO audit_log_next SELECT id, at, actor, action, subject, detail, prev_hash, hash FROM audit_log ORDER BY id;
  DROP TABLE audit_log;
  ALTER TABLE audit_log_next RENAME TO audit_log;
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE INDEX audit_log_by_subject ON audit_log (subject);
  `,
  // 9: batches (issue 12). Each file of a batch import is an item, recorded before it is imported
  // and marked done in the transaction that stores its document, so an interrupted import resumes
  // without redoing or half-storing a file.
  `
  CREATE TABLE batches (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL CHECK (kind IN ('sampling', 'evaluation', 'cleanup')),
    body       TEXT,
    period     TEXT,
    region     TEXT,
    sector     TEXT,
    level      TEXT,
    created_at TEXT NOT NULL
  );
  CREATE TABLE batch_items (
    batch_id    INTEGER NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
    path        TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    sha256      TEXT,
    state       TEXT    NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
    error       TEXT,
    document_id INTEGER REFERENCES documents(id),
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (batch_id, path)
  ) WITHOUT ROWID;
  CREATE INDEX batch_items_by_document ON batch_items (document_id);
  `,
  // 10: third-party evaluation records (issue 12), per batch and measure: the verdict, note and
  // rectification; the evaluator's decision on each finding, keyed like dispositions by rule and
  // clause-text hash so that it survives a rescan; and the evaluator's own problems.
  `
  CREATE TABLE evaluations (
    batch_id    INTEGER NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    verdict     TEXT CHECK (verdict IN ('compliant', 'problem', 'verify')),
    note        TEXT    NOT NULL DEFAULT '',
    rectified   INTEGER NOT NULL DEFAULT 0 CHECK (rectified IN (0, 1)),
    evaluator   TEXT    NOT NULL DEFAULT '',
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (batch_id, document_id)
  ) WITHOUT ROWID;
  CREATE TABLE evaluation_decisions (
    batch_id    INTEGER NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    rule_id     TEXT    NOT NULL,
    clause_hash TEXT    NOT NULL,
    decision    TEXT    NOT NULL CHECK (decision IN ('confirm', 'reject')),
    reason      TEXT    NOT NULL DEFAULT '',
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (batch_id, document_id, rule_id, clause_hash)
  ) WITHOUT ROWID;
  CREATE TABLE evaluation_problems (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    batch_id    INTEGER NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    clause      TEXT    NOT NULL,
    quote       TEXT    NOT NULL DEFAULT '',
    standard_id TEXT    NOT NULL,
    category    TEXT    NOT NULL CHECK (category IN ('entry_exit', 'free_flow', 'cost', 'conduct')),
    note        TEXT    NOT NULL DEFAULT '',
    created_at  TEXT    NOT NULL
  );
  CREATE INDEX evaluation_problems_by_measure ON evaluation_problems (batch_id, document_id);
  `,
  // 11: 抽查 (issue 12): sample plans and inspector assignments as records, check records.
  SAMPLING_MIGRATION,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export const DB_FILE_NAME = 'fcr.sqlite3';

/**
 * Opens (creating if new) the data folder's database: refuses an emptied file, runs a quick
 * integrity check, backs up before migrating, and reports storage failures in plain Chinese.
 */
export function openDatabase(dataDir: string): Db {
  const file = path.join(dataDir, DB_FILE_NAME);
  let db: Db | null = null;
  try {
    mkdirSync(dataDir, { recursive: true });
    guardEmptyDatabase(dataDir, file);
    db = new (sqlite())(file);
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // Catches damage that the first queries would not touch (e.g. garbage inside a table's pages).
    const check = db.pragma('quick_check', { simple: true }) as string;
    // SQLite's report can span lines ("*** in database main ***\nTree …"): one line in the message.
    if (check !== 'ok') throw corruptError(dataDir, file, `完整性检查未通过：${check.replace(/\s*\n\s*/g, '；')}`);
    migrate(db, backupsDir(dataDir));
    markDatabase(dataDir);
    return db;
  } catch (err) {
    db?.close();
    throw storageError(err, dataDir, file);
  }
}

/** Applies pending migrations; an existing database is first copied into `backupDir` when given. */
export function migrate(db: Db, backupDir?: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`数据库版本（${current}）比本程序支持的版本（${SCHEMA_VERSION}）新，请升级审查助手。`);
  }
  if (backupDir && current > 0 && current < SCHEMA_VERSION) {
    // Synchronous and online, like the backup API: SQLite writes a consistent copy of the live database.
    mkdirSync(backupDir, { recursive: true });
    const target = path.join(backupDir, backupFileName(`pre-migration-v${current}`));
    db.prepare('VACUUM INTO ?').run(`${target}.partial`);
    renameSync(`${target}.partial`, target);
  }
  for (let v = current; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

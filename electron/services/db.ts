/**
 * The SQLite store: one file, WAL mode, schema versioned with PRAGMA user_version and applied
 * as forward-only migrations inside a transaction.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { REVIEW_MIGRATION } from './migration-review.js';

export type Db = Database.Database;

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
  // 5: batches (issue 12). Each file of a batch import is an item, recorded before it is imported
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
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export const DB_FILE_NAME = 'fcr.sqlite3';

export function openDatabase(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, DB_FILE_NAME));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`数据库版本（${current}）比本程序支持的版本（${SCHEMA_VERSION}）新，请升级审查助手。`);
  }
  for (let v = current; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

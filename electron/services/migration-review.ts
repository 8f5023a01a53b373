/** Schema for findings and reviews (issue 4/5); appended to MIGRATIONS in db.ts. */
export const REVIEW_MIGRATION = `
  ALTER TABLE documents ADD COLUMN deleted_at TEXT;
  ALTER TABLE documents ADD COLUMN updated_at TEXT;
  CREATE TABLE findings (
    -- AUTOINCREMENT: a re-scan must never hand a deleted finding's id to another finding.
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    rule_id         TEXT    NOT NULL,
    standard_id     TEXT    NOT NULL,
    category        TEXT    NOT NULL,
    level           TEXT    NOT NULL,
    start_offset    INTEGER NOT NULL,
    end_offset      INTEGER NOT NULL,
    clause_id       TEXT    NOT NULL,
    clause_label    TEXT    NOT NULL,
    clause_hash     TEXT    NOT NULL,
    matched_text    TEXT    NOT NULL,
    message         TEXT    NOT NULL,
    suggestion      TEXT    NOT NULL,
    basis           TEXT    NOT NULL,
    ruleset_version TEXT    NOT NULL,
    manual          INTEGER NOT NULL DEFAULT 0,
    note            TEXT    NOT NULL DEFAULT '',
    created_at      TEXT    NOT NULL
  );
  CREATE INDEX findings_by_document ON findings (document_id, start_offset);
  CREATE TABLE reviews (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    revision     INTEGER NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('draft', 'final')),
    conclusion   TEXT CHECK (conclusion IN ('compliant', 'non_compliant', 'exception')),
    reviewer     TEXT    NOT NULL DEFAULT '',
    unit         TEXT    NOT NULL DEFAULT '',
    consultation TEXT    NOT NULL DEFAULT '{}',
    opinion      TEXT    NOT NULL DEFAULT '',
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    finalized_at TEXT,
    UNIQUE (document_id, revision)
  );
  CREATE TABLE dispositions (
    review_id   INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    rule_id     TEXT    NOT NULL,
    clause_hash TEXT    NOT NULL,
    disposition TEXT    NOT NULL CHECK (disposition IN ('accept', 'exception', 'reject')),
    reason      TEXT    NOT NULL DEFAULT '',
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (review_id, rule_id, clause_hash)
  ) WITHOUT ROWID;
  CREATE TABLE checklist_answers (
    review_id   INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    standard_id TEXT    NOT NULL,
    category    TEXT    NOT NULL,
    answer      TEXT    NOT NULL CHECK (answer IN ('na', 'ok', 'violation', 'exception')),
    note        TEXT    NOT NULL DEFAULT '',
    exception   TEXT,
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (review_id, standard_id, category)
  ) WITHOUT ROWID;
  -- A finalised revision is locked: its answers and dispositions can no longer change.
  CREATE TRIGGER dispositions_locked_insert BEFORE INSERT ON dispositions
    WHEN (SELECT status FROM reviews WHERE id = NEW.review_id) = 'final'
    BEGIN SELECT RAISE(ABORT, 'review is finalised'); END;
  CREATE TRIGGER dispositions_locked_update BEFORE UPDATE ON dispositions
    WHEN (SELECT status FROM reviews WHERE id = OLD.review_id) = 'final'
    BEGIN SELECT RAISE(ABORT, 'review is finalised'); END;
  CREATE TRIGGER dispositions_locked_delete BEFORE DELETE ON dispositions
    WHEN (SELECT status FROM reviews WHERE id = OLD.review_id) = 'final'
    BEGIN SELECT RAISE(ABORT, 'review is finalised'); END;
  CREATE TRIGGER checklist_answers_locked_insert BEFORE INSERT ON checklist_answers
    WHEN (SELECT status FROM reviews WHERE id = NEW.review_id) = 'final'
    BEGIN SELECT RAISE(ABORT, 'review is finalised'); END;
  CREATE TRIGGER checklist_answers_locked_update BEFORE UPDATE ON checklist_answers
    WHEN (SELECT status FROM reviews WHERE id = OLD.review_id) = 'final'
    BEGIN SELECT RAISE(ABORT, 'review is finalised'); END;
  CREATE TRIGGER checklist_answers_locked_delete BEFORE DELETE ON checklist_answers
    WHEN (SELECT status FROM reviews WHERE id = OLD.review_id) = 'final'
    BEGIN SELECT RAISE(ABORT, 'review is finalised'); END;
  CREATE TRIGGER reviews_locked BEFORE UPDATE ON reviews
    WHEN OLD.status = 'final'
    BEGIN SELECT RAISE(ABORT, 'review is finalised'); END;
  CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;
`;

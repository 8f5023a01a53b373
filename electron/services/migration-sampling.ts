/**
 * Schema for 抽查 (issue 12), one self-contained migration appended to MIGRATIONS in db.ts.
 * sample_plans: a draw as drawn (seed, method, parameters, population, allocation, weights, the
 * drawn documents with their titles and issuers at the time) — a record: never updated or deleted.
 * sample_assignments: each 双随机 assignment of inspectors (roster, seed, result), also a record;
 * the latest one of a plan is in force. check_records: one per sampled measure (JSON, see
 * shared/check-record.ts), changed only through the service, every change audited. Documents are
 * referenced by id without a foreign key: a plan stays readable after a document is purged.
 */
export const SAMPLING_MIGRATION = `
  CREATE TABLE sample_plans (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    batch_id    INTEGER NOT NULL REFERENCES batches(id),
    seed        TEXT    NOT NULL,
    method      TEXT    NOT NULL,
    params      TEXT    NOT NULL,
    population  INTEGER NOT NULL,
    size        INTEGER NOT NULL,
    allocation  TEXT    NOT NULL,
    weights     TEXT    NOT NULL,
    drawn       TEXT    NOT NULL,
    drawn_at    TEXT    NOT NULL,
    actor       TEXT    NOT NULL
  );
  CREATE INDEX sample_plans_by_batch ON sample_plans (batch_id);
  CREATE TRIGGER sample_plans_no_update BEFORE UPDATE ON sample_plans
    BEGIN SELECT RAISE(ABORT, 'sample plans are records'); END;
  CREATE TRIGGER sample_plans_no_delete BEFORE DELETE ON sample_plans
    BEGIN SELECT RAISE(ABORT, 'sample plans are records'); END;
  CREATE TABLE sample_assignments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id     INTEGER NOT NULL REFERENCES sample_plans(id),
    seed        TEXT    NOT NULL,
    per_measure INTEGER NOT NULL,
    roster      TEXT    NOT NULL,
    assignments TEXT    NOT NULL,
    assigned_at TEXT    NOT NULL,
    actor       TEXT    NOT NULL
  );
  CREATE INDEX sample_assignments_by_plan ON sample_assignments (plan_id);
  CREATE TRIGGER sample_assignments_no_update BEFORE UPDATE ON sample_assignments
    BEGIN SELECT RAISE(ABORT, 'inspector assignments are records'); END;
  CREATE TRIGGER sample_assignments_no_delete BEFORE DELETE ON sample_assignments
    BEGIN SELECT RAISE(ABORT, 'inspector assignments are records'); END;
  CREATE TABLE check_records (
    plan_id     INTEGER NOT NULL REFERENCES sample_plans(id),
    document_id INTEGER NOT NULL,
    data        TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    updated_by  TEXT    NOT NULL,
    PRIMARY KEY (plan_id, document_id)
  ) WITHOUT ROWID;
  CREATE TRIGGER check_records_no_delete BEFORE DELETE ON check_records
    BEGIN SELECT RAISE(ABORT, 'check records are kept'); END;
`;

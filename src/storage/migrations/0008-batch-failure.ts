import type { Migration } from './index.js';

export const batchFailure: Migration = {
  version: 8,
  name: 'batch-failure',
  sql: `
-- A refused file leaves its batch 'failed' with the reason (it stayed 'importing' before). SQLite cannot change a
-- CHECK, so the table is rebuilt (migrate() runs with foreign keys off and checks them all before committing).
CREATE TABLE batches_new (
  id TEXT PRIMARY KEY,
  body_id TEXT NOT NULL REFERENCES bodies(id),
  created_by TEXT NOT NULL REFERENCES staff(id),
  file_name TEXT,
  state TEXT NOT NULL CHECK (state IN ('importing','imported','certifying','done','failed')),
  failure TEXT,
  rows_total INTEGER NOT NULL DEFAULT 0,
  rows_bad INTEGER NOT NULL DEFAULT 0,
  rows_issued INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO batches_new (id, body_id, created_by, file_name, state, failure, rows_total, rows_bad, rows_issued, created_at, updated_at)
  SELECT id, body_id, created_by, file_name, state, NULL, rows_total, rows_bad, rows_issued, created_at, updated_at FROM batches;
DROP TABLE batches;
ALTER TABLE batches_new RENAME TO batches;
CREATE UNIQUE INDEX batches_name ON batches(body_id, file_name);

`,
};

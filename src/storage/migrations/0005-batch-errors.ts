import type { Migration } from './index.js';

export const batchErrors: Migration = {
  version: 5,
  name: 'batch-errors',
  sql: `
-- Every rejected row of a batch, by its line in the file, so the body can fix and resend just those rows.
CREATE TABLE batch_errors (
  batch_id TEXT NOT NULL REFERENCES batches(id),
  line INTEGER NOT NULL,
  external_id TEXT,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  PRIMARY KEY (batch_id, line)
);
-- A batch is named by the body (default: the file name); sending the same name again resumes it.
CREATE UNIQUE INDEX batches_name ON batches(body_id, file_name);
`,
};

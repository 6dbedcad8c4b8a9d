import type { Migration } from './index.js';

export const idempotency: Migration = {
  version: 9,
  name: 'idempotency',
  sql: `
-- Idempotency-Key records of the creating POSTs, per caller. A row is reserved (answer NULL) before the operation
-- runs and gets its answer once the operation is done; a retry with the same key replays the answer, and a retry
-- that finds no answer yet (in progress, or interrupted by a crash) is refused rather than run twice. Kept 24 h.
CREATE TABLE idempotency_keys (
  caller TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER,
  answer TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  PRIMARY KEY (caller, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys(expires_at);
`,
};

import type { Migration } from './index.js';

/**
 * The audit log. The hash chain is what proves the log intact; these triggers are defence in depth, so that a bug
 * or a careless hand at the sqlite3 prompt cannot change history without first dropping them on purpose.
 * No foreign keys: the log records events about things that may later change or vanish, and must never block them.
 */
export const audit: Migration = {
  version: 4,
  name: 'audit',
  sql: `
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY CHECK (seq >= 1),    -- assigned by the writer as head + 1 inside BEGIN IMMEDIATE: no gaps
  at TEXT NOT NULL,                            -- UTC, ISO 8601 with milliseconds
  action TEXT NOT NULL,
  actor TEXT NOT NULL,
  body_id TEXT,
  subject TEXT NOT NULL,
  request_id TEXT,
  outcome TEXT NOT NULL CHECK (outcome IN ('ok','denied','failed')),
  details TEXT NOT NULL,                       -- JSON object, canonical (RFC 8785)
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_body ON audit_log(body_id, seq);
CREATE INDEX audit_log_action ON audit_log(action, seq);
CREATE INDEX audit_log_at ON audit_log(at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- A new entry must extend the chain: next seq, linked to the current head.
CREATE TRIGGER audit_log_extends_chain BEFORE INSERT ON audit_log
WHEN NEW.seq IS NOT (SELECT IFNULL(MAX(seq), 0) + 1 FROM audit_log)
  OR NEW.prev_hash IS NOT IFNULL((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), '${'0'.repeat(64)}')
BEGIN SELECT RAISE(ABORT, 'audit_log entries must extend the chain'); END;
`,
};

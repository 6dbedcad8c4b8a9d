import type { Migration } from './index.js';

export const outbox: Migration = {
  version: 11,
  name: 'outbox',
  sql: `
-- The transactional outbox (src/delivery/outbox/): a message row commits in the very transaction that stores the
-- credential it is about, and a sender delivers it afterwards, so a crash loses no message. The bodies hold the
-- worker's claim link, a secret: they are cleared once the message is delivered or given up.
CREATE TABLE outbox_messages (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  credential_id TEXT REFERENCES credentials(id),
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT,
  html_body TEXT,
  state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  lease_until TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT
);
CREATE INDEX outbox_due ON outbox_messages(next_attempt_at) WHERE state = 'pending';
`,
};

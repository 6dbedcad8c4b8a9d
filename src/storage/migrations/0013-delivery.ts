import type { Migration } from './index.js';

export const delivery: Migration = {
  version: 13,
  name: 'delivery',
  sql: `
-- Notifications (src/delivery/notifications/) are planned by scans that may run twice or on two servers at once:
-- each carries a key the outbox holds once, so each is sent once.
ALTER TABLE outbox_messages ADD COLUMN dedup_key TEXT;
CREATE UNIQUE INDEX outbox_messages_dedup ON outbox_messages(dedup_key) WHERE dedup_key IS NOT NULL;

-- The expiry scan reads certificates by expiry across bodies.
CREATE INDEX credentials_expiry ON credentials(valid_until) WHERE kind = 'competency' AND valid_until IS NOT NULL;
`,
};

import type { Migration } from './index.js';

export const supersessions: Migration = {
  version: 12,
  name: 'supersessions',
  sql: `
-- The last signed supersession register of each body (see src/status/supersession-register.ts). Its content is
-- derived from the credentials and their statuses; content_hash says which content this signature covers, so a
-- read that finds other content signs a new version (version + 1: it only grows).
CREATE TABLE supersession_published (
  body_id TEXT PRIMARY KEY REFERENCES bodies(id),
  version INTEGER NOT NULL CHECK (version >= 1),
  content_hash TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  jwt TEXT NOT NULL,
  etag TEXT NOT NULL
);

-- The register is read from a body's renewals.
CREATE INDEX credentials_renewals ON credentials(body_id, renews_id) WHERE renews_id IS NOT NULL;
`,
};

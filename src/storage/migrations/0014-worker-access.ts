import type { Migration } from './index.js';

export const workerAccess: Migration = {
  version: 14,
  name: 'worker-access',
  sql: `
-- The worker's own page (/mis-certificados): a one-time code by e-mail, then a short session. Only hashes of the
-- CURP, the address, the code and the secrets are kept; what the CURP and address matched is fixed when asked.
CREATE TABLE worker_codes (
  id TEXT PRIMARY KEY,               -- SHA-256 of the request's secret (the form carries the secret)
  curp_hash TEXT NOT NULL,
  email_hash TEXT NOT NULL,
  client TEXT NOT NULL,              -- the requesting address, for its rate limit
  code_hash TEXT NOT NULL,
  credential_ids TEXT NOT NULL,      -- JSON array
  attempts INTEGER NOT NULL DEFAULT 0,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX worker_codes_curp ON worker_codes(curp_hash, created_at);
CREATE INDEX worker_codes_email ON worker_codes(email_hash, created_at);
CREATE INDEX worker_codes_client ON worker_codes(client, created_at);

CREATE TABLE worker_sessions (
  id TEXT PRIMARY KEY,               -- SHA-256 of the cookie's secret
  credential_ids TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- Short-lived claim links the worker's page makes for each certificate, beside the one e-mailed link
-- (credentials.claim_token_hash), which they do not replace.
CREATE TABLE claim_access (
  token_hash TEXT PRIMARY KEY,
  credential_id TEXT NOT NULL REFERENCES credentials(id),
  expires_at TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- A worker is found by the CURP of their evaluations.
CREATE INDEX evaluations_curp ON evaluations(candidate_curp);
`,
};

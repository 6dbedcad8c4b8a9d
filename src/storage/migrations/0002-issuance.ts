import type { Migration } from './index.js';

export const issuance: Migration = {
  version: 2,
  name: 'issuance',
  sql: `
CREATE TABLE batches (
  id TEXT PRIMARY KEY,
  body_id TEXT NOT NULL REFERENCES bodies(id),
  created_by TEXT NOT NULL REFERENCES staff(id),
  file_name TEXT,
  state TEXT NOT NULL CHECK (state IN ('importing','imported','certifying','done')),
  rows_total INTEGER NOT NULL DEFAULT 0,
  rows_bad INTEGER NOT NULL DEFAULT 0,
  rows_issued INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE evaluations (
  id TEXT PRIMARY KEY,
  body_id TEXT NOT NULL REFERENCES bodies(id),
  standard_id TEXT NOT NULL REFERENCES standards(id),
  external_id TEXT,                  -- the body's own row id: makes batch import idempotent
  batch_id TEXT REFERENCES batches(id),
  candidate_name TEXT NOT NULL,
  candidate_curp TEXT NOT NULL,      -- the body's record; credentials carry only a salted hash
  candidate_email TEXT,
  centre TEXT NOT NULL,
  evaluated_on TEXT NOT NULL,
  result TEXT NOT NULL CHECK (result IN ('competent','not-yet-competent')),
  notes TEXT,
  evaluator_id TEXT NOT NULL REFERENCES staff(id),
  renews_credential_id TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (body_id, external_id)
);
CREATE INDEX evaluations_batch ON evaluations(batch_id);

CREATE TABLE credentials (
  id TEXT PRIMARY KEY,               -- urn:uuid:…
  body_id TEXT NOT NULL REFERENCES bodies(id),
  kind TEXT NOT NULL CHECK (kind IN ('competency','other','wallet-copy')),
  evaluation_id TEXT UNIQUE REFERENCES evaluations(id),
  standard_id TEXT REFERENCES standards(id),
  certifier_id TEXT REFERENCES staff(id),
  holder_name TEXT,
  holder_did TEXT,
  parent_id TEXT REFERENCES credentials(id),   -- a wallet copy points to the certificate it copies
  renews_id TEXT REFERENCES credentials(id),   -- a renewal points to the credential it renews
  key_id TEXT NOT NULL,              -- verification method that signed it
  issued_at TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_until TEXT,
  di_json TEXT,                      -- Data Integrity form
  jwt TEXT,                          -- VC-JOSE form
  claim_token_hash TEXT UNIQUE,
  created_at TEXT NOT NULL
);
CREATE INDEX credentials_body ON credentials(body_id, issued_at);
CREATE INDEX credentials_parent ON credentials(parent_id);
CREATE INDEX credentials_valid_until ON credentials(body_id, valid_until);
`,
};

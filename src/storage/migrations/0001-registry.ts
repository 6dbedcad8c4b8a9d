import type { Migration } from './index.js';

export const registry: Migration = {
  version: 1,
  name: 'registry',
  sql: `
CREATE TABLE committees (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  sector TEXT NOT NULL,
  region TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE standards (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL,
  version INTEGER NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  criteria TEXT NOT NULL,            -- JSON array of strings
  sector TEXT NOT NULL,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  committee_id TEXT NOT NULL REFERENCES committees(id),
  validity_months INTEGER CHECK (validity_months IS NULL OR validity_months > 0),
  state TEXT NOT NULL CHECK (state IN ('draft','published','withdrawn')),
  published_at TEXT,
  withdrawn_at TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (code, version)
);
CREATE INDEX standards_sector ON standards(sector);

CREATE TABLE bodies (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('university','school','employer','chamber','union','third-party')),
  did TEXT NOT NULL UNIQUE,
  did_method TEXT NOT NULL CHECK (did_method IN ('web','key')),
  state TEXT NOT NULL CHECK (state IN ('active','suspended','closed')),
  created_at TEXT NOT NULL
);

CREATE TABLE accreditations (
  id TEXT PRIMARY KEY,
  body_id TEXT NOT NULL REFERENCES bodies(id),
  standard_id TEXT NOT NULL REFERENCES standards(id),
  valid_from TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('active','suspended','withdrawn')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (valid_from < valid_until)
);
CREATE INDEX accreditations_body ON accreditations(body_id);
CREATE INDEX accreditations_standard ON accreditations(standard_id);

-- Every state change of an accreditation, so the registry can say what held on any past date.
CREATE TABLE accreditation_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  accreditation_id TEXT NOT NULL REFERENCES accreditations(id),
  at TEXT NOT NULL,
  state TEXT NOT NULL,
  reason TEXT,
  actor TEXT NOT NULL
);
CREATE INDEX accreditation_events_acc ON accreditation_events(accreditation_id, at);

CREATE TABLE staff (
  id TEXT PRIMARY KEY,
  body_id TEXT NOT NULL REFERENCES bodies(id),
  name TEXT NOT NULL,
  email TEXT,
  roles TEXT NOT NULL,               -- JSON array: admin | evaluator | certifier
  state TEXT NOT NULL CHECK (state IN ('active','disabled')),
  created_at TEXT NOT NULL
);
CREATE INDEX staff_body ON staff(body_id);

-- API keys are shown once; only a SHA-256 of the secret is kept (the secret is 256 random bits, so no slow hash is needed).
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  staff_id TEXT NOT NULL REFERENCES staff(id),
  secret_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

-- Public halves of signing keys and the period each was in use. Private halves live encrypted in the keystore.
CREATE TABLE signing_keys (
  id TEXT PRIMARY KEY,               -- the verification method id: DID#fragment
  owner TEXT NOT NULL,               -- 'authority' or a body id
  keystore_id TEXT NOT NULL UNIQUE,
  public_key_multibase TEXT NOT NULL,
  active_from TEXT NOT NULL,
  active_until TEXT,
  compromised_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX signing_keys_owner ON signing_keys(owner, active_from);
CREATE UNIQUE INDEX signing_keys_one_current ON signing_keys(owner) WHERE active_until IS NULL;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`,
};

import type { Migration } from './index.js';

export const oid4vci: Migration = {
  version: 6,
  name: 'oid4vci',
  sql: `
-- OpenID4VCI wallet offers: one row per pre-authorized code. Only hashes are kept: the code is a bearer secret and
-- the PIN (tx_code) is hashed with the code as its key, so a copy of the database alone cannot brute-force PINs.
CREATE TABLE oid4vci_offers (
  id TEXT PRIMARY KEY,
  credential_id TEXT NOT NULL REFERENCES credentials(id),
  source TEXT NOT NULL CHECK (source IN ('claim-page','staff')),
  code_hash TEXT NOT NULL UNIQUE,
  tx_code_hash TEXT,                 -- null: no PIN asked
  tx_attempts INTEGER NOT NULL DEFAULT 0,
  max_tx_attempts INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT                       -- set once, by the one token request that redeems the code
);
CREATE INDEX oid4vci_offers_credential ON oid4vci_offers(credential_id, source);
CREATE INDEX oid4vci_offers_expiry ON oid4vci_offers(expires_at);

-- Access tokens are opaque random strings; the wallet holds the token, we hold its hash.
CREATE TABLE oid4vci_access_tokens (
  token_hash TEXT PRIMARY KEY,
  offer_id TEXT NOT NULL REFERENCES oid4vci_offers(id),
  credential_id TEXT NOT NULL REFERENCES credentials(id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX oid4vci_access_tokens_expiry ON oid4vci_access_tokens(expires_at);

-- One wallet copy per credential configuration per access token: a replayed request cannot mint copies.
CREATE TABLE oid4vci_issued (
  token_hash TEXT NOT NULL REFERENCES oid4vci_access_tokens(token_hash),
  configuration_id TEXT NOT NULL,
  credential_id TEXT REFERENCES credentials(id),
  created_at TEXT NOT NULL,
  PRIMARY KEY (token_hash, configuration_id)
);

-- c_nonce values from the nonce endpoint; each is accepted in one proof only.
CREATE TABLE oid4vci_nonces (
  nonce TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE INDEX oid4vci_nonces_expiry ON oid4vci_nonces(expires_at);
`,
};

import type { Migration } from './index.js';

export const consoleAccounts: Migration = {
  version: 10,
  name: 'console',
  sql: `
-- People who sign in to the web console (src/console/). A body's staff member has one account, keyed by their
-- registry staff id (their roles and state stay the registry's); the authority's people exist only here. The
-- password is an argon2id PHC string, NULL until the person follows their set-password link.
CREATE TABLE console_accounts (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('authority', 'staff')),
  staff_id TEXT UNIQUE REFERENCES staff(id),
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT,
  state TEXT NOT NULL CHECK (state IN ('active', 'disabled')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((kind = 'staff') = (staff_id IS NOT NULL))
);

-- Server-side sessions. The cookie holds a 256-bit secret; only its SHA-256 is stored, with the form token (CSRF)
-- bound to the session.
CREATE TABLE console_sessions (
  id_hash TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES console_accounts(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX console_sessions_account ON console_sessions(account_id);
CREATE INDEX console_sessions_expiry ON console_sessions(expires_at);

-- Sign-in attempts by e-mail and client address, for the lockout (failures in a window), kept a day.
CREATE TABLE console_login_attempts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL,
  ip TEXT NOT NULL,
  at TEXT NOT NULL,
  ok INTEGER NOT NULL CHECK (ok IN (0, 1))
);
CREATE INDEX console_login_attempts_key ON console_login_attempts(email, ip, at);

-- One-time set-password links: the token's SHA-256, its expiry, and when it was used.
CREATE TABLE console_password_tokens (
  token_hash TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES console_accounts(id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE INDEX console_password_tokens_account ON console_password_tokens(account_id);
`,
};

import type { Migration } from './index.js';

export const status: Migration = {
  version: 3,
  name: 'status',
  sql: `
-- One list per body × purpose is open at a time; when it fills, it is closed and another is opened.
CREATE TABLE status_lists (
  id TEXT PRIMARY KEY,               -- random: appears in the public URL and says nothing about the body
  body_id TEXT NOT NULL REFERENCES bodies(id),
  purpose TEXT NOT NULL CHECK (purpose IN ('revocation','suspension')),
  size INTEGER NOT NULL CHECK (size > 0),
  used INTEGER NOT NULL DEFAULT 0 CHECK (used >= 0 AND used <= size),
  state TEXT NOT NULL CHECK (state IN ('open','full')),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX status_lists_one_open ON status_lists(body_id, purpose) WHERE state = 'open';
CREATE INDEX status_lists_body ON status_lists(body_id, purpose);

-- RELIABILITY promise 7: a published list is never replaced by an older one.
CREATE TRIGGER status_lists_version_only_grows BEFORE UPDATE OF version ON status_lists
WHEN NEW.version <= OLD.version
BEGIN SELECT RAISE(ABORT, 'status list version only grows'); END;

-- A reserved index is kept for good, linked or not (promise 6: never reused). \`bit\` is the entry's bit in the
-- published list, written in the same transaction as the credential's state, so publishing reads only the set bits
-- of one list (a partial index) instead of every entry of the list.
CREATE TABLE status_entries (
  list_id TEXT NOT NULL REFERENCES status_lists(id),
  idx INTEGER NOT NULL CHECK (idx >= 0),
  credential_id TEXT REFERENCES credentials(id),
  reserved_at TEXT NOT NULL,
  bit INTEGER NOT NULL DEFAULT 0 CHECK (bit IN (0, 1) AND (bit = 0 OR credential_id IS NOT NULL)),
  PRIMARY KEY (list_id, idx)
) WITHOUT ROWID;
CREATE INDEX status_entries_credential ON status_entries(credential_id) WHERE credential_id IS NOT NULL;
CREATE INDEX status_entries_set ON status_entries(list_id) WHERE bit = 1;

CREATE TRIGGER status_entries_inside_list BEFORE INSERT ON status_entries
WHEN NEW.idx >= (SELECT size FROM status_lists WHERE id = NEW.list_id)
BEGIN SELECT RAISE(ABORT, 'status index outside its list'); END;

CREATE TRIGGER status_entries_never_deleted BEFORE DELETE ON status_entries
BEGIN SELECT RAISE(ABORT, 'status entries are never deleted'); END;

CREATE TRIGGER status_entries_linked_once BEFORE UPDATE OF credential_id, list_id, idx ON status_entries
WHEN OLD.credential_id IS NOT NULL OR NEW.list_id IS NOT OLD.list_id OR NEW.idx IS NOT OLD.idx
BEGIN SELECT RAISE(ABORT, 'a status entry is linked once and never moved'); END;

-- The signed form last published, by version, so repeated reads do not re-sign.
CREATE TABLE status_list_published (
  list_id TEXT PRIMARY KEY REFERENCES status_lists(id),
  version INTEGER NOT NULL,
  valid_from TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  json TEXT NOT NULL,
  jwt TEXT NOT NULL,
  etag_json TEXT NOT NULL,
  etag_jwt TEXT NOT NULL
);

-- A credential without a row here is active.
CREATE TABLE credential_status (
  credential_id TEXT PRIMARY KEY REFERENCES credentials(id),
  state TEXT NOT NULL CHECK (state IN ('active','suspended','revoked')),
  reason TEXT CHECK (reason IS NULL OR reason IN ('issued_in_error','fraud','evaluation_invalidated','holder_request','superseded_by_correction','unspecified')),
  note TEXT,
  changed_at TEXT NOT NULL,
  changed_by TEXT NOT NULL,
  CHECK ((state = 'revoked') = (reason IS NOT NULL))
);
CREATE INDEX credential_status_state ON credential_status(state) WHERE state <> 'active';

CREATE TRIGGER credential_status_revoked_is_final BEFORE UPDATE ON credential_status
WHEN OLD.state = 'revoked'
BEGIN SELECT RAISE(ABORT, 'a revoked credential stays revoked'); END;

CREATE TABLE credential_status_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  credential_id TEXT NOT NULL REFERENCES credentials(id),
  at TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('revoke','suspend','reinstate')),
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  reason TEXT,
  note TEXT,
  actor TEXT NOT NULL
);
CREATE INDEX credential_status_events_credential ON credential_status_events(credential_id, seq);

CREATE TRIGGER credential_status_events_append_only_u BEFORE UPDATE ON credential_status_events
BEGIN SELECT RAISE(ABORT, 'status history is append-only'); END;
CREATE TRIGGER credential_status_events_append_only_d BEFORE DELETE ON credential_status_events
BEGIN SELECT RAISE(ABORT, 'status history is append-only'); END;

-- The renewal chain is walked forwards (superseded, renewedBy); migration 2 indexes only the other direction.
CREATE INDEX credentials_renews ON credentials(renews_id) WHERE renews_id IS NOT NULL;
`,
};

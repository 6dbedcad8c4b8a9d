import type { ConsoleAccount, ConsoleRepository, PasswordTokenRecord, SessionRecord } from '../console/index.js';
import type { DomainEvent, Journal } from '../journal.js';
import type { Db } from './database.js';
import { outboxInserter } from './outbox-repository.js';
import { oneRow, prepared } from './statements.js';

type Row = Record<string, unknown>;

const account = (r: Row): ConsoleAccount => ({
  id: r.id as string,
  kind: r.kind as ConsoleAccount['kind'],
  staffId: (r.staff_id as string) ?? null,
  email: r.email as string,
  name: r.name as string,
  passwordHash: (r.password_hash as string) ?? null,
  state: r.state as ConsoleAccount['state'],
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});

const session = (r: Row): SessionRecord => ({
  idHash: r.id_hash as string,
  accountId: r.account_id as string,
  csrfToken: r.csrf_token as string,
  createdAt: r.created_at as string,
  lastSeenAt: r.last_seen_at as string,
  expiresAt: r.expires_at as string,
});

const passwordToken = (r: Row): PasswordTokenRecord => ({
  tokenHash: r.token_hash as string,
  accountId: r.account_id as string,
  createdAt: r.created_at as string,
  expiresAt: r.expires_at as string,
  usedAt: (r.used_at as string) ?? null,
});

/** Console accounts, sessions, sign-in attempts and set-password links; `journal` records changes in their transaction. */
export function sqliteConsoleRepository(db: Db, journal: Journal): ConsoleRepository {
  const addMessages = outboxInserter(db);
  /** Runs `change` and journals `events` in one immediate transaction, then writes the log lines. */
  const recorded = (events: readonly DomainEvent[], change: () => void): void => {
    const afterCommit = db
      .transaction(() => {
        change();
        return journal(events);
      })
      .immediate();
    afterCommit();
  };

  return {
    async insertAccount(a, event) {
      recorded([event], () =>
        prepared(db, 'INSERT INTO console_accounts (id, kind, staff_id, email, name, password_hash, state, created_at, updated_at) VALUES (@id, @kind, @staffId, @email, @name, @passwordHash, @state, @createdAt, @updatedAt)').run(a),
      );
    },
    async getAccount(id) {
      return oneRow(db, 'SELECT * FROM console_accounts WHERE id = ?', account, id);
    },
    async getAccountByEmail(email) {
      return oneRow(db, 'SELECT * FROM console_accounts WHERE email = ?', account, email);
    },
    async listAccounts() {
      return (prepared(db, 'SELECT * FROM console_accounts ORDER BY kind, email').all() as Row[]).map(account);
    },

    async insertPasswordToken(t, message, event) {
      recorded([event], () => {
        prepared(db, 'INSERT INTO console_password_tokens (token_hash, account_id, created_at, expires_at, used_at) VALUES (@tokenHash, @accountId, @createdAt, @expiresAt, @usedAt)').run(t);
        if (message) addMessages([message], null, t.createdAt);
      });
    },
    async getPasswordToken(tokenHash) {
      return oneRow(db, 'SELECT * FROM console_password_tokens WHERE token_hash = ?', passwordToken, tokenHash);
    },
    async usePasswordToken(tokenHash, accountId, passwordHash, now, event) {
      const afterCommit = db
        .transaction(() => {
          const r = prepared(db, 'UPDATE console_password_tokens SET used_at = ? WHERE token_hash = ? AND account_id = ? AND used_at IS NULL AND expires_at > ?').run(now, tokenHash, accountId, now);
          if (r.changes !== 1) return null;
          // Every other link of the account is spent with it; every session of the account ends.
          prepared(db, 'UPDATE console_password_tokens SET used_at = ? WHERE account_id = ? AND used_at IS NULL').run(now, accountId);
          prepared(db, 'UPDATE console_accounts SET password_hash = ?, updated_at = ? WHERE id = ?').run(passwordHash, now, accountId);
          prepared(db, 'DELETE FROM console_sessions WHERE account_id = ?').run(accountId);
          return journal([event]);
        })
        .immediate();
      afterCommit?.();
      return afterCommit !== null;
    },

    async failuresSince(email, ip, since) {
      return prepared(
        db,
        `SELECT at FROM console_login_attempts
         WHERE email = @email AND ip = @ip AND ok = 0 AND at >= @since
           AND seq > coalesce((SELECT max(seq) FROM console_login_attempts WHERE email = @email AND ip = @ip AND ok = 1), 0)
         ORDER BY at`,
      )
        .pluck()
        .all({ email, ip, since }) as string[];
    },
    async recordAttempt(email, ip, at, ok, event) {
      recorded(event ? [event] : [], () => prepared(db, 'INSERT INTO console_login_attempts (email, ip, at, ok) VALUES (?, ?, ?, ?)').run(email, ip, at, ok ? 1 : 0));
    },

    async insertSession(s, replacing, event) {
      recorded([event], () => {
        if (replacing) prepared(db, 'DELETE FROM console_sessions WHERE id_hash = ?').run(replacing);
        prepared(db, 'INSERT INTO console_sessions (id_hash, account_id, csrf_token, created_at, last_seen_at, expires_at) VALUES (@idHash, @accountId, @csrfToken, @createdAt, @lastSeenAt, @expiresAt)').run(s);
      });
    },
    async getSession(idHash) {
      return oneRow(db, 'SELECT * FROM console_sessions WHERE id_hash = ?', session, idHash);
    },
    async touchSession(idHash, lastSeenAt, expiresAt) {
      prepared(db, 'UPDATE console_sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?').run(lastSeenAt, expiresAt, idHash);
    },
    async deleteSession(idHash, event) {
      recorded(event ? [event] : [], () => prepared(db, 'DELETE FROM console_sessions WHERE id_hash = ?').run(idHash));
    },
    async purge(now) {
      const dayAgo = new Date(Date.parse(now) - 86_400_000).toISOString();
      db.transaction(() => {
        prepared(db, 'DELETE FROM console_sessions WHERE expires_at <= ?').run(now);
        prepared(db, 'DELETE FROM console_login_attempts WHERE at < ?').run(dayAgo);
        prepared(db, 'DELETE FROM console_password_tokens WHERE expires_at < ?').run(dayAgo);
      })();
    },
  };
}

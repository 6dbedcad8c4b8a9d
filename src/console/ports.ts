import type { DomainEvent } from '../journal.js';
import type { OutgoingMessage } from '../issuance/index.js';
import type { ConsoleAccount, PasswordTokenRecord, SessionRecord } from './model.js';

/** argon2id in production; the port lets the service stay free of the native library's details. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

/**
 * Storage for console accounts, sessions, sign-in attempts and set-password links. Each method is atomic; a change
 * that carries an `event` journals it in its own transaction.
 */
export interface ConsoleRepository {
  insertAccount(a: ConsoleAccount, event: DomainEvent): Promise<void>;
  getAccount(id: string): Promise<ConsoleAccount | null>;
  getAccountByEmail(email: string): Promise<ConsoleAccount | null>;
  listAccounts(): Promise<ConsoleAccount[]>;

  /** Stores a link token (and the message that brings it, in the outbox) in one transaction. */
  insertPasswordToken(t: PasswordTokenRecord, message: OutgoingMessage | null, event: DomainEvent): Promise<void>;
  getPasswordToken(tokenHash: string): Promise<PasswordTokenRecord | null>;
  /**
   * Uses a link: marks the token used (only if it is still unused), sets the password, ends every session of the
   * account and makes the account's other links unusable, in one transaction. False when the token was already used.
   */
  usePasswordToken(tokenHash: string, accountId: string, passwordHash: string, now: string, event: DomainEvent): Promise<boolean>;

  /** Failed attempts of a pair since its last successful sign-in, at or after `since`. */
  failuresSince(email: string, ip: string, since: string): Promise<string[]>;
  recordAttempt(email: string, ip: string, at: string, ok: boolean, event: DomainEvent | null): Promise<void>;

  /** Stores the new session and deletes `replacing` (the one the browser came with), in one transaction. */
  insertSession(s: SessionRecord, replacing: string | null, event: DomainEvent): Promise<void>;
  getSession(idHash: string): Promise<SessionRecord | null>;
  touchSession(idHash: string, lastSeenAt: string, expiresAt: string): Promise<void>;
  deleteSession(idHash: string, event: DomainEvent | null): Promise<void>;
  /** Drops expired sessions, old attempts and old links (housekeeping, run now and then). */
  purge(now: string): Promise<void>;
}

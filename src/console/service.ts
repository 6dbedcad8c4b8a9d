import crypto from 'node:crypto';
import { AppError } from '../errors.js';
import { assertDisplayText } from '../text.js';
import type { Clock, IdGenerator } from '../clock.js';
import type { DomainEvent } from '../journal.js';
import type { OutgoingMessage } from '../issuance/index.js';
import type { RegistryService } from '../registry/index.js';
import type { ConsoleAccount, ConsolePrincipal, ConsoleSession, SessionRecord, SignedIn } from './model.js';
import type { ConsoleRepository, PasswordHasher } from './ports.js';
import { LOCKOUT, PASSWORD_LINK_MS, PASSWORD_MAX, TOKEN_PATTERN, assertEmail, assertNewPassword, lockoutWait, needsTouch, normalizeEmail, sessionExpiry, sessionLive } from './rules.js';

export interface ConsoleDeps {
  repo: ConsoleRepository;
  hasher: PasswordHasher;
  registry: Pick<RegistryService, 'getStaff' | 'getBody'>;
  clock: Clock;
  newId: IdGenerator;
  publicUrl: string;
  /** The e-mail that brings a new person their set-password link (the outbox); without it, nothing is sent. */
  passwordLinkMessage?: (notice: PasswordLinkNotice) => OutgoingMessage;
  /** Events that change nothing stored (a sign-in refused during a lockout) go to the audit log through this. */
  onEvents?: (events: DomainEvent[]) => Promise<void>;
}

export interface PasswordLinkNotice {
  to: string;
  name: string;
  url: string;
  expiresAt: string;
  /** The body they work for, or null for the authority. */
  bodyName: string | null;
}

export interface PasswordLink {
  url: string;
  expiresAt: string;
  account: ConsoleAccount;
  /** Whether the link was also queued as an e-mail. */
  emailed: boolean;
}

/** What the set-password page shows for a link before the person chooses a password. */
export interface PasswordLinkView {
  name: string;
  email: string;
  expiresAt: string;
}

export const sha256 = (s: string): string => crypto.createHash('sha256').update(s).digest('hex');
const newToken = (): string => crypto.randomBytes(32).toString('base64url');

/** A well-formed argon2id hash of nothing anyone knows: an unknown e-mail costs as much time as a known one. */
let decoy: Promise<string> | null = null;

/**
 * The web console's accounts and sign-in: server-side sessions, lockout after repeated failures, and one-time
 * set-password links. Every change is in the audit log with the person's id (their staff id for a body's staff).
 */
export class ConsoleService {
  constructor(private readonly d: ConsoleDeps) {}

  private now(): Date {
    return this.d.clock();
  }

  // ---- accounts

  /** An authority account (a person at the national council): it exists only here. */
  async addAuthorityAccount(input: { email: string; name: string }, actor = 'authority'): Promise<ConsoleAccount> {
    const email = normalizeEmail(input.email);
    assertEmail('email', email);
    assertDisplayText('name', input.name);
    if (input.name.trim() === '') throw new AppError('ERR_VALIDATION', 'A name is required', { details: { field: 'name', reason: 'required' } });
    return this.insertAccount({ id: this.d.newId(), kind: 'authority', staffId: null, email, name: input.name.trim() }, actor);
  }

  /**
   * The console account of a body's staff member, created on first use: keyed by their staff id, with their
   * registry name, and the e-mail given or else the registry's.
   */
  async staffAccount(staffId: string, email?: string | null, actor = 'authority'): Promise<ConsoleAccount> {
    const existing = await this.d.repo.getAccount(staffId);
    if (existing) return existing;
    const staff = await this.d.registry.getStaff(staffId);
    const address = normalizeEmail(email ?? staff.email ?? '');
    if (address === '') throw new AppError('ERR_VALIDATION', `Staff member ${staffId} has no e-mail address in the registry; give one`, { details: { field: 'email', reason: 'required' } });
    assertEmail('email', address);
    return this.insertAccount({ id: staff.id, kind: 'staff', staffId: staff.id, email: address, name: staff.name }, actor, staff.bodyId);
  }

  private async insertAccount(a: Pick<ConsoleAccount, 'id' | 'kind' | 'staffId' | 'email' | 'name'>, actor: string, bodyId: string | null = null): Promise<ConsoleAccount> {
    if (await this.d.repo.getAccountByEmail(a.email)) throw new AppError('ERR_CONFLICT', `A console account with the e-mail ${a.email} already exists`, { details: { field: 'email', reason: 'taken' } });
    const now = this.now().toISOString();
    const account: ConsoleAccount = { ...a, passwordHash: null, state: 'active', createdAt: now, updatedAt: now };
    await this.d.repo.insertAccount(account, { action: 'console.account-created', actor, bodyId, subject: account.id, details: { kind: account.kind } });
    return account;
  }

  async accountByEmail(email: string): Promise<ConsoleAccount> {
    const a = await this.d.repo.getAccountByEmail(normalizeEmail(email));
    if (!a) throw new AppError('ERR_NOT_FOUND', `No console account has the e-mail ${normalizeEmail(email)}`);
    return a;
  }

  listAccounts(): Promise<ConsoleAccount[]> {
    return this.d.repo.listAccounts();
  }

  // ---- set-password links

  /**
   * A one-time link to set (or reset) the account's password, valid 72 hours; only its hash is stored, so it is
   * shown here once. Queued as an e-mail too when a message is configured.
   */
  async passwordLink(accountId: string, actor = 'authority'): Promise<PasswordLink> {
    const account = await this.d.repo.getAccount(accountId);
    if (!account) throw new AppError('ERR_NOT_FOUND', `Console account ${accountId} does not exist`);
    if (account.state !== 'active') throw new AppError('ERR_CONFLICT', `Console account ${account.email} is disabled`);
    const now = this.now();
    const token = newToken();
    const expiresAt = new Date(now.getTime() + PASSWORD_LINK_MS).toISOString();
    const url = `${this.d.publicUrl}/console/set-password?token=${token}`;
    const bodyId = account.staffId ? (await this.d.registry.getStaff(account.staffId)).bodyId : null;
    const bodyName = bodyId ? (await this.d.registry.getBody(bodyId)).name : null;
    const message = this.d.passwordLinkMessage ? this.d.passwordLinkMessage({ to: account.email, name: account.name, url, expiresAt, bodyName }) : null;
    await this.d.repo.insertPasswordToken(
      { tokenHash: sha256(token), accountId: account.id, createdAt: now.toISOString(), expiresAt, usedAt: null },
      message,
      { action: 'console.password-link', actor, bodyId, subject: account.id, details: { expiresAt, emailed: message !== null } },
    );
    return { url, expiresAt, account, emailed: message !== null };
  }

  /** The account behind a link that can still be used; 404 for any other (unknown, used, expired). */
  async passwordLinkView(token: string): Promise<PasswordLinkView> {
    const { account, expiresAt } = await this.usableLink(token);
    return { name: account.name, email: account.email, expiresAt };
  }

  private async usableLink(token: string): Promise<{ account: ConsoleAccount; tokenHash: string; expiresAt: string }> {
    const invalid = () => new AppError('ERR_NOT_FOUND', 'This link is not valid: it was already used, it expired, or a newer one replaced it');
    if (!TOKEN_PATTERN.test(token)) throw invalid();
    const tokenHash = sha256(token);
    const t = await this.d.repo.getPasswordToken(tokenHash);
    if (!t || t.usedAt !== null || Date.parse(t.expiresAt) <= this.now().getTime()) throw invalid();
    const account = await this.d.repo.getAccount(t.accountId);
    if (!account || account.state !== 'active') throw invalid();
    return { account, tokenHash, expiresAt: t.expiresAt };
  }

  /** Sets the password from a link: the link is spent, and every session of the account ends. */
  async setPassword(token: string, password: string, confirmation: string): Promise<ConsoleAccount> {
    const { account, tokenHash } = await this.usableLink(token);
    assertNewPassword(password, confirmation, account.email);
    const passwordHash = await this.d.hasher.hash(password);
    const now = this.now().toISOString();
    const used = await this.d.repo.usePasswordToken(tokenHash, account.id, passwordHash, now, { action: 'console.password-set', actor: account.id, bodyId: await this.bodyOf(account), subject: account.id });
    if (!used) throw new AppError('ERR_NOT_FOUND', 'This link is not valid: it was already used, it expired, or a newer one replaced it');
    return { ...account, passwordHash, updatedAt: now };
  }

  private async bodyOf(account: ConsoleAccount): Promise<string | null> {
    if (!account.staffId) return null;
    return (await this.d.registry.getStaff(account.staffId).catch(() => null))?.bodyId ?? null;
  }

  // ---- sign-in and sessions

  /**
   * Signs a person in with e-mail and password from client address `ip`. Five failures for the pair within fifteen
   * minutes refuse it (429, with the wait) before the password is even checked. A success always starts a new
   * session with a new secret, and ends the one the browser came with (`presentedSecret`): a session id planted in
   * the browser before sign-in never becomes a signed-in one (session fixation).
   */
  async signIn(input: { email: string; password: string; ip: string; presentedSecret?: string | null }): Promise<SignedIn> {
    const email = normalizeEmail(input.email);
    const now = this.now();
    const failures = await this.d.repo.failuresSince(email, input.ip, new Date(now.getTime() - LOCKOUT.windowMs).toISOString());
    const wait = lockoutWait(failures, now);
    if (wait !== null) {
      await this.d.onEvents?.([{ action: 'console.sign-in', actor: 'anonymous', subject: 'locked-out', outcome: 'denied', details: { retryAfterSeconds: wait } }]);
      throw new AppError('ERR_RATE_LIMITED', `Too many failed sign-ins for this e-mail from your address; try again in ${Math.ceil(wait / 60)} min`, { details: { retryAfterSeconds: wait } });
    }
    const account = email.length <= 254 ? await this.d.repo.getAccountByEmail(email) : null;
    const principal = account ? await this.principalOf(account) : null;
    const password = input.password.length <= PASSWORD_MAX * 4 ? input.password : '';
    // The same work whether or not the account exists, so response times do not tell which e-mails have one.
    const ok = account?.passwordHash && principal ? await this.d.hasher.verify(account.passwordHash, password) : (await this.d.hasher.verify(await this.decoy(), password), false);
    const at = now.toISOString();
    if (!ok || !account || !principal) {
      await this.d.repo.recordAttempt(email, input.ip, at, false, { action: 'console.sign-in', actor: account?.id ?? 'anonymous', bodyId: principal?.kind === 'staff' ? principal.bodyId : null, subject: account?.id ?? 'unknown-account', outcome: 'denied' });
      const left = LOCKOUT.failures - failures.length - 1;
      throw new AppError('ERR_UNAUTHENTICATED', left > 0 ? 'The e-mail or the password is not right' : 'The e-mail or the password is not right; sign-in from your address is now paused for 15 minutes', {
        details: { attemptsLeft: Math.max(0, left) },
      });
    }
    await this.d.repo.recordAttempt(email, input.ip, at, true, null);
    const secret = newToken();
    const record: SessionRecord = { idHash: sha256(secret), accountId: account.id, csrfToken: newToken(), createdAt: at, lastSeenAt: at, expiresAt: sessionExpiry(at, now) };
    const replacing = input.presentedSecret && TOKEN_PATTERN.test(input.presentedSecret) ? sha256(input.presentedSecret) : null;
    await this.d.repo.insertSession(record, replacing, { action: 'console.signed-in', actor: account.id, bodyId: principal.kind === 'staff' ? principal.bodyId : null, subject: account.id });
    return { sessionSecret: secret, session: { principal, csrfToken: record.csrfToken, expiresAt: record.expiresAt } };
  }

  private decoy(): Promise<string> {
    decoy ??= this.d.hasher.hash(newToken());
    return decoy;
  }

  /**
   * The live session behind a cookie's secret, or null: unknown, expired, or its person can no longer sign in (the
   * account or the registry's staff member disabled). Extends the idle timeout.
   */
  async session(secret: string | null | undefined): Promise<ConsoleSession | null> {
    if (!secret || !TOKEN_PATTERN.test(secret)) return null;
    const idHash = sha256(secret);
    const s = await this.d.repo.getSession(idHash);
    const now = this.now();
    if (!s || !sessionLive(s, now)) return null;
    const account = await this.d.repo.getAccount(s.accountId);
    const principal = account ? await this.principalOf(account) : null;
    if (!principal) return null;
    let expiresAt = s.expiresAt;
    if (needsTouch(s, now)) {
      expiresAt = sessionExpiry(s.createdAt, now);
      await this.d.repo.touchSession(idHash, now.toISOString(), expiresAt);
    }
    return { principal, csrfToken: s.csrfToken, expiresAt };
  }

  /** Ends the session (repeating is harmless). */
  async signOut(secret: string | null | undefined): Promise<void> {
    if (!secret || !TOKEN_PATTERN.test(secret)) return;
    const idHash = sha256(secret);
    const s = await this.d.repo.getSession(idHash);
    if (!s) return;
    await this.d.repo.deleteSession(idHash, { action: 'console.signed-out', actor: s.accountId, subject: s.accountId });
  }

  /** Housekeeping: expired sessions, day-old attempts and spent links go. */
  purge(): Promise<void> {
    return this.d.repo.purge(this.now().toISOString());
  }

  /** Who an account acts as now, or null when it may not sign in (disabled here, or in the registry). */
  private async principalOf(a: ConsoleAccount): Promise<ConsolePrincipal | null> {
    if (a.state !== 'active') return null;
    if (a.kind === 'authority') return { kind: 'authority', accountId: a.id, name: a.name, email: a.email };
    const staff = await this.d.registry.getStaff(a.staffId!).catch(() => null);
    if (!staff || staff.state !== 'active') return null;
    const body = await this.d.registry.getBody(staff.bodyId).catch(() => null);
    if (!body) return null;
    return { kind: 'staff', accountId: a.id, name: staff.name, email: a.email, staffId: staff.id, bodyId: body.id, bodyName: body.name, bodySlug: body.slug, roles: staff.roles };
  }
}

/** Constant-time comparison of a form's token with the expected one. */
export function tokensMatch(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || !TOKEN_PATTERN.test(given)) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

import { AppError } from '../errors.js';
import { normalizeEmail } from '../text.js';

/**
 * The console's sign-in rules, pure: the clock and what storage holds are passed in. The figures are the ones the
 * issue names (five failures per e-mail and address in fifteen minutes lock that pair out); the session and link
 * lifetimes are OWASP's usual ones for an administrative console.
 */
export const LOCKOUT = { failures: 5, windowMs: 15 * 60_000 } as const;
/** A session ends after this long without a request, and in any case this long after sign-in. */
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 3600_000;
/** last_seen is written at most this often (not on every request). */
export const SESSION_TOUCH_MS = 60_000;
export const PASSWORD_LINK_MS = 72 * 3600_000;
export const PASSWORD_MIN = 12;
/** argon2 hashes whatever it is given; a bound keeps a hostile form from costing more than a password should. */
export const PASSWORD_MAX = 256;
const EMAIL_MAX = 254;

export { normalizeEmail };

export function assertEmail(field: string, email: string): void {
  if (email.length === 0) throw new AppError('ERR_VALIDATION', 'An e-mail address is required', { details: { field, reason: 'required' } });
  if (email.length > EMAIL_MAX || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw new AppError('ERR_VALIDATION', `"${email.slice(0, 80)}" is not an e-mail address`, { details: { field, reason: 'email' } });
  }
}

/**
 * A new password: at least 12 characters (NIST SP 800-63B: length, not composition rules), at most 256, and not
 * the person's own e-mail address.
 */
export function assertNewPassword(password: string, confirmation: string, email: string): void {
  const chars = [...password].length;
  if (chars < PASSWORD_MIN) throw new AppError('ERR_VALIDATION', `The password needs at least ${PASSWORD_MIN} characters`, { details: { field: 'password', reason: 'too-short' } });
  if (chars > PASSWORD_MAX) throw new AppError('ERR_VALIDATION', `The password may have at most ${PASSWORD_MAX} characters`, { details: { field: 'password', reason: 'too-long' } });
  if (normalizeEmail(password) === email) throw new AppError('ERR_VALIDATION', 'The password may not be your e-mail address', { details: { field: 'password', reason: 'is-email' } });
  if (password !== confirmation) throw new AppError('ERR_VALIDATION', 'The two passwords differ', { details: { field: 'confirmation', reason: 'mismatch' } });
}

/**
 * Whether an e-mail and address pair is locked out, given the times of its failed attempts since its last success:
 * the seconds until the oldest failure of the window leaves it, or null when sign-in may be tried.
 */
export function lockoutWait(failuresSinceSuccess: readonly string[], now: Date): number | null {
  const from = now.getTime() - LOCKOUT.windowMs;
  const recent = failuresSinceSuccess.map((t) => Date.parse(t)).filter((t) => t > from).sort((a, b) => a - b);
  if (recent.length < LOCKOUT.failures) return null;
  // The pair may try again once fewer than `failures` remain in the window.
  const freedAt = recent[recent.length - LOCKOUT.failures]! + LOCKOUT.windowMs;
  return Math.max(1, Math.ceil((freedAt - now.getTime()) / 1000));
}

/** A session's end after activity at `now`: idle timeout, capped by the absolute one from its creation. */
export function sessionExpiry(createdAt: string, now: Date): string {
  return new Date(Math.min(now.getTime() + SESSION_IDLE_MS, Date.parse(createdAt) + SESSION_ABSOLUTE_MS)).toISOString();
}

export function sessionLive(s: { expiresAt: string }, now: Date): boolean {
  return Date.parse(s.expiresAt) > now.getTime();
}

/** Whether a session's last-seen time is old enough to be written again. */
export function needsTouch(s: { lastSeenAt: string }, now: Date): boolean {
  return now.getTime() - Date.parse(s.lastSeenAt) >= SESSION_TOUCH_MS;
}

/** Session secrets, CSRF tokens and link tokens: 256 random bits, base64url. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

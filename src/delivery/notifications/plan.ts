import { expiryMessage, renewalDigestMessage, statusMessage } from './messages.js';
import type { ExpiringCertificate, Notice, RenewalDigest, StatusChange } from './model.js';

const DAY_MS = 86_400_000;
/** Days before expiry at which the worker is told; the nearest one not yet passed is the one sent. */
export const EXPIRY_NOTICE_DAYS = [90, 30] as const;
/** The weekly list names the certificates expiring within this many days. */
export const RENEWAL_WINDOW_DAYS = 90;

/**
 * The expiry notice each certificate is due now: the 30-day one inside 30 days, else the 90-day one. A
 * certificate first seen inside 30 days gets only the 30-day notice: one message, the one that still matters.
 * Pure: the keys make a notice planned by two scans (or two servers) be sent once.
 */
export function planExpiryNotices(certificates: readonly ExpiringCertificate[], now: Date): Notice[] {
  return certificates.flatMap((c) => {
    const left = Date.parse(c.validUntil) - now.getTime();
    if (left <= 0) return [];
    const window = [...EXPIRY_NOTICE_DAYS].sort((a, b) => a - b).find((d) => left <= d * DAY_MS);
    if (window === undefined) return [];
    return [{ dedupKey: `expiry-${window}:${c.credentialId}`, credentialId: c.credentialId, message: expiryMessage(c, Math.ceil(left / DAY_MS)) }];
  });
}

/** One notice per status history entry. */
export function planStatusNotices(changes: readonly StatusChange[]): Notice[] {
  return changes.map((c) => ({ dedupKey: `status:${c.seq}`, credentialId: c.credentialId, message: statusMessage(c) }));
}

/** One list per body admin per ISO week, when the body has certificates due. */
export function planRenewalDigests(digests: readonly RenewalDigest[], now: Date): Notice[] {
  const week = isoWeek(now);
  return digests.flatMap((d) =>
    d.due.length === 0 ? [] : d.adminEmails.map((to) => ({ dedupKey: `renewals:${d.bodyId}:${week}:${to.toLowerCase()}`, credentialId: null, message: renewalDigestMessage(d, to, RENEWAL_WINDOW_DAYS) })),
  );
}

/** `2026-W49`: the ISO 8601 week of a UTC instant. */
export function isoWeek(at: Date): string {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const weekday = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - weekday); // the week's Thursday decides its year
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / DAY_MS + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export const daysFrom = (now: Date, days: number) => new Date(now.getTime() + days * DAY_MS);

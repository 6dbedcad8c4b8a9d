/**
 * What the page says about the data behind a verdict: why a check could not be decided, in plain words, and how old
 * the data is when it came from this device's saved copy. Pure, so it is tested without a browser.
 */
import type { VerificationReport } from '../../../verification/index.js';
import type { DataFetch } from './data.js';
import type { UiText } from './i18n.js';

/** The plain cause of an undecided status check, from what the page fetched; null when no status check is undecided. */
export function undecidedCause(report: VerificationReport, log: readonly DataFetch[], t: UiText): string | null {
  const stale = report.checks.find((c) => c.code === 'STATUS_STALE' && c.name !== 'trust_registry_fresh');
  if (stale) {
    const expired = log.filter((f) => f.validUntil !== null && f.kind !== 'registry').map((f) => f.validUntil!).sort()[0];
    return t.cause.listExpired(expired ? t.dateTime(expired) : '—');
  }
  const retrieval = report.checks.find((c) => c.status === 'unknown' && c.code === 'STATUS_RETRIEVAL_ERROR');
  if (!retrieval) return null;
  const failed = log.find((f) => f.source === 'none' && f.kind !== 'registry');
  if (failed?.failure?.cause === 'offline') return t.cause.offlineNoCopy;
  if (failed?.failure?.cause === 'unreachable') return t.cause.unreachable(failed.failure.status);
  return null;
}

/**
 * "status as of …": the oldest instant among the data this verdict used from the device's copy (the registry's saved
 * time included); null when everything was fetched online just now.
 */
export function dataAsOf(log: readonly DataFetch[], registrySavedAt: string | null): string | null {
  const times = log.filter((f) => f.source === 'device' && f.fetchedAt).map((f) => f.fetchedAt!);
  if (registrySavedAt) times.push(registrySavedAt);
  return times.sort()[0] ?? null;
}

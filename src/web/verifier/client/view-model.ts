import { isAuthenticNonCompetency, REASONS, type Check, type VerificationReport } from '../../../verification/index.js';
import type { Lang } from '../../../lang.js';
import type { UiText } from './i18n.js';
import { UI } from './i18n.js';

/**
 * valid: every check passed. superseded: genuine, but a renewal replaced it (the only failed check). invalid: a check
 * failed. undecided: none failed but one could not be run (offline). not-competency: genuine and in force, but not a
 * competency certificate (an attendance credential): never valid.
 */
export type Verdict = 'valid' | 'superseded' | 'invalid' | 'undecided' | 'not-competency';

export interface Fact {
  label: string;
  value: string;
  /** A fact that is itself the reason the credential is not valid (a revoked status, an expired date). */
  bad?: boolean;
}

export interface CheckLine {
  name: string;
  label: string;
  status: Check['status'];
  statusText: string;
  message: string;
}

/** What the page shows for one report, in one language: pure, so its wording is tested without a browser. */
export interface ResultView {
  verdict: Verdict;
  headline: string;
  subline: string;
  /** The first failed (else undecided) check in plain words; null when valid. */
  reason: { title: string; message: string } | null;
  holderName: string | null;
  facts: Fact[];
  checks: CheckLine[];
  /** Present when the CURP box can be offered (the proof passed and the credential carries a salted hash). */
  curp: { hash: string; salt: string } | null;
  warnings: string[];
}

export function verdictOf(report: VerificationReport): Verdict {
  if (report.verified) return 'valid';
  if (isAuthenticNonCompetency(report)) return 'not-competency';
  const failed = report.checks.filter((c) => c.status === 'fail');
  if (failed.length === 1 && failed[0]!.code === 'SUPERSEDED' && report.facts?.supersession && report.checks.every((c) => c.status !== 'unknown')) return 'superseded';
  // A status list (or register) past its validity says nothing about today: not a reason to reject, never VÁLIDO.
  if (failed.length > 0 && failed.every((c) => c.code === 'STATUS_STALE') && report.facts) return 'undecided';
  return failed.length > 0 ? 'invalid' : 'undecided';
}

/**
 * `extraWarnings` are shown under the facts; `cause`, when the verdict is undecided, replaces the generic reason with
 * what the page knows happened (offline, the server down, a saved list past its validity).
 */
export function describeReport(report: VerificationReport, lang: Lang, extraWarnings: string[] = [], cause: string | null = null): ResultView {
  const t = UI[lang];
  const verdict = verdictOf(report);
  const msg = (m: { message: string; messageEs: string }) => (lang === 'es' ? m.messageEs : m.message) || (lang === 'es' ? m.message : m.messageEs);
  const culprit = report.checks.find((c) => c.status === 'fail') ?? report.checks.find((c) => c.status === 'unknown') ?? null;
  const reason =
    verdict === 'valid' || !culprit
      ? null
      : {
          title: culprit.code ? (lang === 'es' ? REASONS[culprit.code].titleEs : REASONS[culprit.code].title) : (t.checkNames[culprit.name] ?? culprit.name),
          message: (verdict === 'undecided' ? cause : null) ?? plainReason(culprit, report, t) ?? msg(culprit),
        };
  const f = report.facts;
  const facts: Fact[] = [];
  if (f) {
    if (f.standard) {
      const parts = [f.standard.code, f.standard.title].filter(Boolean).join(' · ');
      const extra = [f.standard.level !== null ? t.level(f.standard.level) : null, f.standard.version !== null ? t.version(f.standard.version) : null].filter(Boolean).join(', ');
      facts.push({ label: t.standard, value: extra ? `${parts} (${extra})` : parts });
    }
    if (f.body) {
      const kind = f.body.kind ? t.bodyKinds[f.body.kind] ?? f.body.kind : null;
      facts.push({ label: t.body, value: [f.body.name ?? f.body.did, kind].filter(Boolean).join(' · ') });
    }
    const acc = report.checks.find((c) => c.name === 'issuer_accredited');
    if (acc) {
      const std = f.standard ? [f.standard.code, f.standard.version !== null ? `v${f.standard.version}` : null].filter(Boolean).join(' ') : '';
      facts.push({ label: t.accreditation, value: acc.status === 'pass' && std ? t.accreditedFor(std) : msg(acc), bad: acc.status !== 'pass' });
    }
    if (f.issuedAt) facts.push({ label: t.issued, value: t.date(f.issuedAt) });
    const window = report.checks.find((c) => c.name === 'validity_window');
    facts.push({ label: t.validUntil, value: f.validUntil ? t.date(f.validUntil) : t.noExpiry, bad: window?.status === 'fail' });
    const status = statusOf(report.checks, t);
    facts.push({ label: t.status, value: status.text, bad: status.bad });
    if (f.credentialId) facts.push({ label: t.credentialId, value: f.credentialId });
  }
  return {
    verdict,
    headline: { valid: t.valid, superseded: t.superseded, invalid: t.invalid, undecided: t.undecided, 'not-competency': t.notCompetency }[verdict],
    subline:
      verdict === 'superseded'
        ? t.supersededSub(t.date(f!.supersession!.supersededAt), f!.supersession!.supersededBy)
        : { valid: t.validSub, invalid: f ? t.invalidSub : t.nothingReliable, undecided: t.undecidedSub, 'not-competency': t.notCompetencySub }[verdict],
    reason,
    holderName: f?.holderName ?? null,
    facts,
    checks: report.checks.map((c) => ({
      name: c.name,
      label: t.checkNames[c.name] ?? c.name,
      status: c.status,
      statusText: c.status === 'pass' ? t.checkPass : c.status === 'fail' ? t.checkFail : t.checkUnknown,
      message: msg(c),
    })),
    curp: f?.curp ?? null,
    warnings: [...report.warnings.map(msg), ...extraWarnings],
  };
}

function plainReason(c: Check, report: VerificationReport, t: UiText): string | null {
  if (c.code === 'EXPIRED' && report.facts?.validUntil) return t.plain.expiredOn(t.date(report.facts.validUntil));
  if (c.code === 'OUT_OF_ACCREDITATION_SCOPE') return c.name === 'standard_known' ? t.plain.standard : t.plain.accreditation;
  return c.code ? (t.plain[c.code] ?? null) : null;
}

/** The credential's standing in one word: what an employer asks first after "is it genuine?". */
function statusOf(checks: readonly Check[], t: UiText): { text: string; bad: boolean } {
  const by = (n: string) => checks.find((c) => c.name === n);
  if (by('revocation')?.code === 'REVOKED') return { text: t.statusRevoked, bad: true };
  if (by('suspension')?.code === 'SUSPENDED') return { text: t.statusSuspended, bad: true };
  if (by('superseded')?.code === 'SUPERSEDED') return { text: t.statusSuperseded, bad: true };
  const window = by('validity_window');
  if (window?.code === 'EXPIRED') return { text: t.statusExpired, bad: true };
  if (window?.code === 'NOT_YET_VALID') return { text: t.statusNotYet, bad: true };
  if (['revocation', 'suspension', 'validity_window'].some((n) => by(n)?.status !== 'pass')) return { text: t.statusUnknown, bad: true };
  return { text: t.statusActive, bad: false };
}

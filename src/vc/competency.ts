/**
 * What makes a credential a national competency certificate, decided in one place: issuance refuses to sign a
 * credential given in full that claims to be one (only certifying an evaluation makes one), and the verifier reports
 * every other credential by name, never as a certificate.
 */

/** The Open Badges 3.0 types of a credential that certifies an achievement; a full IRI ending in one counts too. */
const COMPETENCY_TYPES = ['OpenBadgeCredential', 'AchievementCredential'] as const;

function isCompetencyType(t: unknown): boolean {
  return typeof t === 'string' && COMPETENCY_TYPES.some((name) => t === name || t.endsWith(`#${name}`) || t.endsWith(`/${name}`) || t.endsWith(`:${name}`));
}

/**
 * Whether a credential claims to be a competency certificate: an Open Badges achievement type, or any subject
 * carrying an `achievement` (what the verifier checks against the catalogue and the accreditations).
 */
export function claimsCompetency(credential: { type?: unknown; credentialSubject?: unknown }): boolean {
  if (asArray(credential.type).some(isCompetencyType)) return true;
  return asArray(credential.credentialSubject).some((s) => typeof s === 'object' && s !== null && Object.hasOwn(s, 'achievement'));
}

function asArray(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

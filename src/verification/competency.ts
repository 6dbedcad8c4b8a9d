/**
 * The verifier's `competency_certificate` check. What makes a credential claim to be a certificate is decided once,
 * in the credential core (`claimsCompetency`), which issuance applies too.
 */
import { claimsCompetency } from '../vc/index.js';
import { asArray, type ParsedCredential } from './decode.js';
import type { Check, VerificationReport } from './model.js';
import { fail, failure, pass } from './reasons.js';

/**
 * The `competency_certificate` check: the credential is presented as a national competency certificate — an
 * `OpenBadgeCredential` with one subject whose achievement names a standard by its code. Whether that standard is
 * in the catalogue, and the issuer accredited for it, are `standard_known` and `issuer_accredited`.
 */
export function competencyCertificate(credential: ParsedCredential): Check {
  const name = 'competency_certificate';
  if (!claimsCompetency(credential)) {
    return fail(
      name,
      failure(
        'NOT_A_COMPETENCY_CERTIFICATE',
        'This credential certifies no competency standard: it is not a national competency certificate.',
        'Esta credencial no certifica ningún estándar de competencia: no es un certificado de competencia laboral.',
      ),
    );
  }
  const subjects = asArray(credential.credentialSubject);
  const achievement = (subjects[0] as Record<string, unknown> | undefined)?.achievement as Record<string, unknown> | undefined;
  const code = typeof achievement === 'object' && achievement !== null ? achievement.humanCode : undefined;
  if (!asArray(credential.type).includes('OpenBadgeCredential') || subjects.length !== 1 || typeof code !== 'string') {
    return fail(
      name,
      failure(
        'MALFORMED_VALUE_ERROR',
        'It is presented as a competency certificate but is not shaped as one: an OpenBadgeCredential with one subject whose achievement names a standard.',
        'Se presenta como certificado de competencia pero no tiene su forma: un OpenBadgeCredential con un solo titular cuyo logro nombra un estándar.',
      ),
    );
  }
  return pass(name, `A competency certificate for ${code}.`, `Un certificado de competencia de ${code}.`);
}

/**
 * A credential that is genuine and in force, from the body it names, but is not a competency certificate: every
 * check passed except those that only a competency certificate can pass. Never "verified": this is its own result.
 */
export function isAuthenticNonCompetency(report: VerificationReport): boolean {
  const own = report.checks.find((c) => c.name === 'competency_certificate');
  return own?.code === 'NOT_A_COMPETENCY_CERTIFICATE' && report.checks.every((c) => c.status === 'pass' || c.code === 'NOT_A_COMPETENCY_CERTIFICATE');
}

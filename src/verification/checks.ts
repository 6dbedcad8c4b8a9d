// The file, not the folder's index: the index also exports the service, which is Node-only.
import { accreditationStateAt as stateAt, claimsCompetency, type TrustAccreditation, type TrustBody, type TrustStandard } from '../vc/index.js';
import type { ParsedCredential } from './decode.js';
import type { ResolvedKey } from './keys.js';
import type { Check, CredentialFacts, Warning } from './model.js';
import { fail, failure, pass } from './reasons.js';
import { floorSecond, keyProblemAt, type RegistryIndex, type VerifiedTrustRegistry } from './trust-registry.js';

/**
 * The checks that read the credential and the trust registry once the proof has passed. Pure: everything they need,
 * `now` included, is passed in.
 */

/** What the proof step established: which key signed, and when the signer says it signed. */
export interface Signed {
  key: ResolvedKey;
  /** `proof.created` (Data Integrity). */
  created: string | null;
  expires: string | null;
  /** JWT `iat` (VC-JWT), when present. */
  iat: number | null;
  /** The further proofs of a proof set, each verified; `key`/`created` above are the first proof's. */
  others?: readonly Omit<Signed, 'others'>[];
}

/**
 * When the credential was signed, in ms: the proof's own word (Data Integrity `proof.created`, VC-JWT `iat`), else
 * `validFrom`. A wallet copy is signed after its certificate's `validFrom`, with the key in use then.
 */
export function signedAt(credential: ParsedCredential, signed: Signed): { label: string; at: number } | null {
  if (signed.created) return { label: 'proof.created', at: Date.parse(signed.created) };
  if (signed.iat !== null) return { label: 'iat', at: signed.iat * 1000 };
  if (credential.validFrom) return { label: 'validFrom', at: Date.parse(credential.validFrom) };
  return null;
}

/**
 * The key was the issuer's, neither retired nor reported compromised, when the credential was signed (its signing
 * time, see `signedAt`; compared to the second). Accreditation and the standard are judged at the certification
 * date (`validFrom`) instead, by the checks below.
 */
export function keyValidAtIssuance(credential: ParsedCredential, signed: Signed): Check {
  const name = 'key_valid_at_issuance';
  const { key } = signed;
  if (!key.trustKey || !key.body) {
    return fail(name, failure('UNTRUSTED_ISSUER', `${key.did} is not a body in the trust registry, so its keys have no recorded period of use.`, `${key.did} no es un organismo del registro de confianza, así que sus claves no tienen un periodo de uso registrado.`));
  }
  const when = signedAt(credential, signed);
  if (when === null) {
    return fail(name, failure('KEY_NOT_VALID_AT_ISSUANCE', 'The credential does not say when it was signed (no validFrom), so the key cannot be checked.', 'La credencial no indica cuándo se firmó (sin validFrom), así que no se puede comprobar la clave.'));
  }
  const problem = keyProblemAt(key.trustKey, when.at);
  if (problem !== null) {
    const { label } = when;
    const at = new Date(floorSecond(when.at)).toISOString();
    const k = key.trustKey;
    const texts: Record<typeof problem, [string, string]> = {
      before: [`${label} ${at} is before ${key.id} came into use (${k.activeFrom}).`, `${label} ${at} es anterior a la entrada en uso de ${key.id} (${k.activeFrom}).`],
      retired: [`${key.id} was replaced on ${k.activeUntil}, before ${label} ${at}.`, `${key.id} fue reemplazada el ${k.activeUntil}, antes de ${label} ${at}.`],
      compromised: [`${key.id} was reported compromised on ${k.compromisedAt}, before ${label} ${at}.`, `${key.id} se reportó comprometida el ${k.compromisedAt}, antes de ${label} ${at}.`],
    };
    const [en, es] = texts[problem];
    return fail(name, failure('KEY_NOT_VALID_AT_ISSUANCE', en, es));
  }
  return pass(name, `Signed with ${key.id} while it was ${key.body.name}'s key.`, `Firmada con ${key.id} mientras era clave vigente de ${key.body.name}.`);
}

/** The standard the credential certifies, as it states it. */
export function claimedStandard(credential: ParsedCredential): { code: string; version: number | null; title: string | null; level: number | null } | null {
  const subject = (Array.isArray(credential.credentialSubject) ? credential.credentialSubject[0] : credential.credentialSubject) as Record<string, unknown> | undefined;
  const a = subject?.achievement as Record<string, unknown> | undefined;
  if (!a || typeof a !== 'object' || typeof a.humanCode !== 'string') return null;
  const version = typeof a.version === 'string' && /^\d{1,6}$/.test(a.version) ? Number(a.version) : typeof a.version === 'number' ? a.version : null;
  return { code: a.humanCode, version, title: typeof a.name === 'string' ? a.name : null, level: typeof a.nqfLevel === 'number' ? a.nqfLevel : null };
}

/** When the body certified (the certification date): validFrom, else the signing time. */
export function issuedAt(credential: ParsedCredential, signed: Signed): number | null {
  if (credential.validFrom) return Date.parse(credential.validFrom);
  return signedAt(credential, signed)?.at ?? null;
}

/** For a credential that does not claim to be a competency certificate, no accreditation or standard applies. */
const NO_COMPETENCY_CLAIMED = failure(
  'NOT_A_COMPETENCY_CERTIFICATE',
  'Not a competency certificate: it names no standard, so no accreditation covers it.',
  'No es un certificado de competencia: no nombra ningún estándar, así que ninguna acreditación lo cubre.',
);

/** The issuer was accredited for this standard and version on the issue date, as the accreditation's history says. */
export function issuerAccredited(index: RegistryIndex, issuer: string, credential: ParsedCredential, signed: Signed): Check {
  const name = 'issuer_accredited';
  const body = index.body(issuer);
  if (!body) {
    return fail(name, failure('UNTRUSTED_ISSUER', `${issuer} is not a certifying body in the trust registry.`, `${issuer} no es un organismo certificador del registro de confianza.`));
  }
  if (!claimsCompetency(credential)) return fail(name, NO_COMPETENCY_CLAIMED);
  const standard = claimedStandard(credential);
  const at = issuedAt(credential, signed);
  if (!standard || standard.version === null || at === null) {
    return fail(name, failure('OUT_OF_ACCREDITATION_SCOPE', 'The credential names no standard and version, so no accreditation can cover it.', 'La credencial no indica estándar y versión, así que ninguna acreditación la cubre.'));
  }
  const ref = `${standard.code} v${standard.version}`;
  const day = new Date(at).toISOString().slice(0, 10);
  const accs = body.accreditations.filter((a) => a.standard === standard.code && a.version === standard.version);
  const states = accs.map((a) => accreditationStateAt(a, at));
  if (states.includes('active')) {
    return pass(name, `${body.name} was accredited for ${ref} on ${day}.`, `${body.name} estaba acreditado para ${ref} el ${day}.`);
  }
  const state = states.find((s) => s !== 'outside-period');
  const why =
    state === 'suspended' ? ['its accreditation was suspended', 'su acreditación estaba suspendida']
    : state === 'withdrawn' ? ['its accreditation had been withdrawn', 'su acreditación había sido retirada']
    : accs.length > 0 ? ['the date is outside its accreditation period', 'la fecha está fuera de su periodo de acreditación']
    : ['it has no accreditation for that standard', 'no tiene acreditación para ese estándar'];
  return fail(name, failure('OUT_OF_ACCREDITATION_SCOPE', `${body.name} was not accredited for ${ref} on ${day}: ${why[0]}.`, `${body.name} no estaba acreditado para ${ref} el ${day}: ${why[1]}.`));
}

/** The registry's own rule, over the registry document's shape (its history entries carry no reason or actor). */
function accreditationStateAt(a: TrustAccreditation, at: number): ReturnType<typeof stateAt> {
  return stateAt({ validFrom: a.validFrom, validUntil: a.validUntil, history: a.history.map((h) => ({ ...h, reason: null, actor: '' })) }, new Date(at));
}

/**
 * The standard is in the catalogue, was published on the issue date, and the credential describes it as it is
 * (`describes: false`: a form that names the standard by code and version only, QR format 2, describes nothing).
 */
export function standardKnown(index: RegistryIndex, credential: ParsedCredential, signed: Signed, opts: { describes?: boolean } = {}): Check {
  const name = 'standard_known';
  if (!claimsCompetency(credential)) return fail(name, NO_COMPETENCY_CLAIMED);
  const claimed = claimedStandard(credential);
  if (!claimed || claimed.version === null) {
    return fail(name, failure('OUT_OF_ACCREDITATION_SCOPE', 'The credential names no competency standard and version.', 'La credencial no indica un estándar de competencia y su versión.'));
  }
  const ref = `${claimed.code} v${claimed.version}`;
  const s = index.standard(claimed.code, claimed.version);
  if (!s) return fail(name, failure('OUT_OF_ACCREDITATION_SCOPE', `${ref} is not in the national catalogue.`, `${ref} no está en el catálogo nacional.`));
  const at = issuedAt(credential, signed);
  if (at === null || !publishedAt(s, at)) {
    return fail(name, failure('OUT_OF_ACCREDITATION_SCOPE', `${ref} was not a published standard on the issue date.`, `${ref} no era un estándar publicado en la fecha de emisión.`));
  }
  if (opts.describes !== false && (claimed.title !== s.title || claimed.level !== s.level)) {
    return fail(
      name,
      failure('MALFORMED_VALUE_ERROR', `The credential describes ${ref} differently from the catalogue ("${s.title}", level ${s.level}).`, `La credencial describe ${ref} de forma distinta al catálogo ("${s.title}", nivel ${s.level}).`),
    );
  }
  return pass(name, `${ref} "${s.title}" (level ${s.level}) is in the national catalogue.`, `${ref} "${s.title}" (nivel ${s.level}) está en el catálogo nacional.`);
}

/** Published in [publishedAt, withdrawnAt), compared to the second (a registry may carry milliseconds). */
function publishedAt(s: TrustStandard, at: number): boolean {
  const t = floorSecond(at);
  if (s.publishedAt === null || floorSecond(Date.parse(s.publishedAt)) > t) return false;
  return s.withdrawnAt === null || floorSecond(Date.parse(s.withdrawnAt)) > t;
}

/** validFrom/validUntil of the credential and created/expires of its proof, each with the clock skew allowed. */
export function validityWindow(credential: ParsedCredential, signed: Signed, now: Date, skewMs: number): Check {
  const name = 'validity_window';
  const t = now.getTime();
  const notYet = [
    ['validFrom', credential.validFrom],
    ['proof.created', signed.created],
    // The proof step refused an `iat` no Date can hold.
    ['iat', signed.iat === null ? null : new Date(signed.iat * 1000).toISOString()],
  ].find(([, v]) => typeof v === 'string' && Date.parse(v) - t > skewMs);
  if (notYet) {
    return fail(name, failure('NOT_YET_VALID', `Not valid yet: ${notYet[0]} is ${notYet[1]}.`, `Aún no es válida: ${notYet[0]} es ${notYet[1]}.`));
  }
  const over = [
    ['validUntil', credential.validUntil],
    ['proof.expires', signed.expires],
  ].find(([, v]) => typeof v === 'string' && t - Date.parse(v) > skewMs);
  if (over) return fail(name, failure('EXPIRED', `Expired: ${over[0]} was ${over[1]}.`, `Vencida: ${over[0]} fue ${over[1]}.`));
  return credential.validUntil
    ? pass(name, `Valid until ${credential.validUntil}.`, `Vigente hasta ${credential.validUntil}.`)
    : pass(name, 'Valid, with no expiry date.', 'Vigente, sin fecha de vencimiento.');
}

/** The trust registry is within its `exp`; past `nextUpdate` it still counts, with a warning to refresh it. */
export function trustRegistryFresh(trust: VerifiedTrustRegistry, now: Date, skewMs: number): { check: Check; warnings: Warning[] } {
  const name = 'trust_registry_fresh';
  const t = now.getTime();
  if (t - Date.parse(trust.expiresAt) > skewMs) {
    return {
      check: fail(name, failure('STATUS_STALE', `The trust registry expired on ${trust.expiresAt}; fetch a new one.`, `El registro de confianza venció el ${trust.expiresAt}; descargue uno nuevo.`)),
      warnings: [],
    };
  }
  const warnings: Warning[] =
    t > Date.parse(trust.nextUpdate)
      ? [{ code: 'TRUST_REGISTRY_REFRESH_DUE', message: `The trust registry was due to be refreshed on ${trust.nextUpdate}.`, messageEs: `El registro de confianza debía actualizarse el ${trust.nextUpdate}.` }]
      : [];
  return { check: pass(name, `Trust registry of ${trust.issuedAt}, valid until ${trust.expiresAt}.`, `Registro de confianza del ${trust.issuedAt}, válido hasta ${trust.expiresAt}.`), warnings };
}

/** What the page shows: the registry's word for the body and the standard where it has one. */
export function factsOf(index: RegistryIndex, credential: ParsedCredential, issuer: string, signed: Signed): CredentialFacts {
  const subject = (Array.isArray(credential.credentialSubject) ? credential.credentialSubject[0] : credential.credentialSubject) as Record<string, unknown> | undefined;
  const identifiers = Array.isArray(subject?.identifier) ? (subject.identifier as Array<Record<string, unknown>>) : [];
  const nameId = identifiers.find((i) => i?.identityType === 'name' && i.hashed === false && typeof i.identityHash === 'string');
  const curpId = identifiers.find((i) => i?.identityType === 'nationalIdentityNumber' && i.hashed === true && typeof i.identityHash === 'string' && typeof i.salt === 'string');
  const claimed = claimedStandard(credential);
  const known = claimed?.version != null ? index.standard(claimed.code, claimed.version) : undefined;
  const body: TrustBody | undefined = index.body(issuer);
  const issuerName = typeof credential.issuer === 'object' && typeof credential.issuer.name === 'string' ? credential.issuer.name : null;
  const at = issuedAt(credential, signed);
  return {
    credentialId: credential.id ?? null,
    holderName: (nameId?.identityHash as string | undefined) ?? (typeof subject?.name === 'string' ? subject.name : null),
    standard: known ? { code: known.code, version: known.version, title: known.title, level: known.level } : claimed,
    body: body ? { name: body.name, did: body.did, kind: body.kind } : { name: issuerName, did: issuer, kind: null },
    issuedAt: at === null ? null : new Date(at).toISOString(),
    validFrom: credential.validFrom ?? null,
    validUntil: credential.validUntil ?? null,
    curp: curpId ? { hash: curpId.identityHash as string, salt: curpId.salt as string } : null,
    signedWith: signed.key.id,
  };
}

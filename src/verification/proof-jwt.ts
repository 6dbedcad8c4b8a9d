import { compactVerify, importJWK } from 'jose';
import { FORBIDDEN_KEY_HEADERS, jwkOf, resolveVerificationMethod, short, type ResolvedKey } from './keys.js';
import { failure, isFailure, type Failure } from './reasons.js';
import type { RegistryIndex } from './trust-registry.js';

/** The algorithms a VC-JWT may name. Registry keys are Ed25519, so in practice only EdDSA ever verifies. */
const ALLOWED_ALGORITHMS = ['EdDSA', 'ES256'] as const;
/** RFC 7515 §4.1.9: the `application/` prefix may be left out, and is compared without case. */
const VC_JWT_TYPES = new Set(['vc+jwt', 'application/vc+jwt']);

export interface JwtToVerify {
  jwt: string;
  header: Record<string, unknown>;
  /** The decoded payload: the credential, plus the `nbf`/`exp` mirrors. */
  raw: Record<string, unknown>;
  /** The credential's issuer DID: the key must be one of its verification methods. */
  issuer: string;
}

/**
 * VC-JOSE-COSE `application/vc+jwt`. The key is found by the header's `kid` among the issuer's keys in the trust
 * registry (or the issuer's did:key) — never taken from the token: a token carrying `jwk`, `jku`, `x5u` or `x5c`
 * is refused outright. Algorithms are allow-listed (so `none` and HMAC never reach a verify call), `typ` must say
 * vc+jwt, and `nbf`/`exp` must mirror `validFrom`/`validUntil` exactly, so JWT tooling and this verifier agree.
 */
export async function verifyJwtProof(t: JwtToVerify, index: RegistryIndex): Promise<ResolvedKey | Failure> {
  const { header } = t;
  const carried = FORBIDDEN_KEY_HEADERS.find((h) => h in header);
  if (carried) {
    return failure('CRYPTOGRAPHIC_SECURITY_ERROR', `The token carries its own key ("${carried}" header); keys are taken only from the trust registry.`, `El token trae su propia clave (encabezado "${carried}"); las claves se toman solo del registro de confianza.`);
  }
  const alg = header.alg;
  if (typeof alg !== 'string' || !(ALLOWED_ALGORITHMS as readonly string[]).includes(alg)) {
    return failure('UNSUPPORTED_ALGORITHM', `The token is signed with "${short(String(alg))}"; only ${ALLOWED_ALGORITHMS.join(' and ')} are accepted.`, `El token está firmado con "${short(String(alg))}"; solo se aceptan ${ALLOWED_ALGORITHMS.join(' y ')}.`);
  }
  if (typeof header.typ !== 'string' || !VC_JWT_TYPES.has(header.typ.toLowerCase())) {
    return failure('MALFORMED_VALUE_ERROR', `The token's type is "${short(String(header.typ))}", not vc+jwt.`, `El tipo del token es "${short(String(header.typ))}", no vc+jwt.`);
  }
  if (header.cty !== undefined && header.cty !== 'vc') {
    return failure('MALFORMED_VALUE_ERROR', `The token's content type is "${short(String(header.cty))}", not vc.`, `El tipo de contenido del token es "${short(String(header.cty))}", no vc.`);
  }
  if (t.raw.iss !== undefined && t.raw.iss !== t.issuer) {
    return failure('ISSUER_MISMATCH', 'The token\'s "iss" claim names someone other than the credential\'s issuer.', 'El campo "iss" del token nombra a alguien distinto del emisor de la credencial.');
  }
  const kid = typeof header.kid === 'string' && header.kid.startsWith('#') ? `${t.issuer}${header.kid}` : header.kid;
  if (kid === undefined) return failure('PROOF_VERIFICATION_ERROR', 'The token does not name its key ("kid").', 'El token no identifica su clave ("kid").');
  const key = resolveVerificationMethod(index, kid, t.issuer);
  if (isFailure(key)) return key;
  if (alg !== 'EdDSA') {
    return failure('UNSUPPORTED_ALGORITHM', `The token says ${alg} but the issuer's key is Ed25519 (EdDSA).`, `El token indica ${alg} pero la clave del emisor es Ed25519 (EdDSA).`);
  }
  try {
    await compactVerify(t.jwt, await importedKey(key.raw), { algorithms: ['EdDSA'] });
  } catch {
    return failure('CRYPTOGRAPHIC_SECURITY_ERROR', `The signature does not verify with ${short(key.id)}: the content was changed or another key signed it.`, `La firma no es válida con ${short(key.id)}: el contenido se alteró o la firmó otra clave.`);
  }
  return mirrorsAgree(t.raw) ?? key;
}

// The trust index keeps one `raw` array per registry key while the registry is cached, so the imported key can be
// kept with it: importing costs about a tenth of a verification.
const imported = new WeakMap<Uint8Array, ReturnType<typeof importJWK>>();

function importedKey(raw: Uint8Array): ReturnType<typeof importJWK> {
  let key = imported.get(raw);
  if (!key) {
    key = importJWK(jwkOf(raw), 'EdDSA');
    imported.set(raw, key);
  }
  return key;
}

const MAX_NUMERIC_DATE = 8.64e12;

/** `nbf`/`exp` must be the whole-second mirrors of `validFrom`/`validUntil`, present exactly when they are. */
function mirrorsAgree(payload: Record<string, unknown>): Failure | null {
  for (const [claim, prop] of [['nbf', 'validFrom'], ['exp', 'validUntil']] as const) {
    const expected = typeof payload[prop] === 'string' ? Math.floor(Date.parse(payload[prop]) / 1000) : undefined;
    if (payload[claim] !== expected) {
      return failure(
        'MALFORMED_VALUE_ERROR',
        `The token's "${claim}" does not match the credential's ${prop}.`,
        `El campo "${claim}" del token no coincide con ${prop} de la credencial.`,
      );
    }
  }
  // A NumericDate a JavaScript Date can hold (±8.64e12 s): the signing time is compared and shown as a date.
  if (payload.iat !== undefined && (typeof payload.iat !== 'number' || !Number.isFinite(payload.iat) || Math.abs(payload.iat) > MAX_NUMERIC_DATE)) {
    return failure('MALFORMED_VALUE_ERROR', 'The token\'s "iat" is not a time.', 'El campo "iat" del token no es una fecha.');
  }
  return null;
}

import { AppError } from '../errors.js';
import type { KeyStore } from '../keystore/index.js';
import { VC_CONTEXT_V2_URL } from '../vc/index.js';

export const VC_JWT_MEDIA_TYPE = 'application/vc+jwt';

/**
 * JWT claims that would clash with the VC-JOSE-COSE payload: `vc`/`vp` are forbidden there, `nbf`/`exp` are the
 * mirrors we write ourselves, and `iat` is the signing time we write.
 */
const RESERVED_CLAIMS = ['vc', 'vp', 'nbf', 'exp', 'iat'] as const;

/**
 * Secures a credential as VC-JOSE-COSE `application/vc+jwt`: a compact JWS, EdDSA, whose payload is the
 * credential itself (no `vc` wrapper claim). Header: `alg` EdDSA, `kid` the verification method id (a DID URL),
 * `typ` vc+jwt, `cty` vc.
 *
 * Two JWT claims are added as exact mirrors — `nbf` = `validFrom`, `exp` = `validUntil` (NumericDate, seconds) —
 * so that plain JWT tooling also refuses an expired or not-yet-valid token; a verifier must check that they agree
 * with the credential (the VC 2.0 context defines both terms, so the payload still expands with nothing dropped).
 * Nothing else is mirrored: `iss`, `jti` and `sub` would repeat long strings the QR code has to carry twice.
 *
 * `signedAt`, when given, is written as `iat` (whole seconds, rounded down): the signing time a verifier judges the
 * key's period by, as it does a Data Integrity proof's `created`. A wallet copy keeps its certificate's `validFrom`
 * and is signed later, so the two differ there. Every signer of ours passes it.
 */
export async function signVcJwt(credential: Record<string, unknown>, keystore: KeyStore, keystoreId: string, kid: string, opts: { signedAt?: Date } = {}): Promise<string> {
  if ('proof' in credential) throw new TypeError('a credential secured as a JWT must not also carry an embedded proof');
  for (const claim of RESERVED_CLAIMS) {
    if (claim in credential) throw new AppError('ERR_INVALID_CREDENTIAL', `Invalid credential: "${claim}" is a JWT claim name and may not be a credential property`);
  }
  const payload = { ...credential, ...timeClaims(credential), ...(opts.signedAt ? { iat: Math.floor(opts.signedAt.getTime() / 1000) } : {}) };
  const header = { alg: 'EdDSA', kid, typ: 'vc+jwt', cty: 'vc' };
  return keystore.signCompactJws(keystoreId, header, new TextEncoder().encode(JSON.stringify(payload)));
}

/** `nbf`/`exp` for a credential's `validFrom`/`validUntil`, whole seconds rounded down. */
export function timeClaims(credential: Record<string, unknown>): { nbf?: number; exp?: number } {
  const out: { nbf?: number; exp?: number } = {};
  const seconds = (v: unknown, name: string): number => {
    const t = typeof v === 'string' ? Date.parse(v) : Number.NaN;
    if (Number.isNaN(t)) throw new AppError('ERR_INVALID_CREDENTIAL', `Invalid credential: ${name} is not a date-time`);
    return Math.floor(t / 1000);
  };
  if (credential.validFrom !== undefined) out.nbf = seconds(credential.validFrom, 'validFrom');
  if (credential.validUntil !== undefined) out.exp = seconds(credential.validUntil, 'validUntil');
  return out;
}

export interface EnvelopedVerifiableCredential {
  '@context': typeof VC_CONTEXT_V2_URL;
  id: string;
  type: 'EnvelopedVerifiableCredential';
}

/** The VC 2.0 wrapper that carries a JWT-secured credential where a JSON-LD credential object is expected. */
export function envelope(jwt: string): EnvelopedVerifiableCredential {
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(jwt)) throw new TypeError('not a compact JWS');
  return { '@context': VC_CONTEXT_V2_URL, id: `data:${VC_JWT_MEDIA_TYPE},${jwt}`, type: 'EnvelopedVerifiableCredential' };
}

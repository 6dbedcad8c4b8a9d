import { importJWK, type JWK } from 'jose';
import { didKeyDocument, isAcceptableEd25519PublicKey } from '../../vc/index.js';
import { rawFromPublicKeyMultibase } from '../../vc/index.js';

/** The wallet's key, as the proof of possession names it, and the DID the credential is bound to. */
export interface HolderKey {
  /** `did:key:…` or `did:jwk:…`, without fragment: becomes `credentialSubject.id`. */
  did: string;
  alg: 'EdDSA' | 'ES256';
  jwk: JWK;
}

export const HOLDER_ALGS = ['EdDSA', 'ES256'] as const;
const MAX_DID_LENGTH = 1024;

/**
 * The holder key named by a proof JWT header: a `kid` that is a did:key (Ed25519) or did:jwk DID URL, or a bare
 * public `jwk` (bound as its did:jwk). Returns null for anything else — x5c chains, federation, other DID methods,
 * a private key, a weak Ed25519 point — so the caller refuses the proof. Resolution is local: no network.
 */
export function holderKeyFromHeader(header: { alg?: unknown; kid?: unknown; jwk?: unknown }): HolderKey | null {
  const alg = header.alg;
  if (alg !== 'EdDSA' && alg !== 'ES256') return null;
  if (header.kid !== undefined && header.jwk !== undefined) return null;
  if (typeof header.kid === 'string') return fromKid(header.kid, alg);
  if (header.jwk !== undefined) {
    const jwk = publicJwk(header.jwk, alg);
    return jwk ? { did: didJwkOf(jwk), alg: jwk.crv === 'Ed25519' ? 'EdDSA' : 'ES256', jwk } : null;
  }
  return null;
}

function fromKid(kid: string, alg: string): HolderKey | null {
  if (kid.length > MAX_DID_LENGTH) return null;
  const hash = kid.indexOf('#');
  if (hash < 0) return null;
  const did = kid.slice(0, hash);
  const fragment = kid.slice(hash + 1);
  if (did.startsWith('did:key:')) {
    const doc = didKeyDocument(did);
    const vm = doc?.verificationMethod?.[0];
    // The did:key method has one key, whose fragment is the multibase key itself.
    if (!vm || vm.id !== kid || alg !== 'EdDSA' || !vm.publicKeyMultibase) return null;
    const raw = rawFromPublicKeyMultibase(vm.publicKeyMultibase);
    if (!raw) return null;
    return { did, alg: 'EdDSA', jwk: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') } };
  }
  if (did.startsWith('did:jwk:') && fragment === '0') {
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(did.slice('did:jwk:'.length), 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    const jwk = publicJwk(decoded, alg);
    return jwk ? { did, alg: jwk.crv === 'Ed25519' ? 'EdDSA' : 'ES256', jwk } : null;
  }
  return null;
}

/** A public Ed25519 or P-256 JWK that matches `alg`, reduced to its key members; null otherwise. */
function publicJwk(value: unknown, alg: string): JWK | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const j = value as Record<string, unknown>;
  if ('d' in j) return null; // a private key has no business in a proof
  const b64 = (v: unknown, bytes: number) => typeof v === 'string' && /^[A-Za-z0-9_-]+$/.test(v) && Buffer.from(v, 'base64url').length === bytes;
  if (j.kty === 'OKP' && j.crv === 'Ed25519' && alg === 'EdDSA' && b64(j.x, 32)) {
    if (!isAcceptableEd25519PublicKey(new Uint8Array(Buffer.from(j.x as string, 'base64url')))) return null;
    return { kty: 'OKP', crv: 'Ed25519', x: j.x as string };
  }
  if (j.kty === 'EC' && j.crv === 'P-256' && alg === 'ES256' && b64(j.x, 32) && b64(j.y, 32)) {
    return { kty: 'EC', crv: 'P-256', x: j.x as string, y: j.y as string };
  }
  return null;
}

/** did:jwk of a public JWK: its members in lexical order (RFC 7638 style), so one key gives one DID. */
export function didJwkOf(jwk: JWK): string {
  const members = jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { crv: jwk.crv, kty: jwk.kty, x: jwk.x };
  return `did:jwk:${Buffer.from(JSON.stringify(members)).toString('base64url')}`;
}

/** A jose key for the holder key (an invalid curve point fails here, which the caller treats as a bad proof). */
export async function importHolderKey(h: HolderKey): Promise<CryptoKey | Uint8Array> {
  return importJWK(h.jwk, h.alg) as Promise<CryptoKey | Uint8Array>;
}

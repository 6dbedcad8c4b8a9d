import { base64url } from 'jose';
import { DID_CONTEXTS, didKeyMultibase, isAcceptableEd25519PublicKey, publicKeyMultibaseFromRaw, rawFromPublicKeyMultibase, type TrustBody, type TrustKey } from '../vc/index.js';
import { failure, type Failure } from './reasons.js';
import type { RegistryIndex } from './trust-registry.js';

/** JOSE header parameters that carry or point to a key: a verifier that used them would trust the token's word. */
export const FORBIDDEN_KEY_HEADERS = ['jwk', 'jku', 'x5u', 'x5c'] as const;

const acceptable = new Map<string, Uint8Array | null>();
const MAX_REMEMBERED_KEYS = 10_000;

/**
 * The raw Ed25519 key of a Multikey value, or null when it is malformed, not canonically encoded, off the curve or
 * of small order. The point check is BigInt maths, so answers are remembered (registries hold few keys; did:key
 * issuers and holders are bounded by the cap).
 */
export function acceptableKey(multibase: string): Uint8Array | null {
  if (acceptable.has(multibase)) return acceptable.get(multibase) ?? null;
  const raw = rawFromPublicKeyMultibase(multibase);
  const ok = raw !== null && publicKeyMultibaseFromRaw(raw) === multibase && isAcceptableEd25519PublicKey(raw) ? raw : null;
  if (acceptable.size >= MAX_REMEMBERED_KEYS) acceptable.clear();
  acceptable.set(multibase, ok);
  return ok;
}

export function jwkOf(raw: Uint8Array): { kty: 'OKP'; crv: 'Ed25519'; x: string } {
  return { kty: 'OKP', crv: 'Ed25519', x: base64url.encode(raw) };
}

/** A verification method the verifier may use, and what the registry says about it (null for an unregistered did:key). */
export interface ResolvedKey {
  id: string;
  did: string;
  publicKeyMultibase: string;
  raw: Uint8Array;
  trustKey: TrustKey | null;
  body: TrustBody | null;
}

/**
 * Resolves a verification method (a DID URL) without any network: keys of bodies in the trust registry, and did:key.
 * `controller`, when given, is the DID that must own the key (the credential's issuer, or a presentation's holder).
 */
export function resolveVerificationMethod(index: RegistryIndex, vmId: unknown, controller?: string): ResolvedKey | Failure {
  if (typeof vmId !== 'string' || vmId.length > 2048 || !/^did:[a-z0-9]+:[^#\s]+#[^#\s]+$/.test(vmId)) {
    return failure('MALFORMED_VALUE_ERROR', 'The signature does not name its key as a DID URL.', 'La firma no identifica su clave como una URL DID.');
  }
  const did = vmId.slice(0, vmId.indexOf('#'));
  if (controller !== undefined && did !== controller) {
    return failure('ISSUER_MISMATCH', `The signing key belongs to ${short(did)}, not to the issuer ${short(controller)}.`, `La clave que firmó pertenece a ${short(did)}, no al emisor ${short(controller)}.`);
  }
  const body = index.body(did);
  let multibase: string;
  let trustKey: TrustKey | null = null;
  if (body) {
    const found = index.key(vmId);
    if (!found || found.body !== body) {
      return failure('PROOF_VERIFICATION_ERROR', `The key ${short(vmId)} is not one of ${body.name}'s keys in the trust registry.`, `La clave ${short(vmId)} no es una de las claves de ${body.name} en el registro de confianza.`);
    }
    multibase = found.key.publicKeyMultibase;
    trustKey = found.key;
  } else {
    const fromDid = didKeyMultibase(did);
    if (fromDid === null) {
      return failure('UNTRUSTED_ISSUER', `${short(did)} is not in the trust registry and cannot be resolved offline.`, `${short(did)} no está en el registro de confianza y no se puede resolver sin conexión.`);
    }
    multibase = fromDid;
    if (vmId !== `${did}#${multibase}`) {
      return failure('PROOF_VERIFICATION_ERROR', `${short(vmId)} is not the key of ${short(did)}.`, `${short(vmId)} no es la clave de ${short(did)}.`);
    }
  }
  const raw = acceptableKey(multibase);
  if (!raw) {
    return failure('CRYPTOGRAPHIC_SECURITY_ERROR', 'The signing key is not a valid Ed25519 public key (malformed, or a weak small-order point).', 'La clave de firma no es una clave pública Ed25519 válida (mal formada o un punto débil de orden pequeño).');
  }
  return { id: vmId, did, publicKeyMultibase: multibase, raw, trustKey, body: body ?? null };
}

/**
 * The DID document of a registered body (every key it ever used, as `buildDidDocument` publishes it) or of a did:key,
 * with weak keys left out so no suite ever sees them.
 */
export function didDocumentFor(index: RegistryIndex, did: string): Record<string, unknown> | null {
  const body = index.body(did);
  let methods: Array<{ id: string; publicKeyMultibase: string }>;
  if (body) methods = body.keys.map((k) => ({ id: k.id, publicKeyMultibase: k.publicKeyMultibase }));
  else {
    const multibase = didKeyMultibase(did);
    if (multibase === null) return null;
    methods = [{ id: `${did}#${multibase}`, publicKeyMultibase: multibase }];
  }
  const verificationMethod = methods.filter((k) => acceptableKey(k.publicKeyMultibase) !== null).map((k) => ({ ...k, type: 'Multikey', controller: did }));
  if (verificationMethod.length === 0) return null;
  const ids = verificationMethod.map((v) => v.id);
  return { '@context': [...DID_CONTEXTS], id: did, verificationMethod, assertionMethod: ids, authentication: ids };
}

export function short(s: string): string {
  return s.length > 120 ? `${s.slice(0, 120)}…` : s;
}

import type { DIDDocument } from 'did-resolver';
import { DID_CONTEXTS } from './contexts.js';
import { isAcceptableEd25519PublicKey } from './ed25519-point.js';
import { publicKeyMultibaseFromRaw, rawFromPublicKeyMultibase } from './multikey.js';

/** The did:key of an Ed25519 public key (raw 32 bytes). */
export function didKeyFromPublicKey(raw: Uint8Array): string {
  return `did:key:${publicKeyMultibaseFromRaw(raw)}`;
}

/** The Multikey value a did:key names (not yet checked as a key), or null when the DID is not a did:key. */
export function didKeyMultibase(did: string): string | null {
  const m = /^did:key:(z[1-9A-HJ-NP-Za-km-z]{1,60})$/.exec(did);
  return m ? (m[1] as string) : null;
}

/**
 * The DID document of a did:key, in the Multikey form of the did:key method (one verification method whose
 * fragment is the key itself), or null when the identifier is not an acceptable Ed25519 key. The X25519
 * key-agreement key that the method may derive is left out: Avala only verifies signatures.
 */
export function didKeyDocument(did: string): DIDDocument | null {
  const multibase = didKeyMultibase(did);
  if (multibase === null) return null;
  const raw = rawFromPublicKeyMultibase(multibase);
  if (raw === null || !isAcceptableEd25519PublicKey(raw)) return null;
  // Reject alternative encodings of the same key (leading zeros and the like): one key, one DID.
  if (publicKeyMultibaseFromRaw(raw) !== multibase) return null;
  const vm = `${did}#${multibase}`;
  return {
    '@context': [...DID_CONTEXTS],
    id: did,
    verificationMethod: [{ id: vm, type: 'Multikey', controller: did, publicKeyMultibase: multibase }],
    authentication: [vm],
    assertionMethod: [vm],
    capabilityInvocation: [vm],
    capabilityDelegation: [vm],
  };
}

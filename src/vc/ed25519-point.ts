import { Point } from '@noble/ed25519';

/**
 * Is this 32-byte string an Ed25519 public key worth trusting? Node's verifier accepts any 32 bytes, including
 * encodings that are not on the curve and the small-order points, for which a "signature" can verify over many
 * messages at once. The audited @noble/ed25519 decodes by RFC 8032 §5.1.3 (`zip215: false` refuses non-canonical
 * encodings) and tests the small order; the resolver caches the answer, so this runs once per key.
 */
export function isAcceptableEd25519PublicKey(raw: Uint8Array): boolean {
  if (!(raw instanceof Uint8Array) || raw.length !== 32) return false;
  try {
    return !Point.fromBytes(raw, false).isSmallOrder();
  } catch {
    return false; // not a point of the curve, or a non-canonical encoding
  }
}

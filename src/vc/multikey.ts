import * as base58 from 'base58-universal';

// Multicodec prefix for an Ed25519 public key (0xed as an unsigned varint), per the Multikey spec.
const ED25519_PUB = Uint8Array.of(0xed, 0x01);

export function publicKeyMultibaseFromRaw(raw: Uint8Array): string {
  if (raw.length !== 32) throw new TypeError('an Ed25519 public key is 32 bytes');
  const bytes = new Uint8Array(34);
  bytes.set(ED25519_PUB, 0);
  bytes.set(raw, 2);
  return `z${base58.encode(bytes)}`;
}

/** The raw 32 bytes of an Ed25519 Multikey, or null when the value is not one. */
export function rawFromPublicKeyMultibase(multibase: string): Uint8Array | null {
  if (typeof multibase !== 'string' || !multibase.startsWith('z') || multibase.length > 64) return null;
  let bytes: Uint8Array;
  try {
    bytes = base58.decode(multibase.slice(1));
  } catch {
    return null;
  }
  if (bytes.length !== 34 || bytes[0] !== 0xed || bytes[1] !== 0x01) return null;
  return bytes.slice(2);
}

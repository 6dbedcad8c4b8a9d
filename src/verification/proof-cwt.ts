import { verifyAsync } from '@noble/ed25519';
import type { Format2Payload } from '../vc/qr/format2.js';
import { resolveVerificationMethod, short, type ResolvedKey } from './keys.js';
import { failure, isFailure, type Failure } from './reasons.js';
import type { RegistryIndex } from './trust-registry.js';

/** A body lists a handful of keys over its life; a registry naming more for one body is not read further. */
const MAX_KEYS_TRIED = 32;

/**
 * QR format 2 (COSE_Sign1, EdDSA): the signature over the Sig_structure must verify with one of the issuer's keys
 * in the trust registry — so the signer is the issuer by construction, and nothing in the payload names or carries a
 * key. Format 2 has no `kid` (every byte counts in a QR code); the key that verifies is the signer, and the later
 * `key_valid_at_issuance` check judges its period against the signing time. RFC 8032 verification, no ZIP-215
 * leniency; weak keys never reach it (`resolveVerificationMethod` refuses them).
 */
export async function verifyCwtProof(cose: Format2Payload, issuer: string, index: RegistryIndex): Promise<ResolvedKey | Failure> {
  const body = index.body(issuer);
  if (!body) {
    return failure('UNTRUSTED_ISSUER', `${short(issuer)} is not a body in the trust registry, so no key can be checked offline.`, `${short(issuer)} no es un organismo del registro de confianza, así que no se puede comprobar ninguna clave sin conexión.`);
  }
  for (const k of body.keys.slice(0, MAX_KEYS_TRIED)) {
    const key = resolveVerificationMethod(index, k.id, issuer);
    if (isFailure(key)) continue; // a weak or malformed registry key is never used
    let ok = false;
    try {
      ok = await verifyAsync(cose.signature, cose.signedBytes, key.raw, { zip215: false });
    } catch {
      ok = false;
    }
    if (ok) return key;
  }
  return failure('CRYPTOGRAPHIC_SECURITY_ERROR', `The QR code's signature does not verify with any key of ${body.name}: its content was changed or someone else signed it.`, `La firma del código QR no es válida con ninguna clave de ${body.name}: su contenido se alteró o la firmó otra persona.`);
}

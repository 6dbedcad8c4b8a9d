import { base64url } from 'jose';
import type { Signer } from '../keystore/index.js';
// By file, not through ../vc/index.js: see the note there (cborg is an ES module only).
import { coseSign1, cwtPayload, format2ClaimsOf, sigStructure } from '../vc/qr/format2.js';

/**
 * The QR code's compact signed form (format 2, src/vc/qr/FORMAT.md): the CWT claims of `unsigned`, signed as a
 * COSE_Sign1 with EdDSA over its Sig_structure by the same key, at the same instant, as the credential's other
 * forms (`iat` is that instant, left out when it equals `validFrom`). Returns the COSE_Sign1 in base64url, or null
 * when the credential cannot be carried in format 2 exactly.
 */
export async function signQrCwt(unsigned: Record<string, unknown>, signer: Signer, signedAt: Date): Promise<string | null> {
  const claims = format2ClaimsOf(unsigned, signedAt);
  if (claims === null) return null;
  const payload = cwtPayload(claims);
  const signature = await signer.sign({ data: sigStructure(payload) });
  return base64url.encode(coseSign1(payload, signature));
}

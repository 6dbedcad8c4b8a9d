import { base64url } from 'jose';
import { encodeQrPayload } from '../vc/index.js';
import { encodeQrPayload2 } from '../vc/qr/format2.js';

/**
 * The payload text of a stored credential's QR code: format 2 (the compact COSE_Sign1/CWT signed at issuance) when
 * the credential has it, else format 1 (the whole VC-JWT). Throws `AppError` (ERR_PAYLOAD_TOO_LARGE or
 * ERR_UNSUPPORTED_FORMAT) for a format-1 credential no QR payload can carry, and `TypeError` when it has neither form.
 */
export function credentialQrPayload(c: { jwt: string | null; cwt?: string | null }): string {
  if (c.cwt) return encodeQrPayload2(base64url.decode(c.cwt));
  if (!c.jwt) throw new TypeError('a credential without a VC-JWT or format-2 form has no QR payload');
  return encodeQrPayload(c.jwt);
}

/**
 * The verifier page's address for a certificate, as a link a worker pastes in a chat or a job form: what its QR code
 * holds, in the lower case people read (the QR's upper case only saves QR modules). Null for a credential no QR
 * payload can carry (an unusual one issued in full).
 */
export function shareLink(publicUrl: string, c: { jwt: string | null; cwt?: string | null }): string | null {
  try {
    return `${publicUrl}/v#${credentialQrPayload(c)}`;
  } catch {
    return null;
  }
}

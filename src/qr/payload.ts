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

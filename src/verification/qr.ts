import { decodeQrPayload, payloadFromVerifierUrl } from '../vc/index.js';
import { decodeQrPayload2, QR_FORMAT_V2 } from '../vc/qr/format2.js';
import type { QrDecoder } from './decode.js';

/**
 * Avala's QR payloads, scanned as the whole verifier URL or as the payload text after its `#`: format 1 gives back
 * the VC-JWT, format 2 the signed claims; the first character says which.
 */
export const avalaQrDecoder: QrDecoder = (text) => {
  const payload = text.includes('#') ? payloadFromVerifierUrl(text) : text;
  return payload.startsWith(QR_FORMAT_V2) ? decodeQrPayload2(payload) : decodeQrPayload(payload);
};

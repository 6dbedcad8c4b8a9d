import { decodeQrPayload, payloadFromVerifierUrl } from '../vc/index.js';
import type { QrDecoder } from './decode.js';

/** Avala's QR payload (format 1), scanned as the whole verifier URL or as the payload text after its `#`. */
export const avalaQrDecoder: QrDecoder = (text) => decodeQrPayload(text.includes('#') ? payloadFromVerifierUrl(text) : text);

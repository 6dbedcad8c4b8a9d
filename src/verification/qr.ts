// The files, not src/qr/index.ts: the index also exports the image renderer, which the browser bundle cannot carry.
import { decodeQrPayload } from '../qr/codec.js';
import { payloadFromVerifierUrl } from '../qr/url.js';
import type { QrDecoder } from './decode.js';

/** Avala's QR payload (format 1), scanned as the whole verifier URL or as the payload text after its `#`. */
export const avalaQrDecoder: QrDecoder = (text) => decodeQrPayload(text.includes('#') ? payloadFromVerifierUrl(text) : text);

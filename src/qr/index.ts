// The QR images, which need the qrcode library's symbol maths. The payload codec and the verifier URL are pure and
// live in the credential core (`src/vc/qr/`), where the browser verifier takes them too; they are part of what a
// server-side caller of this room uses with the images, so they are re-exported here.
export { decodeQrPayload, encodeQrPayload, QR_FORMAT_V1, QR_LIMITS, type QrPayloadProblem } from '../vc/index.js';
export { DICTIONARY_V1, bytesToDigits, digitCount, digitsToBytes, type DigitsProblem } from '../vc/index.js';
export { payloadFromVerifierUrl, verifierUrl } from '../vc/index.js';
export { createQr, QR_ERROR_CORRECTION, qrSegments, qrVersion } from './segments.js';
export { credentialQrPayload, shareLink } from './payload.js';
export { coseSign1, cwtPayload, decodeQrPayload2, encodeQrPayload2, format2ClaimsOf, QR_FORMAT_V2, QR2_LIMITS, sigStructure, type Format2Claims, type Format2Payload } from '../vc/qr/format2.js';
export { renderQrPng, renderQrSvg, type QrImageOptions } from './image.js';

// codec.ts and url.ts are pure (no Node API): the in-browser verifier imports them directly.
export { decodeQrPayload, encodeQrPayload, QR_FORMAT_V1, QR_LIMITS, type QrPayloadProblem } from './codec.js';
export { DICTIONARY_V1 } from './dictionary.js';
export { bytesToDigits, digitCount, digitsToBytes, type DigitsProblem } from './numeric.js';
export { createQr, QR_ERROR_CORRECTION, qrSegments, qrVersion } from './segments.js';
export { payloadFromVerifierUrl, verifierUrl } from './url.js';
export { renderQrPng, renderQrSvg, type QrImageOptions } from './image.js';

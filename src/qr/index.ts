export { decodeQrPayload, encodeQrPayload, QR_FORMAT_V1, QR_LIMITS, type QrPayloadProblem } from './codec.js';
export { DICTIONARY_V1 } from './dictionary.js';
export { bytesToDigits, digitCount, digitsToBytes, type DigitsProblem } from './numeric.js';
export { createQr, payloadFromVerifierUrl, QR_ERROR_CORRECTION, qrSegments, qrVersion, verifierUrl } from './segments.js';
export { renderQrPng, renderQrSvg, type QrImageOptions } from './image.js';

import QRCode, { type QRCodeSegment } from 'qrcode';
import { AppError } from '../errors.js';

const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]*$/;

/**
 * The QR segments for a verifier URL, each part in its densest mode: what precedes the `#` in alphanumeric mode
 * when it can be, the `#` (and anything not alphanumeric before it) in byte mode, and an all-digit payload in
 * numeric mode (10 bits for 3 digits). Any other URL goes in one byte segment.
 */
export function qrSegments(url: string): QRCodeSegment[] {
  const at = url.indexOf('#');
  const head = at < 0 ? url : url.slice(0, at);
  const fragment = at < 0 ? null : url.slice(at + 1);
  if (fragment === null || !/^[0-9]+$/.test(fragment)) return [{ mode: 'byte', data: utf8(url) }];
  const numeric: QRCodeSegment = { mode: 'numeric', data: fragment };
  if (head.length > 0 && ALPHANUMERIC.test(head)) return [{ mode: 'alphanumeric', data: head }, { mode: 'byte', data: utf8('#') }, numeric];
  return [{ mode: 'byte', data: utf8(`${head}#`) }, numeric];
}

/** Error correction M (15 % of the code can be lost): the level the issue fixes for every printed code. */
export const QR_ERROR_CORRECTION = 'M';

/** The QR version (1–40, the side is 17 + 4·version modules) the URL needs at error correction M. */
export function qrVersion(url: string): number {
  return createQr(url).version;
}

/** The QR symbol for a URL; an `AppError` when no QR version can hold it. */
export function createQr(url: string): QRCode.QRCode {
  try {
    return QRCode.create(qrSegments(url), { errorCorrectionLevel: QR_ERROR_CORRECTION });
  } catch (cause) {
    throw new AppError('ERR_PAYLOAD_TOO_LARGE', 'The credential is too large for a QR code', { cause, details: { reasonCode: 'RESOURCE_LIMIT' } });
  }
}

function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

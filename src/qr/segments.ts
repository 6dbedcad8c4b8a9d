import QRCode, { type QRCodeSegment } from 'qrcode';
import { AppError } from '../errors.js';

/**
 * The URL a QR code holds: the public verifier, with the payload in the fragment, which browsers never send to
 * the server, so the page verifies the credential without it leaving the phone. Scheme and host are written in
 * upper case (both are case-insensitive), and so is the verifier's path `/V`, so that everything before the `#`
 * can go in the QR code's alphanumeric mode (upper case, digits and ` $%*+-./:` only), which takes 5.5 bits a
 * character instead of 8. The web verifier must answer at `/V` as well as `/v` (Express routes ignore case by
 * default). A path in the public URL keeps its case, since servers may treat paths as case-sensitive.
 */
export function verifierUrl(publicUrl: string, payload: string): string {
  let base: URL;
  try {
    base = new URL(publicUrl);
  } catch (cause) {
    throw new TypeError(`publicUrl ${publicUrl} is not a URL`, { cause });
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new TypeError(`publicUrl ${publicUrl} is not an http(s) URL`);
  const path = base.pathname.replace(/\/+$/, '');
  return `${base.protocol.toUpperCase()}//${base.host.toUpperCase()}${path}/V#${payload}`;
}

/** The payload text of a scanned verifier URL (whatever follows the first `#`), for a decoder to read. */
export function payloadFromVerifierUrl(url: string): string {
  const at = typeof url === 'string' ? url.indexOf('#') : -1;
  if (at < 0) throw new AppError('ERR_VALIDATION', 'This is not an Avala verifier link: it has no #fragment', { details: { reason: 'no-fragment', reasonCode: 'PARSING_ERROR' } });
  return url.slice(at + 1);
}

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

import QRCode from 'qrcode';
import { QR_ERROR_CORRECTION, qrSegments, qrVersion } from './segments.js';

export interface QrImageOptions {
  /** Pixels per module in the PNG (default 8: a version-20 code is then 840 px wide with its margin). */
  scale?: number;
  /** Quiet zone in modules; the QR standard asks for at least 4, and phones read worse with less. */
  margin?: number;
}

const DEFAULTS = { scale: 8, margin: 4 } as const;

/** A PNG of the QR code for `url`, black on white, error correction M. */
export async function renderQrPng(url: string, opts: QrImageOptions = {}): Promise<Buffer> {
  const { scale, margin } = sizes(opts);
  qrVersion(url); // refuses, as an AppError, a URL that no QR version holds, before the renderer throws its own
  return QRCode.toBuffer(qrSegments(url), { type: 'png', errorCorrectionLevel: QR_ERROR_CORRECTION, scale, margin, color: { dark: '#000000ff', light: '#ffffffff' } });
}

/** An SVG of the QR code for `url` (scalable, for the printable PDF), error correction M. */
export async function renderQrSvg(url: string, opts: Pick<QrImageOptions, 'margin'> = {}): Promise<string> {
  const { margin } = sizes(opts);
  qrVersion(url);
  return QRCode.toString(qrSegments(url), { type: 'svg', errorCorrectionLevel: QR_ERROR_CORRECTION, margin, color: { dark: '#000000ff', light: '#ffffffff' } });
}

function sizes(opts: QrImageOptions): { scale: number; margin: number } {
  const scale = opts.scale ?? DEFAULTS.scale;
  const margin = opts.margin ?? DEFAULTS.margin;
  if (!Number.isInteger(scale) || scale < 1 || scale > 32) throw new TypeError(`scale ${scale} must be an integer from 1 to 32`);
  if (!Number.isInteger(margin) || margin < 4 || margin > 16) throw new TypeError(`margin ${margin} must be an integer from 4 to 16`);
  return { scale, margin };
}

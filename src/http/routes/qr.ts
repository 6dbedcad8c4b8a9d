import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { IssuanceService, IssuedCredential } from '../../issuance/index.js';
import { credentialQrPayload, renderQrPng, renderQrSvg, verifierUrl } from '../../qr/index.js';
import { bytes, type BytesReply, type RouteTable } from '../route.js';
import { staffActor } from './issuance.js';

export interface QrRouteDeps {
  issuance: IssuanceService;
  /** The public verifier's origin (config `publicUrl`): the URL every printed code opens. */
  publicUrl: string;
}

const Id = z.object({ id: z.string().trim().min(1).max(200) });
const Token = z.object({ token: z.string().max(100) });

const FORMATS = {
  png: { type: 'image/png', render: (url: string) => renderQrPng(url) },
  svg: { type: 'image/svg+xml', render: (url: string) => renderQrSvg(url) },
} as const;

/**
 * The QR code of a credential, as PNG or SVG: the verifier URL with the credential's QR payload in its fragment
 * (format 2, the compact signed claims, when the credential has it; else format 1, the whole VC-JWT). For the issuing
 * body's staff (and the authority) by credential id, and for the holder by claim link.
 */
export function qrRoutes(t: RouteTable, deps: QrRouteDeps): void {
  for (const [ext, format] of Object.entries(FORMATS)) {
    t.add({ method: 'get', path: `/credentials/:id/qr.${ext}`, tag: 'issuance', auth: 'any', summary: `The credential's QR code (${ext.toUpperCase()}), for its issuing body or the authority`, params: Id }, async ({ params, caller }) => {
      const c = caller?.kind === 'admin' ? await deps.issuance.getCredential('authority', params.id) : await deps.issuance.getCredential(staffActor(caller, ['admin', 'certifier']), params.id);
      return image(c, format, deps.publicUrl);
    });

    t.add({ method: 'get', path: `/claim/:token/qr.${ext}`, tag: 'holder', auth: 'public', summary: `The worker's QR code (${ext.toUpperCase()}) from the claim link`, params: Token }, async ({ params }) => ({
      ...(await image(await deps.issuance.claim(params.token), format, deps.publicUrl)),
      // The image holds the whole credential: as private as the claim link itself.
      headers: { ...IMAGE_HEADERS, 'Referrer-Policy': 'no-referrer' },
    }));
  }
}

// The credential is personal data: never cached by a shared cache; the SVG runs no script and loads nothing.
const IMAGE_HEADERS = { 'Cache-Control': 'private, no-store', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'" };

async function image(c: IssuedCredential, format: (typeof FORMATS)[keyof typeof FORMATS], publicUrl: string): Promise<BytesReply> {
  if (!c.jwt) throw new AppError('ERR_NOT_FOUND', 'This credential has no VC-JWT form, so it has no QR code');
  try {
    const url = verifierUrl(publicUrl, credentialQrPayload(c));
    return bytes(format.type, await format.render(url), { headers: IMAGE_HEADERS });
  } catch (e) {
    // A stored credential too big for any QR code (a large one a body signed in full) simply has no QR form; the
    // client asked nothing wrong, so neither 413 nor 400 fits.
    if (e instanceof AppError && (e.code === 'ERR_PAYLOAD_TOO_LARGE' || e.code === 'ERR_UNSUPPORTED_FORMAT')) {
      throw new AppError('ERR_NOT_FOUND', `This credential has no QR code: ${e.message}`, { cause: e });
    }
    throw e;
  }
}

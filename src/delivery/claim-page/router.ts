import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import QRCode from 'qrcode';
import { AppError } from '../../errors.js';
import type { IssuedCredential } from '../../issuance/index.js';
import type { WalletOffer } from '../oid4vci/index.js';
import { LANGS, type Lang } from './messages.js';
import { certificateView, renderClaimNotFound, renderClaimPage } from './render.js';
import { CLAIM_PAGE_CSS } from './stylesheet.js';

export interface ClaimPageDeps {
  /** The certificate behind a claim token (IssuanceService.claim); throws ERR_NOT_FOUND for a bad token. */
  claim: (token: string) => Promise<IssuedCredential>;
  /** A fresh wallet offer for the certificate (Oid4vciService.createOffer with source claim-page). */
  offer: (credential: IssuedCredential) => Promise<WalletOffer>;
  /** The certificate's state now, as the status domain reads it. */
  stateOf: (credentialId: string) => Promise<string>;
  log?: (line: string) => void;
}

/**
 * No script may run, nothing may be framed, and the page loads only its own stylesheet and images (the verification
 * QR); the wallet QR is inline SVG markup, which CSP does not treat as script.
 */
export const CLAIM_PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * `GET /claim/:token` for browsers: the worker's page. It answers only when the client prefers HTML; an API client
 * (Accept: application/json) falls through to the JSON route. Mount before the API routes.
 */
export function claimPageRouter(deps: ClaimPageDeps): Router {
  const log = deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const router = express.Router();

  router.get('/assets/claim-page.css', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.type('text/css').send(CLAIM_PAGE_CSS);
  });

  router.get('/claim/:token', async (req: Request, res: Response, next: NextFunction) => {
    res.vary('Accept');
    if (req.accepts(['json', 'html']) !== 'html') {
      next();
      return;
    }
    const lang = pickLang(req);
    const token = String(req.params.token);
    const basePath = `/claim/${encodeURIComponent(token)}`;
    res.set({
      'Content-Security-Policy': CLAIM_PAGE_CSP,
      'Cache-Control': 'private, no-store',
      // The token is in the URL: it must not leak to another site through Referer.
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'X-Robots-Tag': 'noindex, nofollow',
      'Content-Language': lang === 'es' ? 'es-MX' : 'en',
    });
    let credential: IssuedCredential;
    try {
      if (!TOKEN.test(token)) throw new AppError('ERR_NOT_FOUND', 'This claim link is not valid');
      credential = await deps.claim(token);
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'ERR_NOT_FOUND') throw e;
      res.status(404).type('html').send(renderClaimNotFound(lang, basePath));
      return;
    }
    const state = await deps.stateOf(credential.id);
    let wallet: { uri: string; qrSvg: string; expiresAt: string } | null = null;
    if (state === 'active' && credential.kind === 'competency') {
      try {
        const offer = await deps.offer(credential);
        wallet = { uri: offer.uri, expiresAt: offer.expiresAt, qrSvg: await QRCode.toString(offer.uri, { type: 'svg', errorCorrectionLevel: 'L', margin: 2 }) };
      } catch (e) {
        // The certificate is still worth showing without the wallet offer; the page says the wallet is unavailable.
        if (!(e instanceof AppError)) log(`claim page: wallet offer failed request=${String(res.locals.requestId)}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const view = certificateView(credential.dataIntegrity ?? {}, { id: credential.id, holderName: credential.holderName, validFrom: credential.validFrom, validUntil: credential.validUntil });
    res.status(200).type('html').send(renderClaimPage({ lang, basePath, certificate: view, state, wallet }));
  });
  return router;
}

/** `?lang=` wins; otherwise the browser's preference between our two languages; Spanish by default. */
function pickLang(req: Request): Lang {
  const q = req.query.lang;
  if (typeof q === 'string' && (LANGS as readonly string[]).includes(q)) return q as Lang;
  const preferred = req.acceptsLanguages('es', 'en');
  return preferred === 'en' ? 'en' : 'es';
}

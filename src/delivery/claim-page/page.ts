import QRCode from 'qrcode';
import { AppError } from '../../errors.js';
import type { IssuedCredential } from '../../issuance/index.js';
import type { WalletOffer } from '../oid4vci/index.js';
import type { Lang } from '../../lang.js';
import { certificateView, renderClaimNotFound, renderClaimPage } from './render.js';

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
 * The worker's claim page for a token: the certificate, and — while it is active — a fresh one-time wallet offer
 * with its QR code. A bad or replaced token gets the 404 page. Framework-free; http/ serves it.
 */
export async function claimPage(deps: ClaimPageDeps, token: string, lang: Lang): Promise<{ status: 200 | 404; html: string }> {
  const basePath = `/claim/${encodeURIComponent(token)}`;
  let credential: IssuedCredential;
  try {
    if (!TOKEN.test(token)) throw new AppError('ERR_NOT_FOUND', 'This claim link is not valid');
    credential = await deps.claim(token);
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'ERR_NOT_FOUND') throw e;
    return { status: 404, html: renderClaimNotFound(lang, basePath) };
  }
  const state = await deps.stateOf(credential.id);
  let wallet: { uri: string; qrSvg: string; expiresAt: string } | null = null;
  if (state === 'active' && credential.kind === 'competency') {
    try {
      const offer = await deps.offer(credential);
      // By reference, the QR and the button: a short URL makes a code a phone reads at a glance, even with ECC M.
      wallet = { uri: offer.uriByReference, expiresAt: offer.expiresAt, qrSvg: await QRCode.toString(offer.uriByReference, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) };
    } catch (e) {
      // The certificate is still worth showing without the wallet offer; the page says the wallet is unavailable.
      if (!(e instanceof AppError)) deps.log?.(`claim page: wallet offer failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const view = certificateView(credential.dataIntegrity ?? {}, { id: credential.id, holderName: credential.holderName, validFrom: credential.validFrom, validUntil: credential.validUntil });
  return { status: 200, html: renderClaimPage({ lang, basePath, certificate: view, state, wallet }) };
}

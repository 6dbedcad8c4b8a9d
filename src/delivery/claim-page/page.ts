import QRCode from 'qrcode';
import { shareLink } from '../../qr/index.js';
import { AppError } from '../../errors.js';
import type { IssuedCredential } from '../../issuance/index.js';
import type { WalletOffer } from '../oid4vci/index.js';
import { certificateView, type CertificateView } from './certificate-view.js';

export interface ClaimPageDeps {
  /** The certificate behind a claim token (IssuanceService.claim); throws ERR_NOT_FOUND for a bad token. */
  claim: (token: string) => Promise<IssuedCredential>;
  /** A fresh wallet offer for the certificate (Oid4vciService.createOffer with source claim-page). */
  offer: (credential: IssuedCredential) => Promise<WalletOffer>;
  /** The certificate's state now, as the status domain reads it. */
  stateOf: (credentialId: string) => Promise<string>;
  log?: (line: string) => void;
  /** The service's public URL, for the employer share link. */
  publicUrl?: string;
}

/** What the worker's claim page shows for a token; web/ renders it in the worker's language. */
export type ClaimPageData =
  | { found: false; basePath: string }
  | {
      found: true;
      /** The claim link's own path (`/claim/<token>`), for the download links and the language switch. */
      basePath: string;
      certificate: CertificateView;
      /** As the status domain reads it now: active, suspended, revoked, expired, superseded. */
      state: string;
      /** The wallet offer, when one could be made: its URI and the same URI as an inline SVG QR code. */
      wallet: { uri: string; qrSvg: string; expiresAt: string } | null;
      /** The certificate's verifier address, for a worker to paste where an employer reads it; null without one. */
      shareUrl: string | null;
    };

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The worker's claim page for a token: the certificate, and — while it is active — a fresh one-time wallet offer
 * with its QR code. A bad or replaced token is `found: false` (the 404 page). Framework-free; http/ serves it.
 */
export async function claimPage(deps: ClaimPageDeps, token: string): Promise<ClaimPageData> {
  const basePath = `/claim/${encodeURIComponent(token)}`;
  let credential: IssuedCredential;
  try {
    if (!TOKEN.test(token)) throw new AppError('ERR_NOT_FOUND', 'This claim link is not valid');
    credential = await deps.claim(token);
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'ERR_NOT_FOUND') throw e;
    return { found: false, basePath };
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
  const certificate = certificateView(credential.dataIntegrity ?? {}, { id: credential.id, holderName: credential.holderName, validFrom: credential.validFrom, validUntil: credential.validUntil });
  return { found: true, basePath, certificate, state, wallet, shareUrl: deps.publicUrl ? shareLink(deps.publicUrl, credential) : null };
}

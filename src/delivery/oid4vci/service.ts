import crypto from 'node:crypto';
import { Oauth2AuthorizationServer, Oauth2ServerErrorResponseError, type CallbackContext } from '@openid4vc/oauth2';
import { Openid4vciIssuer, type IssuerMetadataResult } from '@openid4vc/openid4vci';
import { setGlobalConfig } from '@openid4vc/utils';
import { compactVerify, decodeProtectedHeader } from 'jose';
import { AppError } from '../../errors.js';
import { toSecond, type Clock, type IdGenerator } from '../../clock.js';
import type { DomainEvent } from '../../journal.js';
import { credentialStatusEntries } from '../../vc/index.js';
import type { IssuanceRepository, IssuanceService, IssuedCredential } from '../../issuance/index.js';
import { OAuthError, errorDescription, type OAuthErrorCode } from './errors.js';
import { holderKeyFromHeader, importHolderKey, type HolderKey } from './holder-key.js';
import { OFFER_REFERENCE_PATTERN, newOfferReference, openOffer, referenceHash, sealOffer } from './offer-reference.js';
import {
  CONFIGURATIONS,
  CONFIGURATION_IDS,
  OFFER_REFERENCE_PATH,
  OID4VCI_PATHS,
  PRE_AUTHORIZED_GRANT,
  authorizationServerMetadata,
  credentialIssuerMetadata,
  isConfigurationId,
  type ConfigurationId,
} from './metadata.js';
import type { OfferSource, Oid4vciRepository, RedeemResult } from './ports.js';

export interface Oid4vciOptions {
  /** A claim-page offer is scanned while the worker looks at the page. */
  claimPageOfferTtlSeconds: number;
  /** A staff offer travels by e-mail or SMS, with its PIN by the other channel. */
  staffOfferTtlSeconds: number;
  accessTokenTtlSeconds: number;
  nonceTtlSeconds: number;
  /** Wrong PINs allowed per offer; the next wrong one spends the code for good. */
  maxTxCodeAttempts: number;
  txCodeLength: number;
  /** promise 13 of docs/reliability.md: ±300 s of clock skew on a proof's `iat`. */
  maxClockSkewSeconds: number;
}

export const DEFAULT_OID4VCI_OPTIONS: Oid4vciOptions = {
  claimPageOfferTtlSeconds: 15 * 60,
  staffOfferTtlSeconds: 3 * 24 * 3600,
  accessTokenTtlSeconds: 10 * 60,
  nonceTtlSeconds: 5 * 60,
  maxTxCodeAttempts: 5,
  txCodeLength: 6,
  maxClockSkewSeconds: 300,
};

export interface Oid4vciDeps {
  repo: Oid4vciRepository;
  credentials: Pick<IssuanceRepository, 'getCredential'>;
  /** The wallet copy is an issuance use case: this service keeps only the protocol. */
  issuance: Pick<IssuanceService, 'issueWalletCopy'>;
  /** The certificate's state as the status domain reads it now; only an `active` one is copied to a wallet. */
  stateOf: (credentialId: string) => Promise<string>;
  clock: Clock;
  newId: IdGenerator;
  /** The Credential Issuer Identifier and Authorization Server issuer: Avala's public URL. */
  publicUrl: string;
  /** The URL `ldp_vc` credentials name Avala's context by (the metadata's `credential_definition`); default under `publicUrl`. */
  contextUrl?: string;
  onEvents?: (events: DomainEvent[]) => Promise<void>;
  options?: Partial<Oid4vciOptions>;
}

export interface WalletOffer {
  /** `openid-credential-offer://?credential_offer=…`: the offer by value. */
  uri: string;
  /**
   * `openid-credential-offer://?credential_offer_uri=…`: the same offer by reference (OpenID4VCI 1.0 §4.1.3), for a
   * QR code that must stay small; the wallet fetches the offer object from Avala while the offer is unused.
   */
  uriByReference: string;
  offer: Record<string, unknown>;
  /** The PIN to send by another channel, when one was asked for. Shown once, never stored. */
  txCode: string | null;
  expiresAt: string;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

/** A credential response (OpenID4VCI §8.3): one credential, a compact JWT or a Data Integrity JSON object. */
export interface CredentialResponse {
  credentials: Array<{ credential: string | Record<string, unknown> }>;
}

const CODE_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const MAX_TX_CODE_LENGTH = 64;
const MAX_PROOF_JWT_LENGTH = 8192;
const ACTOR = 'oid4vci-wallet';

/**
 * OpenID4VCI 1.0 issuer, pre-authorized code flow. The protocol messages (request parsing, proof JWT checks, offer,
 * metadata and response shapes) go through oid4vc-ts; what the library leaves to us is here: codes and PINs kept as
 * hashes and spent atomically, a PIN try limit, single-use nonces, holder keys resolved locally, and the wallet copy
 * issued with its own status entries and linked to its certificate.
 */
export class Oid4vciService {
  private readonly o: Oid4vciOptions;
  private readonly publicUrl: string;
  private readonly issuerMetadataDoc: Record<string, unknown>;
  private readonly asMetadataDoc: Record<string, unknown>;
  private readonly metadataResult: IssuerMetadataResult;
  private readonly issuer: Openid4vciIssuer;
  private readonly as: Oauth2AuthorizationServer;

  constructor(private readonly d: Oid4vciDeps) {
    this.o = { ...DEFAULT_OID4VCI_OPTIONS, ...Object.fromEntries(Object.entries(d.options ?? {}).filter(([, v]) => v !== undefined)) };
    if (this.o.maxTxCodeAttempts < 1 || this.o.txCodeLength < 4 || this.o.txCodeLength > 12) throw new TypeError('maxTxCodeAttempts must be ≥ 1 and txCodeLength 4..12');
    this.publicUrl = d.publicUrl.replace(/\/+$/, '');
    // The library insists on https URLs; a development server on http://localhost is the one exception we allow.
    if (this.publicUrl.startsWith('http://')) setGlobalConfig({ allowInsecureUrls: true });
    const callbacks = libraryCallbacks();
    this.issuer = new Openid4vciIssuer({ callbacks });
    this.as = new Oauth2AuthorizationServer({ callbacks });
    // Validated once by the library's schemas, so a mistake in them fails at start, not in a wallet.
    this.issuerMetadataDoc = this.issuer.createCredentialIssuerMetadata(credentialIssuerMetadata(this.publicUrl, d.contextUrl) as never) as Record<string, unknown>;
    this.asMetadataDoc = this.as.createAuthorizationServerMetadata(authorizationServerMetadata(this.publicUrl) as never) as Record<string, unknown>;
    this.metadataResult = {
      originalDraftVersion: 'v1' as never,
      credentialIssuer: this.issuerMetadataDoc as never,
      authorizationServers: [this.asMetadataDoc as never],
      knownCredentialConfigurations: this.issuer.getKnownCredentialConfigurationsSupported(this.issuerMetadataDoc as never),
    } as IssuerMetadataResult;
  }

  issuerMetadata(): Record<string, unknown> {
    return this.issuerMetadataDoc;
  }

  authorizationServerMetadata(): Record<string, unknown> {
    return this.asMetadataDoc;
  }

  // ---- offers

  /**
   * A fresh credential offer for a certificate: a new pre-authorized code (and PIN, if asked), of which only hashes
   * are stored. A claim-page offer replaces the page's earlier unused one, so at most one is live per certificate.
   */
  async createOffer(credential: IssuedCredential, opts: { source: OfferSource; txCode: boolean }): Promise<WalletOffer> {
    if (credential.kind !== 'competency') throw new AppError('ERR_VALIDATION', 'Only a competency certificate can be offered to a wallet');
    const state = await this.d.stateOf(credential.id);
    if (state !== 'active') throw new AppError('ERR_CREDENTIAL_REVOKED', `This certificate is ${state}; it cannot be sent to a wallet`);
    const now = this.d.clock();
    const code = crypto.randomBytes(32).toString('base64url');
    const txCode = opts.txCode ? randomDigits(this.o.txCodeLength) : null;
    const ttl = opts.source === 'claim-page' ? this.o.claimPageOfferTtlSeconds : this.o.staffOfferTtlSeconds;
    const expiresAt = new Date(now.getTime() + ttl * 1000).toISOString();
    const grant: Record<string, unknown> = { 'pre-authorized_code': code };
    if (txCode !== null) {
      grant.tx_code = { input_mode: 'numeric', length: txCode.length, description: 'PIN enviado por su organismo certificador / PIN sent by your certifying body' };
    }
    const { credentialOffer, credentialOfferObject } = await this.issuer.createCredentialOffer({
      issuerMetadata: this.metadataResult,
      credentialConfigurationIds: [...CONFIGURATION_IDS],
      grants: { [PRE_AUTHORIZED_GRANT]: grant } as never,
    });
    const ref = newOfferReference();
    await this.d.repo.createOffer(
      {
        id: this.d.newId(),
        credentialId: credential.id,
        source: opts.source,
        codeHash: sha256(code),
        txCodeHash: txCode === null ? null : txCodeHash(code, txCode),
        maxTxAttempts: this.o.maxTxCodeAttempts,
        createdAt: now.toISOString(),
        expiresAt,
      },
      { supersede: opts.source === 'claim-page', reference: { referenceHash: ref.referenceHash, sealedOffer: sealOffer(ref.reference, credentialOfferObject as Record<string, unknown>) } },
    );
    const uriByReference = `openid-credential-offer://?${new URLSearchParams({ credential_offer_uri: `${this.publicUrl}${OFFER_REFERENCE_PATH}/${ref.reference}` })}`;
    if (opts.source === 'staff') {
      await this.emit([{ action: 'oid4vci.offer.created', actor: ACTOR, bodyId: credential.bodyId, subject: credential.id, details: { source: opts.source, txCode: txCode !== null, expiresAt } }]);
    }
    return { uri: credentialOffer, uriByReference, offer: credentialOfferObject as Record<string, unknown>, txCode, expiresAt };
  }

  /**
   * The offer object behind a `credential_offer_uri`, while the offer is unused and unexpired. Any other reference
   * — unknown, spent, superseded, expired — is 404: a wallet is told the same whatever the reason.
   */
  async offerByReference(reference: string): Promise<Record<string, unknown>> {
    const row = OFFER_REFERENCE_PATTERN.test(reference) ? await this.d.repo.offerByReference(referenceHash(reference), this.d.clock().toISOString()) : null;
    const offer = row ? openOffer(reference, row.sealedOffer) : null;
    if (!offer) throw new AppError('ERR_NOT_FOUND', 'This credential offer does not exist or is no longer valid');
    return offer;
  }

  /** A staff member's offer for one of the body's certificates (404 for any other), PIN on by default. */
  async createStaffOffer(actor: { bodyId: string }, credentialId: string, opts: { txCode: boolean }): Promise<WalletOffer> {
    const c = await this.d.credentials.getCredential(credentialId);
    if (!c || c.bodyId !== actor.bodyId) throw new AppError('ERR_NOT_FOUND', `Credential ${credentialId} does not exist`);
    return this.createOffer(c, { source: 'staff', txCode: opts.txCode });
  }

  // ---- token endpoint

  /** The token endpoint (RFC 6749 §4.1.3 with the pre-authorized code grant of OpenID4VCI §6.1). */
  async token(form: unknown, headers: Headers): Promise<TokenResponse> {
    const parsed = this.library(() =>
      this.as.parseAccessTokenRequest({ accessTokenRequest: form as Record<string, unknown>, request: { headers, method: 'POST', url: `${this.publicUrl}${OID4VCI_PATHS.token}` } }),
    );
    if (parsed.grant.grantType !== PRE_AUTHORIZED_GRANT) throw new OAuthError('unsupported_grant_type', 'Only the pre-authorized code grant is supported');
    const code = parsed.grant.preAuthorizedCode;
    const given = parsed.grant.txCode;
    if (given !== undefined && (given.length === 0 || given.length > MAX_TX_CODE_LENGTH)) throw new OAuthError('invalid_request', 'tx_code has an impossible length');
    const now = this.d.clock();
    const accessToken = crypto.randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.o.accessTokenTtlSeconds * 1000).toISOString();
    // A malformed code cannot be one we issued: no lookup, same answer as an unknown one.
    const result: RedeemResult = CODE_PATTERN.test(code)
      ? await this.d.repo.redeemCode({
          codeHash: sha256(code),
          txCodeHash: given === undefined ? null : txCodeHash(code, given),
          now: now.toISOString(),
          accessToken: { hash: sha256(accessToken), expiresAt },
        })
      : { kind: 'unknown' };
    if (result.kind !== 'ok') {
      // A wrong PIN, or a code someone already redeemed, may be an attempt on a worker's certificate: both are logged.
      // Unknown codes are not: 256 random bits are not guessed, and junk would only fill the log.
      if (result.kind === 'tx-code-wrong' || result.kind === 'locked' || result.kind === 'used') {
        await this.emit([{ action: 'oid4vci.code.refused', actor: ACTOR, subject: 'pre-authorized-code', outcome: 'denied', details: { result: result.kind } }]);
      }
      throw redeemError(result);
    }
    const c = await this.d.credentials.getCredential(result.credentialId);
    await this.emit([{ action: 'oid4vci.code.redeemed', actor: ACTOR, bodyId: c?.bodyId ?? null, subject: result.credentialId, details: { offerId: result.offerId } }]);
    return { access_token: accessToken, token_type: 'Bearer', expires_in: this.o.accessTokenTtlSeconds };
  }

  // ---- nonce endpoint

  async nonce(): Promise<{ c_nonce: string }> {
    const now = this.d.clock();
    const nonce = crypto.randomBytes(32).toString('base64url');
    await this.d.repo.createNonce(nonce, now.toISOString(), new Date(now.getTime() + this.o.nonceTtlSeconds * 1000).toISOString());
    return this.issuer.createNonceResponse({ cNonce: nonce }) as { c_nonce: string };
  }

  // ---- credential endpoint

  /** The credential endpoint (OpenID4VCI §8): one wallet copy bound to the key the proof shows the wallet holds. */
  async credential(authorization: string | undefined, body: unknown): Promise<CredentialResponse> {
    const tokenHash = await this.authenticate(authorization);
    const grant = await this.d.repo.accessGrant(tokenHash, this.d.clock().toISOString());
    if (!grant) throw new OAuthError('invalid_token', 'The access token is not valid or has expired');
    const { configurationId, proofJwt } = this.parseCredentialRequest(body);
    const holder = await this.verifyProof(proofJwt);
    const original = await this.d.credentials.getCredential(grant.credentialId);
    if (!original) throw new TypeError(`the offer's credential ${grant.credentialId} is gone`);
    if (!(await this.d.repo.claimIssuance(tokenHash, configurationId, this.d.clock().toISOString()))) {
      throw new OAuthError('credential_request_denied', 'A credential of this configuration was already issued with this access token');
    }
    try {
      const state = await this.d.stateOf(original.id);
      if (state !== 'active') throw new OAuthError('credential_request_denied', `The certificate is ${state}`);
      const copy = await this.d.issuance.issueWalletCopy(original, holder.did, CONFIGURATIONS[configurationId].securing, { configurationId });
      await this.d.repo.recordIssued(tokenHash, configurationId, copy.id);
      const securing = CONFIGURATIONS[configurationId].securing;
      const credential = securing === 'jwt' ? copy.jwt! : copy.dataIntegrity!;
      return this.issuer.createCredentialResponse({ credentialRequest: {} as never, credentials: [{ credential }] }) as CredentialResponse;
    } catch (e) {
      await this.d.repo.releaseIssuance(tokenHash, configurationId);
      throw e;
    }
  }

  private async authenticate(authorization: string | undefined): Promise<string> {
    const m = /^Bearer ([A-Za-z0-9_-]{43})$/.exec(authorization ?? '');
    if (!m) throw new OAuthError('invalid_token', authorization ? 'The Authorization header is not a bearer access token from this issuer' : 'An access token is required');
    return sha256(m[1]!);
  }

  private parseCredentialRequest(body: unknown): { configurationId: ConfigurationId; proofJwt: string } {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new OAuthError('invalid_credential_request', 'The credential request must be a JSON object');
    const req = body as Record<string, unknown>;
    if (req.credential_response_encryption !== undefined) throw new OAuthError('invalid_encryption_parameters', 'This issuer does not encrypt credential responses');
    let configurationId: ConfigurationId;
    if (typeof req.credential_configuration_id === 'string') {
      if (!isConfigurationId(req.credential_configuration_id)) throw new OAuthError('unknown_credential_configuration', 'Unknown credential_configuration_id');
      configurationId = req.credential_configuration_id;
    } else if (req.credential_identifier !== undefined) {
      // No token response of ours carries authorization_details, so no credential identifier was ever handed out.
      throw new OAuthError('unknown_credential_identifier', 'This issuer does not use credential identifiers');
    } else if (typeof req.format === 'string') {
      // Pre-1.0 wallets name a format instead of a configuration.
      const match = CONFIGURATION_IDS.find((id) => CONFIGURATIONS[id].format === req.format);
      if (!match) throw new OAuthError('unsupported_credential_format', `Credential format ${req.format} is not supported`);
      configurationId = match;
    } else {
      throw new OAuthError('invalid_credential_request', 'credential_configuration_id is required');
    }
    // The key proof is checked before the library sees the request, so that every fault in it is `invalid_proof`
    // (OpenID4VCI §8.3.1.2) rather than a generic shape error.
    const jwt = singleJwtProof(req);
    this.library(() => this.issuer.parseCredentialRequest({ issuerMetadata: this.metadataResult, credentialRequest: { ...req, format: undefined, proof: undefined, proofs: { jwt: [jwt] }, credential_configuration_id: configurationId } as never }));
    return { configurationId, proofJwt: jwt };
  }

  /**
   * Checks the proof of possession (OpenID4VCI §F.1): typ, signature by the holder key named in the header, `aud`
   * = this issuer, a fresh `iat`, and a `nonce` from our nonce endpoint, which is spent here.
   */
  private async verifyProof(jwt: string): Promise<HolderKey> {
    let header: Record<string, unknown>;
    try {
      header = decodeProtectedHeader(jwt) as Record<string, unknown>;
    } catch {
      throw new OAuthError('invalid_proof', 'The proof is not a JWT');
    }
    if (header.typ !== 'openid4vci-proof+jwt') throw new OAuthError('invalid_proof', 'The proof JWT must have typ openid4vci-proof+jwt');
    for (const h of ['x5c', 'x5u', 'jku', 'trust_chain', 'key_attestation']) {
      if (h in header) throw new OAuthError('invalid_proof', `Proof header ${h} is not supported; name a did:key or did:jwk key in kid`);
    }
    const holder = holderKeyFromHeader(header);
    if (!holder) throw new OAuthError('invalid_proof', 'The proof must be signed with EdDSA or ES256 by a did:key, did:jwk or jwk key named in its header');
    const key = await importHolderKey(holder).catch(() => null);
    if (!key) throw new OAuthError('invalid_proof', 'The holder key is not a valid public key');
    const now = this.d.clock();
    // The library decodes and checks typ, aud, exp/nbf and the claims' shapes; the signature check is ours (jose),
    // against the key resolved above — never a key fetched from anywhere.
    const issuer = new Openid4vciIssuer({
      callbacks: {
        ...libraryCallbacks(),
        verifyJwt: async (_signer, { compact }) => {
          try {
            await compactVerify(compact, key, { algorithms: [holder.alg] });
            return { verified: true, signerJwk: holder.jwk as never };
          } catch {
            return { verified: false };
          }
        },
      },
    });
    const { payload } = await this.libraryAsync(() => issuer.verifyCredentialRequestJwtProof({ issuerMetadata: this.metadataResult, jwt, now }));
    const skew = this.o.maxClockSkewSeconds;
    const nowS = Math.floor(now.getTime() / 1000);
    if (payload.iat > nowS + skew) throw new OAuthError('invalid_proof', 'The proof is dated in the future (iat)');
    if (payload.iat < nowS - this.o.nonceTtlSeconds - skew) throw new OAuthError('invalid_proof', 'The proof is too old (iat)');
    if (typeof payload.nonce !== 'string' || payload.nonce.length === 0) throw new OAuthError('invalid_proof', 'The proof must carry a c_nonce from the nonce endpoint');
    if (payload.nonce.length > 128 || !(await this.d.repo.consumeNonce(payload.nonce, now.toISOString()))) {
      throw new OAuthError('invalid_nonce', 'The c_nonce is unknown, expired or already used; get a new one from the nonce endpoint');
    }
    return holder;
  }

  /** Runs a library call, turning its protocol errors into ours; anything else is a bug and propagates. */
  private library<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      throw fromLibrary(e);
    }
  }

  private async libraryAsync<T>(f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      throw fromLibrary(e);
    }
  }

  private async emit(events: DomainEvent[]): Promise<void> {
    await this.d.onEvents?.(events);
  }
}

function fromLibrary(e: unknown): unknown {
  // By shape as well as by class: should npm ever install two copies of @openid4vc/oauth2, `instanceof` would miss.
  const response = (e as { errorResponse?: { error?: unknown; error_description?: unknown } } | null)?.errorResponse;
  if (e instanceof Oauth2ServerErrorResponseError || (e instanceof Error && typeof response?.error === 'string')) {
    const code = response!.error as OAuthErrorCode;
    return new OAuthError(code, typeof response!.error_description === 'string' ? response!.error_description : code, { cause: e });
  }
  if (e instanceof Error && e.name === 'ValidationError') return new OAuthError('invalid_request', errorDescription(e.message), { cause: e });
  return e;
}

function redeemError(r: Exclude<RedeemResult, { kind: 'ok' }>): OAuthError {
  switch (r.kind) {
    case 'unknown':
      return new OAuthError('invalid_grant', 'The pre-authorized code is not valid');
    case 'used':
      return new OAuthError('invalid_grant', 'The pre-authorized code was already used');
    case 'expired':
      return new OAuthError('invalid_grant', 'The pre-authorized code has expired');
    case 'tx-code-missing':
      return new OAuthError('invalid_request', 'This offer needs the transaction code (tx_code) sent to you separately');
    case 'tx-code-unexpected':
      return new OAuthError('invalid_request', 'This offer does not use a transaction code');
    case 'tx-code-wrong':
      return new OAuthError('invalid_grant', `Wrong transaction code; ${r.attemptsLeft} attempt(s) left`);
    case 'locked':
      return new OAuthError('invalid_grant', 'Too many wrong transaction codes; ask for a new offer');
  }
}

/** The one JWT key proof of a request, from `proofs.jwt` (1.0) or the drafts' `proof`; `invalid_proof` otherwise. */
function singleJwtProof(req: Record<string, unknown>): string {
  let jwts: unknown;
  if (req.proofs !== undefined) {
    if (req.proof !== undefined) throw new OAuthError('invalid_credential_request', 'Send proofs or proof, not both');
    const proofs = req.proofs;
    if (typeof proofs !== 'object' || proofs === null || Array.isArray(proofs)) throw new OAuthError('invalid_proof', 'proofs must be an object');
    const types = Object.keys(proofs);
    if (types.length !== 1) throw new OAuthError('invalid_proof', 'proofs must name exactly one proof type');
    if (types[0] !== 'jwt') throw new OAuthError('invalid_proof', 'Only jwt proofs are supported');
    jwts = (proofs as Record<string, unknown>).jwt;
  } else if (req.proof !== undefined) {
    const p = req.proof as Record<string, unknown> | null;
    if (typeof p !== 'object' || p === null || p.proof_type !== 'jwt') throw new OAuthError('invalid_proof', 'Only jwt proofs are supported');
    jwts = [p.jwt];
  } else {
    throw new OAuthError('invalid_proof', 'A proof of possession (proofs.jwt) is required');
  }
  if (!Array.isArray(jwts) || jwts.length === 0) throw new OAuthError('invalid_proof', 'proofs.jwt must be a non-empty array');
  if (jwts.length !== 1) throw new OAuthError('invalid_proof', 'Send exactly one proof: this issuer issues one credential per request');
  const jwt: unknown = jwts[0];
  if (typeof jwt !== 'string' || jwt.length > MAX_PROOF_JWT_LENGTH || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(jwt)) {
    throw new OAuthError('invalid_proof', 'The proof is not a compact JWT of acceptable size');
  }
  return jwt;
}

function sha256(s: string): string {
  return crypto.createHash('sha256').update(s).digest('hex');
}

/** The PIN hash is keyed by the code, which is itself stored only as a hash: the database alone cannot test PINs. */
function txCodeHash(code: string, txCode: string): string {
  return crypto.createHmac('sha256', code).update(txCode).digest('hex');
}

function randomDigits(n: number): string {
  return Array.from({ length: n }, () => String(crypto.randomInt(10))).join('');
}

/** What oid4vc-ts needs from us on the issuer side; signing is never asked of it (tokens are opaque, not JWTs). */
function libraryCallbacks(): Omit<CallbackContext, 'decryptJwe' | 'encryptJwe'> {
  return {
    hash: (data, alg) => new Uint8Array(crypto.createHash(alg.replace('-', '').toLowerCase()).update(data).digest()),
    generateRandom: (bytes) => new Uint8Array(crypto.randomBytes(bytes)),
    signJwt: () => {
      throw new TypeError('the OpenID4VCI issuer signs no JWT of its own');
    },
    verifyJwt: () => ({ verified: false }),
    clientAuthentication: () => undefined,
    // Never used by the issuer side; a refusal keeps the library from reaching the network.
    fetch: () => Promise.reject(new TypeError('the OpenID4VCI issuer makes no outbound requests')),
  };
}

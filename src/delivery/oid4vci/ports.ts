/** Where a wallet offer was made: on the worker's claim page, or by the body's staff for another channel. */
export type OfferSource = 'claim-page' | 'staff';

export interface NewOffer {
  id: string;
  /** The certificate the wallet copy is made from. */
  credentialId: string;
  source: OfferSource;
  /** sha256 of the pre-authorized code (hex). */
  codeHash: string;
  /** HMAC-SHA256 of the PIN keyed by the code (hex), or null when no PIN is asked. */
  txCodeHash: string | null;
  maxTxAttempts: number;
  createdAt: string;
  expiresAt: string;
}

export interface RedeemRequest {
  codeHash: string;
  /** What the wallet sent as tx_code, hashed like `NewOffer.txCodeHash`; null when it sent none. */
  txCodeHash: string | null;
  now: string;
  /** Stored with the redemption, in the same transaction, so a redeemed code always has its token. */
  accessToken: { hash: string; expiresAt: string };
}

export type RedeemResult =
  | { kind: 'ok'; offerId: string; credentialId: string }
  | { kind: 'unknown' | 'used' | 'expired' | 'tx-code-missing' | 'tx-code-unexpected' | 'locked' }
  | { kind: 'tx-code-wrong'; attemptsLeft: number };

export interface AccessGrant {
  offerId: string;
  credentialId: string;
  expiresAt: string;
}

/**
 * Offers, codes, access tokens and nonces. Every method is atomic on its own; `redeemCode` is the one that must be
 * (two wallets racing with one code: exactly one gets a token), and is an UPDATE … WHERE used_at IS NULL inside a
 * write transaction.
 */
export interface Oid4vciRepository {
  /**
   * Stores an offer, and in the same transaction its by-reference form when given; with `supersede`, unused offers
   * of the same credential and source stop working.
   */
  createOffer(offer: NewOffer, opts: { supersede: boolean; reference?: { referenceHash: string; sealedOffer: string } }): Promise<void>;
  /** The sealed offer behind a reference, while its offer is unused and unexpired; null otherwise. */
  offerByReference(referenceHash: string, now: string): Promise<{ sealedOffer: string; expiresAt: string } | null>;
  /** Checks and spends a pre-authorized code (and counts a wrong PIN), storing the access token on success. */
  redeemCode(req: RedeemRequest): Promise<RedeemResult>;
  /** The grant behind an unexpired access token. */
  accessGrant(tokenHash: string, now: string): Promise<AccessGrant | null>;
  createNonce(nonce: string, createdAt: string, expiresAt: string): Promise<void>;
  /** Spends a nonce: true once for a known, unexpired, unused nonce, false ever after. */
  consumeNonce(nonce: string, now: string): Promise<boolean>;
  /** Takes the one issuance a token allows per configuration; false when it was already taken. */
  claimIssuance(tokenHash: string, configurationId: string, now: string): Promise<boolean>;
  /** Links the issued wallet copy to its claimed slot. */
  recordIssued(tokenHash: string, configurationId: string, credentialId: string): Promise<void>;
  /** Gives the slot back when issuance failed before anything was stored. */
  releaseIssuance(tokenHash: string, configurationId: string): Promise<void>;
}

import crypto from 'node:crypto';
import type { AccessGrant, NewOffer, Oid4vciRepository, RedeemRequest, RedeemResult } from '../delivery/oid4vci/index.js';
import type { Db } from './database.js';
import { prepared } from './statements.js';

type Row = Record<string, unknown>;

/** Hex digests compared without leaking, through timing, how much of the stored one was matched. */
function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && crypto.timingSafeEqual(x, y);
}

const PURGE_AFTER_MS = 7 * 24 * 3_600_000;

export function sqliteOid4vciRepository(db: Db): Oid4vciRepository {
  const insertOffer = prepared(
    db,
    `INSERT INTO oid4vci_offers (id, credential_id, source, code_hash, tx_code_hash, max_tx_attempts, created_at, expires_at)
     VALUES (@id, @credentialId, @source, @codeHash, @txCodeHash, @maxTxAttempts, @createdAt, @expiresAt)`,
  );
  const insertReference = prepared(db, 'INSERT INTO oid4vci_offer_references (reference_hash, offer_id, sealed_offer) VALUES (?, ?, ?)');
  const referenceByHash = prepared(
    db,
    `SELECT r.sealed_offer, o.expires_at FROM oid4vci_offer_references r JOIN oid4vci_offers o ON o.id = r.offer_id
     WHERE r.reference_hash = ? AND o.used_at IS NULL AND o.expires_at > ? AND o.tx_attempts < o.max_tx_attempts`,
  );
  // A superseded offer is expired rather than deleted, so an access token already issued from it keeps its row.
  const supersede = prepared(db, "UPDATE oid4vci_offers SET expires_at = @at WHERE credential_id = @credentialId AND source = @source AND used_at IS NULL AND expires_at > @at");
  const offerByCode = prepared(db, 'SELECT id, credential_id, tx_code_hash, tx_attempts, max_tx_attempts, expires_at, used_at FROM oid4vci_offers WHERE code_hash = ?');
  const countWrongPin = prepared(db, 'UPDATE oid4vci_offers SET tx_attempts = tx_attempts + 1 WHERE id = ? AND used_at IS NULL AND tx_attempts < max_tx_attempts');
  // The single-use guard: whatever was read before, only one UPDATE can find used_at still NULL.
  const spend = prepared(db, 'UPDATE oid4vci_offers SET used_at = @now WHERE id = @id AND used_at IS NULL AND expires_at > @now AND tx_attempts < max_tx_attempts');
  const insertToken = prepared(db, 'INSERT INTO oid4vci_access_tokens (token_hash, offer_id, credential_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)');
  const tokenByHash = prepared(db, 'SELECT offer_id, credential_id, expires_at FROM oid4vci_access_tokens WHERE token_hash = ? AND expires_at > ?');
  const insertNonce = prepared(db, 'INSERT INTO oid4vci_nonces (nonce, created_at, expires_at) VALUES (?, ?, ?)');
  const purgeNonces = prepared(db, 'DELETE FROM oid4vci_nonces WHERE expires_at < ?');
  const spendNonce = prepared(db, 'UPDATE oid4vci_nonces SET used_at = @now WHERE nonce = @nonce AND used_at IS NULL AND expires_at > @now');
  const claimSlot = prepared(db, 'INSERT INTO oid4vci_issued (token_hash, configuration_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const linkSlot = prepared(db, 'UPDATE oid4vci_issued SET credential_id = ? WHERE token_hash = ? AND configuration_id = ?');
  const releaseSlot = prepared(db, 'DELETE FROM oid4vci_issued WHERE token_hash = ? AND configuration_id = ? AND credential_id IS NULL');

  // Offers and access tokens long expired answer nothing any more; their rows (and the replay guard of each token,
  // useless once the token is refused) go, so the tables stay as small as the offers of the last week.
  const purgeTokensUsed = prepared(db, 'DELETE FROM oid4vci_issued WHERE token_hash IN (SELECT token_hash FROM oid4vci_access_tokens WHERE expires_at < ?)');
  const purgeTokens = prepared(db, 'DELETE FROM oid4vci_access_tokens WHERE expires_at < ?');
  const purgeOffers = prepared(db, 'DELETE FROM oid4vci_offers WHERE expires_at < ? AND id NOT IN (SELECT offer_id FROM oid4vci_access_tokens)');
  const purgeBefore = (at: string) => {
    for (const s of [purgeTokensUsed, purgeTokens, purgeOffers]) s.run(at);
  };

  const redeem = db.transaction((r: RedeemRequest): RedeemResult => {
    const o = offerByCode.get(r.codeHash) as Row | undefined;
    if (!o) return { kind: 'unknown' };
    if (o.used_at !== null) return { kind: 'used' };
    if ((o.expires_at as string) <= r.now) return { kind: 'expired' };
    const expected = o.tx_code_hash as string | null;
    if (expected !== null) {
      if ((o.tx_attempts as number) >= (o.max_tx_attempts as number)) return { kind: 'locked' };
      if (r.txCodeHash === null) return { kind: 'tx-code-missing' };
      if (!sameHash(expected, r.txCodeHash)) {
        countWrongPin.run(o.id);
        const left = (o.max_tx_attempts as number) - (o.tx_attempts as number) - 1;
        return left > 0 ? { kind: 'tx-code-wrong', attemptsLeft: left } : { kind: 'locked' };
      }
    } else if (r.txCodeHash !== null) {
      return { kind: 'tx-code-unexpected' };
    }
    if (spend.run({ id: o.id, now: r.now }).changes !== 1) return { kind: 'used' };
    insertToken.run(r.accessToken.hash, o.id, o.credential_id, r.now, r.accessToken.expiresAt);
    return { kind: 'ok', offerId: o.id as string, credentialId: o.credential_id as string };
  });

  return {
    async createOffer(offer: NewOffer, opts) {
      db.transaction(() => {
        // Kept a week past expiry, so a wallet that comes back late is told "expired" rather than "unknown".
        purgeBefore(new Date(Date.parse(offer.createdAt) - PURGE_AFTER_MS).toISOString());
        if (opts.supersede) supersede.run({ credentialId: offer.credentialId, source: offer.source, at: offer.createdAt });
        insertOffer.run(offer);
        if (opts.reference) insertReference.run(opts.reference.referenceHash, offer.id, opts.reference.sealedOffer);
      }).immediate();
    },
    async offerByReference(referenceHash, now) {
      const r = referenceByHash.get(referenceHash, now) as Row | undefined;
      return r ? { sealedOffer: r.sealed_offer as string, expiresAt: r.expires_at as string } : null;
    },
    async redeemCode(req) {
      // IMMEDIATE: the write lock is taken before the read, so a wrong-PIN count is never lost to a racing request.
      return redeem.immediate(req);
    },
    async accessGrant(tokenHash, now): Promise<AccessGrant | null> {
      const r = tokenByHash.get(tokenHash, now) as Row | undefined;
      return r ? { offerId: r.offer_id as string, credentialId: r.credential_id as string, expiresAt: r.expires_at as string } : null;
    },
    async createNonce(nonce, createdAt, expiresAt) {
      db.transaction(() => {
        // Expired nonces are useless; dropping them here keeps the table as small as the nonces in flight.
        purgeNonces.run(createdAt);
        insertNonce.run(nonce, createdAt, expiresAt);
      }).immediate();
    },
    async consumeNonce(nonce, now) {
      return spendNonce.run({ nonce, now }).changes === 1;
    },
    async claimIssuance(tokenHash, configurationId, now) {
      return claimSlot.run(tokenHash, configurationId, now).changes === 1;
    },
    async recordIssued(tokenHash, configurationId, credentialId) {
      linkSlot.run(credentialId, tokenHash, configurationId);
    },
    async releaseIssuance(tokenHash, configurationId) {
      releaseSlot.run(tokenHash, configurationId);
    },
  };
}

import crypto from 'node:crypto';

/**
 * A credential offer by reference (OpenID4VCI 1.0 §4.1.3, `credential_offer_uri`): the wallet fetches the offer
 * object from a URL instead of reading it from the QR code, so a printed code stays small.
 *
 * The offer object holds the pre-authorized code, a bearer secret that is never stored in clear. So the URL's last
 * segment is itself a 256-bit secret: the database keeps its hash (to find the row) and the offer sealed with
 * AES-256-GCM under a key derived from it (to read the row). Whoever holds the URL can read the offer, exactly as
 * whoever holds a by-value offer can; whoever holds the database cannot.
 */
export interface OfferReference {
  /** The secret that ends the URL (base64url, 43 characters). */
  reference: string;
  /** sha256 of the reference (hex): how the row is found. */
  referenceHash: string;
}

export const OFFER_REFERENCE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newOfferReference(): OfferReference {
  const reference = crypto.randomBytes(32).toString('base64url');
  return { reference, referenceHash: referenceHash(reference) };
}

export function referenceHash(reference: string): string {
  return crypto.createHash('sha256').update(reference).digest('hex');
}

function keyOf(reference: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', Buffer.from(reference, 'base64url'), Buffer.alloc(0), 'avala oid4vci credential offer v1', 32));
}

/** `iv.ciphertext.tag`, base64url each. */
export function sealOffer(reference: string, offer: Record<string, unknown>): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', keyOf(reference), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(offer), 'utf8'), cipher.final()]);
  return [iv, body, cipher.getAuthTag()].map((b) => b.toString('base64url')).join('.');
}

/** The offer object, or null when the sealed value was not made with this reference. */
export function openOffer(reference: string, sealed: string): Record<string, unknown> | null {
  const [iv, body, tag] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
  if (!iv || !body || !tag) return null;
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', keyOf(reference), iv);
    decipher.setAuthTag(tag);
    return JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

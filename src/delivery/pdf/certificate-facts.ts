import type { IssuedCredential } from '../../issuance/index.js';
import { credentialQrPayload, verifierUrl } from '../../qr/index.js';

/** What the printed certificate shows, read from the signed credential itself so paper and QR never disagree. */
export interface CertificateFacts {
  credentialId: string;
  holderName: string;
  standard: { code: string; version: string; title: string; level: number | null; sector: string | null };
  body: { name: string; did: string };
  /** `validFrom`: the instant of certification. */
  issuedAt: string;
  /** Null when the standard's certificates never expire. */
  validUntil: string | null;
  evaluation: { centre: string | null; on: string | null };
  /** The verifier URL the QR code holds (the VC-JWT in its fragment). */
  qrUrl: string;
  /** The verifier page's address, printed for someone who would rather type it than scan. */
  verifyPageUrl: string;
}

/**
 * Reads the facts from a stored credential's VC-JWT payload (the same bytes the QR code carries). The credential is
 * our own, signed and stored by issuance, so its shape is known; a credential without a VC-JWT form (a wallet copy
 * signed with Data Integrity only) cannot be printed, since the QR code carries the JWT — that is our caller's
 * mistake, hence `TypeError`, which the route prevents by checking `jwt` first.
 */
export function certificateFacts(c: Pick<IssuedCredential, 'id' | 'jwt'> & Partial<Pick<IssuedCredential, 'cwt'>>, publicUrl: string): CertificateFacts {
  if (!c.jwt) throw new TypeError(`credential ${c.id} has no VC-JWT form to print`);
  const payload = JSON.parse(Buffer.from(c.jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, any>;
  const subject = Array.isArray(payload.credentialSubject) ? payload.credentialSubject[0] : payload.credentialSubject;
  const achievement = subject?.achievement ?? {};
  const identifiers: Array<Record<string, unknown>> = Array.isArray(subject?.identifier) ? subject.identifier : [];
  const name = identifiers.find((i) => i.identityType === 'name' && i.hashed === false)?.identityHash;
  const evidence = Array.isArray(payload.evidence) ? payload.evidence[0] : undefined;
  const issuer = typeof payload.issuer === 'string' ? { id: payload.issuer, name: payload.issuer } : payload.issuer;
  if (typeof name !== 'string' || typeof achievement.humanCode !== 'string' || typeof payload.validFrom !== 'string' || typeof issuer?.id !== 'string') {
    throw new TypeError(`credential ${c.id} is not a competency certificate (holder name, standard or validFrom missing)`);
  }
  const base = publicUrl.replace(/\/+$/, '');
  return {
    credentialId: typeof payload.id === 'string' ? payload.id : c.id,
    holderName: name,
    standard: {
      code: achievement.humanCode,
      version: String(achievement.version ?? ''),
      title: String(achievement.name ?? ''),
      level: typeof achievement.nqfLevel === 'number' ? achievement.nqfLevel : null,
      sector: typeof achievement.sector === 'string' ? achievement.sector : null,
    },
    body: { name: typeof issuer.name === 'string' ? issuer.name : issuer.id, did: issuer.id },
    issuedAt: payload.validFrom,
    validUntil: typeof payload.validUntil === 'string' ? payload.validUntil : null,
    evaluation: {
      centre: typeof evidence?.evaluationCentre === 'string' ? evidence.evaluationCentre : null,
      on: typeof evidence?.evaluatedOn === 'string' ? evidence.evaluatedOn : null,
    },
    qrUrl: verifierUrl(base, credentialQrPayload(c)),
    verifyPageUrl: `${base}/verify`,
  };
}

/**
 * A readable web address for a did:web identifier (`did:web:avala.mx:bodies:uv` → `avala.mx/bodies/uv`): the place
 * the body's DID document, and its entry in the directory, are published. Another method is returned as it is.
 */
export function didWebAddress(did: string): string {
  const m = /^did:web:([^:]+)((?::[^:]+)*)$/.exec(did);
  if (!m) return did;
  const host = decodeURIComponent(m[1]!);
  const path = m[2] ? m[2].split(':').filter(Boolean).map((s) => decodeURIComponent(s)).join('/') : '';
  return path ? `${host}/${path}` : host;
}

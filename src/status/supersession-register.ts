import { VC_CONTEXT_V2_URL } from '../vc/index.js';

/**
 * The supersession register: a body's public, signed list of its certificates that a renewal replaced. Pure.
 *
 * A certificate is superseded once a renewal of it exists that is not itself revoked (the rule of `readState`); its
 * wallet copies are superseded with it, so they are listed too, each under its own id, and a verifier needs no
 * mapping from a copy to its original. Each entry names the renewal (`supersededBy`) and when it was issued
 * (`supersededAt`); with several live renewals, the earliest.
 */
export const SUPERSESSION_REGISTER_TYPE = 'AvalaSupersessionRegister';

export interface SupersessionEntry {
  credentialId: string;
  supersededAt: string;
  supersededBy: string;
}

export interface UnsignedSupersessionRegister {
  '@context': [typeof VC_CONTEXT_V2_URL];
  id: string;
  type: ['VerifiableCredential', typeof SUPERSESSION_REGISTER_TYPE];
  issuer: string;
  validFrom: string;
  validUntil: string;
  credentialSubject: {
    id: string;
    type: 'SupersessionRegister';
    /** Grows by one each time the content changes. */
    version: number;
    /** Milliseconds a verifier may cache the register before fetching it again. */
    ttl: number;
    entries: SupersessionEntry[];
  };
}

/** `<publicUrl>/status/<bodySlug>/supersessions`: where the trust registry says a body's register lives. */
export function supersessionRegisterUrl(publicUrl: string, bodySlug: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/status/${encodeURIComponent(bodySlug)}/supersessions`;
}

/** One entry per superseded credential, in a fixed order, so equal content always hashes the same. */
export function supersessionEntries(renewals: ReadonlyArray<{ credentialId: string; renewalId: string; renewalIssuedAt: string }>): SupersessionEntry[] {
  const first = new Map<string, SupersessionEntry>();
  const ordered = [...renewals].sort((a, b) => cmp(a.renewalIssuedAt, b.renewalIssuedAt) || cmp(a.renewalId, b.renewalId));
  for (const r of ordered) {
    if (!first.has(r.credentialId)) first.set(r.credentialId, { credentialId: r.credentialId, supersededAt: r.renewalIssuedAt, supersededBy: r.renewalId });
  }
  return [...first.values()].sort((a, b) => cmp(a.credentialId, b.credentialId));
}

export function buildSupersessionRegister(input: {
  url: string;
  issuerDid: string;
  version: number;
  entries: SupersessionEntry[];
  validFrom: Date;
  validUntil: Date;
  ttlMs: number;
}): UnsignedSupersessionRegister {
  if (input.validUntil.getTime() <= input.validFrom.getTime()) throw new TypeError('a supersession register must be valid for some time');
  if (!Number.isSafeInteger(input.version) || input.version < 1) throw new TypeError(`register version must be a positive integer, got ${input.version}`);
  if (!Number.isSafeInteger(input.ttlMs) || input.ttlMs <= 0) throw new TypeError(`ttl must be a positive number of milliseconds, got ${input.ttlMs}`);
  return {
    '@context': [VC_CONTEXT_V2_URL],
    id: input.url,
    type: ['VerifiableCredential', SUPERSESSION_REGISTER_TYPE],
    issuer: input.issuerDid,
    validFrom: isoSeconds(input.validFrom),
    validUntil: isoSeconds(input.validUntil),
    credentialSubject: { id: `${input.url}#register`, type: 'SupersessionRegister', version: input.version, ttl: input.ttlMs, entries: input.entries },
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Whole seconds, as JWT `nbf`/`exp` carry them. */
function isoSeconds(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

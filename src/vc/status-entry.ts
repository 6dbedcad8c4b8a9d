import { VC_CONTEXT_V2_URL } from './contexts.js';

/** The two lists every credential is entered in: one bit says "revoked", the other "suspended". */
export const STATUS_PURPOSES = ['revocation', 'suspension'] as const;
export type StatusPurpose = (typeof STATUS_PURPOSES)[number];

/** A slot reserved in a body's status list: which list (by URL), which bit, for which purpose. */
export interface StatusSlot {
  purpose: StatusPurpose;
  index: number;
  listUrl: string;
}

/** `credentialStatus` entry of Bitstring Status List v1.0 §2.1 (the VC 2.0 context defines every term). */
export interface BitstringStatusListEntry {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: StatusPurpose;
  /** A decimal integer as a string, as the spec requires. */
  statusListIndex: string;
  statusListCredential: string;
}

export interface UnsignedStatusListCredential {
  '@context': [typeof VC_CONTEXT_V2_URL];
  id: string;
  type: ['VerifiableCredential', 'BitstringStatusListCredential'];
  issuer: string;
  validFrom: string;
  validUntil: string;
  credentialSubject: {
    id: string;
    type: 'BitstringStatusList';
    statusPurpose: StatusPurpose;
    encodedList: string;
    /** Milliseconds a verifier may cache the list before fetching it again (§2.2). */
    ttl: number;
  };
}

export function statusListUrl(publicUrl: string, listId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/status/${encodeURIComponent(listId)}`;
}

export function statusEntry(ref: StatusSlot): BitstringStatusListEntry {
  if (!Number.isSafeInteger(ref.index) || ref.index < 0) throw new TypeError(`status index must be a non-negative integer, got ${ref.index}`);
  return {
    id: `${ref.listUrl}#${ref.index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: ref.purpose,
    statusListIndex: String(ref.index),
    statusListCredential: ref.listUrl,
  };
}

/** The credential's `credentialStatus`: revocation first, then suspension. */
export function credentialStatusEntries(refs: { revocation: StatusSlot; suspension: StatusSlot }): [BitstringStatusListEntry, BitstringStatusListEntry] {
  return [statusEntry(refs.revocation), statusEntry(refs.suspension)];
}

export function buildStatusListCredential(input: {
  listUrl: string;
  issuerDid: string;
  purpose: StatusPurpose;
  encodedList: string;
  validFrom: Date;
  validUntil: Date;
  ttlMs: number;
}): UnsignedStatusListCredential {
  if (input.validUntil.getTime() <= input.validFrom.getTime()) throw new TypeError('a status list must be valid for some time');
  if (!Number.isSafeInteger(input.ttlMs) || input.ttlMs <= 0) throw new TypeError(`ttl must be a positive number of milliseconds, got ${input.ttlMs}`);
  return {
    '@context': [VC_CONTEXT_V2_URL],
    id: input.listUrl,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuerDid,
    validFrom: isoSeconds(input.validFrom),
    validUntil: isoSeconds(input.validUntil),
    credentialSubject: {
      id: `${input.listUrl}#list`,
      type: 'BitstringStatusList',
      statusPurpose: input.purpose,
      encodedList: input.encodedList,
      ttl: input.ttlMs,
    },
  };
}

/** XML Schema dateTime without milliseconds: what JWT `nbf`/`exp` can carry exactly. */
function isoSeconds(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

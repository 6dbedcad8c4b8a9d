import type { StatusPurpose } from '../vc/index.js';

// The purposes and the W3C minimum length are the published format's (src/vc/); the status domain speaks them too.
export { MIN_LIST_LENGTH, STATUS_PURPOSES, type StatusPurpose } from '../vc/index.js';

/** What is stored per credential. Absence of a record means `active`. */
export const STORED_STATES = ['active', 'suspended', 'revoked'] as const;
export type StoredState = (typeof STORED_STATES)[number];

/** What a reader is told: the stored state, or what time and renewals make of it. */
export const READ_STATES = ['active', 'suspended', 'revoked', 'superseded', 'expired'] as const;
export type ReadState = (typeof READ_STATES)[number];

export const STATUS_ACTIONS = ['revoke', 'suspend', 'reinstate'] as const;
export type StatusAction = (typeof STATUS_ACTIONS)[number];

/**
 * Why a credential was revoked. A closed list so statistics and verifiers can rely on it; the free `note`
 * carries the particulars. `unspecified` mirrors RFC 5280's reason code 0: VC-API status updates carry no reason.
 */
export const REVOCATION_REASONS = ['issued_in_error', 'fraud', 'evaluation_invalidated', 'holder_request', 'superseded_by_correction', 'unspecified'] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];


/** Who asks for a change or a read, as the domain sees it (no HTTP types here). */
export type StatusActor = { kind: 'admin' } | { kind: 'staff'; bodyId: string; staffId: string; roles: readonly string[] };

/** One reserved slot: the list, the index in it, and the URL the list is published at. */
export interface StatusRef {
  listId: string;
  index: number;
  listUrl: string;
  purpose: StatusPurpose;
}

/** The slots reserved for one credential: one per purpose. */
export interface CredentialStatusRefs {
  revocation: StatusRef;
  suspension: StatusRef;
}

export interface StatusEvent {
  at: string;
  action: StatusAction;
  from: StoredState;
  to: StoredState;
  reason: RevocationReason | null;
  note: string | null;
  actor: string;
}

export interface StatusList {
  id: string;
  bodyId: string;
  purpose: StatusPurpose;
  /** How many indexes the list can hand out. */
  size: number;
  used: number;
  state: 'open' | 'full';
  /** Grows on every change to a bit in the list; the published form is re-signed when it is behind. */
  version: number;
  createdAt: string;
}

/** The signed list as last published, kept so repeated reads do not re-sign. */
export interface PublishedList {
  listId: string;
  version: number;
  validFrom: string;
  validUntil: string;
  json: object;
  jwt: string;
  etagJson: string;
  etagJwt: string;
}

/** The facts about a credential that its status read-model needs. */
export interface CredentialFacts {
  id: string;
  bodyId: string;
  kind: 'competency' | 'other' | 'wallet-copy';
  parentId: string | null;
  renewsId: string | null;
  validFrom: string;
  validUntil: string | null;
}

export interface StatusRecord {
  state: StoredState;
  reason: RevocationReason | null;
  note: string | null;
  changedAt: string;
  changedBy: string;
}

/** What `read` answers. */
export interface StatusView {
  credentialId: string;
  state: ReadState;
  reason: RevocationReason | null;
  note: string | null;
  changedAt: string | null;
  validFrom: string;
  validUntil: string | null;
  /** Older credentials this one renews, nearest first. */
  renews: string[];
  /** Newer credentials that renew this one, nearest first. */
  renewedBy: string[];
  history: StatusEvent[];
}

export interface RenewalDue {
  credentialId: string;
  kind: CredentialFacts['kind'];
  standardId: string | null;
  holderName: string | null;
  validUntil: string;
  state: 'active' | 'suspended';
}

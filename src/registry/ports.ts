import type { Accreditation, AccreditationEvent, AccreditationState, Body, Committee, SigningKey, Staff, Standard } from './model.js';

export interface StandardFilter {
  sector?: string;
  level?: number;
  committeeId?: string;
  state?: Standard['state'];
  text?: string;
}

export interface ApiKeyRecord {
  id: string;
  staffId: string;
  secretHash: string;
  createdAt: string;
  revokedAt: string | null;
}

/** An audit record of a registry change (the audit domain's event, without the request id it adds). */
export interface RegistryEvent {
  action: string;
  actor: string;
  bodyId?: string;
  subject: string;
  details?: Record<string, unknown>;
}

/**
 * Records events inside the write transaction a repository holds open, so a change and its audit record commit
 * (or roll back) together. Returns what to do once the transaction has committed (write the log lines).
 */
export type RegistryJournal = (events: readonly RegistryEvent[]) => () => void;

/**
 * Storage for the registry. Async so a networked database can implement it; each method is atomic, and each
 * change journals its `event` in its own transaction.
 */
export interface RegistryRepository {
  insertCommittee(c: Committee, event: RegistryEvent): Promise<void>;
  getCommittee(id: string): Promise<Committee | null>;
  listCommittees(): Promise<Committee[]>;

  insertStandard(s: Standard, event: RegistryEvent): Promise<void>;
  updateStandard(s: Standard, event: RegistryEvent): Promise<void>;
  getStandard(id: string): Promise<Standard | null>;
  findStandard(code: string, version?: number): Promise<Standard | null>;
  listStandards(filter?: StandardFilter): Promise<Standard[]>;

  insertBody(b: Body, firstKey: SigningKey, event: RegistryEvent): Promise<void>;
  updateBodyState(id: string, state: Body['state'], event: RegistryEvent): Promise<void>;
  getBody(id: string): Promise<Body | null>;
  getBodyBySlug(slug: string): Promise<Body | null>;
  getBodyByDid(did: string): Promise<Body | null>;
  listBodies(): Promise<Body[]>;

  insertAccreditation(a: Accreditation, event: RegistryEvent): Promise<void>;
  changeAccreditationState(id: string, state: AccreditationState, history: AccreditationEvent, event: RegistryEvent): Promise<void>;
  getAccreditation(id: string): Promise<Accreditation | null>;
  listAccreditations(filter?: { bodyId?: string; standardId?: string }): Promise<Accreditation[]>;

  insertStaff(s: Staff, key: ApiKeyRecord, event: RegistryEvent): Promise<void>;
  insertApiKey(key: ApiKeyRecord, event: RegistryEvent): Promise<void>;
  getStaff(id: string): Promise<Staff | null>;
  listStaff(bodyId: string): Promise<Staff[]>;
  getApiKey(id: string): Promise<ApiKeyRecord | null>;

  /** Closes the owner's current key at `at` and makes `next` current, in one transaction. */
  rotateSigningKey(owner: string, next: SigningKey, at: string, event: RegistryEvent): Promise<void>;
  insertSigningKey(k: SigningKey, event: RegistryEvent): Promise<void>;
  listSigningKeys(owner?: string): Promise<SigningKey[]>;
  currentSigningKey(owner: string): Promise<SigningKey | null>;
  markKeyCompromised(id: string, at: string, event: RegistryEvent): Promise<void>;

  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;
}

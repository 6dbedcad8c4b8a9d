import type { DomainEvent } from '../journal.js';
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

/**
 * Storage for the registry. Async so a networked database can implement it; each method is atomic, and each
 * change journals its `event` in its own transaction.
 */
export interface RegistryRepository {
  insertCommittee(c: Committee, event: DomainEvent): Promise<void>;
  getCommittee(id: string): Promise<Committee | null>;
  listCommittees(): Promise<Committee[]>;

  insertStandard(s: Standard, event: DomainEvent): Promise<void>;
  updateStandard(s: Standard, event: DomainEvent): Promise<void>;
  getStandard(id: string): Promise<Standard | null>;
  findStandard(code: string, version?: number): Promise<Standard | null>;
  listStandards(filter?: StandardFilter): Promise<Standard[]>;

  insertBody(b: Body, firstKey: SigningKey, event: DomainEvent): Promise<void>;
  updateBodyState(id: string, state: Body['state'], event: DomainEvent): Promise<void>;
  getBody(id: string): Promise<Body | null>;
  getBodyBySlug(slug: string): Promise<Body | null>;
  getBodyByDid(did: string): Promise<Body | null>;
  listBodies(): Promise<Body[]>;

  insertAccreditation(a: Accreditation, event: DomainEvent): Promise<void>;
  changeAccreditationState(id: string, state: AccreditationState, history: AccreditationEvent, event: DomainEvent): Promise<void>;
  getAccreditation(id: string): Promise<Accreditation | null>;
  listAccreditations(filter?: { bodyId?: string; standardId?: string }): Promise<Accreditation[]>;

  insertStaff(s: Staff, key: ApiKeyRecord, event: DomainEvent): Promise<void>;
  insertApiKey(key: ApiKeyRecord, event: DomainEvent): Promise<void>;
  getStaff(id: string): Promise<Staff | null>;
  listStaff(bodyId: string): Promise<Staff[]>;
  getApiKey(id: string): Promise<ApiKeyRecord | null>;
  listApiKeys(staffId: string): Promise<ApiKeyRecord[]>;
  /**
   * Sets a staff member's state. With `keepAnActiveAdmin`, refuses (returns false, changes nothing) when no other
   * active admin of the body would remain; the check and the change share one transaction, so two admins disabling
   * each other at once cannot both succeed.
   */
  setStaffState(id: string, state: Staff['state'], event: DomainEvent, opts: { keepAnActiveAdmin: boolean }): Promise<boolean>;
  /** Sets a staff member's roles; `keepAnActiveAdmin` as for `setStaffState` (false: nothing changed). */
  setStaffRoles(id: string, roles: Staff['roles'], event: DomainEvent, opts: { keepAnActiveAdmin: boolean }): Promise<boolean>;
  /** Marks a key revoked at `at` unless it already is; returns false when it already was. */
  revokeApiKey(id: string, at: string, event: DomainEvent): Promise<boolean>;

  /** Closes the owner's current key at `at` and makes `next` current, in one transaction. */
  rotateSigningKey(owner: string, next: SigningKey, at: string, event: DomainEvent): Promise<void>;
  insertSigningKey(k: SigningKey, event: DomainEvent): Promise<void>;
  listSigningKeys(owner?: string): Promise<SigningKey[]>;
  currentSigningKey(owner: string): Promise<SigningKey | null>;
  markKeyCompromised(id: string, at: string, event: DomainEvent): Promise<void>;

  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;
}

import type { ListOccupancy } from './allocation.js';
import type {
  CredentialFacts,
  PublishedList,
  RenewalDue,
  StatusEvent,
  StatusList,
  StatusPurpose,
  StatusRecord,
  StoredState,
} from './model.js';
import type { ChangeOutcome, ChangePlan, FamilyRows } from './plan.js';

export interface ReserveRequest {
  bodyId: string;
  /** How many credentials need slots: `count` indexes are reserved in a list of each purpose. */
  count: number;
  purposes: readonly StatusPurpose[];
  /** Capacity of any list this call has to open. */
  listSize: number;
  at: string;
  newListId: () => string;
  /** Chooses free indexes; runs inside the write transaction, so what it sees is what it gets. */
  pick: (list: ListOccupancy, count: number) => number[];
}

export interface ReservedSlot {
  listId: string;
  index: number;
  purpose: StatusPurpose;
}

export interface ChangeRequest {
  credentialId: string;
  /**
   * Decides the change from the family's rows read inside the write transaction (pure: see `planStatusChange`;
   * throws to refuse). The repository applies what it returns, audit records included, and decides nothing.
   */
  plan: (rows: FamilyRows) => ChangePlan;
}

/** What a change did: the transition, every credential whose state moved, and the lists whose version grew. */
export type ChangeResult = ChangeOutcome;

export interface StatusSnapshot {
  facts: CredentialFacts;
  record: StatusRecord | null;
  history: StatusEvent[];
  /** Older credentials this one renews, nearest first. */
  renews: string[];
  /** Newer credentials renewing this one (breadth first), each with its stored state. */
  renewedBy: Array<{ id: string; state: StoredState; renewsId: string }>;
}

/** Storage for statuses and lists. Async so a networked database can implement it; each method is atomic. */
export interface StatusRepository {
  /**
   * Reserves slots for `count` credentials inside one write transaction that excludes every other writer of
   * the database, so no two callers (in any process) get the same index. Returns, per purpose, `count` slots.
   */
  reserve(req: ReserveRequest): Promise<Record<StatusPurpose, ReservedSlot[]>>;
  /** Applies a status change to a credential's whole family and bumps the versions of the lists it touches. */
  applyChange(req: ChangeRequest): Promise<ChangeResult>;
  credentialFacts(credentialId: string): Promise<CredentialFacts | null>;
  snapshot(credentialId: string): Promise<StatusSnapshot | null>;
  dueForRenewal(bodyId: string, from: string, until: string, limit: number): Promise<RenewalDue[]>;

  getList(listId: string): Promise<StatusList | null>;
  /** The list and the indexes whose bit is set, read in one snapshot so version and bits agree. */
  listBits(listId: string): Promise<{ list: StatusList; setIndexes: number[] } | null>;
  getPublished(listId: string): Promise<PublishedList | null>;
  /** Keeps `p` unless a newer version (or the same version valid for longer) is already stored; returns what is kept. */
  savePublished(p: PublishedList): Promise<PublishedList>;
  bodyDid(bodyId: string): Promise<string | null>;
}

/**
 * The signing room's `sign()` as the status domain uses it: status lists in both securing mechanisms, registers as
 * a JWT, each with the body's key in use at the instant given and dated then.
 */
export interface StatusSigner {
  sign(bodyId: string, unsigned: Record<string, unknown>, forms: readonly ('di' | 'jwt')[], at?: Date): Promise<{ dataIntegrity: Record<string, unknown> | null; jwt: string | null }>;
}

import type { DomainEvent } from '../journal.js';
import { STATUS_PURPOSES, type StatusAction, type StatusEvent, type StatusPurpose, type StatusRecord, type StoredState } from './model.js';
import { bitFor, planChange, type PlannedChange } from './rules.js';

/**
 * The status rules as pure plans: given the rows a repository has read (inside its write transaction), say what to
 * write. The repository applies a plan as it is and decides nothing; these functions do no I/O and are tested
 * without a database.
 */

/** How far up and down a renewal chain (or a family) is walked: far beyond any real one, and a stop for a corrupt cycle. */
export const MAX_CHAIN = 100;

/** One status slot a credential holds, with the version its list has now. */
export interface EntryRow {
  listId: string;
  index: number;
  purpose: StatusPurpose;
  listVersion: number;
}

/** A member of a family (the certificate or one of its wallet copies) as stored. */
export interface MemberRow {
  id: string;
  state: StoredState;
  entries: EntryRow[];
}

/** What a change is planned from: the credential's own state and every member of its family (itself included). */
export interface FamilyRows {
  credentialId: string;
  own: StoredState;
  members: MemberRow[];
}

export interface StatusRowWrite {
  credentialId: string;
  state: StoredState;
  reason: PlannedChange['reason'];
  note: string | null;
  at: string;
  actor: string;
}

export interface StatusEventWrite extends StatusEvent {
  credentialId: string;
}

export interface BitWrite {
  listId: string;
  index: number;
  bit: boolean;
}

/** A list whose bits changed, with the version it has after the change (one bump per list per plan). */
export interface VersionBump {
  listId: string;
  version: number;
}

/** Rows to write, in this order: status rows, history events, bits, list versions. */
export interface StatusWrites {
  statuses: StatusRowWrite[];
  events: StatusEventWrite[];
  bits: BitWrite[];
  bumps: VersionBump[];
}

export interface ChangeOutcome {
  change: PlannedChange;
  /** Every credential whose state moved: the certificate and its wallet copies. */
  changed: string[];
  /** Lists whose version grew, with the new version. */
  lists: VersionBump[];
}

export interface ChangePlan extends StatusWrites, ChangeOutcome {
  /** The audit records, journaled in the change's transaction. */
  audit: DomainEvent[];
}

export interface ChangeAsk {
  action: StatusAction;
  input?: { reason?: string | null; note?: string | null };
  at: string;
  actor: string;
  /** The audit record of the change made. */
  record: (outcome: ChangeOutcome) => DomainEvent;
}

const empty = (): StatusWrites => ({ statuses: [], events: [], bits: [], bumps: [] });

/**
 * A change to one credential covers its whole family: the transition is decided from the credential's own state
 * (throws ERR_INVALID_TRANSITION or ERR_VALIDATION), then every member moves to the new state, except a member
 * already revoked (revocation is final, for a copy as for its certificate) or already in that state.
 */
export function planStatusChange(rows: FamilyRows, ask: ChangeAsk): ChangePlan {
  const change = planChange(rows.own, ask.action, ask.input);
  const w = empty();
  const versions = new Map<string, number>();
  const changed: string[] = [];
  for (const m of rows.members) {
    if (m.state === 'revoked' || m.state === change.to) continue;
    move(w, versions, m, m.state, { state: change.to, reason: change.reason, note: change.note, at: ask.at, actor: ask.actor });
    changed.push(m.id);
  }
  const outcome: ChangeOutcome = { change, changed, lists: w.bumps };
  return { ...w, ...outcome, audit: [ask.record(outcome)] };
}

/**
 * A wallet copy stored while its certificate is suspended or revoked takes on that state at once, with the
 * certificate's reason, time and actor, since a change always covers the whole family. Nothing for a certificate,
 * or for a copy of an active one.
 */
export function planInheritance(rows: { credentialId: string; parentId: string | null; parent: StatusRecord | null; entries: EntryRow[] }): StatusWrites {
  const w = empty();
  const p = rows.parent;
  if (!rows.parentId || !p || p.state === 'active') return w;
  const note = `inherited from ${rows.parentId}${p.note ? `: ${p.note}` : ''}`;
  move(w, new Map(), { id: rows.credentialId, state: 'active', entries: rows.entries }, 'active', { state: p.state, reason: p.reason, note, at: p.changedAt, actor: p.changedBy });
  return w;
}

function move(w: StatusWrites, versions: Map<string, number>, m: MemberRow, from: StoredState, to: Omit<StatusRowWrite, 'credentialId'>): void {
  w.statuses.push({ credentialId: m.id, ...to });
  w.events.push({ credentialId: m.id, at: to.at, action: actionOf(from, to.state), from, to: to.state, reason: to.reason, note: to.note, actor: to.actor });
  // The bits follow the state; each list whose bit changed gets one new version, so the next published list has it.
  for (const purpose of STATUS_PURPOSES) {
    const bit = bitFor(to.state, purpose);
    if (bitFor(from, purpose) === bit) continue;
    for (const e of m.entries.filter((x) => x.purpose === purpose)) {
      w.bits.push({ listId: e.listId, index: e.index, bit });
      if (!versions.has(e.listId)) {
        versions.set(e.listId, e.listVersion + 1);
        w.bumps.push({ listId: e.listId, version: e.listVersion + 1 });
      }
    }
  }
}

export function actionOf(from: StoredState, to: StoredState): StatusAction {
  if (to === 'revoked') return 'revoke';
  if (to === 'suspended') return 'suspend';
  if (from === 'suspended' && to === 'active') return 'reinstate';
  throw new TypeError(`no action takes a credential from ${from} to ${to}`);
}

/** The certificate a credential belongs to: itself, or the top of its parent chain (a wallet copy's certificate). */
export function familyRoot(credentialId: string, parentOf: (id: string) => string | null): string {
  let cur = credentialId;
  for (let i = 0; i < MAX_CHAIN; i++) {
    const parent = parentOf(cur);
    if (!parent) return cur;
    cur = parent;
  }
  return cur;
}

export interface RenewalRow {
  id: string;
  state: StoredState;
  renewsId: string;
}

/**
 * The renewal chain of a certificate (`root`, see `familyRoot`): the older credentials it renews, nearest first,
 * and the newer ones renewing it, breadth first. `renewalsOf` lists a credential's direct renewals in issue order.
 * Each direction stops at `MAX_CHAIN` and at a credential already seen, so a corrupt cycle ends.
 */
export function renewalChain(
  root: string,
  reads: { renewsOf: (id: string) => string | null; renewalsOf: (id: string) => RenewalRow[] },
): { renews: string[]; renewedBy: RenewalRow[] } {
  const renews: string[] = [];
  let back = reads.renewsOf(root);
  while (back && renews.length < MAX_CHAIN && !renews.includes(back)) {
    renews.push(back);
    back = reads.renewsOf(back);
  }
  const renewedBy: RenewalRow[] = [];
  const queue = [root];
  const seen = new Set([root]);
  while (queue.length && renewedBy.length < MAX_CHAIN) {
    for (const r of reads.renewalsOf(queue.shift()!)) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      renewedBy.push(r);
      queue.push(r.id);
    }
  }
  return { renews, renewedBy };
}

/** A reserved slot as stored, for linking it to the credential that carries it. */
export interface SlotRow {
  listId: string;
  index: number;
  /** The body whose list it is, and the list's purpose; null when no such slot was reserved. */
  list: { bodyId: string; purpose: StatusPurpose } | null;
  linkedTo: string | null;
}

/**
 * A slot is linked once, to a credential of the body whose list it is (tenant isolation) and, when the caller says
 * which purpose the slot serves in the credential, only from a list of that purpose. A refusal is our own bug
 * (issuance reserved the slots), so a TypeError.
 */
export function checkLink(credential: { id: string; bodyId: string } | null, slot: SlotRow, purpose: StatusPurpose | null): void {
  const ok = credential !== null && slot.list !== null && slot.linkedTo === null && slot.list.bodyId === credential.bodyId && (purpose === null || slot.list.purpose === purpose);
  if (!ok) throw new TypeError(`status slot ${slot.listId}#${slot.index} was not reserved for ${credential?.id ?? 'the credential'}'s body, or is already linked`);
}

/**
 * Whether a freshly signed list replaces the one kept: two readers may re-sign at once, and the newer version (or,
 * for the same version, the later expiry) wins, so what is served never goes back.
 */
export function replacesPublished(kept: { version: number; validUntil: string } | null, offered: { version: number; validUntil: string }): boolean {
  if (!kept) return true;
  return !(kept.version > offered.version || (kept.version === offered.version && kept.validUntil >= offered.validUntil));
}

import crypto from 'node:crypto';
import { AppError } from '../errors.js';
import type { Clock, IdGenerator } from '../clock.js';
import { pickFreeIndexes, type RandomInt } from './allocation.js';
import { bitstringWith, buildStatusListCredential, publishedLength, statusListUrl } from '../vc/index.js';
import { encodeBitstring } from './bitstring.js';
import {
  MIN_LIST_LENGTH,
  STATUS_PURPOSES,
  type CredentialStatusRefs,
  type PublishedList,
  type RenewalDue,
  type StatusAction,
  type StatusActor,
  type StatusPurpose,
  type StatusView,
  type StoredState,
} from './model.js';
import type { DomainEvent } from '../journal.js';
import type { ReservedSlot, StatusSigner, StatusRepository } from './ports.js';

const BOTH_FORMS = ['di', 'jwt'] as const;
import { planStatusChange } from './plan.js';
import { actorName, authorize, changeInput, readState } from './rules.js';

export interface StatusOptions {
  /** Capacity of each new list. At least 131,072 (herd privacy) unless `allowSmallListsForTests`. */
  listSize?: number;
  /** For tests that need a list to fill: lifts the 131,072 floor on capacity (the published bitstring keeps it). */
  allowSmallListsForTests?: boolean;
  /** How long verifiers may cache a list (its `ttl`, and the HTTP max-age). */
  ttlMs?: number;
  /** How long a signed list stays valid (`validUntil` − `validFrom`). */
  validityMs?: number;
  /** A cached list with less than this left before `validUntil` is re-signed on the next read. */
  refreshBeforeMs?: number;
  /** Upper bound on `reserve`'s count: one call is one write transaction. */
  maxReserve?: number;
}

export interface StatusDeps {
  repo: StatusRepository;
  signer: StatusSigner;
  clock: Clock;
  randomInt: RandomInt;
  newId: IdGenerator;
  publicUrl: string;
  options?: StatusOptions;
  /**
   * Called after every refusal the audit log must record. Status changes are journaled by the repository, in the
   * transaction that makes them.
   */
  onEvent?: (e: DomainEvent) => Promise<void>;
}

export interface ChangeInput {
  reason?: string | null;
  note?: string | null;
}

/** A signed list ready to serve. */
export interface PublishedListView {
  listId: string;
  format: 'json' | 'jwt';
  /** The JSON document (format json) or the compact JWS (format jwt). */
  body: object | string;
  contentType: string;
  /** A strong HTTP entity tag, quoted. */
  etag: string;
  version: number;
  validUntil: string;
  ttlMs: number;
}

const DEFAULTS = {
  listSize: MIN_LIST_LENGTH,
  ttlMs: 5 * 60_000,
  validityMs: 24 * 3_600_000,
  refreshBeforeMs: 12 * 3_600_000,
  maxReserve: 100_000,
};

const PAST: Record<StatusAction, string> = { revoke: 'revoked', suspend: 'suspended', reinstate: 'reinstated' };

/** Revocation and suspension of credentials, their renewal chain, and the signed status lists verifiers fetch. */
export class StatusService {
  private readonly o: typeof DEFAULTS;
  /** One re-signing per list at a time in this process; later readers wait for it instead of signing again. */
  private readonly signing = new Map<string, Promise<PublishedList>>();

  constructor(private readonly d: StatusDeps) {
    const o = { ...DEFAULTS, ...stripUndefined(d.options ?? {}) };
    if (!Number.isSafeInteger(o.listSize) || o.listSize <= 0) throw new TypeError(`listSize must be a positive integer, got ${o.listSize}`);
    if (o.listSize < MIN_LIST_LENGTH && !d.options?.allowSmallListsForTests) {
      throw new TypeError(`listSize ${o.listSize} is below the herd-privacy minimum of ${MIN_LIST_LENGTH}`);
    }
    if (o.refreshBeforeMs >= o.validityMs) throw new TypeError('refreshBeforeMs must be shorter than validityMs');
    this.o = o;
  }

  private now(): Date {
    return this.d.clock();
  }

  private async emit(e: DomainEvent): Promise<void> {
    await this.d.onEvent?.(e);
  }

  // ---- issuance

  /**
   * Reserves a revocation and a suspension slot for each of `count` credentials of a body. Issuance calls this
   * BEFORE signing (the entries are part of the signed credential), then links the slots when it stores the
   * credentials. A reserved slot is never handed out again, even if its credential is never stored.
   */
  async reserve(bodyId: string, count: number): Promise<CredentialStatusRefs[]> {
    if (!Number.isSafeInteger(count) || count < 0 || count > this.o.maxReserve) throw new TypeError(`count must be an integer in 0..${this.o.maxReserve}, got ${count}`);
    if (count === 0) return [];
    if ((await this.d.repo.bodyDid(bodyId)) === null) throw new AppError('ERR_NOT_FOUND', `Body ${bodyId} does not exist`);
    const slots = await this.d.repo.reserve({
      bodyId,
      count,
      purposes: STATUS_PURPOSES,
      listSize: this.o.listSize,
      at: this.now().toISOString(),
      newListId: this.d.newId,
      pick: (list, n) => pickFreeIndexes(list, n, this.d.randomInt),
    });
    const ref = (s: ReservedSlot) => ({ listId: s.listId, index: s.index, purpose: s.purpose, listUrl: statusListUrl(this.d.publicUrl, s.listId) });
    return Array.from({ length: count }, (_, i) => ({ revocation: ref(slots.revocation[i]!), suspension: ref(slots.suspension[i]!) }));
  }

  // ---- changes

  /**
   * Revokes, suspends or reinstates a credential and, with it, its whole family (the certificate and its wallet
   * copies). The lists it touches get a new version in the same transaction, so the next published list has it.
   */
  async change(credentialId: string, action: StatusAction, input: ChangeInput, actor: StatusActor): Promise<StatusView> {
    const facts = await this.d.repo.credentialFacts(credentialId);
    await this.authorizeOrLog(actor, facts, 'change', credentialId, action);
    // Validate the input once before the write lock, so a bad request never waits for it.
    changeInput(action, input);
    const at = this.now().toISOString();
    await this.d.repo.applyChange({
      credentialId,
      plan: (rows) =>
        planStatusChange(rows, {
          action,
          input,
          at,
          actor: actorName(actor),
          record: (result) => ({
            action: `credential.${PAST[action]}`,
            actor: actorName(actor),
            bodyId: facts!.bodyId,
            subject: credentialId,
            details: { from: result.change.from, to: result.change.to, reason: result.change.reason, note: result.change.note, family: result.changed, lists: result.lists },
          }),
        }),
    });
    return this.read(credentialId, actor);
  }

  /**
   * The VC-API form (`POST /credentials/status`): sets a purpose's bit to a value. Setting it to what it already
   * is changes nothing; clearing a revocation is refused, since revocation is final.
   */
  async setStatus(credentialId: string, purpose: StatusPurpose, value: boolean, input: ChangeInput, actor: StatusActor): Promise<StatusView> {
    const current = await this.read(credentialId, actor);
    const stored: StoredState = current.state === 'revoked' || current.state === 'suspended' ? current.state : 'active';
    let action: StatusAction | null = null;
    if (purpose === 'revocation') {
      if (value && stored !== 'revoked') action = 'revoke';
      if (!value && stored === 'revoked') action = 'reinstate'; // refused by the state machine, with its reason
    } else {
      if (value && stored !== 'suspended') action = 'suspend';
      if (!value && stored === 'suspended') action = 'reinstate';
    }
    if (action === null) return current;
    const reason = action === 'revoke' ? (input.reason ?? 'unspecified') : (input.reason ?? null);
    return this.change(credentialId, action, { ...input, reason }, actor);
  }

  // ---- reads

  async read(credentialId: string, actor: StatusActor): Promise<StatusView> {
    const snap = await this.d.repo.snapshot(credentialId);
    await this.authorizeOrLog(actor, snap?.facts ?? null, 'read', credentialId, 'read');
    const { facts, record } = snap!;
    const stored = record?.state ?? 'active';
    const directRenewals = snap!.renewedBy.filter((r) => r.renewsId === (facts.parentId ?? facts.id));
    return {
      credentialId,
      state: readState({ stored, validUntil: facts.validUntil, renewedByLiveCredential: directRenewals.some((r) => r.state !== 'revoked'), now: this.now() }),
      reason: record?.reason ?? null,
      note: record?.note ?? null,
      changedAt: record?.changedAt ?? null,
      validFrom: facts.validFrom,
      validUntil: facts.validUntil,
      renews: snap!.renews,
      renewedBy: snap!.renewedBy.map((r) => r.id),
      history: snap!.history,
    };
  }

  /** Credentials of a body whose validity ends within `withinDays`, not revoked and not already renewed. */
  async dueForRenewal(bodyId: string, withinDays: number, opts: { limit?: number } = {}): Promise<RenewalDue[]> {
    if (!Number.isInteger(withinDays) || withinDays < 1 || withinDays > 3650) throw new AppError('ERR_VALIDATION', `The window must be 1 to 3650 days, got ${withinDays}`);
    const limit = opts.limit ?? 1000;
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new AppError('ERR_VALIDATION', `limit must be 1 to 10000, got ${limit}`);
    const now = this.now();
    return this.d.repo.dueForRenewal(bodyId, now.toISOString(), new Date(now.getTime() + withinDays * 86_400_000).toISOString(), limit);
  }

  // ---- publication

  /**
   * The signed list for verifiers. This is the choice made: lists are RE-SIGNED ON READ WHEN STALE — when a
   * change has bumped the version past the cached one, or the cached one is within `refreshBeforeMs` of its
   * validUntil — and cached by version, so repeated reads do not re-sign. No change is published by a timer.
   */
  async publishedList(listId: string, format: 'json' | 'jwt'): Promise<PublishedListView> {
    const list = await this.d.repo.getList(listId);
    if (!list) throw new AppError('ERR_NOT_FOUND', `Status list ${listId} does not exist`);
    let p = await this.d.repo.getPublished(listId);
    // Bounded: each round sees a version at least as new as the one read at the start.
    for (let round = 0; round < 3 && (!p || this.isStale(p, list.version)); round++) p = await this.resign(listId);
    if (!p) throw new TypeError(`status list ${listId} could not be published`);
    return format === 'jwt'
      ? { listId, format, body: p.jwt, contentType: 'application/vc+jwt', etag: p.etagJwt, version: p.version, validUntil: p.validUntil, ttlMs: this.o.ttlMs }
      : { listId, format, body: p.json, contentType: 'application/json', etag: p.etagJson, version: p.version, validUntil: p.validUntil, ttlMs: this.o.ttlMs };
  }

  private isStale(p: PublishedList, version: number): boolean {
    return p.version < version || Date.parse(p.validUntil) - this.now().getTime() <= this.o.refreshBeforeMs;
  }

  private resign(listId: string): Promise<PublishedList> {
    const running = this.signing.get(listId);
    if (running) return running;
    const job = this.signList(listId).finally(() => this.signing.delete(listId));
    this.signing.set(listId, job);
    return job;
  }

  private async signList(listId: string): Promise<PublishedList> {
    const snap = await this.d.repo.listBits(listId);
    if (!snap) throw new AppError('ERR_NOT_FOUND', `Status list ${listId} does not exist`);
    const issuerDid = await this.d.repo.bodyDid(snap.list.bodyId);
    if (!issuerDid) throw new TypeError(`status list ${listId} belongs to a body that does not exist`);
    const validFrom = this.now();
    const unsigned = buildStatusListCredential({
      listUrl: statusListUrl(this.d.publicUrl, listId),
      issuerDid,
      purpose: snap.list.purpose,
      encodedList: encodeBitstring(bitstringWith(publishedLength(snap.list.size), snap.setIndexes)),
      validFrom,
      validUntil: new Date(validFrom.getTime() + this.o.validityMs),
      ttlMs: this.o.ttlMs,
    });
    // Signed and dated at the list's validFrom, with the key in use then: a verifier checks the list with the same
    // machinery and key rules as the credentials it covers.
    const signed = await this.d.signer.sign(snap.list.bodyId, unsigned as unknown as Record<string, unknown>, BOTH_FORMS, validFrom);
    if (!signed.dataIntegrity || !signed.jwt) throw new TypeError('the signer returned a status list without both forms');
    return this.d.repo.savePublished({
      listId,
      version: snap.list.version,
      validFrom: unsigned.validFrom,
      validUntil: unsigned.validUntil,
      json: signed.dataIntegrity,
      jwt: signed.jwt,
      etagJson: etagOf(JSON.stringify(signed.dataIntegrity)),
      etagJwt: etagOf(signed.jwt),
    });
  }

  // ---- authorisation

  private async authorizeOrLog(actor: StatusActor, facts: { id: string; bodyId: string } | null, need: 'read' | 'change', credentialId: string, attempted: string): Promise<void> {
    try {
      authorize(actor, facts, need, credentialId);
    } catch (e) {
      if (e instanceof AppError) {
        await this.emit({
          action: 'credential.status.denied',
          actor: actorName(actor),
          bodyId: actor.kind === 'staff' ? actor.bodyId : undefined,
          subject: credentialId,
          details: { attempted, code: e.code },
        });
      }
      throw e;
    }
  }
}

/** A strong entity tag from the exact bytes served. */
function etagOf(content: string): string {
  return `"${crypto.createHash('sha256').update(content).digest('base64url').slice(0, 32)}"`;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}


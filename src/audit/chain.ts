import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { AUDIT_OUTCOMES, type AuditEntry, type AuditEvent, type ChainBreak, type ChainHead, type ChainVerification, type JsonObject } from './model.js';

/**
 * The pure core of the audit log: how an entry is hashed, how the next entry is made from the last one, and how a
 * sequence of entries is checked. No I/O: the time is passed in.
 *
 * hash = lowercase hex SHA-256 of the RFC 8785 (JCS) serialisation of the entry without `hash`. Changing what goes
 * into the hash breaks every log already written, so a test pins it with a fixed vector.
 */

/** The `prevHash` of entry 1. */
export const ZERO_HASH = '0'.repeat(64);

/** Bounds so that one hostile request (an `auth.denied` with a huge header, say) cannot bloat the log. */
export const MAX_FIELD_CHARS = 1024;
export const MAX_DETAILS_CHARS = 16 * 1024;

const ACTION = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
const HEX64 = /^[0-9a-f]{64}$/;
const UTC_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Lone surrogates cannot be stored as UTF-8 (SQLite would turn them into U+FFFD, so the stored entry would no longer
 * match its hash) and JCS refuses them; replace them before hashing, the way `String.prototype.toWellFormed` does.
 */
function wellFormed(s: string): string {
  return SURROGATE.test(s) ? s.replace(LONE_SURROGATE, '\uFFFD') : s; // the test is the cheap common case
}

/** Client-influenced strings are kept, but bounded, with a visible mark rather than refused: the event must still be logged. */
function bounded(s: string): string {
  const w = wellFormed(s);
  return w.length <= MAX_FIELD_CHARS ? w : `${w.slice(0, MAX_FIELD_CHARS)}…[truncated ${w.length - MAX_FIELD_CHARS} chars]`;
}

/**
 * Turns caller-supplied details into the plain JSON object that will be stored, so the entry returned by `append`
 * equals the entry read back later (no `undefined`, no `Date` objects, no lone surrogates).
 */
export function normaliseDetails(details: Record<string, unknown> | undefined): JsonObject {
  if (details === undefined) return {};
  if (details === null || typeof details !== 'object' || Array.isArray(details)) throw new TypeError('audit details must be a plain object');
  const text = JSON.stringify(details); // applies toJSON, drops undefined; throws TypeError on BigInt and cycles
  if (text.length > MAX_DETAILS_CHARS) return { truncated: true, chars: text.length, preview: wellFormed(text.slice(0, 1000)) };
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value === 'string') return wellFormed(value);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [wellFormed(k), v]));
    }
    return value;
  }) as JsonObject;
}

/** The exact text that is hashed: every field but `hash`, in JCS order. */
export function canonicalEntry(e: Omit<AuditEntry, 'hash'> & { hash?: string }): string {
  const { seq, at, action, actor, bodyId, subject, requestId, outcome, details, prevHash } = e;
  const text = canonicalize({ seq, at, action, actor, bodyId, subject, requestId, outcome, details, prevHash });
  if (text === undefined) throw new TypeError('audit entry cannot be serialised');
  return text;
}

export function hashEntry(e: Omit<AuditEntry, 'hash'> & { hash?: string }): string {
  return createHash('sha256').update(canonicalEntry(e), 'utf8').digest('hex');
}

/**
 * Makes the entry that follows `last` (null for an empty log). Wrong arguments from our own code (a malformed
 * action, an empty actor) are bugs and throw `TypeError`; strings that a client may have influenced are bounded.
 */
export function nextEntry(last: ChainHead | null, event: AuditEvent, at: Date): AuditEntry {
  if (typeof event.action !== 'string' || event.action.length > 64 || !ACTION.test(event.action)) {
    throw new TypeError(`audit action "${String(event.action)}" must be dotted lower-case, e.g. credential.issued`);
  }
  if (typeof event.actor !== 'string' || event.actor === '') throw new TypeError('audit actor must be a non-empty string');
  if (typeof event.subject !== 'string' || event.subject === '') throw new TypeError('audit subject must be a non-empty string');
  const outcome = event.outcome ?? 'ok';
  if (!AUDIT_OUTCOMES.includes(outcome)) throw new TypeError(`audit outcome "${String(outcome)}" is not one of ${AUDIT_OUTCOMES.join(', ')}`);
  if (Number.isNaN(at.getTime())) throw new TypeError('audit time is not a valid date');
  const unhashed: Omit<AuditEntry, 'hash'> = {
    seq: last ? last.seq + 1 : 1,
    at: at.toISOString(),
    action: event.action,
    actor: bounded(event.actor),
    bodyId: event.bodyId == null || event.bodyId === '' ? null : bounded(event.bodyId),
    subject: bounded(event.subject),
    requestId: event.requestId == null || event.requestId === '' ? null : bounded(event.requestId),
    outcome,
    details: normaliseDetails(event.details),
    prevHash: last ? last.hash : ZERO_HASH,
  };
  return { ...unhashed, hash: hashEntry(unhashed) };
}

/** Storage can hand back anything once someone has edited the file: check the shape before trusting the fields. */
function malformation(e: AuditEntry): string | null {
  if (!Number.isSafeInteger(e.seq) || e.seq < 1) return 'seq is not a positive integer';
  if (typeof e.at !== 'string' || !UTC_MILLIS.test(e.at) || Number.isNaN(Date.parse(e.at))) return 'at is not a UTC time';
  if (typeof e.action !== 'string' || !ACTION.test(e.action)) return 'action is malformed';
  if (typeof e.actor !== 'string' || typeof e.subject !== 'string') return 'actor or subject is not a string';
  if ((e.bodyId !== null && typeof e.bodyId !== 'string') || (e.requestId !== null && typeof e.requestId !== 'string')) return 'bodyId or requestId is malformed';
  if (!AUDIT_OUTCOMES.includes(e.outcome)) return 'outcome is malformed';
  if (e.details === null || typeof e.details !== 'object' || Array.isArray(e.details)) return 'details is not a JSON object';
  if (typeof e.prevHash !== 'string' || !HEX64.test(e.prevHash) || typeof e.hash !== 'string' || !HEX64.test(e.hash)) return 'a hash is malformed';
  return null;
}

type Broken = Extract<ChainVerification, { ok: false }>;

/**
 * Checks entries one at a time, so a caller can stream millions of them with flat memory. Stops at the first break.
 * `from` resumes after a head verified earlier (a checkpoint); `anchor` is a head recorded outside the database
 * (in a signed document, a ticket, another machine): the chain must reach it and agree with it, which catches a
 * rewrite of the tail that the chain alone cannot. An anchor at or before `from` is not re-checked: the checkpoint
 * was verified against it already.
 */
export class ChainVerifier {
  private expectedSeq: number;
  private prevHash: string;
  private count = 0;
  private broken: Broken | null = null;

  constructor(private readonly options: { from?: ChainHead; anchor?: ChainHead } = {}) {
    this.expectedSeq = (options.from?.seq ?? 0) + 1;
    this.prevHash = options.from?.hash ?? ZERO_HASH;
  }

  /** Returns false once the chain is broken; further entries are ignored. */
  push(e: AuditEntry): boolean {
    if (this.broken) return false;
    const fail = (reason: ChainBreak, message: string, seq = this.expectedSeq): false => {
      this.broken = { ok: false, count: this.count, firstBroken: seq, reason, message };
      return false;
    };
    const shape = malformation(e);
    if (shape) return fail('MALFORMED_ENTRY', `entry ${this.expectedSeq}: ${shape}`);
    if (e.seq > this.expectedSeq) return fail('SEQ_GAP', `entries ${this.expectedSeq}..${e.seq - 1} are missing`);
    if (e.seq < this.expectedSeq) return fail('SEQ_OUT_OF_ORDER', `entry ${e.seq} appears where ${this.expectedSeq} should be`);
    if (e.prevHash !== this.prevHash) return fail('PREV_HASH_MISMATCH', `entry ${e.seq} does not link to entry ${e.seq - 1}`);
    let hash: string;
    try {
      hash = hashEntry(e);
    } catch {
      return fail('MALFORMED_ENTRY', `entry ${e.seq} cannot be serialised`);
    }
    if (hash !== e.hash) return fail('HASH_MISMATCH', `entry ${e.seq} was altered after it was written`);
    const anchor = this.options.anchor;
    if (anchor && anchor.seq === e.seq && anchor.hash !== e.hash) return fail('ANCHOR_MISMATCH', `entry ${e.seq} differs from the recorded anchor`);
    this.count += 1;
    this.expectedSeq += 1;
    this.prevHash = e.hash;
    return true;
  }

  result(): ChainVerification {
    if (this.broken) return this.broken;
    const anchor = this.options.anchor;
    if (anchor && anchor.seq >= this.expectedSeq) {
      return { ok: false, count: this.count, firstBroken: this.expectedSeq, reason: 'ANCHOR_MISMATCH', message: `the log ends before entry ${anchor.seq}, which the anchor records` };
    }
    const head = this.expectedSeq > 1 ? { seq: this.expectedSeq - 1, hash: this.prevHash } : null;
    return { ok: true, count: this.count, head };
  }
}

/** Verifies a whole chain (or, with `from`, its continuation) held in memory or produced by a generator. */
export function verifyChain(entries: Iterable<AuditEntry>, options: { from?: ChainHead; anchor?: ChainHead } = {}): ChainVerification {
  const v = new ChainVerifier(options);
  for (const e of entries) if (!v.push(e)) break;
  return v.result();
}

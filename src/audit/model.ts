/** The shapes of the audit log: what domains emit, and what the log stores and chains. */

export const AUDIT_OUTCOMES = ['ok', 'denied', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * What another domain hands to the audit log. A `DomainEvent` (src/journal.ts) is one, so a repository's journal
 * can be wired straight to `AuditService.appendWithinTransaction`. `outcome` defaults to `ok`: most events record
 * something that happened; `denied` and `failed` record refusals and faults (promise 12).
 */
export interface AuditEvent {
  /** Dotted lower-case name, area first: `credential.issued`, `status.revoked`, `auth.denied`. */
  action: string;
  /** Who did it: a staff id, `authority`, or `anonymous` for an unauthenticated caller. */
  actor: string;
  bodyId?: string | null | undefined;
  /** What it was done to: a credential, accreditation, key or body id. */
  subject: string;
  requestId?: string | null | undefined;
  outcome?: AuditOutcome | undefined;
  details?: Record<string, unknown> | undefined;
}

/** One link of the chain, exactly as stored. `hash` covers every other field, `prevHash` included. */
export interface AuditEntry {
  seq: number;
  /** UTC, ISO 8601 with milliseconds (`2026-06-01T12:00:00.000Z`). */
  at: string;
  action: string;
  actor: string;
  bodyId: string | null;
  subject: string;
  requestId: string | null;
  outcome: AuditOutcome;
  details: JsonObject;
  prevHash: string;
  hash: string;
}

/** The last link: all a writer needs to extend the chain, and all a reader needs to pin it (an anchor). */
export interface ChainHead {
  seq: number;
  hash: string;
}

export const CHAIN_BREAKS = ['MALFORMED_ENTRY', 'SEQ_GAP', 'SEQ_OUT_OF_ORDER', 'PREV_HASH_MISMATCH', 'HASH_MISMATCH', 'ANCHOR_MISMATCH'] as const;
/**
 * Why verification stopped. `SEQ_GAP`: entries are missing (deleted). `SEQ_OUT_OF_ORDER`: an entry repeats or comes
 * before its predecessor (reordered). `PREV_HASH_MISMATCH`: the link to the previous entry is wrong (an entry before
 * this one was rewritten along with its hash, or this one's prevHash was edited). `HASH_MISMATCH`: this entry's
 * content was edited. `ANCHOR_MISMATCH`: the chain is internally consistent but disagrees with a head recorded
 * elsewhere (rewritten or truncated from that point on).
 */
export type ChainBreak = (typeof CHAIN_BREAKS)[number];

/** "Broken" is a result, not an exception; `count` is the number of entries that verified before the break. */
export type ChainVerification =
  | { ok: true; count: number; head: ChainHead | null }
  | { ok: false; count: number; firstBroken: number; reason: ChainBreak; message: string };

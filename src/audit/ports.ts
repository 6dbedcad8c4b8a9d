import type { AuditEntry, ChainHead } from './model.js';

export interface AuditFilter {
  bodyId?: string;
  /** Exact action name (`status.revoked`). */
  action?: string;
  /** Exact actor (a staff id, `authority`, a console account id). */
  actor?: string;
  /** UTC ISO time; entries at or after it. */
  since?: string;
  /** UTC ISO time; entries before it. */
  until?: string;
  /** Paging: entries with a smaller seq than this (pass the last seq of the previous page). */
  beforeSeq?: number;
  /** 1..1000. */
  limit: number;
}

/**
 * Storage for the audit log. Async so a networked database can implement it.
 *
 * `append` is the one write: atomically, and exclusive of every other writer in every process, it reads the head,
 * calls `build` with it (synchronously: the lock is held) and stores the entries `build` returns, in order, all or
 * none. An implementation must refuse to update or delete entries.
 */
export interface AuditRepository {
  append(build: (last: ChainHead | null) => AuditEntry[]): Promise<AuditEntry[]>;
  /**
   * The same write, as part of a write transaction the caller already holds on the same database, so that a change
   * and its record commit together. Synchronous, like the embedded database; a networked adapter would take the
   * caller's transaction handle instead. Throws when no transaction is open.
   */
  appendWithin(build: (last: ChainHead | null) => AuditEntry[]): AuditEntry[];
  head(): Promise<ChainHead | null>;
  /** Every entry after `afterSeq` (0: all), in seq order, streamed: memory stays flat however long the log. */
  entries(afterSeq?: number): AsyncIterable<AuditEntry>;
  /** Newest first. */
  list(filter: AuditFilter): Promise<AuditEntry[]>;
}

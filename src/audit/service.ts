import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { ChainVerifier, nextEntry } from './chain.js';
import { formatAuditLine } from './log-line.js';
import type { AuditEntry, AuditEvent, ChainHead, ChainVerification } from './model.js';
import type { AuditFilter, AuditRepository } from './ports.js';

export interface AuditDeps {
  repo: AuditRepository;
  clock: Clock;
  /** Where each appended entry is also written as an escaped log line; omit to stay silent. */
  log?: (line: string) => void;
}

export const MAX_LIST_LIMIT = 1000;

/** The append-only, hash-chained audit log (DESIGN §2 "Transparency", promise 12 of docs/reliability.md). */
export class AuditService {
  constructor(private readonly d: AuditDeps) {}

  /** Records one event and returns the stored entry. The time is read while the writer lock is held. */
  async append(event: AuditEvent): Promise<AuditEntry> {
    const [entry] = await this.appendAll([event]);
    return entry!;
  }

  /**
   * Records several events in one transaction, in order: one disk sync instead of one per event (a batch of
   * thousands of certificates would otherwise spend most of its time waiting for fsync). All or none are stored.
   */
  async appendAll(events: readonly AuditEvent[]): Promise<AuditEntry[]> {
    if (events.length === 0) return [];
    const entries = await this.d.repo.append(this.chained(events));
    this.logLines(entries);
    return entries;
  }

  /**
   * Appends inside the write transaction the caller holds open (a repository storing the change these events
   * record), so both commit or neither does. Returns the step to run after the commit: writing the log lines,
   * which must not claim entries that a rollback undid.
   */
  appendWithinTransaction(events: readonly AuditEvent[]): () => void {
    if (events.length === 0) return () => {};
    const entries = this.d.repo.appendWithin(this.chained(events));
    return () => this.logLines(entries);
  }

  /** Links the events onto the head read under the writer lock; one time for them all. */
  private chained(events: readonly AuditEvent[]): (last: ChainHead | null) => AuditEntry[] {
    return (last) => {
      const at = this.d.clock();
      const out: AuditEntry[] = [];
      for (const ev of events) out.push(nextEntry(out.at(-1) ?? last, ev, at));
      return out;
    };
  }

  private logLines(entries: readonly AuditEntry[]): void {
    if (this.d.log) for (const e of entries) this.d.log(formatAuditLine(e));
  }

  /**
   * The hook other domains call for what no change of theirs commits with (a refused request), bound so it can be
   * handed over as it is: `new StatusService({ ..., onEvent: audit.record })`.
   */
  readonly record = async (event: AuditEvent): Promise<void> => {
    await this.append(event);
  };

  /**
   * Re-hashes the log from the first entry (or from a checkpoint `from` verified earlier) and reports the first
   * broken entry. A broken chain is a result; only a storage fault throws.
   */
  async verify(options: { from?: ChainHead; anchor?: ChainHead } = {}): Promise<ChainVerification> {
    const v = new ChainVerifier(options);
    for await (const e of this.d.repo.entries(options.from?.seq ?? 0)) if (!v.push(e)) break;
    return v.result();
  }

  /** The current head, to publish or record elsewhere as an anchor for later `verify({ anchor })`. */
  head(): Promise<ChainHead | null> {
    return this.d.repo.head();
  }

  /** Entries newest first, filtered; the filter may come from a client, so a bad one is an `AppError`. */
  async list(filter: AuditFilter): Promise<AuditEntry[]> {
    if (!Number.isInteger(filter.limit) || filter.limit < 1 || filter.limit > MAX_LIST_LIMIT) {
      throw new AppError('ERR_VALIDATION', `limit must be an integer from 1 to ${MAX_LIST_LIMIT}`);
    }
    if (filter.beforeSeq !== undefined && (!Number.isSafeInteger(filter.beforeSeq) || filter.beforeSeq < 1)) {
      throw new AppError('ERR_VALIDATION', 'beforeSeq must be a positive integer');
    }
    const out: AuditFilter = { ...filter };
    if (filter.since !== undefined) {
      const t = Date.parse(filter.since);
      if (Number.isNaN(t)) throw new AppError('ERR_VALIDATION', `"${filter.since}" is not a date-time`);
      // Stored times are ISO UTC with milliseconds, so they compare correctly as text once `since` has the same form.
      out.since = new Date(t).toISOString();
    }
    if (filter.until !== undefined) {
      const t = Date.parse(filter.until);
      if (Number.isNaN(t)) throw new AppError('ERR_VALIDATION', `"${filter.until}" is not a date-time`);
      out.until = new Date(t).toISOString();
    }
    return this.d.repo.list(out);
  }
}

import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import canonicalize from 'canonicalize';
import type { AuditEntry, AuditFilter, AuditRepository, ChainHead, IssuanceCount, IssuanceCountSource, JsonObject } from '../audit/index.js';
import type { Db } from './database.js';
import { prepared } from './statements.js';

type Row = Record<string, unknown>;

const COLUMNS = 'seq, at, action, actor, body_id, subject, request_id, outcome, details, prev_hash, hash';

/** Rows a person edited may hold anything; a bad `details` becomes null so verification names the entry instead of crashing. */
function parseDetails(text: unknown): JsonObject {
  try {
    const v: unknown = typeof text === 'string' ? JSON.parse(text) : null;
    return (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : null) as JsonObject;
  } catch {
    return null as unknown as JsonObject;
  }
}

const entry = (r: Row): AuditEntry => ({
  seq: r.seq as number,
  at: r.at as string,
  action: r.action as string,
  actor: r.actor as string,
  bodyId: (r.body_id as string | null) ?? null,
  subject: r.subject as string,
  requestId: (r.request_id as string | null) ?? null,
  outcome: r.outcome as AuditEntry['outcome'],
  details: parseDetails(r.details),
  prevHash: r.prev_hash as string,
  hash: r.hash as string,
});

/** Rows per read while streaming: small enough for flat memory, large enough that the per-page cost is noise. */
const PAGE = 1000;

export function sqliteAuditRepository(db: Db): AuditRepository {
  const headStmt = prepared(db, 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const insert = prepared(
    db,
    `INSERT INTO audit_log (${COLUMNS}) VALUES (@seq, @at, @action, @actor, @bodyId, @subject, @requestId, @outcome, @details, @prevHash, @hash)`,
  );
  const page = prepared(db, `SELECT ${COLUMNS} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`);
  const readHead = (): ChainHead | null => {
    const r = headStmt.get() as { seq: number; hash: string } | undefined;
    return r ? { seq: r.seq, hash: r.hash } : null;
  };

  // IMMEDIATE takes the write lock before reading the head, so two processes sharing the file cannot both build on
  // the same head; the other waits (busy_timeout) and then reads the new one.
  const appendTx = db.transaction((build: (last: ChainHead | null) => AuditEntry[]): AuditEntry[] => {
    const entries = build(readHead());
    // Stored as the canonical text that was hashed, so each row reads back as exactly the entry that was hashed.
    for (const e of entries) insert.run({ ...e, details: canonicalize(e.details) });
    return entries;
  });

  return {
    async append(build) {
      return appendTx.immediate(build);
    },

    appendWithin(build) {
      // Nested in the caller's transaction (a savepoint), which already holds the write lock: the head read here
      // is the one the entries commit on.
      if (!db.inTransaction) throw new TypeError('appendWithin needs a write transaction open on this connection');
      return appendTx(build);
    },

    async head() {
      return readHead();
    },

    // Pages by seq rather than one long `.iterate()`: a cursor left open across an `await` would make this shared
    // connection refuse every other statement ("connection is busy") until verification ends, and would hold
    // one read snapshot (and the WAL) for the whole pass. Yielding to the event loop between pages keeps a
    // server answering while a multi-million-entry verification runs.
    async *entries(afterSeq = 0) {
      let after = afterSeq;
      for (;;) {
        const rows: AuditEntry[] = [];
        for (const r of page.iterate(after, PAGE) as IterableIterator<Row>) rows.push(entry(r));
        if (rows.length === 0) return;
        yield* rows;
        after = rows[rows.length - 1]!.seq;
        if (rows.length < PAGE) return;
        await yieldToEventLoop();
      }
    },

    async list(f: AuditFilter) {
      const where: string[] = [];
      const args: unknown[] = [];
      if (f.bodyId !== undefined) (where.push('body_id = ?'), args.push(f.bodyId));
      if (f.action !== undefined) (where.push('action = ?'), args.push(f.action));
      if (f.actor !== undefined) (where.push('actor = ?'), args.push(f.actor));
      if (f.since !== undefined) (where.push('at >= ?'), args.push(f.since));
      if (f.until !== undefined) (where.push('at < ?'), args.push(f.until));
      if (f.beforeSeq !== undefined) (where.push('seq < ?'), args.push(f.beforeSeq));
      const sql = `SELECT ${COLUMNS} FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
      return (prepared(db, sql).all(...args, f.limit) as Row[]).map(entry);
    },
  };
}

/** Competency certificates per standard, body and UTC month, grouped in SQL so the cost does not grow in memory. */
export function sqliteIssuanceCounts(db: Db): IssuanceCountSource {
  return {
    async issuanceCounts(): Promise<IssuanceCount[]> {
      const rows = db
        .prepare(
          `SELECT standard_id AS standardId, body_id AS bodyId, substr(issued_at, 1, 7) AS month, COUNT(*) AS count
           FROM credentials WHERE kind = 'competency' AND standard_id IS NOT NULL
           GROUP BY standard_id, body_id, month`,
        )
        .all() as IssuanceCount[];
      return rows;
    },
  };
}

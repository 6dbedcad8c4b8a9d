import type { IdempotencyStore } from '../http/idempotency.js';
import type { Db } from './database.js';
import { prepared } from './statements.js';

type Row = { request_hash: string; status: number | null; answer: string | null; expires_at: string };

/** The HTTP layer's Idempotency-Key records in SQLite: the reservation commits before the operation runs. */
export function sqliteIdempotencyStore(db: Db): IdempotencyStore {
  const reserve = db.transaction((caller: string, key: string, hash: string, now: string, expiresAt: string) => {
    // Expired records go first (this key's, and a few others', so the table does not grow without end).
    prepared(db, 'DELETE FROM idempotency_keys WHERE caller = ? AND key = ? AND expires_at <= ?').run(caller, key, now);
    prepared(db, 'DELETE FROM idempotency_keys WHERE rowid IN (SELECT rowid FROM idempotency_keys WHERE expires_at <= ? LIMIT 100)').run(now);
    const inserted = prepared(db, 'INSERT INTO idempotency_keys (caller, key, request_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING').run(caller, key, hash, now, expiresAt);
    if (inserted.changes === 1) return { kind: 'reserved' as const };
    const r = prepared(db, 'SELECT request_hash, status, answer, expires_at FROM idempotency_keys WHERE caller = ? AND key = ?').get(caller, key) as Row;
    return { kind: 'existing' as const, requestHash: r.request_hash, answer: r.status === null || r.answer === null ? null : { status: r.status, body: r.answer } };
  });
  return {
    async reserve(caller, key, hash, now, expiresAt) {
      return reserve.immediate(caller, key, hash, now, expiresAt);
    },
    async complete(caller, key, answer) {
      prepared(db, 'UPDATE idempotency_keys SET status = ?, answer = ? WHERE caller = ? AND key = ?').run(answer.status, answer.body, caller, key);
    },
    async release(caller, key) {
      prepared(db, 'DELETE FROM idempotency_keys WHERE caller = ? AND key = ? AND answer IS NULL').run(caller, key);
    },
  };
}

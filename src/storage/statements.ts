import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';

const caches = new WeakMap<Db, Map<string, Statement>>();

/**
 * The statement for `sql`, compiled once per connection. Compiling a statement costs more than running most of
 * our queries (a profile of issuance spent 10 % of its time in `prepare`), and repositories ask for the same few
 * statements over and over.
 */
export function prepared(db: Db, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) cache.set(sql, (s = db.prepare(sql)));
  // Callers share the statement, so a `.pluck()` left by one must not change what the next one reads.
  else if (s.reader) s.pluck(false);
  return s;
}

/** The first row `sql` finds for `params`, mapped by `map`; null when there is none. */
export function oneRow<T>(db: Db, sql: string, map: (row: Record<string, unknown>) => T, ...params: unknown[]): T | null {
  const row = prepared(db, sql).get(...params) as Record<string, unknown> | undefined;
  return row ? map(row) : null;
}

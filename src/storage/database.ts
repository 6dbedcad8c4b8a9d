import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations/index.js';

export type Db = Database.Database;

/**
 * Opens the embedded database with the durability settings docs/reliability.md promises (WAL, synchronous=FULL:
 * an acknowledged write survives a power cut) and applies pending migrations in one transaction each.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('page_size = 8192'); // only takes effect on a new file; 2 KB credential rows insert faster
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Several processes (CLI batch + server) may share the file; wait for the writer rather than fail.
  db.pragma('busy_timeout = 10000');
  migrate(db);
  return db;
}

export function migrate(db: Db): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied: number[] = [];
  // Nothing to apply (every start but the first of a release): no write lock, so a process opening the database
  // while the service writes (a backup, an operator command) never waits for it or makes it wait.
  const known = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  if (MIGRATIONS.every((m) => known.has(m.version))) return applied;
  // Foreign keys are off while migrating, and checked whole before the commit: SQLite's procedure for rebuilding a
  // table that others refer to (0008), whose DROP would otherwise fail on every row that points at it.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    // BEGIN IMMEDIATE so two processes starting together do not both apply the same migration.
    const run = db.transaction(() => {
      const done = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
      for (const m of MIGRATIONS) {
        if (done.has(m.version)) continue;
        db.exec(m.sql);
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
        applied.push(m.version);
      }
      if (applied.length && (db.pragma('foreign_key_check') as unknown[]).length) throw new TypeError(`Migrations ${applied.join(', ')} left rows whose foreign keys point nowhere`);
    });
    run.immediate();
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
  return applied;
}

/** A trivial query: throws when the database cannot be read (closed, file gone, disk fault). For readiness probes. */
export async function pingDatabase(db: Db): Promise<void> {
  db.prepare('SELECT 1').get();
}

/** Versions of the migrations this code knows that the database has not applied (empty when current). */
export async function pendingMigrations(db: Db): Promise<number[]> {
  const done = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  return MIGRATIONS.filter((m) => !done.has(m.version)).map((m) => m.version);
}

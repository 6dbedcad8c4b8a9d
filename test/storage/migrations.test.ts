import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../src/storage/index.js';
import { MIGRATIONS } from '../../src/storage/migrations/index.js';
import { BATCH_COLUMNS } from '../../src/issuance/index.js';
import { startTestService, tempDir } from '../helpers/harness.js';
import { curpFor } from '../helpers/people.js';

describe('migrations', () => {
  it('builds an empty database to the latest version with durable settings', () => {
    const file = path.join(tempDir(), 'new.db');
    const db = openDatabase(file);
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(MIGRATIONS.map((m) => m.version));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('applies nothing twice when an up-to-date database is reopened', () => {
    const file = path.join(tempDir(), 'again.db');
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(migrate(db)).toEqual([]);
    db.close();
  });

  it('upgrades an existing database from an earlier version and keeps its data', () => {
    const file = path.join(tempDir(), 'old.db');
    const old = new Database(file);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    old.exec(MIGRATIONS[0]!.sql);
    old.prepare('INSERT INTO schema_migrations VALUES (1, ?, ?)').run(MIGRATIONS[0]!.name, new Date().toISOString());
    old.prepare("INSERT INTO committees VALUES ('c1', 'Comité', 'Sector', NULL, '2026-01-01')").run();
    old.close();
    const db = openDatabase(file);
    expect(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.at(-1)!.version);
    expect(db.prepare('SELECT name FROM committees').pluck().all()).toEqual(['Comité']);
    db.close();
  });

  it('rebuilds the batches table (0008) keeping its batches, their evaluations and rejected rows', async () => {
    const svc = await startTestService();
    const csv = `${BATCH_COLUMNS.join(',')}\nm-1,Ana Ruiz,${curpFor(1)},,EC0217,,Centro,2026-05-10,competent,,\nm-2,,x,,EC0217,,Centro,2026-05-10,competent,,\n`;
    const up = await fetch(`${svc.url}/batches?name=m`, { method: 'POST', headers: { authorization: `Bearer ${svc.staffKey('cecati-42', 'evaluator')}`, 'content-type': 'text/csv' }, body: csv });
    expect(up.status).toBe(201);
    const file = svc.services.config.dbPath;
    await svc.close();
    // As a database from before 0008: the migration runs again over rows that refer to the table it rebuilds.
    const before = openDatabase(file);
    before.prepare('DELETE FROM schema_migrations WHERE version = 8').run();
    before.close();
    const db = openDatabase(file);
    expect(db.prepare('SELECT file_name, state, failure, rows_total, rows_bad FROM batches').all()).toEqual([{ file_name: 'm', state: 'imported', failure: null, rows_total: 2, rows_bad: 1 }]);
    expect(db.prepare('SELECT count(*) FROM batch_errors').pluck().get()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM evaluations WHERE batch_id IS NOT NULL').pluck().get()).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  }, 60_000);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditService, type AuditEvent } from '../../src/audit/index.js';
import type { Journal } from '../../src/journal.js';
// Straight to the modules under test, not through main.js, so work in progress elsewhere cannot break these tests.
import { sqliteAuditRepository } from '../../src/storage/audit-repository.js';
import { openDatabase, type Db } from '../../src/storage/database.js';
import { testClock } from '../helpers/config.js';

let db: Db;
let file: string;
let clock: ReturnType<typeof testClock>;
let audit: AuditService;

beforeEach(() => {
  file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'avala-audit-')), 'avala.db');
  db = openDatabase(file);
  clock = testClock();
  audit = new AuditService({ repo: sqliteAuditRepository(db), clock });
});

afterEach(() => db.close());

const revoked = (i: number, extra: Partial<AuditEvent> = {}): AuditEvent => ({
  action: 'status.revoked',
  actor: 'staff-1',
  bodyId: 'body-1',
  subject: `urn:uuid:cred-${i}`,
  requestId: `req-${i}`,
  details: { reason: 'fraud', index: i },
  ...extra,
});

async function appendMany(n: number): Promise<void> {
  for (let i = 1; i <= n; i++) {
    await audit.append(revoked(i));
    clock.advance(1000);
  }
}

describe('audit log in SQLite', () => {
  it('returns each stored entry exactly as it reads back', async () => {
    const e = await audit.append(revoked(1, { details: { reason: 'fraud', when: new Date('2026-01-01T00:00:00Z'), gone: undefined } }));
    expect(e).toMatchObject({ seq: 1, at: '2026-06-01T12:00:00.000Z', details: { reason: 'fraud', when: '2026-01-01T00:00:00.000Z' } });
    expect(await audit.list({ limit: 10 })).toEqual([e]);
  });

  it('appends inside a transaction the caller holds: committed with its change, or rolled back with it', async () => {
    await appendMany(2);
    db.exec('CREATE TABLE change (id INTEGER PRIMARY KEY)');
    const lines: string[] = [];
    audit = new AuditService({ repo: sqliteAuditRepository(db), clock, log: (l) => lines.push(l) });
    const change = (fail: boolean) =>
      db.transaction(() => {
        db.prepare('INSERT INTO change DEFAULT VALUES').run();
        const afterCommit = audit.appendWithinTransaction([revoked(3), revoked(4)]);
        if (fail) throw new Error('the change failed after its audit entries were written');
        return afterCommit;
      })();

    expect(() => change(true)).toThrow(/change failed/);
    expect(db.prepare('SELECT count(*) FROM change').pluck().get()).toBe(0);
    expect((await audit.head())?.seq).toBe(2);
    expect(lines).toEqual([]);

    change(false)();
    expect(db.prepare('SELECT count(*) FROM change').pluck().get()).toBe(1);
    expect((await audit.list({ limit: 10 })).map((e) => [e.seq, e.subject])).toEqual([[4, 'urn:uuid:cred-4'], [3, 'urn:uuid:cred-3'], [2, 'urn:uuid:cred-2'], [1, 'urn:uuid:cred-1']]);
    expect(lines).toHaveLength(2);
    expect((await audit.verify()).ok).toBe(true);
    expect(() => audit.appendWithinTransaction([revoked(5)])).toThrow(/needs a write transaction/);
  });

  it('keeps a chain that verifies', async () => {
    await appendMany(20);
    const head = await audit.head();
    expect(head?.seq).toBe(20);
    expect(await audit.verify()).toEqual({ ok: true, count: 20, head });
  });

  it('refuses UPDATE and DELETE, and an INSERT that does not extend the chain', async () => {
    await appendMany(3);
    expect(() => db.prepare("UPDATE audit_log SET actor = 'x' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 3').run()).toThrow(/append-only/);
    expect(() =>
      db.prepare("INSERT INTO audit_log SELECT 9, at, action, actor, body_id, subject, request_id, outcome, details, prev_hash, hash FROM audit_log WHERE seq = 3").run(),
    ).toThrow(/extend the chain/);
    expect(() =>
      db.prepare("INSERT INTO audit_log SELECT 4, at, action, actor, body_id, subject, request_id, outcome, details, prev_hash, hash FROM audit_log WHERE seq = 3").run(),
    ).toThrow(/extend the chain/);
    expect(await audit.verify()).toMatchObject({ ok: true, count: 3 });
  });

  it('names the entry whose details an attacker edited after dropping the trigger', async () => {
    await appendMany(5);
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare(`UPDATE audit_log SET details = '{"index":3,"reason":"clerical error"}' WHERE seq = 3`).run();
    expect(await audit.verify()).toEqual({ ok: false, count: 2, firstBroken: 3, reason: 'HASH_MISMATCH', message: 'entry 3 was altered after it was written' });
  });

  it('names an entry whose details are no longer JSON, without crashing', async () => {
    await appendMany(3);
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET details = 'not json' WHERE seq = 2").run();
    expect(await audit.verify()).toMatchObject({ ok: false, count: 1, firstBroken: 2, reason: 'MALFORMED_ENTRY' });
  });

  it('detects a deleted row', async () => {
    await appendMany(5);
    db.exec('DROP TRIGGER audit_log_no_delete');
    db.prepare('DELETE FROM audit_log WHERE seq = 4').run();
    expect(await audit.verify()).toMatchObject({ ok: false, count: 3, firstBroken: 4, reason: 'SEQ_GAP' });
  });

  it('detects a truncated tail against an anchor recorded earlier', async () => {
    await appendMany(5);
    const anchor = (await audit.head())!;
    db.exec('DROP TRIGGER audit_log_no_delete');
    db.prepare('DELETE FROM audit_log WHERE seq >= 4').run();
    expect(await audit.verify()).toMatchObject({ ok: true, count: 3 });
    expect(await audit.verify({ anchor })).toMatchObject({ ok: false, count: 3, firstBroken: 4, reason: 'ANCHOR_MISMATCH' });
  });

  it('streams a log longer than one page, and verifies from a checkpoint', async () => {
    for (let n = 0; n < 5; n++) await audit.appendAll(Array.from({ length: 500 }, (_, i) => revoked(n * 500 + i)));
    const full = await audit.verify();
    expect(full).toMatchObject({ ok: true, count: 2500 });
    const checkpoint = (await audit.list({ limit: 1, beforeSeq: 2001 }))[0]!;
    expect(await audit.verify({ from: { seq: checkpoint.seq, hash: checkpoint.hash } })).toMatchObject({ ok: true, count: 500, head: { seq: 2500 } });
  });

  it('does not hold the connection while verifying, so appends interleave', async () => {
    await audit.appendAll(Array.from({ length: 1500 }, (_, i) => revoked(i)));
    const verifying = audit.verify();
    await audit.append(revoked(9999)); // would throw "connection is busy" if a cursor stayed open across awaits
    expect(await verifying).toMatchObject({ ok: true });
    expect(await audit.verify()).toMatchObject({ ok: true, count: 1501 });
  });

  it('lists newest first, filtered by body, action and time, in pages', async () => {
    await audit.append(revoked(1));
    clock.advance(60_000);
    await audit.append({ action: 'accreditation.suspended', actor: 'authority', bodyId: 'body-2', subject: 'acc-1', details: { reason: 'audit' } });
    clock.advance(60_000);
    await audit.append({ action: 'auth.denied', actor: 'anonymous', subject: '/bodies', outcome: 'denied', requestId: 'r-3' });
    clock.advance(60_000);
    await audit.append(revoked(4));

    const seqs = async (f: Parameters<AuditService['list']>[0]) => (await audit.list(f)).map((e) => e.seq);
    expect(await seqs({ limit: 10 })).toEqual([4, 3, 2, 1]);
    expect(await seqs({ limit: 10, bodyId: 'body-1' })).toEqual([4, 1]);
    expect(await seqs({ limit: 10, action: 'auth.denied' })).toEqual([3]);
    expect(await seqs({ limit: 10, since: '2026-06-01T12:02:00Z' })).toEqual([4, 3]);
    expect(await seqs({ limit: 10, until: '2026-06-01T12:02:00Z' })).toEqual([2, 1]);
    expect(await seqs({ limit: 10, since: '2026-06-01T12:01:00Z', until: '2026-06-01T12:02:00Z' })).toEqual([2]);
    expect(await seqs({ limit: 10, actor: 'authority' })).toEqual([2]);
    expect(await seqs({ limit: 10, actor: 'anonymous', bodyId: 'body-1' })).toEqual([]);
    expect(await seqs({ limit: 2 })).toEqual([4, 3]);
    expect(await seqs({ limit: 2, beforeSeq: 3 })).toEqual([2, 1]);
    expect((await audit.list({ limit: 1, action: 'auth.denied' }))[0]).toMatchObject({ outcome: 'denied', bodyId: null, requestId: 'r-3', actor: 'anonymous' });
  });

  it('refuses a bad filter as client input, not as a crash', async () => {
    await expect(audit.list({ limit: 0 })).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
    await expect(audit.list({ limit: 5000 })).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
    await expect(audit.list({ limit: 10, since: 'yesterday' })).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
    await expect(audit.list({ limit: 10, until: 'tomorrow' })).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
    await expect(audit.list({ limit: 10, beforeSeq: -1 })).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
  });

  it('stores control characters and odd text unchanged, and still verifies', async () => {
    await audit.append({ action: 'auth.denied', actor: 'a\u0000b', subject: 'line\nbreak\u2028\u202e', outcome: 'denied', details: { s: '\u0000\u001b' } });
    await audit.append({ action: 'auth.denied', actor: 'lone\uD800', subject: 's', outcome: 'denied' });
    const [second, first] = await audit.list({ limit: 10 });
    expect(first).toMatchObject({ actor: 'a\u0000b', subject: 'line\nbreak\u2028\u202e', details: { s: '\u0000\u001b' } });
    expect(second!.actor).toBe('lone\uFFFD');
    expect(await audit.verify()).toMatchObject({ ok: true, count: 2 });
  });

  it('writes an escaped log line per entry when given a log', async () => {
    const lines: string[] = [];
    const logged = new AuditService({ repo: sqliteAuditRepository(db), clock, log: (l) => lines.push(l) });
    await logged.append({ action: 'auth.denied', actor: 'anonymous', subject: 'x\ny', outcome: 'denied' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('subject="x\\u000ay"');
    expect(lines[0]).not.toContain('\n');
  });

  it('appends a batch in one transaction, all or none', async () => {
    await audit.append(revoked(1));
    const batch = await audit.appendAll([revoked(2), revoked(3)]);
    const [first] = await audit.list({ limit: 1, beforeSeq: 2 });
    expect(batch.map((e) => e.seq)).toEqual([2, 3]);
    expect(batch.map((e) => e.prevHash)).toEqual([first!.hash, batch[0]!.hash]);
    await expect(audit.appendAll([revoked(4), { ...revoked(5), action: 'Not An Action' }])).rejects.toThrow(TypeError);
    expect(await audit.verify()).toEqual({ ok: true, count: 3, head: { seq: 3, hash: batch[1]!.hash } });
  });

  it('plugs straight into the repositories as their journal', async () => {
    const journal: Journal = (es) => audit.appendWithinTransaction(es); // compile-time: a DomainEvent is an AuditEvent
    db.transaction(() => journal([{ action: 'key.rotated', actor: 'authority', bodyId: undefined, subject: 'did:web:avala.test#key-2' }]))()();
    expect(await audit.list({ limit: 1 })).toMatchObject([{ action: 'key.rotated', bodyId: null, outcome: 'ok' }]);
  });
});


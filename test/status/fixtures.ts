/**
 * FIXTURES for the status tests. Issuance is being written at the same time, so credentials are inserted into
 * the `credentials` table directly with SQL, with only the columns the status domain reads filled meaningfully.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { openDatabase, type Db } from '../../src/storage/database.js';
import { sqliteStatusRepository } from '../../src/storage/status-repository.js';
import type { DomainEvent } from '../../src/journal.js';
import { StatusService, type StatusSigner, type StatusOptions } from '../../src/status/index.js';
import { PUBLIC_URL, tempDir, testClock } from '../helpers/harness.js';

export function openTestDb(dir = tempDir('avala-status-')): { db: Db; dir: string; file: string } {
  const file = path.join(dir, 'avala.db');
  return { db: openDatabase(file), dir, file };
}

/** FIXTURE: a certifying body row, without keys (the fake signer needs none). */
export function insertBody(db: Db, slug: string): string {
  const id = `body-${slug}`;
  db.prepare("INSERT INTO bodies (id, slug, name, kind, did, did_method, state, created_at) VALUES (?, ?, ?, 'university', ?, 'web', 'active', ?)").run(
    id,
    slug,
    `Body ${slug}`,
    `did:web:avala.test:bodies:${slug}`,
    '2026-01-01T00:00:00.000Z',
  );
  return id;
}

/** FIXTURE: a credential row as issuance would store it, with only what the status domain reads. */
export function insertCredential(
  db: Db,
  c: { bodyId: string; id?: string; kind?: 'competency' | 'other' | 'wallet-copy'; parentId?: string; renewsId?: string; validFrom?: string; validUntil?: string | null; holderName?: string },
): string {
  const id = c.id ?? `urn:uuid:${crypto.randomUUID()}`;
  db.prepare(
    `INSERT INTO credentials (id, body_id, kind, parent_id, renews_id, holder_name, key_id, issued_at, valid_from, valid_until, created_at)
     VALUES (?, ?, ?, ?, ?, ?, 'did:web:avala.test#key-1', ?, ?, ?, ?)`,
  ).run(
    id,
    c.bodyId,
    c.kind ?? 'competency',
    c.parentId ?? null,
    c.renewsId ?? null,
    c.holderName ?? 'Ana Pérez',
    c.validFrom ?? '2026-01-01T00:00:00Z',
    c.validFrom ?? '2026-01-01T00:00:00Z',
    c.validUntil === undefined ? '2029-01-01T00:00:00Z' : c.validUntil,
    '2026-01-01T00:00:00.000Z',
  );
  return id;
}

/** A signer that signs nothing: it marks the document and counts calls, for tests that are not about proofs. */
export function fakeSigner(): StatusSigner & { calls: number } {
  const s = {
    calls: 0,
    async sign(bodyId: string, unsigned: Record<string, unknown>) {
      s.calls += 1;
      const dataIntegrity = { ...unsigned, proof: { type: 'FakeProofForTests', bodyId } };
      return { dataIntegrity, jwt: `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify(unsigned)).toString('base64url')}.` };
    },
  };
  return s;
}

export function testStatus(db: Db, opts: { options?: StatusOptions; signer?: StatusSigner; clock?: ReturnType<typeof testClock>; randomInt?: (n: number) => number } = {}) {
  const clock = opts.clock ?? testClock();
  const events: DomainEvent[] = [];
  const signer = opts.signer ?? fakeSigner();
  const repo = sqliteStatusRepository(db, (es) => () => void events.push(...es));
  const service = new StatusService({
    repo,
    signer,
    clock,
    randomInt: opts.randomInt ?? ((n) => crypto.randomInt(n)),
    newId: () => crypto.randomUUID(),
    publicUrl: PUBLIC_URL,
    options: opts.options,
    onEvent: async (e) => void events.push(e),
  });
  return { service, repo, clock, events, signer };
}

/** A small deterministic generator (mulberry32) for tests that need a repeatable random source. */
export function seededRandomInt(seed: number): (max: number) => number {
  let a = seed >>> 0;
  return (max) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * max);
  };
}

export const ADMIN = { kind: 'admin' } as const;
export function staff(bodyId: string, roles: string[], staffId = `staff-${roles.join('-')}`) {
  return { kind: 'staff' as const, bodyId, staffId, roles };
}

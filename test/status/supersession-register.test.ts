import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { base64url } from 'jose';
import { SupersessionService, type StatusSigner } from '../../src/status/index.js';
import type { Db } from '../../src/storage/database.js';
import { sqliteSupersessionRepository } from '../../src/storage/index.js';
import { testClock } from '../helpers/harness.js';
import { ADMIN, insertBody, insertCredential, openTestDb, testStatus } from './fixtures.js';

let db: Db;
let unam: string;

/** Signs nothing: the payload in clear between two dummy parts, and a count of calls. */
function plainSigner(): StatusSigner & { calls: number } {
  const s = {
    calls: 0,
    async sign(_bodyId: string, unsigned: Record<string, unknown>) {
      s.calls += 1;
      return { dataIntegrity: null, jwt: `e30.${base64url.encode(JSON.stringify(unsigned))}.sig` };
    },
  };
  return s;
}

const payloadOf = (jwt: string) => JSON.parse(new TextDecoder().decode(base64url.decode(jwt.split('.')[1]!))) as any;

beforeEach(() => {
  db = openTestDb().db;
  unam = insertBody(db, 'unam');
});
afterEach(() => db.close());

describe('the supersession register', () => {
  it('lists a renewed certificate and its wallet copies, drops them when the renewal is revoked, and its version only grows', async () => {
    const clock = testClock();
    const signer = plainSigner();
    const registers = new SupersessionService({ repo: sqliteSupersessionRepository(db), signer, clock, publicUrl: 'https://avala.test' });
    const { service: status } = testStatus(db, { clock });
    const v1 = insertCredential(db, { bodyId: unam });
    const copy = insertCredential(db, { bodyId: unam, kind: 'wallet-copy', parentId: v1 });
    const empty = await registers.published('unam');
    expect(payloadOf(empty.jwt)).toMatchObject({
      id: 'https://avala.test/status/unam/supersessions',
      type: ['VerifiableCredential', 'AvalaSupersessionRegister'],
      credentialSubject: { type: 'SupersessionRegister', version: 1, ttl: 300_000, entries: [] },
    });
    // Read again without a change: the same signature, no new signing.
    expect((await registers.published('unam')).etag).toBe(empty.etag);
    expect(signer.calls).toBe(1);

    const v2 = insertCredential(db, { bodyId: unam, renewsId: v1, validFrom: '2026-05-01T00:00:00Z' });
    const renewed = await registers.published('unam');
    expect(renewed.version).toBe(2);
    expect(payloadOf(renewed.jwt).credentialSubject.entries).toEqual(
      [v1, copy].sort().map((credentialId) => ({ credentialId, supersededAt: '2026-05-01T00:00:00Z', supersededBy: v2 })),
    );
    // A renewal revoked as issued in error supersedes nothing; the version still grows.
    await status.change(v2, 'revoke', { reason: 'issued_in_error' }, ADMIN);
    const after = await registers.published('unam');
    expect(after.version).toBe(3);
    expect(payloadOf(after.jwt).credentialSubject.entries).toEqual([]);
  });

  it('answers an unknown body with ERR_NOT_FOUND', async () => {
    const registers = new SupersessionService({ repo: sqliteSupersessionRepository(db), signer: plainSigner(), clock: testClock(), publicUrl: 'https://avala.test' });
    await expect(registers.published('nope')).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
  });
});

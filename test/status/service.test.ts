import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { bitFor, MIN_LIST_LENGTH, StatusService } from '../../src/status/index.js';
import { decodeEncodedList, getBit } from '../../src/vc/index.js';
import type { Db } from '../../src/storage/database.js';
import { linkStatusEntries } from '../../src/storage/status-repository.js';
import { ADMIN, fakeSigner, insertBody, insertCredential, openTestDb, seededRandomInt, staff, testStatus } from './fixtures.js';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return e instanceof AppError ? e.code : `not an AppError: ${String(e)}`;
  }
  return undefined;
}

/** The bits of a published list, decoded as a verifier would. */
async function publishedBits(status: StatusService, listId: string): Promise<Uint8Array> {
  const view = await status.publishedList(listId, 'json');
  const decoded = await decodeEncodedList((view.body as { credentialSubject: { encodedList: string } }).credentialSubject.encodedList);
  if (!decoded.ok) throw new Error(decoded.message);
  return decoded.bits;
}

let db: Db;
let unam: string;
let ipn: string;

beforeEach(() => {
  db = openTestDb().db;
  unam = insertBody(db, 'unam');
  ipn = insertBody(db, 'ipn');
});
afterEach(() => db.close());

/** FIXTURE: a credential row with reserved, linked slots, as issuance leaves it. */
async function issued(status: StatusService, bodyId: string, extra: Parameters<typeof insertCredential>[1] extends infer T ? Partial<T> : never = {}) {
  const [refs] = await status.reserve(bodyId, 1);
  const id = insertCredential(db, { bodyId, ...extra });
  linkStatusEntries(db, id, [refs!.revocation, refs!.suspension]);
  return { id, refs: refs! };
}

describe('reserving status slots', () => {
  it('hands out one revocation and one suspension slot per credential, at random, in lists of 131,072', async () => {
    const { service, repo } = testStatus(db);
    const refs = await service.reserve(unam, 50);
    expect(refs).toHaveLength(50);
    const r0 = refs[0]!;
    expect(r0.revocation).toEqual({ listId: r0.revocation.listId, index: r0.revocation.index, purpose: 'revocation', listUrl: `https://avala.test/status/${r0.revocation.listId}` });
    expect(r0.suspension.purpose).toBe('suspension');
    expect(r0.suspension.listId).not.toBe(r0.revocation.listId);
    const idx = refs.map((r) => r.revocation.index);
    expect(new Set(idx).size).toBe(50);
    expect(idx.every((i) => i >= 0 && i < MIN_LIST_LENGTH)).toBe(true);
    expect(idx).not.toEqual([...idx].sort((a, b) => a - b));
    expect(await repo.getList(r0.revocation.listId)).toMatchObject({ bodyId: unam, purpose: 'revocation', size: MIN_LIST_LENGTH, used: 50, state: 'open', version: 1 });
  });

  it('refuses lists smaller than 131,072 unless a test asks for them', () => {
    expect(() => testStatus(db, { options: { listSize: 1024 } })).toThrow(TypeError);
    expect(() => testStatus(db, { options: { listSize: 1024, allowSmallListsForTests: true } })).not.toThrow();
  });

  it('opens a new list when one fills, and never hands a reserved index out again', async () => {
    const { service, repo } = testStatus(db, { options: { listSize: 64, allowSmallListsForTests: true } });
    // 40 reserved and never stored (as when signing fails), then 60 more: 100 slots over two lists.
    const first = await service.reserve(unam, 40);
    const second = await service.reserve(unam, 60);
    const all = [...first, ...second].map((r) => r.revocation);
    const lists = [...new Set(all.map((r) => r.listId))];
    expect(lists).toHaveLength(2);
    const keys = all.map((r) => `${r.listId}#${r.index}`);
    expect(new Set(keys).size).toBe(100);
    const full = (await repo.getList(lists[0]!))!;
    expect(full).toMatchObject({ size: 64, used: 64, state: 'full' });
    expect(all.filter((r) => r.listId === lists[0]).map((r) => r.index).sort((a, b) => a - b)).toEqual(Array.from({ length: 64 }, (_, i) => i));
    expect(await repo.getList(lists[1]!)).toMatchObject({ used: 36, state: 'open' });
    // A small list is still published at the W3C minimum length.
    const bits = await publishedBits(service, lists[0]!);
    expect(bits.length * 8).toBe(MIN_LIST_LENGTH);
  });

  it('keeps each body in lists of its own', async () => {
    const { service } = testStatus(db);
    const [a] = await service.reserve(unam, 1);
    const [b] = await service.reserve(ipn, 1);
    expect(a!.revocation.listId).not.toBe(b!.revocation.listId);
    expect(await codeOf(service.reserve('no-such-body', 1))).toBe('ERR_NOT_FOUND');
  });

  it('links a slot once, and only to a credential of the list’s body', async () => {
    const { service } = testStatus(db);
    const [refs] = await service.reserve(unam, 1);
    const foreign = insertCredential(db, { bodyId: ipn });
    expect(() => linkStatusEntries(db, foreign, refs!)).toThrow(TypeError);
    const own = insertCredential(db, { bodyId: unam });
    // Slots swapped between purposes are refused: the credential would point at the wrong list.
    expect(() => linkStatusEntries(db, own, [{ ...refs!.revocation, purpose: 'suspension' }])).toThrow(TypeError);
    linkStatusEntries(db, own, refs!);
    const other = insertCredential(db, { bodyId: unam });
    expect(() => linkStatusEntries(db, other, refs!)).toThrow(TypeError);
  });

  it('does not change the published list when a credential is issued (herd privacy)', async () => {
    const { service, signer } = testStatus(db);
    const { refs } = await issued(service, unam);
    const before = await service.publishedList(refs.revocation.listId, 'json');
    await issued(service, unam);
    const after = await service.publishedList(refs.revocation.listId, 'json');
    expect(after.version).toBe(before.version);
    expect(after.etag).toBe(before.etag);
    expect((signer as ReturnType<typeof fakeSigner>).calls).toBe(1); // the second read is served from the cache
  });
});

describe('changing a status', () => {
  it('revokes: the revocation bit is set in the published list, and only that one', async () => {
    const { service, events } = testStatus(db);
    const a = await issued(service, unam);
    const b = await issued(service, unam);
    const view = await service.change(a.id, 'revoke', { reason: 'fraud', note: 'forged evaluation sheet' }, staff(unam, ['certifier'], 'staff-7'));
    expect(view).toMatchObject({ credentialId: a.id, state: 'revoked', reason: 'fraud', note: 'forged evaluation sheet', changedAt: '2026-06-01T12:00:00.000Z' });
    expect(view.history).toEqual([{ at: '2026-06-01T12:00:00.000Z', action: 'revoke', from: 'active', to: 'revoked', reason: 'fraud', note: 'forged evaluation sheet', actor: 'staff-7' }]);
    const rev = await publishedBits(service, a.refs.revocation.listId);
    expect(getBit(rev, a.refs.revocation.index)).toBe(true);
    expect(getBit(rev, b.refs.revocation.index)).toBe(false);
    expect(rev.reduce((n, byte) => n + popcount(byte), 0)).toBe(1);
    const sus = await publishedBits(service, a.refs.suspension.listId);
    expect(getBit(sus, a.refs.suspension.index)).toBe(false);
    expect(events.at(-1)).toMatchObject({ action: 'credential.revoked', actor: 'staff-7', bodyId: unam, subject: a.id, details: { from: 'active', to: 'revoked', reason: 'fraud', family: [a.id] } });
  });

  it('suspends and reinstates: the suspension bit goes up and down, the version only grows', async () => {
    const { service, repo } = testStatus(db);
    const a = await issued(service, unam);
    const listId = a.refs.suspension.listId;
    expect((await service.publishedList(listId, 'json')).version).toBe(1);
    await service.change(a.id, 'suspend', { note: 'under investigation' }, ADMIN);
    let bits = await publishedBits(service, listId);
    expect(getBit(bits, a.refs.suspension.index)).toBe(true);
    expect((await service.read(a.id, ADMIN)).state).toBe('suspended');
    await service.change(a.id, 'reinstate', {}, ADMIN);
    bits = await publishedBits(service, listId);
    expect(getBit(bits, a.refs.suspension.index)).toBe(false);
    expect((await service.publishedList(listId, 'json')).version).toBe(3);
    expect((await repo.getList(a.refs.revocation.listId))!.version).toBe(1);
    const h = (await service.read(a.id, ADMIN)).history.map((e) => `${e.from}>${e.to}`);
    expect(h).toEqual(['active>suspended', 'suspended>active']);
  });

  it('revoking a suspended credential clears its suspension bit and sets its revocation bit', async () => {
    const { service } = testStatus(db);
    const a = await issued(service, unam);
    await service.change(a.id, 'suspend', {}, ADMIN);
    await service.change(a.id, 'revoke', { reason: 'evaluation_invalidated' }, ADMIN);
    expect(getBit(await publishedBits(service, a.refs.revocation.listId), a.refs.revocation.index)).toBe(true);
    expect(getBit(await publishedBits(service, a.refs.suspension.listId), a.refs.suspension.index)).toBe(false);
    expect(await codeOf(service.change(a.id, 'reinstate', {}, ADMIN))).toBe('ERR_INVALID_TRANSITION');
    expect(await codeOf(service.change(a.id, 'suspend', {}, ADMIN))).toBe('ERR_INVALID_TRANSITION');
  });

  it('refuses bad transitions and bad input with their codes', async () => {
    const { service } = testStatus(db);
    const a = await issued(service, unam);
    expect(await codeOf(service.change(a.id, 'reinstate', {}, ADMIN))).toBe('ERR_INVALID_TRANSITION');
    expect(await codeOf(service.change(a.id, 'revoke', {}, ADMIN))).toBe('ERR_VALIDATION');
    expect(await codeOf(service.change(a.id, 'revoke', { reason: 'bored' }, ADMIN))).toBe('ERR_VALIDATION');
    expect(await codeOf(service.change(a.id, 'suspend', { note: 'x'.repeat(2001) }, ADMIN))).toBe('ERR_VALIDATION');
    expect((await service.read(a.id, ADMIN)).state).toBe('active');
  });

  it('refuses unauthorised changes: another body gets 404, a wrong role 403, and each refusal is logged', async () => {
    const { service, events } = testStatus(db);
    const a = await issued(service, unam);
    expect(await codeOf(service.change(a.id, 'revoke', { reason: 'fraud' }, staff(ipn, ['admin'])))).toBe('ERR_NOT_FOUND');
    expect(await codeOf(service.change(a.id, 'revoke', { reason: 'fraud' }, staff(unam, ['evaluator'])))).toBe('ERR_FORBIDDEN');
    expect(await codeOf(service.change('urn:uuid:00000000-0000-4000-8000-000000000000', 'suspend', {}, ADMIN))).toBe('ERR_NOT_FOUND');
    expect(await codeOf(service.read(a.id, staff(ipn, ['admin'])))).toBe('ERR_NOT_FOUND');
    expect((await service.read(a.id, staff(unam, ['evaluator']))).state).toBe('active');
    expect(events.map((e) => [e.action, e.details?.code])).toEqual([
      ['credential.status.denied', 'ERR_NOT_FOUND'],
      ['credential.status.denied', 'ERR_FORBIDDEN'],
      ['credential.status.denied', 'ERR_NOT_FOUND'],
      ['credential.status.denied', 'ERR_NOT_FOUND'],
    ]);
    expect(getBit(await publishedBits(service, a.refs.revocation.listId), a.refs.revocation.index)).toBe(false);
  });

  it('applies a change to the whole family: revoking a wallet copy revokes the certificate, and the other way round', async () => {
    const { service } = testStatus(db);
    const cert = await issued(service, unam);
    const copy = await issued(service, unam, { kind: 'wallet-copy', parentId: cert.id });
    const view = await service.change(copy.id, 'suspend', {}, staff(unam, ['admin']));
    expect(view.state).toBe('suspended');
    expect((await service.read(cert.id, ADMIN)).state).toBe('suspended');
    await service.change(cert.id, 'revoke', { reason: 'holder_request' }, ADMIN);
    expect((await service.read(copy.id, ADMIN))).toMatchObject({ state: 'revoked', reason: 'holder_request' });
    for (const c of [cert, copy]) {
      expect(getBit(await publishedBits(service, c.refs.revocation.listId), c.refs.revocation.index)).toBe(true);
      expect(getBit(await publishedBits(service, c.refs.suspension.listId), c.refs.suspension.index)).toBe(false);
    }
    // A wallet copy made after the revocation is born revoked.
    const late = await issued(service, unam, { kind: 'wallet-copy', parentId: cert.id });
    expect((await service.read(late.id, ADMIN)).state).toBe('revoked');
    expect(getBit(await publishedBits(service, late.refs.revocation.listId), late.refs.revocation.index)).toBe(true);
  });

  it('puts N concurrent revocations all in the next published list', async () => {
    const { service, repo } = testStatus(db);
    const creds = [];
    for (let i = 0; i < 25; i++) creds.push(await issued(service, unam));
    const listId = creds[0]!.refs.revocation.listId;
    const v0 = (await service.publishedList(listId, 'json')).version;
    await Promise.all(creds.map((c) => service.change(c.id, 'revoke', { reason: 'issued_in_error' }, ADMIN)));
    const bits = await publishedBits(service, listId);
    for (const c of creds) expect(getBit(bits, c.refs.revocation.index)).toBe(true);
    expect((await repo.getList(listId))!.version).toBe(v0 + 25);
  });

  it('keeps the version growing: the database refuses to lower it', async () => {
    const { service } = testStatus(db);
    const a = await issued(service, unam);
    await service.change(a.id, 'suspend', {}, ADMIN);
    expect(() => db.prepare('UPDATE status_lists SET version = 1 WHERE id = ?').run(a.refs.suspension.listId)).toThrow(/only grows/);
    expect(() => db.prepare("UPDATE credential_status SET state = 'active' WHERE credential_id = ?").run(a.id)).not.toThrow();
    await service.change(a.id, 'revoke', { reason: 'fraud' }, ADMIN);
    expect(() => db.prepare("UPDATE credential_status SET state = 'active' WHERE credential_id = ?").run(a.id)).toThrow(/stays revoked/);
    expect(() => db.prepare('DELETE FROM status_entries').run()).toThrow(/never deleted/);
  });
});

describe('the stored bits', () => {
  it('always agree with the credentials’ states, after any sequence of changes', async () => {
    const { service } = testStatus(db, { randomInt: seededRandomInt(3) });
    const random = seededRandomInt(11);
    const creds = [];
    for (let i = 0; i < 12; i++) creds.push(await issued(service, unam));
    const actions = ['revoke', 'suspend', 'reinstate'] as const;
    for (let step = 0; step < 60; step++) {
      const c = creds[random(creds.length)]!;
      const action = actions[random(3)]!;
      await service.change(c.id, action, action === 'revoke' ? { reason: 'fraud' } : {}, ADMIN).catch(() => undefined);
    }
    const rows = db
      .prepare(
        `SELECT e.bit, l.purpose, COALESCE(cs.state, 'active') AS state FROM status_entries e JOIN status_lists l ON l.id = e.list_id
         LEFT JOIN credential_status cs ON cs.credential_id = e.credential_id WHERE e.credential_id IS NOT NULL`,
      )
      .all() as Array<{ bit: number; purpose: 'revocation' | 'suspension'; state: 'active' | 'suspended' | 'revoked' }>;
    expect(rows).toHaveLength(24);
    for (const r of rows) expect(r.bit === 1).toBe(bitFor(r.state, r.purpose));
  });
});

describe('the VC-API status update', () => {
  it('maps status true/false per purpose onto revoke, suspend and reinstate', async () => {
    const { service } = testStatus(db);
    const a = await issued(service, unam);
    expect((await service.setStatus(a.id, 'suspension', true, {}, ADMIN)).state).toBe('suspended');
    expect((await service.setStatus(a.id, 'suspension', true, {}, ADMIN)).history).toHaveLength(1); // already so: no change
    expect((await service.setStatus(a.id, 'suspension', false, {}, ADMIN)).state).toBe('active');
    expect((await service.setStatus(a.id, 'revocation', false, {}, ADMIN)).state).toBe('active');
    expect(await service.setStatus(a.id, 'revocation', true, {}, ADMIN)).toMatchObject({ state: 'revoked', reason: 'unspecified' });
    expect(await codeOf(service.setStatus(a.id, 'revocation', false, {}, ADMIN))).toBe('ERR_INVALID_TRANSITION');
  });
});

describe('publishing a list', () => {
  it('signs once per version and serves the cache until the version moves or validUntil nears', async () => {
    const signer = fakeSigner();
    const { service, clock } = testStatus(db, { signer });
    const a = await issued(service, unam);
    const listId = a.refs.revocation.listId;
    const first = await service.publishedList(listId, 'json');
    const again = await service.publishedList(listId, 'jwt');
    expect(signer.calls).toBe(1);
    expect(first).toMatchObject({ version: 1, contentType: 'application/json', ttlMs: 300_000, validUntil: '2026-06-02T12:00:00Z' });
    expect(again.contentType).toBe('application/vc+jwt');
    expect(again.etag).not.toBe(first.etag);
    const body = first.body as Record<string, any>;
    expect(body).toMatchObject({
      id: `https://avala.test/status/${listId}`,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: 'did:web:avala.test:bodies:unam',
      validFrom: '2026-06-01T12:00:00Z',
      credentialSubject: { id: `https://avala.test/status/${listId}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', ttl: 300_000 },
    });

    clock.advance(11 * 3_600_000);
    expect((await service.publishedList(listId, 'json')).etag).toBe(first.etag);
    expect(signer.calls).toBe(1);
    clock.advance(2 * 3_600_000); // now within 12 h of validUntil: re-signed on read
    const refreshed = await service.publishedList(listId, 'json');
    expect(signer.calls).toBe(2);
    expect(refreshed.version).toBe(1);
    expect(refreshed.etag).not.toBe(first.etag);

    await service.change(a.id, 'revoke', { reason: 'fraud' }, ADMIN);
    const after = await service.publishedList(listId, 'json');
    expect(signer.calls).toBe(3);
    expect(after.version).toBe(2);
    await service.publishedList(listId, 'json');
    expect(signer.calls).toBe(3);
  });

  it('signs a stale list once for many simultaneous readers', async () => {
    const signer = fakeSigner();
    const { service } = testStatus(db, { signer });
    const a = await issued(service, unam);
    const views = await Promise.all(Array.from({ length: 20 }, () => service.publishedList(a.refs.revocation.listId, 'json')));
    expect(new Set(views.map((v) => v.etag)).size).toBe(1);
    expect(signer.calls).toBe(1);
  });

  it('answers an unknown list with ERR_NOT_FOUND', async () => {
    const { service } = testStatus(db);
    expect(await codeOf(service.publishedList('nope', 'json'))).toBe('ERR_NOT_FOUND');
  });
});

describe('reading a status: expiry and the renewal chain', () => {
  it('reports expired, superseded and the chain both ways', async () => {
    const { service } = testStatus(db);
    const v1 = await issued(service, unam, { validUntil: '2026-03-01T00:00:00Z' });
    expect((await service.read(v1.id, ADMIN)).state).toBe('expired');
    const v2 = await issued(service, unam, { renewsId: v1.id, validFrom: '2026-02-15T00:00:00Z', validUntil: '2029-02-15T00:00:00Z' });
    const v3 = await issued(service, unam, { renewsId: v2.id, validFrom: '2029-02-01T00:00:00Z', validUntil: '2032-02-01T00:00:00Z' });
    expect(await service.read(v1.id, ADMIN)).toMatchObject({ state: 'superseded', renews: [], renewedBy: [v2.id, v3.id] });
    expect(await service.read(v2.id, ADMIN)).toMatchObject({ state: 'superseded', renews: [v1.id], renewedBy: [v3.id] });
    expect(await service.read(v3.id, ADMIN)).toMatchObject({ state: 'active', renews: [v2.id, v1.id], renewedBy: [], validUntil: '2032-02-01T00:00:00Z' });
    // A renewal revoked as issued in error supersedes nothing.
    await service.change(v3.id, 'revoke', { reason: 'issued_in_error' }, ADMIN);
    expect((await service.read(v2.id, ADMIN)).state).toBe('active');
  });
});

describe('credentials due for renewal', () => {
  it('lists the body’s credentials ending within the window that are neither revoked nor renewed', async () => {
    const { service } = testStatus(db);
    // now is 2026-06-01T12:00Z
    const soon = await issued(service, unam, { validUntil: '2026-07-01T00:00:00Z', holderName: 'Soon' });
    const suspended = await issued(service, unam, { validUntil: '2026-08-01T00:00:00.000Z' });
    await service.change(suspended.id, 'suspend', {}, ADMIN);
    const edge = await issued(service, unam, { validUntil: '2026-08-30T12:00:00Z' });
    await issued(service, unam, { validUntil: '2026-08-30T12:00:01Z' }); // one second outside 90 days
    const revoked = await issued(service, unam, { validUntil: '2026-07-02T00:00:00Z' });
    await service.change(revoked.id, 'revoke', { reason: 'fraud' }, ADMIN);
    const renewed = await issued(service, unam, { validUntil: '2026-07-03T00:00:00Z' });
    await issued(service, unam, { renewsId: renewed.id, validUntil: '2029-07-03T00:00:00Z' });
    const renewalRevoked = await issued(service, unam, { validUntil: '2026-07-04T00:00:00Z' });
    const badRenewal = await issued(service, unam, { renewsId: renewalRevoked.id, validUntil: '2029-07-04T00:00:00Z' });
    await service.change(badRenewal.id, 'revoke', { reason: 'issued_in_error' }, ADMIN);
    await issued(service, unam, { validUntil: '2026-05-01T00:00:00Z' }); // already expired
    await issued(service, unam, { validUntil: null }); // never expires
    await issued(service, unam, { kind: 'wallet-copy', parentId: soon.id, validUntil: '2026-07-01T00:00:00Z' });
    await issued(service, ipn, { validUntil: '2026-07-01T00:00:00Z' }); // another body

    const due = await service.dueForRenewal(unam, 90);
    expect(due.map((d) => d.credentialId)).toEqual([soon.id, renewalRevoked.id, suspended.id, edge.id]);
    expect(due[0]).toEqual({ credentialId: soon.id, kind: 'competency', standardId: null, holderName: 'Soon', validUntil: '2026-07-01T00:00:00Z', state: 'active' });
    expect(due[2]!.state).toBe('suspended');
    expect((await service.dueForRenewal(unam, 30)).map((d) => d.credentialId)).toEqual([soon.id]);
    expect(await codeOf(service.dueForRenewal(unam, 0))).toBe('ERR_VALIDATION');
  });
});

function popcount(b: number): number {
  let n = 0;
  for (; b; b &= b - 1) n++;
  return n;
}

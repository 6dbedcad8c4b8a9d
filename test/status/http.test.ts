import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusRoutes } from '../../src/http/routes/status.js';
import { type CredentialStatusRefs } from '../../src/status/index.js';
import { decodeEncodedList, getBit } from '../../src/vc/index.js';
import { linkStatusEntries } from '../../src/storage/status-repository.js';
import { ADMIN_TOKEN, call, startTestService, type TestService } from '../helpers/harness.js';
import { listenRoutes, type RoutesApp } from '../helpers/routes-app.js';
import { insertCredential } from './fixtures.js';

let svc: TestService;
let routes: RoutesApp;
let url: string;
let cecati: string;
let valle: string;

/**
 * The status routes on an app of their own (the same services, database and auth), so these tests do not depend
 * on how app.ts registers routes.
 */
beforeAll(async () => {
  svc = await startTestService();
  routes = await listenRoutes(svc.services.registry, (t) => statusRoutes(t, svc.services.status));
  url = routes.url;
  cecati = (await svc.services.registry.getBodyBySlug('cecati-42')).id;
  valle = (await svc.services.registry.getBodyBySlug('universidad-del-valle')).id;
});
afterAll(async () => {
  await routes.close();
  await svc.close();
});

/** FIXTURE: a credential row of `bodyId` with linked status slots, inserted with SQL (not through issuance). */
async function credentialOf(bodyId: string, extra: { validUntil?: string; kind?: 'wallet-copy'; parentId?: string } = {}): Promise<{ id: string; refs: CredentialStatusRefs }> {
  const [refs] = await svc.services.status.reserve(bodyId, 1);
  const id = insertCredential(svc.services.db, { bodyId, ...extra });
  linkStatusEntries(svc.services.db, id, refs!);
  return { id, refs: refs! };
}

async function bitOf(listUrl: string, index: number): Promise<boolean> {
  const r = await call(url, 'GET', new URL(listUrl).pathname);
  expect(r.status).toBe(200);
  const d = await decodeEncodedList(r.json.credentialSubject.encodedList);
  if (!d.ok) throw new Error(d.message);
  return getBit(d.bits, index);
}

const admin = () => ADMIN_TOKEN;
const certifier = () => svc.staffKey('cecati-42', 'certifier');

describe('GET /status/:listId', () => {
  it('serves the signed list as JSON with cache headers, as a JWT on Accept: application/vc+jwt, and 304 on a matching ETag', async () => {
    const c = await credentialOf(cecati);
    const path = new URL(c.refs.revocation.listUrl).pathname;
    const r = await call(url, 'GET', path);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.headers.get('cache-control')).toBe('public, max-age=300');
    expect(r.headers.get('vary')).toBe('Accept');
    const etag = r.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(r.json).toMatchObject({ id: c.refs.revocation.listUrl, issuer: 'did:web:avala.test:bodies:cecati-42', type: ['VerifiableCredential', 'BitstringStatusListCredential'] });
    expect(r.json.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' });

    const jwt = await call(url, 'GET', path, { headers: { accept: 'application/vc+jwt' } });
    expect(jwt.status).toBe(200);
    expect(jwt.headers.get('content-type')).toMatch(/^application\/vc\+jwt/);
    expect(jwt.text).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(jwt.headers.get('etag')).not.toBe(etag);

    const again = await call(url, 'GET', path, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
  });

  it('answers an unknown list with a 404 problem', async () => {
    const r = await call(url, 'GET', '/status/00000000-0000-4000-8000-000000000000');
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toMatch(/problem\+json/);
    expect(r.json.code).toBe('ERR_NOT_FOUND');
  });
});

describe('changing status over HTTP', () => {
  it('revokes with a reason; the bit is set in the next list and the old ETag no longer matches', async () => {
    const c = await credentialOf(cecati);
    const path = new URL(c.refs.revocation.listUrl).pathname;
    const before = await call(url, 'GET', path);
    const r = await call(url, 'POST', `/credentials/${c.id}/revoke`, { token: certifier(), body: { reason: 'fraud', note: 'forged signature' } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ credentialId: c.id, state: 'revoked', reason: 'fraud', note: 'forged signature' });
    const after = await call(url, 'GET', path, { headers: { 'if-none-match': before.headers.get('etag')! } });
    expect(after.status).toBe(200);
    expect(await bitOf(c.refs.revocation.listUrl, c.refs.revocation.index)).toBe(true);
    const again = await call(url, 'POST', `/credentials/${c.id}/reinstate`, { token: admin(), body: {} });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('ERR_INVALID_TRANSITION');
  });

  it('suspends and reinstates', async () => {
    const c = await credentialOf(cecati);
    expect((await call(url, 'POST', `/credentials/${c.id}/suspend`, { token: admin(), body: { note: 'complaint received' } })).json.state).toBe('suspended');
    expect(await bitOf(c.refs.suspension.listUrl, c.refs.suspension.index)).toBe(true);
    expect((await call(url, 'POST', `/credentials/${c.id}/reinstate`, { token: certifier(), body: {} })).json.state).toBe('active');
    expect(await bitOf(c.refs.suspension.listUrl, c.refs.suspension.index)).toBe(false);
    const read = await call(url, 'GET', `/credentials/${c.id}/status`, { token: svc.staffKey('cecati-42', 'evaluator') });
    expect(read.status).toBe(200);
    expect(read.json.history.map((h: { action: string }) => h.action)).toEqual(['suspend', 'reinstate']);
  });

  it('refuses: no key 401, an evaluator 403, another body 404, a bad reason 422, an unknown field 422', async () => {
    const c = await credentialOf(cecati);
    const revoke = (token: string | undefined, body: unknown = { reason: 'fraud' }) => call(url, 'POST', `/credentials/${c.id}/revoke`, { token, body });
    expect((await revoke(undefined)).status).toBe(401);
    expect((await revoke(svc.staffKey('cecati-42', 'evaluator'))).json.code).toBe('ERR_FORBIDDEN');
    const foreign = await revoke(svc.staffKey('universidad-del-valle', 'admin'));
    expect(foreign.status).toBe(404);
    const missing = await call(url, 'POST', '/credentials/urn:uuid:00000000-0000-4000-8000-000000000000/revoke', { token: svc.staffKey('universidad-del-valle', 'admin'), body: { reason: 'fraud' } });
    expect(foreign.json.detail.replace(c.id, 'X')).toBe(missing.json.detail.replace('urn:uuid:00000000-0000-4000-8000-000000000000', 'X'));
    expect((await call(url, 'GET', `/credentials/${c.id}/status`, { token: svc.staffKey('universidad-del-valle', 'admin') })).status).toBe(404);
    expect((await revoke(admin(), { reason: 'whim' })).status).toBe(422);
    expect((await revoke(admin(), { reason: 'fraud', extra: 1 })).status).toBe(422);
    expect((await call(url, 'POST', `/credentials/${c.id}/suspend`, { token: admin(), body: { reason: 'fraud' } })).status).toBe(422);
    expect((await call(url, 'POST', `/credentials/${c.id}/suspend`, { token: admin(), raw: '{"note":', headers: { 'content-type': 'application/json' } })).status).toBe(400);
    expect((await call(url, 'GET', `/credentials/${c.id}/status`, { token: admin() })).json.state).toBe('active');
  });

  it('takes the VC-API form: credentialStatus entries with status true/false', async () => {
    const c = await credentialOf(cecati);
    const post = (credentialStatus: unknown[], extra: Record<string, unknown> = {}) => call(url, 'POST', '/credentials/status', { token: certifier(), body: { credentialId: c.id, credentialStatus, ...extra } });
    const s1 = await post([{ type: 'BitstringStatusListEntry', statusPurpose: 'suspension', status: true }]);
    expect(s1.status).toBe(200);
    expect(s1.json.state).toBe('suspended');
    const s2 = await post([{ type: 'BitstringStatusListEntry', statusPurpose: 'suspension', status: 'false' }]);
    expect(s2.json.state).toBe('active');
    const s3 = await post([{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: true }], { reason: 'holder_request' });
    expect(s3.json).toMatchObject({ state: 'revoked', reason: 'holder_request' });
    expect((await post([{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: false }])).status).toBe(409);
    expect((await post([{ type: 'StatusList2021Entry', statusPurpose: 'revocation', status: true }])).status).toBe(422);
    expect((await post([])).status).toBe(422);
  });

  it('revokes the wallet copy with the certificate', async () => {
    const cert = await credentialOf(cecati);
    const copy = await credentialOf(cecati, { kind: 'wallet-copy', parentId: cert.id });
    await call(url, 'POST', `/credentials/${cert.id}/revoke`, { token: admin(), body: { reason: 'evaluation_invalidated' } });
    expect(await bitOf(copy.refs.revocation.listUrl, copy.refs.revocation.index)).toBe(true);
    expect((await call(url, 'GET', `/credentials/${copy.id}/status`, { token: admin() })).json.state).toBe('revoked');
  });
});

describe('GET /renewals', () => {
  it('lists the caller’s body’s credentials due within the window', async () => {
    // The harness clock starts at 2026-06-01T12:00Z.
    const due = await credentialOf(valle, { validUntil: '2026-07-15T00:00:00Z' });
    await credentialOf(valle, { validUntil: '2027-07-15T00:00:00Z' });
    const r = await call(url, 'GET', '/renewals?within=90d', { token: svc.staffKey('universidad-del-valle', 'certifier') });
    expect(r.status).toBe(200);
    expect(r.json.credentials.map((c: { credentialId: string }) => c.credentialId)).toEqual([due.id]);
    expect(r.json.withinDays).toBe(90);
    const asAdmin = await call(url, 'GET', `/renewals?within=60d&body=${valle}`, { token: admin() });
    expect(asAdmin.json.credentials).toHaveLength(1);
    expect((await call(url, 'GET', '/renewals', { token: admin() })).status).toBe(422);
    expect((await call(url, 'GET', '/renewals?within=3months', { token: admin() })).status).toBe(422);
    expect((await call(url, 'GET', '/renewals', { token: svc.staffKey('universidad-del-valle', 'evaluator') })).status).toBe(403);
    expect((await call(url, 'GET', `/renewals?body=${cecati}`, { token: svc.staffKey('universidad-del-valle', 'admin') })).status).toBe(404);
  });
});

import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawFromPublicKeyMultibase } from '../../src/vc/index.js';
import { ADMIN_TOKEN, call, startTestService, type TestService } from '../helpers/harness.js';
import { expectProblem } from '../helpers/expect.js';

let svc: TestService;
const admin = (method: string, p: string, body?: unknown) => call(svc.url, method, p, { token: ADMIN_TOKEN, body });

beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc.close();
});

describe('public catalogue', () => {
  it('lists only published standards, and filters by sector, level and text', async () => {
    const all = await call(svc.url, 'GET', '/standards');
    expect(all.status).toBe(200);
    expect(all.json.standards).toHaveLength(10);
    expect(all.json.standards.every((s: any) => s.state === 'published')).toBe(true);
    const turismo = await call(svc.url, 'GET', `/standards?sector=${encodeURIComponent('Turismo')}&level=2`);
    expect(turismo.json.standards.map((s: any) => s.code)).toEqual(['EC0038']);
    const text = await call(svc.url, 'GET', '/standards?q=redes');
    expect(text.json.standards.map((s: any) => s.code)).toEqual(['EC0551']);
    const wildcard = await call(svc.url, 'GET', '/standards?q=%25');
    expect(wildcard.json.standards).toEqual([]);
  });

  it('shows a standard by code and hides drafts', async () => {
    const s = await call(svc.url, 'GET', '/standards/EC0217');
    expect(s.json).toMatchObject({ code: 'EC0217', version: 1, level: 3, validityMonths: 36 });
    expectProblem(await call(svc.url, 'GET', '/standards/EC1500'), 404, 'ERR_NOT_FOUND');
  });

  it('puts competing standards of one sector side by side with their bodies', async () => {
    const r = await call(svc.url, 'GET', `/sectors/${encodeURIComponent('Educación y formación de personas')}`);
    expect(r.status).toBe(200);
    const byCode = Object.fromEntries(r.json.standards.map((s: any) => [s.code, s]));
    expect(Object.keys(byCode).sort()).toEqual(['EC0076', 'EC0217', 'EC0301', 'EC1301']);
    expect(byCode.EC0217.committee.name).toMatch(/Capital Humano/);
    expect(byCode.EC1301.committee.name).toMatch(/Formación Digital/);
    expect(byCode.EC0217.accreditedBodies.map((b: any) => b.slug).sort()).toEqual(['camara-turismo-qroo', 'cecati-42', 'universidad-del-valle']);
  });

  it('lists bodies with their accreditations', async () => {
    const r = await call(svc.url, 'GET', '/bodies');
    expect(r.json.bodies.map((b: any) => b.kind).sort()).toEqual(['chamber', 'school', 'union', 'university']);
    const union = r.json.bodies.find((b: any) => b.slug === 'sindicato-hotelero');
    expect(union.accreditations.map((a: any) => a.standard.code).sort()).toEqual(['EC0038', 'EC0128']);
  });

  it('serves a DID document whose key verifies a signature made with the body key', async () => {
    const r = await call(svc.url, 'GET', '/bodies/cecati-42/did.json');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/application\/did\+json/);
    expect(r.json.id).toBe('did:web:avala.test:bodies:cecati-42');
    const vm = r.json.verificationMethod[0];
    expect(r.json.assertionMethod).toEqual([vm.id]);
    const body = await svc.services.registry.getBodyBySlug('cecati-42');
    const key = await svc.services.registry.currentKey(body.id);
    const signer = await svc.services.keys.signer(key.keystoreId, key.id);
    const data = new TextEncoder().encode('certify this');
    const sig = await signer.sign({ data });
    const raw = rawFromPublicKeyMultibase(vm.publicKeyMultibase)!;
    const pub = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
    expect(crypto.verify(null, data, pub, sig)).toBe(true);
    expect(crypto.verify(null, new TextEncoder().encode('certify that'), pub, sig)).toBe(false);
  });

  it("serves the authority's DID document at /.well-known/did.json", async () => {
    const r = await call(svc.url, 'GET', '/.well-known/did.json');
    expect(r.json.id).toBe('did:web:avala.test');
    expect(r.json.verificationMethod).toHaveLength(1);
  });

  it('reports standards with fewer than three accredited bodies', async () => {
    const r = await call(svc.url, 'GET', '/registry/coverage');
    expect(r.json.minimum).toBe(3);
    const codes = r.json.standards.map((s: any) => s.code);
    expect(codes).toContain('EC0043');
    expect(codes).not.toContain('EC0217');
  });

  it('serves an OpenAPI document that lists the routes', async () => {
    const r = await call(svc.url, 'GET', '/openapi.json');
    expect(r.json.openapi).toBe('3.1.0');
    expect(Object.keys(r.json.paths)).toEqual(expect.arrayContaining(['/standards', '/bodies/{slug}/did.json', '/admin/accreditations']));
    expect(r.json.paths['/admin/standards'].post.requestBody.content['application/json'].schema.properties.code).toBeDefined();
  });
});

describe('the authority', () => {
  it('creates a committee and a standard, publishes it, and accredits a body', async () => {
    const c = await admin('POST', '/admin/committees', { name: 'Comité de Logística', sector: 'Logística' });
    expect(c.status).toBe(201);
    const s = await admin('POST', '/admin/standards', {
      code: 'EC0900', version: 1, title: 'Operación de montacargas', description: 'Opera montacargas con seguridad', criteria: ['Inspecciona', 'Opera'],
      sector: 'Logística', level: 2, committeeId: c.json.id, validityMonths: 12,
    });
    expect(s.status).toBe(201);
    expect(s.json.state).toBe('draft');
    const body = await svc.services.registry.getBodyBySlug('cecati-42');
    expectProblem(await admin('POST', '/admin/accreditations', { bodyId: body.id, standardId: s.json.id, validFrom: '2026-01-01', validUntil: '2028-01-01' }), 422, 'ERR_STANDARD_NOT_PUBLISHED');
    const edited = await admin('PATCH', `/admin/standards/${s.json.id}`, { level: 3 });
    expect(edited.json.level).toBe(3);
    const pub = await admin('POST', `/admin/standards/${s.json.id}/transitions`, { to: 'published' });
    expect(pub.json.state).toBe('published');
    expectProblem(await admin('PATCH', `/admin/standards/${s.json.id}`, { level: 4 }), 409, 'ERR_INVALID_TRANSITION');
    const acc = await admin('POST', '/admin/accreditations', { bodyId: 'cecati-42', standardId: s.json.id, validFrom: '2026-01-01', validUntil: '2028-01-01' });
    expect(acc.status).toBe(201);
    expect(acc.json).toMatchObject({ bodyId: body.id, state: 'active' });
    const susp = await admin('POST', `/admin/accreditations/${acc.json.id}/state`, { state: 'suspended', reason: 'audit' });
    expect(susp.json.history.map((h: any) => h.state)).toEqual(['active', 'suspended']);
    const withdrawn = await admin('POST', `/admin/accreditations/${acc.json.id}/state`, { state: 'withdrawn', reason: 'fraud' });
    expect(withdrawn.json.state).toBe('withdrawn');
    expectProblem(await admin('POST', `/admin/accreditations/${acc.json.id}/state`, { state: 'active' }), 409, 'ERR_INVALID_TRANSITION');
    const stored = await svc.services.registry.getAccreditation(acc.json.id);
    expect(stored.history.map((h) => [h.state, h.reason])).toEqual([['active', 'granted'], ['suspended', 'audit'], ['withdrawn', 'fraud']]);
  });

  it('refuses a duplicate standard code and version', async () => {
    const existing = await svc.services.registry.findStandard('EC0217');
    const r = await admin('POST', '/admin/standards', {
      code: 'EC0217', version: 1, title: 'x', description: 'x', criteria: ['x'], sector: 'x', level: 1, committeeId: existing.committeeId, validityMonths: null,
    });
    expectProblem(r, 409, 'ERR_CONFLICT');
  });

  it('registers a body with a did:web and rotates its key, keeping the old one', async () => {
    const b = await admin('POST', '/admin/bodies', { slug: 'empresa-acme', name: 'ACME SA (demo)', kind: 'employer' });
    expect(b.status).toBe(201);
    expect(b.json.did).toBe('did:web:avala.test:bodies:empresa-acme');
    const before = await call(svc.url, 'GET', '/bodies/empresa-acme/did.json');
    svc.clock.advance(60_000);
    const rotated = await admin('POST', `/admin/bodies/${b.json.id}/keys/rotate`);
    expect(rotated.status).toBe(201);
    expect(rotated.json.id).toBe('did:web:avala.test:bodies:empresa-acme#key-2');
    expect(JSON.stringify(rotated.json)).not.toMatch(/keystore|private|"d"/i);
    const after = await call(svc.url, 'GET', '/bodies/empresa-acme/did.json');
    expect(after.json.verificationMethod.map((v: any) => v.id)).toEqual([before.json.verificationMethod[0].id, rotated.json.id]);
    const keys = await svc.services.registry.listKeys(b.json.id);
    expect(keys.map((k) => [k.id.split('#')[1], k.activeUntil === null])).toEqual([['key-1', false], ['key-2', true]]);
    expect(keys[0]!.activeUntil).toBe(keys[1]!.activeFrom);
  });

  it('registers a did:key body and refuses to rotate its key', async () => {
    const b = await admin('POST', '/admin/bodies', { slug: 'organismo-prueba', name: 'Test issuer', kind: 'third-party', didMethod: 'key' });
    expect(b.json.did).toMatch(/^did:key:z6Mk/);
    expectProblem(await admin('POST', `/admin/bodies/${b.json.id}/keys/rotate`), 409, 'ERR_CONFLICT');
    expectProblem(await call(svc.url, 'GET', '/bodies/organismo-prueba/did.json'), 404, 'ERR_NOT_FOUND');
  });

  it('adds staff whose API key is shown once and works', async () => {
    const r = await admin('POST', '/admin/bodies/cecati-42/staff', { name: 'Nueva Evaluadora', roles: ['evaluator'] });
    expect(r.status).toBe(201);
    expect(r.json.apiKey).toMatch(/^avk_/);
    const me = await call(svc.url, 'GET', '/me', { token: r.json.apiKey });
    expect(me.json.staff.name).toBe('Nueva Evaluadora');
    expect(me.json.body.slug).toBe('cecati-42');
    const row = svc.services.db.prepare('SELECT secret_hash FROM api_keys').pluck().all() as string[];
    expect(row.some((h) => r.json.apiKey.includes(h))).toBe(false);
  });
});

describe('refusals', () => {
  it('needs the admin token for authority endpoints', async () => {
    expectProblem(await call(svc.url, 'POST', '/admin/committees', { body: { name: 'x', sector: 'y' } }), 401, 'ERR_UNAUTHENTICATED');
    expectProblem(await call(svc.url, 'POST', '/admin/committees', { token: 'wrong-token-wrong-token', body: { name: 'x', sector: 'y' } }), 401, 'ERR_UNAUTHENTICATED');
    const staff = svc.staffKey('cecati-42', 'admin');
    expectProblem(await call(svc.url, 'POST', '/admin/committees', { token: staff, body: { name: 'x', sector: 'y' } }), 403, 'ERR_FORBIDDEN');
  });

  it('lets only a body admin add staff to its own body', async () => {
    const evaluator = svc.staffKey('cecati-42', 'evaluator');
    expectProblem(await call(svc.url, 'POST', '/body/staff', { token: evaluator, body: { name: 'x', roles: ['certifier'] } }), 403, 'ERR_FORBIDDEN');
    const bodyAdmin = svc.staffKey('cecati-42', 'admin');
    const r = await call(svc.url, 'POST', '/body/staff', { token: bodyAdmin, body: { name: 'Otro', roles: ['certifier'] } });
    expect(r.status).toBe(201);
    expect(r.json.staff.bodyId).toBe((await svc.services.registry.getBodyBySlug('cecati-42')).id);
  });

  it('answers malformed, oversized, deep, mistyped and invalid bodies with the right 4xx', async () => {
    expectProblem(await call(svc.url, 'POST', '/admin/committees', { token: ADMIN_TOKEN, raw: '{"name":', headers: { 'content-type': 'application/json' } }), 400, 'ERR_MALFORMED_JSON');
    expectProblem(await call(svc.url, 'POST', '/admin/committees', { token: ADMIN_TOKEN, raw: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'ERR_UNSUPPORTED_MEDIA_TYPE');
    const big = JSON.stringify({ name: 'x'.repeat(300_000), sector: 'y' });
    expectProblem(await call(svc.url, 'POST', '/admin/committees', { token: ADMIN_TOKEN, raw: big, headers: { 'content-type': 'application/json' } }), 413, 'ERR_PAYLOAD_TOO_LARGE');
    const deep = `${'['.repeat(40)}${']'.repeat(40)}`;
    expectProblem(await call(svc.url, 'POST', '/admin/committees', { token: ADMIN_TOKEN, raw: deep, headers: { 'content-type': 'application/json' } }), 422, 'ERR_VALIDATION');
    const bad = await admin('POST', '/admin/standards', { code: 'EC21', version: 0, title: '', level: 9 });
    expectProblem(bad, 422, 'ERR_VALIDATION');
    expect(bad.json.details.problems.map((p: any) => p.path)).toEqual(expect.arrayContaining(['body.code', 'body.version', 'body.level']));
    expectProblem(await admin('POST', '/admin/accreditations', { bodyId: 'cecati-42', standardId: 'x', validFrom: '2027-01-01', validUntil: '2026-01-01' }), 422, 'ERR_INVALID_PERIOD');
    expectProblem(await admin('POST', '/admin/standards/nope/transitions', { to: 'published' }), 404, 'ERR_NOT_FOUND');
    expectProblem(await admin('POST', '/admin/bodies', { slug: 'Bad Slug!', name: 'x', kind: 'employer' }), 422, 'ERR_VALIDATION');
    expectProblem(await admin('POST', '/admin/bodies', { slug: 'cecati-42', name: 'x', kind: 'employer' }), 409, 'ERR_CONFLICT');
    expectProblem(await call(svc.url, 'GET', '/no/such/route'), 404, 'ERR_NOT_FOUND');
    expectProblem(await call(svc.url, 'GET', '/standards?level=9'), 422, 'ERR_VALIDATION');
  });
});

describe('URLs a credential names', () => {
  it('resolves the achievement, the committee and the Avala context', async () => {
    const s = await call(svc.url, 'GET', '/standards/EC0217/v/1');
    expect(s.json).toMatchObject({ code: 'EC0217', version: 1 });
    const c = await call(svc.url, 'GET', `/committees/${s.json.committeeId}`);
    expect(c.json.name).toMatch(/Capital Humano/);
    const ctx = await call(svc.url, 'GET', '/contexts/avala/v1');
    expect(ctx.headers.get('content-type')).toMatch(/application\/ld\+json/);
    expect(ctx.json['@context']).toBeDefined();
    expect((await call(svc.url, 'GET', '/standards/EC1500/v/1')).status).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, call, runAvala, startTestService, type TestService } from '../helpers/harness.js';
import { expectProblem } from '../helpers/expect.js';

let svc: TestService;
const admin = (method: string, p: string, body?: unknown) => call(svc.url, method, p, { token: ADMIN_TOKEN, body });
const as = (token: string, method: string, p: string, body?: unknown) => call(svc.url, method, p, { token, body });

beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc.close();
});

/** A fresh staff member of `body`, with their one API key. */
async function newStaff(body: string, roles: string[], name = `Persona ${Math.random().toString(36).slice(2, 8)}`): Promise<{ id: string; apiKey: string; keyId: string }> {
  const r = await admin('POST', `/admin/bodies/${body}/staff`, { name, roles });
  expect(r.status).toBe(201);
  const apiKey = r.json.apiKey as string;
  return { id: r.json.staff.id, apiKey, keyId: /^avk_([^.]+)\./.exec(apiKey)![1]! };
}

async function auditOf(action: string, subject: string) {
  return (await svc.services.audit.list({ action, limit: 100 })).filter((e) => e.subject === subject).map((e) => ({ action: e.action, actor: e.actor, bodyId: e.bodyId, subject: e.subject, outcome: e.outcome, details: e.details }));
}

describe('staff and keys can be switched off', () => {
  it("a disabled staff member's keys are refused", async () => {
    const s = await newStaff('cecati-42', ['evaluator']);
    const second = await admin('POST', `/admin/staff/${s.id}/api-keys`);
    expect(second.status).toBe(201);
    expect((await as(s.apiKey, 'GET', '/me')).status).toBe(200);

    const r = await admin('POST', `/admin/staff/${s.id}/disable`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: s.id, state: 'disabled' });
    expectProblem(await as(s.apiKey, 'GET', '/me'), 401, 'ERR_UNAUTHENTICATED');
    expectProblem(await as(second.json.apiKey, 'GET', '/me'), 401, 'ERR_UNAUTHENTICATED');
    expect((await svc.services.registry.getStaff(s.id)).state).toBe('disabled');
    const body = await svc.services.registry.getBodyBySlug('cecati-42');
    expect(await auditOf('staff.disabled', s.id)).toEqual([{ action: 'staff.disabled', actor: 'authority', bodyId: body.id, subject: s.id, outcome: 'ok', details: {} }]);

    const again = await admin('POST', `/admin/staff/${s.id}/enable`);
    expect(again.json).toMatchObject({ id: s.id, state: 'active' });
    expect((await as(s.apiKey, 'GET', '/me')).status).toBe(200);
    expect(await auditOf('staff.enabled', s.id)).toHaveLength(1);
  });

  it('a revoked API key is refused on the next request', async () => {
    const s = await newStaff('cecati-42', ['certifier']);
    const other = (await admin('POST', `/admin/staff/${s.id}/api-keys`)).json.apiKey as string;
    const listed = await admin('GET', `/admin/staff/${s.id}/api-keys`);
    expect(listed.status).toBe(200);
    expect(listed.json.apiKeys).toHaveLength(2);
    expect(listed.json.apiKeys[0]).toEqual({ id: s.keyId, prefix: `avk_${s.keyId}`, staffId: s.id, createdAt: expect.any(String), revokedAt: null });
    // Never the secret, nor its hash.
    expect(listed.text).not.toContain(s.apiKey.split('.')[1]);
    expect(listed.text).not.toMatch(/secret/i);

    const r = await admin('POST', `/admin/api-keys/avk_${s.keyId}/revoke`);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ id: s.keyId, prefix: `avk_${s.keyId}`, staffId: s.id, createdAt: expect.any(String), revokedAt: svc.clock().toISOString() });
    expectProblem(await as(s.apiKey, 'GET', '/me'), 401, 'ERR_UNAUTHENTICATED');
    // The person's other key still works: only the one key was revoked.
    expect((await as(other, 'GET', '/me')).status).toBe(200);
    expect((await admin('GET', `/admin/staff/${s.id}/api-keys`)).json.apiKeys.map((k: any) => k.revokedAt !== null)).toEqual([true, false]);
    const body = await svc.services.registry.getBodyBySlug('cecati-42');
    expect(await auditOf('staff.key-revoked', s.id)).toEqual([{ action: 'staff.key-revoked', actor: 'authority', bodyId: body.id, subject: s.id, outcome: 'ok', details: { keyId: s.keyId } }]);
    // Revoking again changes nothing and journals nothing.
    expect((await admin('POST', `/admin/api-keys/${s.keyId}/revoke`)).json.revokedAt).toBe(r.json.revokedAt);
    expect(await auditOf('staff.key-revoked', s.id)).toHaveLength(1);
  });

  it('refuses bad input and unknown ids on the admin routes', async () => {
    expectProblem(await admin('POST', '/admin/api-keys/not-a-key/revoke'), 422, 'ERR_VALIDATION');
    expectProblem(await admin('POST', '/admin/api-keys/avk_AAAAAAAAAAAA/revoke'), 404, 'ERR_NOT_FOUND');
    expectProblem(await admin('POST', '/admin/staff/nobody/disable'), 404, 'ERR_NOT_FOUND');
    expectProblem(await admin('GET', '/admin/staff/nobody/api-keys'), 404, 'ERR_NOT_FOUND');
    const s = await newStaff('cecati-42', ['evaluator']);
    expectProblem(await as(s.apiKey, 'POST', `/admin/staff/${s.id}/disable`), 403, 'ERR_FORBIDDEN');
    expectProblem(await call(svc.url, 'POST', `/admin/api-keys/${s.keyId}/revoke`), 401, 'ERR_UNAUTHENTICATED');
  });

  it("lets a body admin disable, enable and revoke keys of the body's own staff", async () => {
    const boss = await newStaff('universidad-del-valle', ['admin']);
    const s = await newStaff('universidad-del-valle', ['evaluator']);
    const d = await as(boss.apiKey, 'POST', `/body/staff/${s.id}/disable`);
    expect(d.status).toBe(200);
    expect(d.json).toMatchObject({ id: s.id, state: 'disabled' });
    expectProblem(await as(s.apiKey, 'GET', '/me'), 401, 'ERR_UNAUTHENTICATED');
    expect((await auditOf('staff.disabled', s.id)).map((e) => e.actor)).toEqual([boss.id]);
    expect((await as(boss.apiKey, 'POST', `/body/staff/${s.id}/enable`)).json.state).toBe('active');
    expect((await as(s.apiKey, 'GET', '/me')).status).toBe(200);

    const keys = await as(boss.apiKey, 'GET', `/body/staff/${s.id}/api-keys`);
    expect(keys.json.apiKeys.map((k: any) => k.id)).toEqual([s.keyId]);
    const r = await as(boss.apiKey, 'POST', `/body/api-keys/${s.keyId}/revoke`);
    expect(r.status).toBe(200);
    expect(r.json.revokedAt).toBe(svc.clock().toISOString());
    expectProblem(await as(s.apiKey, 'GET', '/me'), 401, 'ERR_UNAUTHENTICATED');
    expect((await auditOf('staff.key-revoked', s.id)).map((e) => e.actor)).toEqual([boss.id]);

    expectProblem(await as(boss.apiKey, 'POST', '/body/api-keys/x/revoke'), 422, 'ERR_VALIDATION');
    const evaluator = await newStaff('universidad-del-valle', ['evaluator']);
    expectProblem(await as(evaluator.apiKey, 'POST', `/body/staff/${boss.id}/disable`), 403, 'ERR_FORBIDDEN');
  });

  it("answers 404 for another body's staff and keys, and changes nothing", async () => {
    const boss = await newStaff('universidad-del-valle', ['admin']);
    const stranger = await newStaff('cecati-42', ['certifier']);
    expectProblem(await as(boss.apiKey, 'POST', `/body/staff/${stranger.id}/disable`), 404, 'ERR_NOT_FOUND');
    expectProblem(await as(boss.apiKey, 'POST', `/body/staff/${stranger.id}/enable`), 404, 'ERR_NOT_FOUND');
    expectProblem(await as(boss.apiKey, 'GET', `/body/staff/${stranger.id}/api-keys`), 404, 'ERR_NOT_FOUND');
    expectProblem(await as(boss.apiKey, 'POST', `/body/api-keys/${stranger.keyId}/revoke`), 404, 'ERR_NOT_FOUND');
    expect((await as(stranger.apiKey, 'GET', '/me')).status).toBe(200);
    expect(await auditOf('staff.disabled', stranger.id)).toEqual([]);
    expect(await auditOf('staff.key-revoked', stranger.id)).toEqual([]);
  });

  it('refuses to disable the last active admin of a body with 409', async () => {
    const body = 'sindicato-hotelero';
    const staff = await svc.services.registry.listStaff((await svc.services.registry.getBodyBySlug(body)).id);
    const demoAdmin = staff.find((s) => s.roles.includes('admin'))!;
    const adminKey = svc.staffKey(body, 'admin');
    // The demo admin is the body's only admin: neither they nor the authority may disable them.
    expectProblem(await as(adminKey, 'POST', `/body/staff/${demoAdmin.id}/disable`), 409, 'ERR_LAST_ADMIN');
    expectProblem(await admin('POST', `/admin/staff/${demoAdmin.id}/disable`), 409, 'ERR_LAST_ADMIN');
    expect((await as(adminKey, 'GET', '/me')).status).toBe(200);
    // With a second admin, one may step down.
    const second = await newStaff(body, ['admin']);
    expect((await as(adminKey, 'POST', `/body/staff/${demoAdmin.id}/disable`)).json.state).toBe('disabled');
    expectProblem(await as(adminKey, 'GET', '/me'), 401, 'ERR_UNAUTHENTICATED');
    expectProblem(await as(second.apiKey, 'POST', `/body/staff/${second.id}/disable`), 409, 'ERR_LAST_ADMIN');
    expect((await as(second.apiKey, 'POST', `/body/staff/${demoAdmin.id}/enable`)).json.state).toBe('active');
  });

  it('disables, enables and revokes from the CLI, through the same service', async () => {
    const s = await newStaff('camara-turismo-qroo', ['evaluator']);
    const listed = runAvala(svc.dir, ['registry', 'list-api-keys', s.id, '--json']);
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout).map((k: any) => k.prefix)).toEqual([`avk_${s.keyId}`]);

    const off = runAvala(svc.dir, ['registry', 'disable-staff', s.id]);
    expect({ status: off.status, out: off.stdout.trim() }).toEqual({ status: 0, out: `staff ${s.id} is disabled` });
    expectProblem(await as(s.apiKey, 'GET', '/me'), 401, 'ERR_UNAUTHENTICATED');
    expect(runAvala(svc.dir, ['registry', 'enable-staff', s.id]).status).toBe(0);
    expect((await as(s.apiKey, 'GET', '/me')).status).toBe(200);

    const revoked = runAvala(svc.dir, ['registry', 'revoke-api-key', `avk_${s.keyId}`]);
    expect(revoked.status).toBe(0);
    expect(revoked.stdout).toMatch(new RegExp(`API key avk_${s.keyId} revoked at `));
    expectProblem(await as(s.apiKey, 'GET', '/me'), 401, 'ERR_UNAUTHENTICATED');
    expect(await auditOf('staff.key-revoked', s.id)).toHaveLength(1);

    const unknown = runAvala(svc.dir, ['registry', 'revoke-api-key', 'avk_AAAAAAAAAAAA']);
    expect(unknown.status).not.toBe(0);
  });
});

/**
 * The console's staff pages (a body's admin) and the authority's pages over a real listening server, as a browser
 * without JavaScript uses them: invite a person (their set-password link works, and was e-mailed), change roles,
 * disable, issue and revoke an API key; the authority adds a draft standard, publishes it, registers a body,
 * accredits it, suspends the accreditation with a reason and sees the history, reads the coverage report, rotates
 * a key and marks one compromised after a confirmation page. And the refusals: CSRF, an authority page is 404 to a
 * body's staff, an evaluator may not manage staff (403), another body's staff member is 404, errors next to fields.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formClient } from '../helpers/form-client.js';
import { startTestService, type TestService } from '../helpers/harness.js';

const PASSWORD = 'una frase bastante larga';
let svc: TestService;

beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => svc?.close());

const browser = () => formClient(svc.url);
type B = ReturnType<typeof browser>;

const csrfIn = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const staffOf = (body: string, roles: string) => svc.demo.find((d) => d.body === body && d.roles.join(',') === roles)!.staffId;
/** The text of the error shown right after the field `id` (its `-error` paragraph). */
const errorOf = (html: string, id: string) => new RegExp(`id="${id}-error">([^<]+)<`).exec(html)?.[1] ?? null;

async function signIn(email: string): Promise<B> {
  const b = browser();
  const form = await b.get('/login');
  expect((await b.post('/login', { csrf: csrfIn(form.text), email, password: PASSWORD })).res.status).toBe(303);
  return b;
}

async function staffPerson(body: string, roles: string, email: string): Promise<B> {
  const account = await svc.services.console.staffAccount(staffOf(body, roles), email);
  const link = await svc.services.console.passwordLink(account.id);
  await svc.services.console.setPassword(new URL(link.url).searchParams.get('token')!, PASSWORD, PASSWORD);
  return signIn(email);
}

let admin: B;
let evaluator: B;
let authority: B;
let adminCsrf: string;
let authorityCsrf: string;

beforeAll(async () => {
  admin = await staffPerson('cecati-42', 'admin', 'admin.personal@example.mx');
  evaluator = await staffPerson('cecati-42', 'evaluator', 'eva.personal@example.mx');
  const acc = await svc.services.console.addAuthorityAccount({ email: 'consejo.catalogo@example.gob.mx', name: 'Consejo Catálogo' });
  const link = await svc.services.console.passwordLink(acc.id);
  await svc.services.console.setPassword(new URL(link.url).searchParams.get('token')!, PASSWORD, PASSWORD);
  authority = await signIn('consejo.catalogo@example.gob.mx');
  adminCsrf = csrfIn((await admin.get('/console/staff')).text);
  authorityCsrf = csrfIn((await authority.get('/console/authority/standards')).text);
});

describe('a body’s staff in the console', () => {
  let invitedId = '';

  it('invites an evaluator: a set-password link shown once (and e-mailed) that works, and an API key', async () => {
    const r = await admin.post('/console/staff', new URLSearchParams([['csrf', adminCsrf], ['name', 'Rosa Evaluadora Nueva'], ['email', 'Rosa.Nueva@Example.mx'], ['roles', 'evaluator']]));
    expect(r.res.status).toBe(201);
    expect(r.text).toContain('Rosa Evaluadora Nueva ya es parte del personal');
    expect(r.text).toContain('También se le envió por correo');
    const url = /(https?:\/\/[^<"]+\/console\/set-password\?token=[A-Za-z0-9_-]{43})/.exec(r.text)?.[1];
    expect(url).toBeTruthy();
    expect(r.text).toMatch(/<code>avk_[^<]+<\/code>/);
    invitedId = /\/console\/staff\/([^"?]+)"/.exec(r.text)![1]!;
    const staff = await svc.services.registry.getStaff(invitedId);
    expect(staff).toMatchObject({ name: 'Rosa Evaluadora Nueva', email: 'rosa.nueva@example.mx', roles: ['evaluator'], bodyId: (await svc.services.registry.getBodyBySlug('cecati-42')).id });
    // The link works for the new person, and they can sign in as an evaluator.
    const token = new URL(url!).searchParams.get('token')!;
    await svc.services.console.setPassword(token, PASSWORD, PASSWORD);
    const rosa = await signIn('rosa.nueva@example.mx');
    expect((await rosa.get('/console/evaluations/new')).res.status).toBe(200);
    // The list shows them.
    expect((await admin.get('/console/staff')).text).toContain('Rosa Evaluadora Nueva');
  });

  it('shows each refusal of the invitation next to its field, keeping what was typed', async () => {
    const r = await admin.post('/console/staff', { csrf: adminCsrf, name: '', email: 'no-es-correo' });
    expect(r.res.status).toBe(422);
    expect(errorOf(r.text, 'f-name')).toBe('Este dato es obligatorio.');
    expect(errorOf(r.text, 'f-email')).toContain('correo válido');
    expect(errorOf(r.text, 'role')).toBe('Elija al menos una función.');
    expect(r.text).toContain('value="no-es-correo"');
    const taken = await admin.post('/console/staff', new URLSearchParams([['csrf', adminCsrf], ['name', 'Otra Persona'], ['email', 'rosa.nueva@example.mx'], ['roles', 'certifier']]));
    expect(taken.res.status).toBe(409);
    expect(errorOf(taken.text, 'f-email')).toBe('Ya existe una cuenta de la consola con este correo.');
    const en = await admin.post('/console/staff?lang=en', { csrf: adminCsrf, name: 'X', email: '' });
    expect(errorOf(en.text, 'f-email')).toBe('This is required.');
  });

  it('changes roles, refuses taking the last admin’s role, disables and enables a person', async () => {
    const base = `/console/staff/${invitedId}`;
    const r = await admin.post(`${base}/roles`, new URLSearchParams([['csrf', adminCsrf], ['roles', 'evaluator'], ['roles', 'certifier']]));
    expect(r.res.status).toBe(303);
    expect((await svc.services.registry.getStaff(invitedId)).roles).toEqual(['evaluator', 'certifier']);
    expect((await admin.get(r.res.headers.get('location')!)).text).toContain('Funciones guardadas.');
    const none = await admin.post(`${base}/roles`, { csrf: adminCsrf });
    expect(none.res.status).toBe(422);
    expect(errorOf(none.text, 'role')).toBe('Elija al menos una función.');
    // The demo body's only admin is the one signed in: their admin role cannot go.
    const self = await admin.post(`/console/staff/${staffOf('cecati-42', 'admin')}/roles`, new URLSearchParams([['csrf', adminCsrf], ['roles', 'evaluator']]));
    expect(self.res.status).toBe(409);
    expect(errorOf(self.text, 'role')).toContain('última persona');
    expect((await admin.post(`${base}/disable`, { csrf: adminCsrf })).res.status).toBe(303);
    expect((await svc.services.registry.getStaff(invitedId)).state).toBe('disabled');
    expect((await admin.post(`${base}/enable`, { csrf: adminCsrf })).res.status).toBe(303);
    expect((await svc.services.registry.getStaff(invitedId)).state).toBe('active');
  });

  it('issues an API key shown once, which works against the API, and revokes it', async () => {
    const r = await admin.post(`/console/staff/${invitedId}/api-keys`, { csrf: adminCsrf });
    expect(r.res.status).toBe(201);
    const key = /Llave de API nueva[^<]*<\/p><p><code>([^<]+)<\/code>/.exec(r.text)![1]!;
    const me = await fetch(`${svc.url}/me`, { headers: { authorization: `Bearer ${key}` } });
    expect(me.status).toBe(200);
    const prefix = key.slice(0, 16);
    const keyId = prefix.slice(4);
    const revoked = await admin.post(`/console/api-keys/${keyId}/revoke`, { csrf: adminCsrf });
    expect(revoked.res.status).toBe(303);
    expect((await fetch(`${svc.url}/me`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(401);
  });

  it('refuses: a form without its token (403), an evaluator (403), another body’s staff member (404), the authority (404)', async () => {
    const forged = await admin.post('/console/staff', new URLSearchParams([['csrf', 'x'.repeat(43)], ['name', 'Falsa'], ['email', 'falsa@example.mx'], ['roles', 'admin']]));
    expect(forged.res.status).toBe(403);
    expect((await svc.services.console.accountByEmail('falsa@example.mx').catch(() => null))).toBeNull();
    expect((await admin.post(`/console/staff/${invitedId}/disable`, {})).res.status).toBe(403);
    expect((await evaluator.get('/console/staff')).res.status).toBe(403);
    const evaluatorCsrf = csrfIn((await evaluator.get('/console')).text);
    expect((await evaluator.post(`/console/staff/${invitedId}/disable`, { csrf: evaluatorCsrf })).res.status).toBe(403);
    expect((await evaluator.get('/console')).text).not.toContain('/console/staff');
    const other = staffOf('universidad-del-valle', 'certifier');
    expect((await admin.get(`/console/staff/${other}`)).res.status).toBe(404);
    expect((await admin.post(`/console/staff/${other}/disable`, { csrf: adminCsrf })).res.status).toBe(404);
    expect((await admin.post(`/console/staff/${other}/api-keys`, { csrf: adminCsrf })).res.status).toBe(404);
    expect((await svc.services.registry.getStaff(other)).state).toBe('active');
    expect((await authority.get('/console/staff')).res.status).toBe(404);
  });
});

describe('the API beside the console', () => {
  it('changes roles and issues keys by the same service: PUT /body/staff/{id}/roles, POST /body/staff/{id}/api-keys (own body only)', async () => {
    const adminKey = svc.demo.find((d) => d.body === 'cecati-42' && d.roles.join(',') === 'admin')!.apiKey;
    const target = staffOf('cecati-42', 'evaluator,certifier');
    const api = (method: string, path: string, body?: unknown) => fetch(`${svc.url}${path}`, { method, headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const r = await api('PUT', `/body/staff/${target}/roles`, { roles: ['certifier'] });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { roles: string[] }).roles).toEqual(['certifier']);
    expect((await api('PUT', `/body/staff/${target}/roles`, { roles: [] })).status).toBe(422);
    expect((await api('PUT', `/body/staff/${staffOf('cecati-42', 'admin')}/roles`, { roles: ['evaluator'] })).status).toBe(409);
    expect((await api('PUT', `/body/staff/${staffOf('universidad-del-valle', 'admin')}/roles`, { roles: ['evaluator'] })).status).toBe(404);
    const k = await api('POST', `/body/staff/${target}/api-keys`);
    expect(k.status).toBe(201);
    expect((await api('POST', `/body/staff/${staffOf('universidad-del-valle', 'admin')}/api-keys`)).status).toBe(404);
    await api('PUT', `/body/staff/${target}/roles`, { roles: ['evaluator', 'certifier'] });
  });
});

describe('the authority in the console', () => {
  it('is 404 to a body’s staff on every authority page and form', async () => {
    for (const path of ['/console/authority/standards', '/console/authority/bodies', '/console/authority/coverage', '/console/authority/keys']) {
      const r = await admin.get(path);
      expect({ path, status: r.res.status }).toEqual({ path, status: 404 });
    }
    const r = await admin.post('/console/authority/bodies', { csrf: adminCsrf, name: 'Colada', slug: 'colada', kind: 'school' });
    expect(r.res.status).toBe(404);
    expect(await svc.services.registry.getBodyBySlug('colada').catch(() => null)).toBeNull();
    expect((await browser().get('/console/authority/standards')).res.headers.get('location')).toBe('/login');
  });

  let standardId = '';
  let bodyId = '';

  it('adds a standard as a draft (errors next to fields first), publishes it, and shows versions and a sector side by side', async () => {
    const committee = (await svc.services.registry.listCommittees())[0]!;
    const bad = await authority.post('/console/authority/standards', { csrf: authorityCsrf, code: 'X12', version: '1', title: '', description: 'd', criteria: 'c', sector: 'Turismo', level: '2', committeeId: committee.id });
    expect(bad.res.status).toBe(422);
    expect(errorOf(bad.text, 'f-code')).toBe('Debe ser EC y cuatro dígitos, como EC0217.');
    expect(errorOf(bad.text, 'f-title')).toBe('Este dato es obligatorio.');
    expect(bad.text).toContain('value="X12"');
    const fields = { csrf: authorityCsrf, code: 'EC9901', version: '1', title: 'Guía de turistas en sitios patrimoniales', description: 'Conduce grupos con seguridad.', criteria: 'Presenta el recorrido\nAtiende emergencias', sector: 'Turismo', level: '2', committeeId: committee.id, validityMonths: '36' };
    const r = await authority.post('/console/authority/standards', fields);
    expect(r.res.status).toBe(303);
    const st = await svc.services.registry.findStandard('EC9901', 1).catch(async () => (await svc.services.registry.listStandards()).find((s) => s.code === 'EC9901')!);
    expect(st).toMatchObject({ state: 'draft', criteria: ['Presenta el recorrido', 'Atiende emergencias'], validityMonths: 36 });
    standardId = st.id;
    const again = await authority.post('/console/authority/standards', fields);
    expect(again.res.status).toBe(409);
    expect(errorOf(again.text, 'f-version')).toBe('Ya existe.');
    const pub = await authority.post(`/console/authority/standards/${standardId}/publish`, { csrf: authorityCsrf });
    expect(pub.res.status).toBe(303);
    expect((await svc.services.registry.getStandard(standardId)).state).toBe('published');
    // A second version: a draft beside the published one.
    expect((await authority.post('/console/authority/standards', { ...fields, version: '2' })).res.status).toBe(303);
    const page = await authority.get('/console/authority/standards?sector=Turismo');
    expect(page.text).toContain('id="std-EC9901-v1"');
    expect(page.text).toContain('id="std-EC9901-v2"');
    expect(page.text).toContain('id="side-by-side"');
    expect(page.text).toMatch(/EC9901 v1<\/h3>/);
    // Publishing what is already published is the API's refusal.
    const twice = await authority.post(`/console/authority/standards/${standardId}/publish`, { csrf: authorityCsrf });
    expect(twice.res.status).toBe(409);
  });

  it('registers a body, accredits it (dates checked next to their fields), suspends the accreditation with a reason, and shows the history', async () => {
    const bad = await authority.post('/console/authority/bodies', { csrf: authorityCsrf, name: 'Centro de Turismo', slug: '-Mal-', kind: '' });
    expect(bad.res.status).toBe(422);
    expect(errorOf(bad.text, 'f-slug')).toContain('minúsculas');
    expect(errorOf(bad.text, 'f-kind')).toBeTruthy();
    const r = await authority.post('/console/authority/bodies', { csrf: authorityCsrf, name: 'Centro de Turismo del Sur', slug: 'turismo-sur', kind: 'school', didMethod: 'web' });
    expect(r.res.status).toBe(303);
    bodyId = (await svc.services.registry.getBodyBySlug('turismo-sur')).id;
    const taken = await authority.post('/console/authority/bodies', { csrf: authorityCsrf, name: 'Otro', slug: 'turismo-sur', kind: 'school' });
    expect(errorOf(taken.text, 'f-slug')).toBe('Ya hay un organismo con este identificador.');
    const base = `/console/authority/bodies/${bodyId}`;
    const period = await authority.post(`${base}/accreditations`, { csrf: authorityCsrf, standardId, validFrom: '2026-01-10', validUntil: '2025-01-01' });
    expect(period.res.status).toBe(422);
    expect(errorOf(period.text, 'f-validUntil')).toBe('El final debe ser posterior al inicio.');
    const missing = await authority.post(`${base}/accreditations`, { csrf: authorityCsrf, standardId: '', validFrom: '2026-02-30', validUntil: '' });
    expect(errorOf(missing.text, 'f-standardId')).toBe('Elija una opción.');
    expect(errorOf(missing.text, 'f-validFrom')).toBe('Escriba una fecha válida.');
    const ok = await authority.post(`${base}/accreditations`, { csrf: authorityCsrf, standardId, validFrom: '2025-01-01', validUntil: '2028-12-31' });
    expect(ok.res.status).toBe(303);
    const [acc] = await svc.services.registry.listAccreditations({ bodyId });
    expect(acc).toMatchObject({ state: 'active', standardId, validFrom: '2025-01-01T06:00:00.000Z', validUntil: '2029-01-01T06:00:00.000Z' });
    const noReason = await authority.post(`/console/authority/accreditations/${acc!.id}/state`, { csrf: authorityCsrf, state: 'suspended', reason: ' ' });
    expect(noReason.res.status).toBe(422);
    expect(errorOf(noReason.text, `acc-${acc!.id}-reason`)).toBe('Escriba el motivo.');
    const sus = await authority.post(`/console/authority/accreditations/${acc!.id}/state`, { csrf: authorityCsrf, state: 'suspended', reason: 'Auditoría pendiente' });
    expect(sus.res.status).toBe(303);
    const page = await authority.get(base);
    expect(page.text).toContain('Auditoría pendiente');
    expect(page.text).toContain('Consejo Catálogo');
    expect((await svc.services.registry.getAccreditation(acc!.id)).history.map((h) => h.state)).toEqual(['active', 'suspended']);
    // A withdrawn accreditation cannot come back: the API's refusal, next to the state.
    await authority.post(`/console/authority/accreditations/${acc!.id}/state`, { csrf: authorityCsrf, state: 'withdrawn', reason: 'Cierre' });
    const back = await authority.post(`/console/authority/accreditations/${acc!.id}/state`, { csrf: authorityCsrf, state: 'active', reason: 'Volver' });
    expect(back.res.status).toBe(409);
    // A forged form changes nothing.
    expect((await authority.post(`${base}/accreditations`, { csrf: 'y'.repeat(43), standardId, validFrom: '2025-01-01', validUntil: '2026-01-01' })).res.status).toBe(403);
    expect(await svc.services.registry.listAccreditations({ bodyId })).toHaveLength(1);
  });

  it('shows the coverage report: the registry’s own', async () => {
    const page = await authority.get('/console/authority/coverage?lang=en');
    expect(page.res.status).toBe(200);
    const report = await svc.services.registry.coverageReport();
    expect(report.some((r) => r.code === 'EC9901')).toBe(true);
    for (const row of report) expect(page.text).toContain(`${row.code} v${row.version}`);
    expect(page.text).toContain('fewer than 3');
  });

  it('rotates a body’s key, and marks a key compromised after a page saying what that does', async () => {
    const before = await svc.services.registry.listKeys(bodyId);
    const rot = await authority.post('/console/authority/keys/rotate', { csrf: authorityCsrf, owner: bodyId });
    expect(rot.res.status).toBe(303);
    const after = await svc.services.registry.listKeys(bodyId);
    expect(after).toHaveLength(before.length + 1);
    const current = after.find((k) => k.activeUntil === null)!;
    const confirm = await authority.get(`/console/authority/keys/compromise?key=${encodeURIComponent(current.id)}`);
    expect(confirm.res.status).toBe(200);
    expect(confirm.text).toContain('a partir del instante indicado deja de verificar');
    expect(confirm.text).toContain('id="current-key"');
    const bad = await authority.post('/console/authority/keys/compromise', { csrf: authorityCsrf, key: current.id, at: 'ayer' });
    expect(bad.res.status).toBe(422);
    expect(errorOf(bad.text, 'f-at')).toBe('Escriba fecha y hora válidas.');
    const ok = await authority.post('/console/authority/keys/compromise', { csrf: authorityCsrf, key: current.id, at: '2026-01-15T10:30:00', rotate: 'yes' });
    expect(ok.res.status).toBe(303);
    const keys = await svc.services.registry.listKeys(bodyId);
    expect(keys.find((k) => k.id === current.id)!.compromisedAt).toBe('2026-01-15T16:30:00.000Z');
    // It was rotated in the same step: the body signs with a new key that is not compromised.
    expect(keys).toHaveLength(after.length + 1);
    expect(keys.find((k) => k.activeUntil === null)!.compromisedAt).toBeNull();
    const page = await authority.get(ok.res.headers.get('location')!);
    expect(page.text).toContain('quedó comprometida');
  });
});

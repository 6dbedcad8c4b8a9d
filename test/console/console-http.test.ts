/**
 * The console over a real listening server, as a browser without JavaScript uses it: plain form posts with cookies.
 * Sign-in through the set-password link, the session cookie's attributes, session fixation, CSRF refusals, the
 * lockout, sign-out, the authority page refused to a body's staff, and forms that never answer 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formClient } from '../helpers/form-client.js';
import { call, runAvala, startTestService, type TestService } from '../helpers/harness.js';
import { actor, curpFor } from '../helpers/people.js';

const PASSWORD = 'una frase bastante larga';
let svc: TestService;

beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => svc?.close());

const browser = () => formClient(svc.url);

const csrfIn = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

async function staffId(roles: string): Promise<string> {
  return svc.demo.find((d) => d.body === 'cecati-42' && d.roles.join(',') === roles)!.staffId;
}

/** A staff member with a console account and a password, set through their link as a person would. */
async function withPassword(roles: string, email: string): Promise<void> {
  await svc.services.console.staffAccount(await staffId(roles), email);
  const link = await svc.services.console.passwordLink((await svc.services.console.accountByEmail(email)).id);
  const b = browser();
  const path = new URL(link.url).pathname + new URL(link.url).search;
  const form = await b.get(path);
  expect(form.res.status).toBe(200);
  const done = await b.post('/console/set-password', { csrf: csrfIn(form.text), token: new URL(link.url).searchParams.get('token')!, password: PASSWORD, confirmation: PASSWORD });
  expect(done.res.status).toBe(200);
}

async function signIn(b: ReturnType<typeof browser>, email: string, password = PASSWORD, headers: Record<string, string> = {}) {
  const form = await b.get('/login');
  return b.post('/login', { csrf: csrfIn(form.text), email, password }, headers);
}

beforeAll(async () => {
  await withPassword('evaluator', 'eva@example.mx');
  await withPassword('certifier', 'cert@example.mx');
  const admin = await svc.services.console.addAuthorityAccount({ email: 'consejo@example.gob.mx', name: 'Consejo' });
  const link = await svc.services.console.passwordLink(admin.id);
  await svc.services.console.setPassword(new URL(link.url).searchParams.get('token')!, PASSWORD, PASSWORD);
});

describe('the console without JavaScript', () => {
  it('shows the landing page at / with the verifier and sign-in, in Spanish by default and English by Accept-Language', async () => {
    const b = browser();
    const es = await b.get('/');
    expect(es.res.status).toBe(200);
    expect(es.res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(es.res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(es.text).toContain('href="/verify"');
    expect(es.text).toContain('href="/login"');
    expect(es.text).toContain('<html lang="es-MX">');
    const en = await b.get('/', { 'accept-language': 'en-GB,en;q=0.9' });
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('Verify a certificate');
    // The worker's way in, and the public statistics, with the figures GET /statistics publishes.
    expect(es.text).toContain('href="/mis-certificados"');
    const e = await svc.services.issuance.recordEvaluation(actor(svc, 'universidad-del-valle', 'evaluator'), { candidate: { name: 'Ana', curp: curpFor(77), email: null }, standard: { code: 'EC0217' }, centre: 'C', evaluatedOn: '2026-05-20', result: 'competent' });
    // Another body than the dashboard test's, so its figures stay its own.
    await svc.services.issuance.certify(actor(svc, 'universidad-del-valle', 'certifier'), e.id);
    es.text = (await b.get('/')).text;
    const stats = (await (await fetch(`${svc.url}/statistics`)).json()) as { total: number };
    expect(es.text).toContain('Estadísticas de transparencia');
    expect(es.text).toContain(`${stats.total.toLocaleString('es-MX')} certificados de competencia emitidos en total.`);
    expect(es.text).toMatch(/<svg role="img" aria-label="Certificados emitidos por mes/);
  });

  it('signs in with a form post: a new __Host- session cookie (HttpOnly, Secure, SameSite=Lax), then the dashboard', async () => {
    const b = browser();
    const r = await signIn(b, 'EVA@example.mx');
    expect(r.res.status).toBe(303);
    expect(r.res.headers.get('location')).toBe('/console');
    const cookie = r.res.headers.getSetCookie().find((c) => c.startsWith('__Host-avala_session='))!;
    expect(cookie).toMatch(/^__Host-avala_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
    const dash = await b.get('/console');
    expect(dash.res.status).toBe(200);
    expect(dash.res.headers.get('cache-control')).toBe('no-store');
    expect(dash.text).toContain('Certificados emitidos este mes');
    // The session secret is stored only hashed.
    const secret = b.jar.get('__Host-avala_session')!;
    expect(svc.services.db.prepare('SELECT count(*) FROM console_sessions WHERE id_hash = ?').pluck().get(secret)).toBe(0);
  });

  it('never lets a session id planted before sign-in become a signed-in one (session fixation)', async () => {
    const attacker = browser();
    await signIn(attacker, 'cert@example.mx');
    const planted = attacker.jar.get('__Host-avala_session')!;
    // The victim's browser carries the attacker's session id (a planted cookie) and signs in as themself.
    const victim = browser();
    const form = await victim.get('/login');
    victim.jar.set('__Host-avala_session', planted);
    const r = await victim.post('/login', { csrf: csrfIn(form.text), email: 'eva@example.mx', password: PASSWORD });
    expect(r.res.status).toBe(303);
    const now = victim.jar.get('__Host-avala_session')!;
    expect(now).not.toBe(planted);
    // The planted id is no session at all now, for either of them.
    expect((await attacker.get('/console')).res.status).toBe(303);
    expect((await victim.get('/console')).text).toContain('Evaluador');
    // And a made-up id is never adopted either.
    const other = browser();
    other.jar.set('__Host-avala_session', 'A'.repeat(43));
    await signIn(other, 'eva@example.mx');
    expect(other.jar.get('__Host-avala_session')).not.toBe('A'.repeat(43));
  });

  it('refuses a sign-in form without its token, or with another browser’s, and tries no password (403, form shown again)', async () => {
    const b = browser();
    await b.get('/login');
    const none = await b.post('/login', { email: 'eva@example.mx', password: PASSWORD });
    expect(none.res.status).toBe(403);
    expect(none.text).toContain('El formulario venció');
    expect(none.res.headers.getSetCookie().some((c) => c.startsWith('__Host-avala_session='))).toBe(false);
    const other = browser();
    const theirs = csrfIn((await other.get('/login')).text);
    const forged = await b.post('/login', { csrf: theirs, email: 'eva@example.mx', password: PASSWORD });
    expect(forged.res.status).toBe(403);
  });

  it('refuses sign-out without the session’s token (a cross-site form), and signs out with it', async () => {
    const b = browser();
    await signIn(b, 'eva@example.mx');
    const forged = await b.post('/logout', { csrf: 'x'.repeat(43) });
    expect(forged.res.status).toBe(403);
    expect((await b.get('/console')).res.status).toBe(200);
    const dash = await b.get('/console');
    const out = await b.post('/logout', { csrf: csrfIn(dash.text) });
    expect(out.res.status).toBe(303);
    expect(out.res.headers.get('location')).toBe('/login?signed-out');
    expect(b.jar.has('__Host-avala_session')).toBe(false);
    expect((await b.get('/console')).res.status).toBe(303);
  });

  it('locks an e-mail out from one address after five failures, with a clear message, even for the right password', async () => {
    const b = browser();
    const ip = { 'x-forwarded-for': '203.0.113.7' }; // not believed (no trusted proxy): all attempts come from loopback
    for (let i = 1; i <= 5; i++) {
      const r = await signIn(b, 'cert@example.mx', `wrong password ${i}`, ip);
      expect(r.res.status).toBe(401);
      expect(r.text).toContain(i < 5 ? 'El correo o la contraseña no son correctos.' : 'quedan en pausa 15 minutos');
    }
    const locked = await signIn(b, 'cert@example.mx');
    expect(locked.res.status).toBe(429);
    expect(locked.res.headers.get('retry-after')).toBe('900');
    expect(locked.text).toContain('Demasiados intentos fallidos');
    // The e-mail stays in the form; the password never comes back.
    expect(locked.text).toContain('value="cert@example.mx"');
    expect(locked.text).not.toContain(PASSWORD);
    svc.clock.advance(15 * 60_000);
    expect((await signIn(b, 'cert@example.mx')).res.status).toBe(303);
  });

  it('refuses the authority dashboard to a body’s staff with 404, and shows it to the authority', async () => {
    const staff = browser();
    await signIn(staff, 'eva@example.mx');
    const refused = await staff.get('/console/authority');
    expect(refused.res.status).toBe(404);
    expect(refused.text).toContain('No hay nada aquí');
    const authority = browser();
    const r = await signIn(authority, 'consejo@example.gob.mx');
    expect(r.res.headers.get('location')).toBe('/console/authority');
    const page = await authority.get('/console/authority?lang=en');
    expect(page.res.status).toBe(200);
    expect(page.text).toContain('Standards with fewer than three bodies');
    expect((await authority.get('/console')).res.headers.get('location')).toBe('/console/authority');
    expect((await browser().get('/console/authority')).res.headers.get('location')).toBe('/login');
  });

  it('shows the dashboard figures the API gives (GET /body/dashboard), from the same services', async () => {
    const ev = svc.staffKey('cecati-42', 'evaluator');
    const ce = svc.staffKey('cecati-42', 'certifier');
    for (let i = 0; i < 3; i++) {
      const e = await call(svc.url, 'POST', '/evaluations', { token: ev, body: { candidate: { name: `Persona ${i}`, curp: curpFor(500 + i) }, standard: { code: 'EC0217' }, centre: 'Centro', evaluatedOn: '2026-05-20', result: 'competent' } });
      expect(e.status).toBe(201);
      if (i === 0) expect((await call(svc.url, 'POST', `/evaluations/${e.json.id}/certify`, { token: ce })).status).toBe(201);
    }
    const api = await call(svc.url, 'GET', '/body/dashboard', { token: ev });
    expect(api.status).toBe(200);
    expect(api.json).toMatchObject({ issuedThisMonth: 1, awaitingCertification: 2 });
    const b = browser();
    await signIn(b, 'eva@example.mx');
    const html = (await b.get('/console')).text;
    const tile = (id: string) => new RegExp(`id="${id}"><span class="tile-value">([^<]*)<`).exec(html)?.[1];
    expect(tile('issued-this-month')).toBe(String(api.json.issuedThisMonth));
    expect(tile('awaiting-certification')).toBe(String(api.json.awaitingCertification));
    expect(tile('due-for-renewal')).toBe(String(api.json.dueForRenewal.count));
    expect(api.json.accreditations.length).toBeGreaterThan(0);
    expect(html).toContain(api.json.accreditations[0].standardCode);
  });

  it('answers hostile and broken forms with a page and a 4xx, never a 500', async () => {
    const b = browser();
    const cases: Array<[string, string, string]> = [
      ['/login', 'application/x-www-form-urlencoded', 'email=%ZZ&password=x'],
      ['/login', 'application/x-www-form-urlencoded', `csrf=${'a'.repeat(20_000)}`],
      ['/login', 'application/json', '{"email":"eva@example.mx"}'],
      ['/login', 'application/x-www-form-urlencoded', 'email=a&email=b&password=x'],
      ['/console/set-password', 'application/x-www-form-urlencoded', 'token=nope&password=x'],
      ['/console/set-password', 'text/plain', 'token'],
      ['/logout', 'application/x-www-form-urlencoded', ''],
    ];
    for (const [path, type, body] of cases) {
      const res = await fetch(`${svc.url}${path}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': type, accept: 'text/html' }, body });
      expect({ path, body: body.slice(0, 40), status: res.status < 500 }).toEqual({ path, body: body.slice(0, 40), status: true });
      if (res.status !== 303) expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    }
    void b;
    expect((await fetch(`${svc.url}/console/set-password?token=${'x'.repeat(43)}`)).status).toBe(404);
  });

  it('prints a one-time set-password link from the CLI (avala staff password-link), e-mailed through the outbox too', async () => {
    const id = await staffId('admin');
    const out = runAvala(svc.dir, ['staff', 'password-link', '--staff', id, '--email', 'admin42@example.mx', '--json']);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    const link = JSON.parse(out.stdout) as { url: string; email: string; kind: string; emailed: boolean };
    expect(link).toMatchObject({ email: 'admin42@example.mx', kind: 'staff', emailed: true });
    expect(link.url).toMatch(/^https:\/\/avala\.test\/console\/set-password\?token=[A-Za-z0-9_-]{43}$/);
    const b = browser();
    const page = await b.get(new URL(link.url).pathname + new URL(link.url).search);
    expect(page.res.status).toBe(200);
    expect(page.text).toContain('admin42@example.mx');
    expect(page.res.headers.get('referrer-policy')).toBe('no-referrer');
    const refused = runAvala(svc.dir, ['staff', 'password-link']);
    expect(refused.status).toBe(2);
  });
});

describe('recording and certifying evaluations in the console', () => {
  beforeAll(async () => {
    await withPassword('evaluator,certifier', 'dual@example.mx');
  });

  it('records an evaluation with a plain form post, errors next to their fields in Spanish and English', async () => {
    const b = browser();
    await signIn(b, 'eva@example.mx');
    const form = await b.get('/console/evaluations/new');
    expect(form.res.status).toBe(200);
    expect(form.text).toContain('<option value="EC0217@1"');
    const csrf = csrfIn(form.text);
    const bad = await b.post('/console/evaluations', { csrf, name: '', curp: 'GOMA850315MDFRRN09', standard: 'EC0217@1', centre: 'Centro Norte', evaluatedOn: '2026-05-20', result: 'competent' });
    expect(bad.res.status).toBe(422);
    expect(bad.text).toMatch(/id="f-name"[^>]*aria-invalid="true"/);
    expect(bad.text).toContain('<p class="field-error" id="f-name-error">Este dato es obligatorio.</p>');
    // What was typed is kept, so the person fixes one field, not all.
    expect(bad.text).toContain('value="Centro Norte"');
    const curp = await b.post('/console/evaluations?lang=en', { csrf, name: 'Ana Ruiz', curp: 'GOMA850315MDFRRN09', standard: 'EC0217@1', centre: 'Centro Norte', evaluatedOn: '2026-05-20', result: 'competent' });
    expect(curp.res.status).toBe(422);
    expect(curp.text).toContain('id="f-curp-error">The CURP is not valid');
    const future = await b.post('/console/evaluations', { csrf, name: 'Ana Ruiz', curp: curpFor(900), standard: 'EC0217@1', centre: 'Centro', evaluatedOn: '2027-01-01', result: 'competent' });
    expect(future.res.status).toBe(422);
    expect(future.text).toContain('id="f-evaluatedOn-error">Escriba una fecha real que ya haya pasado.');
    const notAccredited = await b.post('/console/evaluations', { csrf, name: 'Ana Ruiz', curp: curpFor(900), standard: 'EC0038@1', centre: 'Centro', evaluatedOn: '2026-05-20', result: 'competent' });
    expect(notAccredited.res.status).toBe(403);
    expect(notAccredited.text).toContain('id="f-standard-error">Su organismo no está acreditado');
    const forged = await b.post('/console/evaluations', { csrf: 'f'.repeat(43), name: 'Ana Ruiz', curp: curpFor(900), standard: 'EC0217@1', centre: 'Centro', evaluatedOn: '2026-05-20', result: 'competent' });
    expect(forged.res.status).toBe(403);
    const ok = await b.post('/console/evaluations', { csrf, name: 'Ana Ruiz Console', curp: curpFor(901), email: '', standard: 'EC0217@1', centre: 'Centro', evaluatedOn: '2026-05-20', result: 'competent' });
    expect(ok.res.status).toBe(303);
    const id = /recorded=([^&]+)/.exec(ok.res.headers.get('location')!)![1]!;
    const shown = await b.get(ok.res.headers.get('location')!);
    expect(shown.text).toContain('Evaluación de Ana Ruiz Console registrada');
    // The evaluation the API shows, recorded by this evaluator.
    const api = await call(svc.url, 'GET', `/evaluations/${decodeURIComponent(id)}`, { token: svc.staffKey('cecati-42', 'certifier') });
    expect(api.json).toMatchObject({ evaluatorId: await staffId('evaluator'), candidate: { name: 'Ana Ruiz Console' }, result: 'competent' });
    // A certifier without the evaluator role is refused the form, as the API refuses them.
    const c = browser();
    await signIn(c, 'cert@example.mx');
    expect((await c.get('/console/evaluations/new')).res.status).toBe(403);
  });

  it('lists evaluations to certify, never lets a certifier select their own, and issues through the same service', async () => {
    const dual = browser();
    await signIn(dual, 'dual@example.mx');
    const form = await dual.get('/console/evaluations/new');
    const own = await dual.post('/console/evaluations', { csrf: csrfIn(form.text), name: 'Propia Evaluación', curp: curpFor(902), standard: 'EC0217@1', centre: 'Centro', evaluatedOn: '2026-05-21', result: 'competent' });
    expect(own.res.status).toBe(303);
    const ownId = decodeURIComponent(/recorded=([^&]+)/.exec(own.res.headers.get('location')!)![1]!);
    const list = await dual.get('/console/certify');
    expect(list.res.status).toBe(200);
    // Their own evaluation is shown, disabled, with the reason; another evaluator's can be selected.
    expect(list.text).toContain(`<input type="checkbox" disabled id="sel-${ownId}"`);
    expect(list.text).not.toContain(`value="${ownId}"`);
    expect(list.text).toContain('Usted la evaluó: otra persona debe certificarla.');
    const other = /name="evaluation" value="([^"]+)"/.exec(list.text)![1]!;
    // A forged post with their own id is refused by the service (separation of duties); the other is certified.
    const r = await dual.post('/console/certify', { csrf: csrfIn(list.text), evaluation: other });
    const forged = await dual.post('/console/certify', { csrf: csrfIn(list.text), evaluation: ownId });
    expect(r.res.status).toBe(200);
    expect(r.text).toMatch(/https:\/\/avala\.test\/claim\/[A-Za-z0-9_-]{43}/);
    expect(forged.res.status).toBe(422);
    expect(forged.text).toContain('cannot also certify');
    const cred = svc.services.db.prepare('SELECT certifier_id FROM credentials WHERE evaluation_id = ?').pluck().get(other);
    expect(cred).toBe(await staffId('evaluator,certifier'));
    expect(svc.services.db.prepare('SELECT count(*) FROM credentials WHERE evaluation_id = ?').pluck().get(ownId)).toBe(0);
    const none = await dual.post('/console/certify', { csrf: csrfIn(list.text) });
    expect(none.res.status).toBe(422);
    // An evaluator without the certifier role is refused the list (403, as the API).
    const ev = browser();
    await signIn(ev, 'eva@example.mx');
    expect((await ev.get('/console/certify')).res.status).toBe(403);
  });
});

/**
 * The authority's oversight over a real listening server and a real SQLite file, with anomalies planted through
 * the issuance service as bodies would cause them: the same CURP certified for EC0217 by two bodies, a burst of
 * certifications by one evaluator far above her history, a certificate signed 30 seconds after its evaluation was
 * recorded, and a body issuing in the last days of its accreditation. The page shows each flag and the
 * certificates behind it; the audit log is searched and its chain state shown (and a tampered entry named). A body's
 * staff gets 404 on every one of these pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formClient } from '../helpers/form-client.js';
import { startTestService, testClock, type TestService } from '../helpers/harness.js';
import { actor, curpFor } from '../helpers/people.js';
import type { StaffActor } from '../../src/issuance/index.js';
import { civilDate } from '../../src/console/index.js';

const PASSWORD = 'una frase bastante larga';
// Monday 5 January 2026, 10:00 in Mexico City.
const clock = testClock('2026-01-05T16:00:00.000Z');
let svc: TestService;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const browser = () => formClient(svc.url);
const csrfIn = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
async function signIn(email: string) {
  const b = browser();
  const form = await b.get('/login');
  const r = await b.post('/login', { csrf: csrfIn(form.text), email, password: PASSWORD });
  expect(r.res.status).toBe(303);
  return b;
}
const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"');
const flagLinks = (html: string) => [...html.matchAll(/href="(\/console\/authority\/oversight\/flags\?[^"]+)"/g)].map((m) => decode(m[1]!));

let n = 0;
/** One certificate: the evaluation recorded, then certified `after` ms later by the body's certifier. */
async function certificate(body: string, opts: { curp?: string; name?: string; evaluator?: StaffActor; after?: number; code?: string } = {}) {
  const i = ++n;
  const evaluator = opts.evaluator ?? actor(svc, body, 'evaluator');
  const e = await svc.services.issuance.recordEvaluation(evaluator, {
    candidate: { name: opts.name ?? `Persona ${i}`, curp: opts.curp ?? curpFor(1000 + i) },
    standard: { code: opts.code ?? 'EC0217' },
    centre: 'Centro',
    // The day in Mexico City, as a body writes it.
    evaluatedOn: civilDate(clock()),
    result: 'competent',
  });
  clock.advance(opts.after ?? HOUR);
  const c = await svc.services.issuance.certify(actor(svc, body, 'certifier'), e.id);
  return c.credential.id;
}

const ids = { repeated: [] as string[], burst: [] as string[], quick: '', ending: [] as string[] };
const REPEATED_CURP = curpFor(77);

beforeAll(async () => {
  svc = await startTestService({ clock });
  // Four ordinary weeks: two certificates a week at the CECATI, one at the university.
  for (let week = 0; week < 4; week++) {
    clock.set(new Date(Date.parse('2026-01-07T16:00:00.000Z') + week * 7 * DAY).toISOString());
    await certificate('cecati-42');
    await certificate('cecati-42');
    await certificate('universidad-del-valle');
    if (week === 1) ids.repeated.push(await certificate('cecati-42', { curp: REPEATED_CURP, name: 'Rosa Repetida' }));
  }
  // The fifth week (Monday 2 February onwards): the CECATI's evaluator records twelve, each certified an hour later.
  clock.set('2026-02-03T16:00:00.000Z');
  for (let i = 0; i < 12; i++) ids.burst.push(await certificate('cecati-42'));
  // The same CURP, certified again for EC0217 by another body while the first certificate is active.
  ids.repeated.push(await certificate('universidad-del-valle', { curp: REPEATED_CURP, name: 'Rosa Repetida' }));
  // Signed 30 seconds after the evaluation was recorded.
  ids.quick = await certificate('camara-turismo-qroo', { after: 30_000 });
  // An accreditation ending in ten days, and two certificates issued under it.
  const registry = svc.services.registry;
  const body = (await registry.listBodies()).find((b) => b.slug === 'sindicato-hotelero')!;
  const ec0076 = (await registry.listStandards({ state: 'published' })).find((s) => s.code === 'EC0076')!;
  await registry.accredit({ bodyId: body.id, standardId: ec0076.id, validFrom: '2025-06-01T00:00:00.000Z', validUntil: new Date(clock().getTime() + 10 * DAY).toISOString() });
  ids.ending.push(await certificate('sindicato-hotelero', { code: 'EC0076' }), await certificate('sindicato-hotelero', { code: 'EC0076' }));

  const admin = await svc.services.console.addAuthorityAccount({ email: 'consejo@example.gob.mx', name: 'Consejo' });
  const link = await svc.services.console.passwordLink(admin.id);
  await svc.services.console.setPassword(new URL(link.url).searchParams.get('token')!, PASSWORD, PASSWORD);
  const staff = actor(svc, 'cecati-42', 'admin');
  await svc.services.console.staffAccount(staff.staffId, 'admin@cecati.mx');
  const staffLink = await svc.services.console.passwordLink((await svc.services.console.accountByEmail('admin@cecati.mx')).id);
  await svc.services.console.setPassword(new URL(staffLink.url).searchParams.get('token')!, PASSWORD, PASSWORD);
}, 120_000);
afterAll(async () => svc?.close());

describe('the authority sees the planted anomalies', () => {
  it('shows the weekly volume as a chart with its table, revocation rates, and a flag for each anomaly', async () => {
    const b = await signIn('consejo@example.gob.mx');
    const r = await b.get('/console/authority/oversight');
    expect(r.res.status).toBe(200);
    expect(r.res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(r.text).toContain('<svg role="img" aria-label="Gráfica de barras: ');
    // The table carries the figures: 12 + 1 + 1 + 2 certificates this week, all of them per body for the CECATI.
    const table = /<table id="volume-table">[\s\S]*?<\/table>/.exec(r.text)![0];
    expect(table).toMatch(/<tr class="sum"><th scope="row"[^>]*><bdi>Todos<\/bdi><\/th>(<td[^>]*>\d+<\/td>){11}<td[^>]*>16<\/td><td[^>]*>\d+<\/td><\/tr>/);
    expect(table).toContain('Centro de Capacitación para el Trabajo Industrial 42 (demo)');
    expect(r.text).toContain('id="revocation-table"');
    const links = flagLinks(r.text);
    const evaluator = actor(svc, 'cecati-42', 'evaluator');
    expect(links.some((l) => l.includes(encodeURIComponent(`volume-jump:evaluator:${evaluator.staffId}:2026-02-02`)))).toBe(true);
    expect(links.some((l) => l.includes(encodeURIComponent(`volume-jump:body:${evaluator.bodyId}:2026-02-02`)))).toBe(true);
    expect(links.some((l) => l.includes(encodeURIComponent(`repeated-curp:${ids.repeated[0]}`)))).toBe(true);
    expect(links.some((l) => l.includes('quick-certification'))).toBe(true);
    expect(links.some((l) => l.includes('ending-accreditation'))).toBe(true);
    // Nothing else: the ordinary weeks (certified an hour after recording) raise no flag.
    expect(links).toHaveLength(5);
    // No CURP on the page or in an address.
    expect(r.text).not.toContain(REPEATED_CURP);
  });

  it('lists the certificates behind the repeated CURP: both bodies, the holder, the CURP masked', async () => {
    const b = await signIn('consejo@example.gob.mx');
    const link = flagLinks((await b.get('/console/authority/oversight')).text).find((l) => l.includes('repeated-curp'))!;
    const r = await b.get(link);
    expect(r.res.status).toBe(200);
    const table = /<table class="stackable" id="flag-certificates">[\s\S]*?<\/table>/.exec(r.text)![0];
    const listed = [...table.matchAll(/<code>(urn:uuid:[^<]+)<\/code>/g)].map((m) => m[1]);
    expect(listed).toEqual(ids.repeated);
    expect(table).toContain('Rosa Repetida');
    expect(table).toContain('Centro de Capacitación para el Trabajo Industrial 42 (demo)');
    expect(table).toContain('Universidad del Valle de Anáhuac (demo)');
    expect(table).toContain(`${REPEATED_CURP.slice(0, 4)}••••`);
    expect(r.text).not.toContain(REPEATED_CURP);
  });

  it('lists the twelve certificates of the evaluator’s burst, and the one certified in 30 s', async () => {
    const b = await signIn('consejo@example.gob.mx');
    const links = flagLinks((await b.get('/console/authority/oversight?lang=en')).text);
    const burst = await b.get(links.find((l) => l.includes('volume-jump%3Aevaluator'))!);
    expect(burst.text).toContain('<html lang="en">');
    expect(burst.text).toContain('issued 12 in the period starting');
    // The language switch stays on this flag's page.
    expect(decode(/<a class="pill" href="([^"]+)" hreflang="es-MX"/.exec(burst.text)![1]!)).toMatch(/^\/console\/authority\/oversight\/flags\?key=volume-jump%3Aevaluator%3A/);
    expect([...burst.text.matchAll(/<code>(urn:uuid:[^<]+)<\/code>/g)].map((m) => m[1])).toEqual(ids.burst);
    const quick = await b.get(links.find((l) => l.includes('quick-certification'))!);
    expect([...quick.text.matchAll(/<code>(urn:uuid:[^<]+)<\/code>/g)].map((m) => m[1])).toEqual([ids.quick]);
    expect(quick.text).toContain('fastest 30 s');
    const ending = await b.get(links.find((l) => l.includes('ending-accreditation'))!);
    expect([...ending.text.matchAll(/<code>(urn:uuid:[^<]+)<\/code>/g)].map((m) => m[1])).toEqual(ids.ending);
  });

  it('monthly: the same certificates counted by month, and an unknown flag is 404', async () => {
    const b = await signIn('consejo@example.gob.mx');
    const r = await b.get('/console/authority/oversight?period=month&by=standard');
    expect(r.res.status).toBe(200);
    const table = /<table id="volume-table">[\s\S]*?<\/table>/.exec(r.text)![0];
    expect(table).toMatch(/<th scope="row"[^>]*><bdi>EC0217<\/bdi><\/th>/);
    const gone = await b.get('/console/authority/oversight/flags?key=volume-jump%3Abody%3Anobody%3A2026-02-02');
    expect(gone.res.status).toBe(404);
    expect(gone.text).toContain('Esta señal ya no aparece');
  });
});

describe('the audit log', () => {
  it('searches by body and action, shows the chain intact, and pages', async () => {
    const b = await signIn('consejo@example.gob.mx');
    const bodyId = actor(svc, 'cecati-42', 'admin').bodyId;
    const r = await b.get(`/console/authority/audit?body=${encodeURIComponent(bodyId)}&action=credential.issued`);
    expect(r.res.status).toBe(200);
    expect(r.text).toMatch(/id="chain-state" data-ok="true">La cadena está íntegra: \d+ entrada\(s\) verificadas hasta la #\d+/);
    const rows = /<table class="stackable" id="audit-entries">[\s\S]*?<\/table>/.exec(r.text)![0].match(/<tr><td/g)!;
    // 4 weeks × 2, the repeated CURP's first, and the burst of 12.
    expect(rows).toHaveLength(21);
    expect(r.text).not.toContain('rel="next"');

    const all = await b.get('/console/authority/audit');
    const older = decode(/href="([^"]+)" rel="next"/.exec(all.text)![1]!);
    const seqs = (html: string) => [...html.matchAll(/<tr><td data-label="N\.º">(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(seqs(all.text)).toHaveLength(50);
    const next = await b.get(older);
    expect(Math.max(...seqs(next.text))).toBeLessThan(Math.min(...seqs(all.text)));
    expect(next.text).toContain('Más recientes');
  });

  it('filters by actor and by dates (Mexico City days), and refuses a range that ends before it starts, next to the field', async () => {
    const b = await signIn('consejo@example.gob.mx');
    const certifier = actor(svc, 'camara-turismo-qroo', 'certifier');
    const byActor = await b.get(`/console/authority/audit?actor=${encodeURIComponent(certifier.staffId)}`);
    expect(byActor.text.match(/<tr><td/g)).toHaveLength(1);
    const byDay = await b.get('/console/authority/audit?action=credential.issued&from=2026-01-07&until=2026-01-07');
    expect(byDay.text.match(/<tr><td/g)).toHaveLength(3);
    const bad = await b.get('/console/authority/audit?from=2026-02-01&until=2026-01-01');
    expect(bad.res.status).toBe(422);
    expect(bad.text).toMatch(/<input id="f-until"[^>]*aria-invalid="true"[^>]*>\s*<p class="field-error" id="f-until-error">La fecha final es anterior a la inicial\.<\/p>/);
    const junk = await b.get('/console/authority/audit?from=2026-02-31');
    expect(junk.res.status).toBe(422);
  });
});

describe('refusals', () => {
  it('a body’s staff gets 404 on oversight, its flags and the audit log, each recorded as auth.denied', async () => {
    const b = await signIn('admin@cecati.mx');
    for (const path of ['/console/authority/oversight', '/console/authority/oversight/flags?key=x', '/console/authority/audit']) {
      const r = await b.get(path);
      expect(r.res.status, path).toBe(404);
      expect(r.text).not.toContain('id="volume-table"');
    }
    const denied = await svc.services.audit.list({ action: 'auth.denied', limit: 10 });
    expect(denied.filter((e) => e.subject.startsWith('GET /console/authority/')).length).toBeGreaterThanOrEqual(3);
  });

  it('sends a visitor without a session to sign in', async () => {
    const r = await browser().get('/console/authority/oversight');
    expect(r.res.status).toBe(303);
    expect(r.res.headers.get('location')).toBe('/login');
  });
});

describe('a tampered audit log', () => {
  it('names the first broken entry', async () => {
    svc.services.db.exec('DROP TRIGGER audit_log_no_update');
    svc.services.db.prepare("UPDATE audit_log SET subject = 'rewritten' WHERE seq = 5").run();
    const b = await signIn('consejo@example.gob.mx');
    const r = await b.get('/console/authority/audit');
    expect(r.text).toContain('id="chain-state" data-ok="false">La cadena está rota en la entrada #5 (HASH_MISMATCH); 4 entrada(s) anteriores verifican.');
  });
});

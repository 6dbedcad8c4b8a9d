/**
 * The console's batches and certificates over a real listening server, as a browser without JavaScript uses them:
 * a CSV uploaded with a plain multipart form and its report, a batch certified (the evaluator who imported it may
 * not), the claim links and the PDFs downloaded; certificates found (a CURP only through a form post), a claim
 * link replaced, a certificate revoked with a reason; and the refusals: CSRF, another body's certificate 404, an
 * evaluator who may not revoke, each one the API's.
 */
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_COLUMNS } from '../../src/issuance/index.js';
import { formClient } from '../helpers/form-client.js';
import { call, startTestService, type TestService } from '../helpers/harness.js';
import { curpFor } from '../helpers/people.js';

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

async function person(body: string, roles: string, email: string): Promise<B> {
  const account = await svc.services.console.staffAccount(staffOf(body, roles), email);
  const link = await svc.services.console.passwordLink(account.id);
  await svc.services.console.setPassword(new URL(link.url).searchParams.get('token')!, PASSWORD, PASSWORD);
  const b = browser();
  const form = await b.get('/login');
  expect((await b.post('/login', { csrf: csrfIn(form.text), email, password: PASSWORD })).res.status).toBe(303);
  return b;
}

/** `n` rows for cecati-42; rows 3 and 6 (lines 5 and 8) are bad: a wrong CURP check digit, a date that does not exist. */
function csv(n: number, prefix: string, fixed = false): string {
  const lines = [BATCH_COLUMNS.join(',')];
  for (let i = 0; i < n; i += 1) {
    let curp = curpFor(5000 + i);
    let date = `2026-05-1${i % 9}`;
    if (!fixed && i === 3) curp = `${curp.slice(0, 17)}${(Number(curp[17]) + 1) % 10}`;
    if (!fixed && i === 6) date = '2026-02-30';
    lines.push([`${prefix}-${i}`, `Persona ${prefix} ${i}`, curp, '', i % 2 ? 'EC0217' : 'EC0551', '', 'Centro Poniente', date, 'competent', '', ''].join(','));
  }
  return `${lines.join('\n')}\n`;
}

let evaluator: B;
let certifier: B;
let otherBody: B;
let evaluatorCsrf: string;
let certifierCsrf: string;

beforeAll(async () => {
  evaluator = await person('cecati-42', 'evaluator', 'eva.lotes@example.mx');
  certifier = await person('cecati-42', 'certifier', 'cert.lotes@example.mx');
  otherBody = await person('universidad-del-valle', 'certifier', 'otra@example.mx');
  evaluatorCsrf = csrfIn((await evaluator.get('/console/batches')).text);
  certifierCsrf = csrfIn((await certifier.get('/console/batches')).text);
});

async function certified(batchId: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    const p = await certifier.get(`/console/batches/${batchId}/progress`, { accept: 'application/json' });
    const state = (JSON.parse(p.text) as { state: string }).state;
    if (state === 'done') return;
    expect(state).toBe('running');
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the batch was not certified in time');
}

describe('the console’s batches', () => {
  let batchId = '';

  it('uploads a CSV with a plain form, shows each bad row with its line and reason, and offers the report as CSV', async () => {
    const page = await evaluator.get('/console/batches');
    expect(page.res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(page.text).toContain('enctype="multipart/form-data"');
    const r = await evaluator.upload('/console/batches', { csrf: evaluatorCsrf }, { name: 'cohorte-junio.csv', content: csv(10, 'cj') });
    expect(r.res.status).toBe(200);
    expect(r.text).toContain('8 filas nuevas importadas');
    const table = /<table class="stackable" id="row-errors">([\s\S]*?)<\/table>/.exec(r.text)![1]!;
    expect(table).toMatch(/<td data-label="Línea">5<\/td>[\s\S]*ERR_INVALID_CURP/);
    expect(table).toMatch(/<td data-label="Línea">8<\/td>/);
    batchId = svc.services.db.prepare("SELECT id FROM batches WHERE file_name = 'cohorte-junio.csv'").pluck().get() as string;
    const report = await evaluator.bytes(`/console/batches/${batchId}/errors.csv`);
    expect(report.res.headers.get('content-type')).toContain('text/csv');
    const rows = report.body.toString('utf8').trim().split('\r\n');
    expect(rows[0]).toBe('line,external_id,code,message');
    expect(rows.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual(['5,cj-3,ERR_INVALID_CURP', '8,cj-6,ERR_VALIDATION']);
    // The evaluator who imported it is shown why they cannot certify it.
    expect(r.text).toContain('Certificar necesita la función de certificación.');
  });

  it('takes the corrected file into the same batch without importing a row twice', async () => {
    const r = await evaluator.upload('/console/batches', { csrf: evaluatorCsrf }, { name: 'cohorte-junio.csv', content: csv(10, 'cj', true) });
    expect(r.res.status).toBe(200);
    expect(r.text).toContain('2 filas nuevas importadas, 8 ya estaban, 0 con error');
    expect(r.text).toContain('Ninguna fila tiene error.');
  });

  it('refuses an upload without the session’s form token, and a file that is not there, reading nothing', async () => {
    const before = svc.services.db.prepare('SELECT count(*) FROM batches').pluck().get();
    const forged = await evaluator.upload('/console/batches', { csrf: 'A'.repeat(43) }, { name: 'forjado.csv', content: csv(3, 'fj') });
    expect(forged.res.status).toBe(403);
    const empty = await evaluator.upload('/console/batches', { csrf: evaluatorCsrf }, { name: 'vacio.csv', content: '' });
    expect(empty.res.status).toBe(422);
    expect(empty.text).toMatch(/<p class="field-error" id="upload-error">Elija un archivo CSV\.<\/p>/);
    expect(svc.services.db.prepare('SELECT count(*) FROM batches').pluck().get()).toBe(before);
    // A certifier may not upload (the API's 403).
    const notEvaluator = await certifier.upload('/console/batches', { csrf: certifierCsrf }, { name: 'ajeno.csv', content: csv(3, 'aj') });
    expect(notEvaluator.res.status).toBe(403);
  });

  it('certifies the batch as a certifier (not the evaluator), then gives the claim links as CSV and the PDFs as a ZIP', async () => {
    // The evaluator who imported it: the service's separation-of-duties refusal would follow the role's.
    expect((await evaluator.post(`/console/batches/${batchId}/certify`, { csrf: evaluatorCsrf })).res.status).toBe(403);
    expect((await certifier.post(`/console/batches/${batchId}/certify`, {})).res.status).toBe(403);
    const go = await certifier.post(`/console/batches/${batchId}/certify`, { csrf: certifierCsrf });
    expect(go.res.status).toBe(303);
    await certified(batchId);
    const page = await certifier.get(`/console/batches/${batchId}`);
    expect(page.text).toContain('Certificación terminada: 10 certificados emitidos');
    const links = await certifier.bytes(`/console/batches/${batchId}/claim-links.csv`);
    expect(links.res.status).toBe(200);
    const rows = links.body.toString('utf8').trim().split('\r\n');
    expect(rows[0]).toBe('external_id,name,credential_id,claim_url');
    expect(rows).toHaveLength(11);
    const claimUrl = rows[1]!.split(',').at(-1)!;
    const claimed = await call(svc.url, 'GET', new URL(claimUrl).pathname);
    expect(claimed.status).toBe(200);
    // Only whoever certified gets the links; other staff are told they are gone.
    expect((await evaluator.bytes(`/console/batches/${batchId}/claim-links.csv`)).res.status).toBe(403);
    const t0 = Date.now();
    const zip = await certifier.bytes(`/console/batches/${batchId}/certificates.zip`);
    expect(zip.res.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(zip.body));
    expect(Object.keys(files)).toHaveLength(10);
    for (const f of Object.values(files)) expect(Buffer.from(f.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    // Another body's staff find no such batch.
    expect((await otherBody.get(`/console/batches/${batchId}`)).res.status).toBe(404);
    expect((await otherBody.bytes(`/console/batches/${batchId}/certificates.zip`)).res.status).toBe(404);
  });
});

describe('the console’s certificates', () => {
  const curp = curpFor(5004);
  let id = '';

  it('finds a worker by CURP through a form post only: a CURP in the address is never read', async () => {
    const inUrl = await certifier.get(`/console/certificates?curp=${curp}`);
    expect(inUrl.res.status).toBe(200);
    expect(inUrl.text).not.toContain(curp);
    const all = Number(/<h2 id="results-title">(\d+) certificados<\/h2>/.exec(inUrl.text)![1]);
    expect(all).toBeGreaterThan(1);
    const found = await certifier.post('/console/certificates', { csrf: certifierCsrf, curp: curp.toLowerCase() });
    expect(found.res.status).toBe(200);
    expect(found.text).toContain('<h2 id="results-title">1 certificado</h2>');
    expect(found.text).toContain('Persona cj 4');
    id = decodeURIComponent(/href="\/console\/certificates\/([^"]+)"/.exec(found.text.split('id="results"')[1]!)![1]!);
    const wrong = await certifier.post('/console/certificates', { csrf: certifierCsrf, curp: `${curp.slice(0, 17)}X` });
    expect(wrong.res.status).toBe(422);
    expect(wrong.text).toMatch(/id="f-curp-error">La CURP no es válida/);
    // By batch, state and name as well.
    const byBatch = await certifier.post('/console/certificates', { csrf: certifierCsrf, batch: svc.services.db.prepare("SELECT id FROM batches WHERE file_name = 'cohorte-junio.csv'").pluck().get() as string, state: 'active', name: 'persona cj' });
    expect(byBatch.text).toContain('<h2 id="results-title">10 certificados</h2>');
  });

  it('opens a certificate, its PDF, and replaces its claim link: the new link opens the certificate', async () => {
    const page = await certifier.get(`/console/certificates/${encodeURIComponent(id)}`);
    expect(page.res.status).toBe(200);
    expect(page.text).toContain('Sin cambios desde que se emitió.');
    expect(page.text).toContain('cohorte-junio.csv');
    const pdf = await certifier.bytes(`/console/certificates/${encodeURIComponent(id)}/certificate.pdf`);
    expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const r = await certifier.post(`/console/certificates/${encodeURIComponent(id)}/claim-link`, { csrf: certifierCsrf });
    expect(r.res.status).toBe(200);
    const url = /<code id="new-claim-url">([^<]+)<\/code>/.exec(r.text)![1]!;
    expect((await call(svc.url, 'GET', new URL(url).pathname)).status).toBe(200);
  });

  it('makes a wallet offer for the certificate: its QR code, a PIN for another channel, the offer a wallet fetches; not for an evaluator', async () => {
    const path = `/console/certificates/${encodeURIComponent(id)}/wallet-offer`;
    const r = await certifier.post(path, { csrf: certifierCsrf });
    expect(r.res.status).toBe(200);
    expect(r.text).toMatch(/<strong id="wallet-pin">\d{6}<\/strong>/);
    expect(r.text).toContain('<svg');
    const uri = /href="(openid-credential-offer:\/\/[^"]+)"/.exec(r.text)![1]!.replace(/&amp;/g, '&');
    const offerUrl = new URL(uri).searchParams.get('credential_offer_uri')!;
    expect((await fetch(`${svc.url}${new URL(offerUrl).pathname}`)).status).toBe(200);
    expect((await evaluator.post(path, { csrf: evaluatorCsrf })).res.status).toBe(403);
  });

  it('refuses another body’s certificate as 404, an evaluator’s revocation as 403, and a form without its token, changing nothing', async () => {
    const path = `/console/certificates/${encodeURIComponent(id)}`;
    expect((await otherBody.get(path)).res.status).toBe(404);
    expect((await otherBody.get(`${path}/revoke`)).res.status).toBe(404);
    const otherCsrf = csrfIn((await otherBody.get('/console/certificates')).text);
    expect((await otherBody.post(`${path}/revoke`, { csrf: otherCsrf, reason: 'fraud' })).res.status).toBe(404);
    expect((await evaluator.get(`${path}/revoke`)).res.status).toBe(403);
    const byEvaluator = await evaluator.post(`${path}/revoke`, { csrf: evaluatorCsrf, reason: 'fraud' });
    expect(byEvaluator.res.status).toBe(403);
    expect(byEvaluator.text).toContain('admin or certifier');
    expect((await certifier.post(`${path}/revoke`, { reason: 'fraud' })).res.status).toBe(403);
    expect((await call(svc.url, 'GET', `/credentials/${encodeURIComponent(id)}/status`, { token: svc.staffKey('cecati-42', 'certifier') })).json).toMatchObject({ state: 'active' });
  });

  it('revokes with a reason after a confirmation that says what the employer will see; no reason is refused next to its field', async () => {
    const path = `/console/certificates/${encodeURIComponent(id)}`;
    const confirm = await certifier.get(`${path}/revoke`);
    expect(confirm.text).toMatch(/id="employer-sees">Quien verifique este certificado[^<]*lo revocó: ya no es válido/);
    const none = await certifier.post(`${path}/revoke`, { csrf: certifierCsrf, reason: '', note: 'sin motivo' });
    expect(none.res.status).toBe(422);
    expect(none.text).toContain('id="f-reason-error">Elija el motivo de la revocación.');
    expect(none.text).toContain('sin motivo');
    const done = await certifier.post(`${path}/revoke`, { csrf: certifierCsrf, reason: 'evaluation_invalidated', note: 'Se repite la evaluación' });
    expect(done.res.status).toBe(303);
    const page = await certifier.get(done.res.headers.get('location')!);
    expect(page.text).toContain('Certificado revocado.');
    expect(page.text).toMatch(/<table class="stackable" id="history">[\s\S]*Revocar[\s\S]*La evaluación se anuló[\s\S]*Se repite la evaluación/);
    expect((await call(svc.url, 'GET', `/credentials/${encodeURIComponent(id)}/status`, { token: svc.staffKey('cecati-42', 'certifier') })).json).toMatchObject({ state: 'revoked', reason: 'evaluation_invalidated' });
    // Revocation is final: the API's refusal, shown on the form.
    const again = await certifier.post(`${path}/reinstate`, { csrf: certifierCsrf });
    expect(again.res.status).toBe(409);
  });
});

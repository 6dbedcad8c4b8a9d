/**
 * The worker's own page, as a worker uses it: CURP + e-mail, a code that arrives at a real SMTP server, then every
 * certificate of theirs from two bodies, each with a working claim page and PDF; and in Chromium at phone size, with
 * axe. The answer never says whether a CURP is known.
 */
import { simpleParser } from 'mailparser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityFindings } from '../helpers/axe.js';
import { PHONE, launchChromium } from '../helpers/browser.js';
import { startTestService, type TestService } from '../helpers/harness.js';
import { startMailServer, type MailServer } from '../helpers/mail.js';
import { actor, curpFor } from '../helpers/people.js';

let mail: MailServer;
let svc: TestService;
const WORKER = { curp: curpFor(4242), email: 'Rosa.Mendez@correo.example' };

async function certify(body: string, n: number, who: { curp: string; email: string }) {
  const e = await svc.services.issuance.recordEvaluation(actor(svc, body, 'evaluator'), {
    candidate: { name: 'Rosa Méndez Ortiz', curp: who.curp, email: who.email },
    standard: { code: 'EC0217' },
    centre: `Centro ${n}`,
    evaluatedOn: new Date(svc.clock().getTime() - 3 * 86_400_000).toISOString().slice(0, 10),
    result: 'competent',
  });
  return (await svc.services.issuance.certify(actor(svc, body, 'certifier'), e.id)).credential;
}

beforeAll(async () => {
  mail = await startMailServer();
  svc = await startTestService({ publicUrlIsOwnAddress: true, env: { AVALA_SMTP_URL: mail.url, AVALA_MAIL_CLAIM_LINKS: 'false' } });
  await certify('cecati-42', 1, WORKER);
  await certify('universidad-del-valle', 2, { ...WORKER, email: 'rosa.mendez@correo.example ' });
}, 60_000);
afterAll(async () => {
  await svc?.close();
  await mail?.close();
});

/** A visitor with a cookie jar, posting forms as a browser does. */
function visitor() {
  const jar = new Map<string, string>();
  const keep = (r: Response) => {
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair!.split('=');
      if (v === '') jar.delete(k!);
      else jar.set(k!, v!);
    }
    return r;
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  return {
    jar,
    get: async (path: string) => keep(await fetch(`${svc.url}${path}`, { headers: { cookie: cookie(), accept: 'text/html' }, redirect: 'manual' })),
    post: async (path: string, fields: Record<string, string>) =>
      keep(await fetch(`${svc.url}${path}`, { method: 'POST', headers: { cookie: cookie(), accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields), redirect: 'manual' })),
  };
}
const field = (page: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1] ?? '';
async function codeSentTo(address: string): Promise<string> {
  await svc.services.outbox.drain();
  const m = mail.received.filter((r) => r.to.includes(address)).at(-1);
  if (!m) throw new Error(`no message to ${address}`);
  return /\b(\d{6})\b/.exec((await simpleParser(m.raw)).text ?? '')![1]!;
}

describe('the worker recovers their certificates', () => {
  it('with CURP, e-mail and a code: both bodies’ certificates, each with a working claim page and PDF', async () => {
    const v = visitor();
    const form = await (await v.get('/mis-certificados')).text();
    expect(form).toContain('name="curp"');
    const sent = await v.post('/mis-certificados', { csrf: field(form, 'csrf'), step: 'request', curp: WORKER.curp.toLowerCase(), email: ' ROSA.mendez@correo.example' });
    expect(sent.status).toBe(200);
    const codePage = await sent.text();
    expect(codePage).not.toContain(WORKER.curp);
    const code = await codeSentTo('rosa.mendez@correo.example');
    const entered = await v.post('/mis-certificados', { csrf: field(codePage, 'csrf'), step: 'code', request: field(codePage, 'request'), code });
    expect(entered.status).toBe(303);
    expect(entered.headers.get('location')).toBe('/mis-certificados');
    const list = await (await v.get('/mis-certificados')).text();
    expect(list).toContain('Estos son sus 2 certificados');
    expect(list).toContain('Centro de Capacitación para el Trabajo Industrial 42');
    expect(list).toContain('Universidad del Valle');
    const claims = [...new Set([...list.matchAll(/href="(https?:\/\/[^"]+\/claim\/[A-Za-z0-9_-]{43})"/g)].map((m) => m[1]!))];
    expect(claims).toHaveLength(2);
    for (const url of claims) {
      expect((await fetch(url, { headers: { accept: 'text/html' } })).status).toBe(200);
      const pdf = await fetch(`${url}/certificate.pdf`);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
    }
    // The share link is the verifier page's address of the certificate.
    expect(list).toMatch(new RegExp(`value="${svc.url}/v#[0-9A-Z]`));
    // Signed out, the page asks again.
    const out = await v.post('/mis-certificados', { csrf: field(list, 'csrf'), step: 'sign-out' });
    expect(out.status).toBe(303);
    expect(await (await v.get('/mis-certificados')).text()).toContain('name="curp"');
  });

  it('answers an unknown CURP exactly as a known one, and sends it nothing', async () => {
    const known = visitor();
    const unknown = visitor();
    const f1 = await (await known.get('/my-certificates')).text();
    const f2 = await (await unknown.get('/my-certificates')).text();
    mail.received.length = 0;
    const a = await known.post('/my-certificates', { csrf: field(f1, 'csrf'), step: 'request', curp: WORKER.curp, email: WORKER.email });
    const b = await unknown.post('/my-certificates', { csrf: field(f2, 'csrf'), step: 'request', curp: curpFor(777), email: WORKER.email });
    const strip = (s: string) => s.replace(/value="[A-Za-z0-9_-]{43}"/g, 'value=""');
    expect(b.status).toBe(a.status);
    expect(strip(await b.text())).toBe(strip(await a.text()));
    await svc.services.outbox.drain();
    expect(mail.received).toHaveLength(1);
  });

  it('spends a code after five wrong tries, refuses a form without its token, and rate-limits a CURP', async () => {
    const v = visitor();
    const form = await (await v.get('/mis-certificados')).text();
    const page = await (await v.post('/mis-certificados', { csrf: field(form, 'csrf'), step: 'request', curp: WORKER.curp, email: WORKER.email })).text();
    const code = await codeSentTo('rosa.mendez@correo.example');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 1; i <= 5; i++) {
      const r = await v.post('/mis-certificados', { csrf: field(page, 'csrf'), step: 'code', request: field(page, 'request'), code: wrong });
      expect(r.status).toBe(422);
      expect(await r.text()).toContain(i < 5 ? `le quedan ${5 - i}` : 'pida otro');
    }
    const late = await v.post('/mis-certificados', { csrf: field(page, 'csrf'), step: 'code', request: field(page, 'request'), code });
    expect(late.status).toBe(422);
    expect((await v.post('/mis-certificados', { step: 'request', curp: WORKER.curp, email: WORKER.email })).status).toBe(403);

    const other = { curp: curpFor(5151), email: 'limite@correo.example' };
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const w = visitor();
      const f = await (await w.get('/mis-certificados')).text();
      statuses.push((await w.post('/mis-certificados', { csrf: field(f, 'csrf'), step: 'request', ...other })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('shows a refused CURP next to its field, in the page language', async () => {
    const v = visitor();
    const form = await (await v.get('/my-certificates')).text();
    const r = await v.post('/my-certificates', { csrf: field(form, 'csrf'), step: 'request', curp: 'ABC', email: 'x@y.example' });
    expect(r.status).toBe(422);
    const html = await r.text();
    expect(html).toMatch(/id="f-curp-error">Type your CURP/);
    expect(html).toContain('aria-invalid="true"');
  });
});

describe('the worker page in a browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(() => browser?.close());

  it('works on a phone, accessibly, from the form to the list', async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(`${svc.url}/mis-certificados`);
    expect(await seriousAccessibilityFindings(page)).toEqual([]);
    await page.getByLabel('CURP').fill(WORKER.curp);
    await page.getByLabel('Correo electrónico').fill(WORKER.email);
    await page.getByRole('button', { name: 'Enviar código' }).click();
    await page.getByLabel('Código').waitFor();
    expect(await seriousAccessibilityFindings(page)).toEqual([]);
    await page.getByLabel('Código').fill(await codeSentTo('rosa.mendez@correo.example'));
    await page.getByRole('button', { name: 'Ver mis certificados' }).click();
    await page.getByText('Estos son sus 2 certificados').waitFor();
    expect(await seriousAccessibilityFindings(page)).toEqual([]);
    expect(await page.getByRole('link', { name: /Abrir/ }).count()).toBe(2);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});

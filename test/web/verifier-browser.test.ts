/**
 * The public verifier page in a real browser (Debian's Chromium, driven by playwright-core; no browser is ever
 * downloaded). One browser for the whole file; a fresh context per case. The browser's clock is the service's.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PHONE as PHONE_SIZE, launchChromium } from '../helpers/browser.js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { curpCheckDigit } from '../../src/issuance/curp.js';
import { coseSign1, credentialQrPayload, cwtPayload, decodeQrPayload2, encodeQrPayload, encodeQrPayload2, renderQrPng, verifierUrl } from '../../src/qr/index.js';
import { seriousAccessibilityFindings } from '../helpers/axe.js';
import { PUBLIC_URL, tempDir } from '../helpers/harness.js';
import { DEMO_CASES, issueDemoCredential, type IssuedDemo } from '../qr/demo-credentials.js';
import { startPageService, type PageService } from './page-app.js';

// Real browser / PDF rendering work: generous on a 2-core CI machine running other files in parallel.
vi.setConfig({ testTimeout: 90_000 });

const SHOTS = path.resolve('test-results/web');
// A phone set to Spanish (Mexico): the page follows Accept-Language, as the claim page does.
const PHONE = { ...PHONE_SIZE, locale: 'es-MX' } as const;

let p: PageService;
let browser: Browser;
let work: string;
let valid: IssuedDemo;

/** Every request any page made, with its body: none may carry a credential. */
const seen: Array<{ url: string; body: string | null }> = [];
/** Requests to anywhere but the test server (there must be none). */
const foreign: string[] = [];
/** Uncaught errors in any page (there must be none). */
const pageErrors: string[] = [];

beforeAll(async () => {
  p = await startPageService();
  work = tempDir('avala-web-');
  valid = await issueDemoCredential(p.svc, DEMO_CASES[0]);
  // The camera: Chromium's fake capture device plays a video of the certificate's QR code.
  fs.writeFileSync(path.join(work, 'qr.y4m'), await qrVideo(qrUrlOf(valid)));
  browser = await launchChromium(['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${path.join(work, 'qr.y4m')}`]);
  fs.mkdirSync(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  expect(pageErrors).toEqual([]);
  await browser?.close();
  await p?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

function qrUrlOf(c: IssuedDemo): string {
  return verifierUrl(PUBLIC_URL, encodeQrPayload(c.jwt));
}

/** The QR code's URL, moved to the test server (the part after `#` is the payload the code carries). */
function testUrlOf(qrUrl: string): string {
  return `${p.url}/V${qrUrl.slice(qrUrl.indexOf('#'))}`;
}

async function newPage(opts: { camera?: boolean } = {}): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ ...PHONE, ...(opts.camera ? { permissions: ['camera'] } : {}) });
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith(`${p.url}/`) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  await page.clock.setFixedTime(p.svc.clock());
  page.on('request', (r) => seen.push({ url: r.url(), body: r.postData() }));
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return { page, context };
}

async function verdictOf(page: Page): Promise<string> {
  await page.waitForSelector('#result[data-verdict="valid"], #result[data-verdict="superseded"], #result[data-verdict="invalid"], #result[data-verdict="undecided"]', { timeout: 60_000 });
  return (await page.locator('#result').getAttribute('data-verdict'))!;
}

/** Opens the credential's QR link on a phone and waits for the verdict: the page, its verdict and the result's text. */
async function openCredential(c: IssuedDemo): Promise<{ page: Page; context: BrowserContext; verdict: string; text: string }> {
  const { page, context } = await newPage();
  await page.goto(testUrlOf(qrUrlOf(c)));
  const verdict = await verdictOf(page);
  return { page, context, verdict, text: await resultText(page) };
}

/** What the page shows of the result, as one line of text. */
async function resultText(page: Page): Promise<string> {
  return (await page.locator('#result').innerText()).replace(/\s+/g, ' ');
}

function assertNothingCarries(secret: string): void {
  // A long run of the payload, or any JWT segment: enough to find the credential in a URL or a body.
  const needles = [secret.slice(1, 64), ...secret.split('.').filter((s) => s.length > 20).map((s) => s.slice(0, 40))];
  for (const r of seen) for (const n of needles) {
    expect(r.url.includes(n), `request ${r.url.slice(0, 80)} carries the credential`).toBe(false);
    expect(r.body?.includes(n) ?? false, `body of ${r.url.slice(0, 80)} carries the credential`).toBe(false);
  }
}

describe('the verifier page opened from a QR code', () => {
  it('says VÁLIDO for the format-2 code the certificate prints (the signed claims), and NO VÁLIDO when a claim in it is changed', async () => {
    const payload = credentialQrPayload(valid);
    expect(payload[0]).toBe('2');
    const { page, context } = await newPage();
    await page.goto(testUrlOf(verifierUrl(PUBLIC_URL, payload)));
    expect(await verdictOf(page)).toBe('valid');
    const text = await resultText(page);
    // The title, level and body name come from the signed trust registry: format 2 names the standard by its code.
    for (const s of ['VÁLIDO', 'María Guadalupe Hernández Castañeda', 'EC0217', 'Impartición de cursos', 'Universidad del Valle de Anáhuac (demo)', '1 de junio de 2026', '1 de junio de 2029']) expect(text).toContain(s);
    await page.screenshot({ path: path.join(SHOTS, 'valid-format-2-phone.png') });
    const d = decodeQrPayload2(payload);
    const forged = encodeQrPayload2(coseSign1(cwtPayload({ ...d.claims, validUntil: '2099-06-01T12:00:00Z' }), d.signature));
    await page.goto(testUrlOf(verifierUrl(PUBLIC_URL, forged)));
    await page.reload();
    expect(await verdictOf(page)).toBe('invalid');
    assertNothingCarries(payload);
    expect(foreign).toEqual([]);
    await context.close();
  });

  it('shows SUSTITUIDO and the new id for a renewed certificate (phone size)', async () => {
    const c = DEMO_CASES[0];
    const old = await issueDemoCredential(p.svc, c);
    const body = (await p.svc.services.registry.listBodies()).find((b) => b.slug === c.body)!;
    const actor = (roles: string) => {
      const k = p.svc.demo.find((d) => d.body === c.body && d.roles.join(',') === roles)!;
      return { staffId: k.staffId, bodyId: body.id, roles: k.roles };
    };
    const e = await p.svc.services.issuance.recordEvaluation(actor('evaluator'), {
      candidate: { name: c.holder, curp: c.curp17 + curpCheckDigit(c.curp17), email: null },
      standard: { code: c.code },
      centre: c.centre,
      evaluatedOn: '2026-05-21',
      result: 'competent',
      renewsCredentialId: old.id,
    });
    const renewal = (await p.svc.services.issuance.certify(actor('certifier'), e.id)).credential;
    const { page, context, verdict, text } = await openCredential(old);
    expect(verdict).toBe('superseded');
    expect(text).toContain('SUSTITUIDO');
    expect(text).toContain(`por el certificado ${renewal.id}`);
    expect(text).not.toContain('VÁLIDO');
    await page.screenshot({ path: path.join(SHOTS, 'superseded-phone.png') });
    await page.click('#lang-toggle');
    const en = await resultText(page);
    expect(en).toContain('SUPERSEDED');
    expect(en).toContain(`by certificate ${renewal.id}`);
    await context.close();
  });

  it('says VÁLIDO with the worker, the standard, the body and the dates, without sending the credential anywhere', async () => {
    const { page, context } = await newPage();
    const qr = qrUrlOf(valid);
    await page.goto(testUrlOf(qr));
    expect(await verdictOf(page)).toBe('valid');
    const text = await resultText(page);
    for (const s of ['VÁLIDO', 'María Guadalupe Hernández Castañeda', 'EC0217', 'Impartición de cursos', 'Nivel 3', 'Universidad del Valle de Anáhuac (demo)', 'Acreditado para EC0217 v1', '1 de junio de 2026', '1 de junio de 2029', 'Vigente']) {
      expect(text).toContain(s);
    }
    await page.screenshot({ path: path.join(SHOTS, 'valid-phone.png') });
    await page.screenshot({ path: path.join(SHOTS, 'valid-phone-full.png'), fullPage: true });

    // What the page asked for: itself, its assets, the trust registry, the two status lists and the body's
    // supersession register. Nothing else.
    const paths = seen.map((r) => new URL(r.url).pathname).sort();
    expect(paths).toEqual(expect.arrayContaining(['/V', '/registry/trust', '/web/verifier.css', '/web/verifier.js']));
    // The offline shell too: the service worker, the manifest and icon, and what the worker keeps (the page, pdf.js).
    const shell = ['/V', '/verify', '/registry/trust', '/web/verifier.css', '/web/verifier.js', '/verifier-sw.js', '/web/verifier.webmanifest', '/web/verifier-icon.svg', '/web/pdf.mjs', '/web/pdf.worker.mjs'];
    expect(paths.filter((x) => !shell.includes(x)).filter((x) => !/^\/status\/[\w-]+(\/supersessions)?$/.test(x))).toEqual([]);
    assertNothingCarries(qr.slice(qr.indexOf('#') + 1));
    assertNothingCarries(valid.jwt);
    expect(foreign).toEqual([]);
    await context.close();
  });

  it('has no serious or critical accessibility finding (axe, WCAG 2.1 AA) at phone and desktop sizes: the verifier empty, VÁLIDO, NO VÁLIDO, English', async () => {
    const qr = qrUrlOf(valid);
    const [h, body, sig] = valid.jwt.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { validUntil: string };
    claims.validUntil = '2099-01-01T00:00:00Z';
    const tampered = testUrlOf(verifierUrl(PUBLIC_URL, encodeQrPayload(`${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${sig}`)));
    for (const size of [PHONE, { viewport: { width: 1280, height: 900 }, locale: 'es-MX' }]) {
      const context = await browser.newContext(size);
      const page = await context.newPage();
      await page.clock.setFixedTime(p.svc.clock());
      for (const [url, verdict] of [[`${p.url}/verify`, null], [testUrlOf(qr), 'valid'], [tampered, 'invalid'], [`${testUrlOf(qr).replace('/V#', '/V?lang=en#')}`, 'valid']] as const) {
        await page.goto('about:blank');
        await page.goto(url);
        if (verdict) expect(await verdictOf(page)).toBe(verdict);
        else await page.waitForLoadState('networkidle');
        expect({ url, findings: await seriousAccessibilityFindings(page) }).toEqual({ url, findings: [] });
      }
      // The check itself can fail: an unlabelled field and an image without a text alternative are found.
      await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<input id="unlabelled"><img id="no-alt" src="data:,">'));
      expect((await seriousAccessibilityFindings(page)).map((f) => f.id).sort()).toEqual(expect.arrayContaining(['image-alt', 'label']));
      await context.close();
    }
  });

  it('isolates the worker\'s name and every fact it shows with dir=auto, so right-to-left text cannot reorder the page', async () => {
    const { page, context, verdict } = await openCredential(valid);
    expect(verdict).toBe('valid');
    const isolated = await page.evaluate(() => ({
      holder: document.querySelector('.holder')?.getAttribute('dir'),
      facts: Array.from(document.querySelectorAll('dl.facts dd'), (d) => d.getAttribute('dir')),
    }));
    expect(isolated.holder).toBe('auto');
    expect(isolated.facts.length).toBeGreaterThan(3);
    expect(new Set(isolated.facts)).toEqual(new Set(['auto']));
    await context.close();
  });

  it('switches to English in place, keeping the fragment, and checks a typed CURP on the device', async () => {
    const { page, context, verdict } = await openCredential(valid);
    expect(verdict).toBe('valid');
    await page.click('#lang-toggle');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const text = await resultText(page);
    expect(text).toContain('VALID');
    expect(text).toContain('VALID UNTIL'); // labels are upper-cased by the style sheet
    expect(text).toContain('June 1, 2029');
    expect(page.url()).toContain('lang=en');
    expect(page.url()).toContain('#1');

    const curp = DEMO_CASES[0].curp17 + curpCheckDigit(DEMO_CASES[0].curp17);
    await page.fill('#curp-input', curp.toLowerCase());
    await page.press('#curp-input', 'Enter');
    await expect.poll(() => page.locator('#curp-result').innerText()).toContain("The CURP matches this certificate's");
    const other = 'HECG850412MJCRSD1'.slice(0, 17);
    await page.fill('#curp-input', other + curpCheckDigit(other));
    await page.click('#curp-form button[type="submit"]');
    await expect.poll(() => page.locator('#curp-result').innerText()).toContain('does NOT match');
    assertNothingCarries(curp);
    await context.close();
  });

  it('says NO VÁLIDO for a revoked credential and names the revocation', async () => {
    const revoked = await issueDemoCredential(p.svc, DEMO_CASES[7]);
    await p.svc.services.status.change(revoked.id, 'revoke', { reason: 'fraud' }, { kind: 'admin' });
    const { page, context, verdict, text } = await openCredential(revoked);
    expect(verdict).toBe('invalid');
    expect(text).toContain('NO VÁLIDO');
    expect(text).toContain('Motivo: Revocado.');
    expect(text).toContain('El organismo que lo emitió lo revocó: ya no es válido.');
    expect(text).toContain('Juan Pérez Cruz');
    expect(await page.locator('.fact.bad dd').allInnerTexts()).toEqual(['Revocado']);
    await page.screenshot({ path: path.join(SHOTS, 'revoked-phone.png') });
    await page.screenshot({ path: path.join(SHOTS, 'revoked-phone-full.png'), fullPage: true });
    await context.close();
  });

  it('says NO VÁLIDO for a tampered credential and shows nothing it claims', async () => {
    const [h, body, sig] = valid.jwt.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { credentialSubject: { identifier: Array<{ identityHash: string }> } };
    claims.credentialSubject.identifier[0]!.identityHash = 'Impostor Pérez';
    const tampered = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${sig}`;
    const { page, context } = await newPage();
    await page.goto(testUrlOf(verifierUrl(PUBLIC_URL, encodeQrPayload(tampered))));
    expect(await verdictOf(page)).toBe('invalid');
    const text = await resultText(page);
    expect(text).toContain('NO VÁLIDO');
    expect(text).toContain('nada de lo que dice es confiable');
    expect(text).toContain('Motivo: Firma no válida. La firma digital no coincide: el certificado fue alterado o no lo firmó el organismo que dice.');
    expect(text).not.toContain('Impostor');
    await page.screenshot({ path: path.join(SHOTS, 'tampered-phone.png') });
    await context.close();
  });
});

describe('what is not a competency certificate', () => {
  it('reports a non-competency credential by name, never as VÁLIDO (an attendance credential, at phone size)', async () => {
    const body = await p.svc.services.registry.getBodyBySlug('universidad-del-valle');
    const certifier = p.svc.demo.find((d) => d.body === 'universidad-del-valle' && d.roles.join(',') === 'certifier')!;
    const { credential } = await p.svc.services.issuance.issueOther(
      { staffId: certifier.staffId, bodyId: body.id, roles: certifier.roles },
      { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], name: 'Constancia de asistencia', credentialSubject: { id: 'did:example:asistente', name: 'Asistente al taller' } },
      { securing: 'jwt', withStatus: true },
    );
    const { page, context } = await newPage();
    await page.goto(`${p.url}/verify`);
    await page.waitForSelector('html[data-ready="true"]');
    await page.fill('#paste-input', credential.jwt!);
    await page.click('#paste-form button[type="submit"]');
    await page.waitForSelector('#result[data-verdict="not-competency"]', { timeout: 60_000 });
    const es = await resultText(page);
    expect(es).toContain('NO ES UN CERTIFICADO DE COMPETENCIA');
    expect(es).toContain('Credencial auténtica, pero no es un certificado de competencia laboral');
    // The verdict word is its own, never VÁLIDO (the page's only other words with it are the labels' "Vigente hasta").
    expect(await page.locator('#verdict .verdict-word').innerText()).toBe('NO ES UN CERTIFICADO DE COMPETENCIA');
    expect(es).not.toContain('VÁLIDO');
    expect(es).not.toContain('Acreditado para');
    expect(es).toContain('TITULAR Asistente al taller'); // nobody is "certified" by it
    await page.screenshot({ path: path.join(SHOTS, 'not-competency-phone.png') });
    await page.click('#lang-toggle');
    const en = await resultText(page);
    expect(en).toContain('NOT A COMPETENCY CERTIFICATE');
    expect(en).toContain('Authentic, but not a national competency certificate');
    expect(await page.locator('#verdict .verdict-word').innerText()).toBe('NOT A COMPETENCY CERTIFICATE');
    expect(foreign).toEqual([]);
    await context.close();
  });
});

describe('the other ways in', () => {
  it('reads an uploaded PNG of the QR code, and a screenshot of the whole printed certificate', async () => {
    const { page, context } = await newPage();
    await page.goto(`${p.url}/verify`);
    await page.waitForSelector('html[data-ready="true"]');
    const png = await renderQrPng(qrUrlOf(valid), { scale: 4 });
    await page.setInputFiles('#file-input', { name: 'qr.png', mimeType: 'image/png', buffer: png });
    expect(await verdictOf(page)).toBe('valid');
    expect(await resultText(page)).toContain('María Guadalupe Hernández Castañeda');

    const pdf = Buffer.from(await (await fetch(`${p.url}${new URL(valid.claimUrl).pathname}/certificate.pdf`)).arrayBuffer());
    fs.writeFileSync(path.join(work, 'cert.pdf'), pdf);
    // 110 dpi: about what a laptop screen shows of an A4 page at full width.
    execFileSync('pdftoppm', ['-r', '110', '-png', '-singlefile', path.join(work, 'cert.pdf'), path.join(work, 'cert')]);
    await page.evaluate(() => document.getElementById('result')!.setAttribute('data-verdict', 'idle'));
    await page.setInputFiles('#file-input', { name: 'captura.png', mimeType: 'image/png', buffer: fs.readFileSync(path.join(work, 'cert.png')) });
    expect(await verdictOf(page)).toBe('valid');
    assertNothingCarries(valid.jwt);
    await context.close();
  });

  it('verifies a pasted VC-JWT, and refuses an image with no QR code or a QR code of something else', async () => {
    const { page, context } = await newPage();
    await page.goto(`${p.url}/verify?lang=en`);
    await page.waitForSelector('html[data-ready="true"]');
    await page.fill('#paste-input', valid.jwt);
    await page.click('#paste-form button[type="submit"]');
    expect(await verdictOf(page)).toBe('valid');
    expect(await resultText(page)).toContain('VALID');

    const blank = new PNG({ width: 200, height: 200 });
    blank.data.fill(255);
    await page.setInputFiles('#file-input', { name: 'blank.png', mimeType: 'image/png', buffer: PNG.sync.write(blank) });
    await expect.poll(() => page.locator('#input-error').innerText()).toContain('No QR code was found');
    await page.setInputFiles('#file-input', { name: 'menu.png', mimeType: 'image/png', buffer: await renderQrPng('https://example.com/menu') });
    await expect.poll(() => page.locator('#input-error').innerText()).toContain('not an Avala certificate');
    expect(foreign).toEqual([]);
    await context.close();
  });

  it('scans with the camera (jsQR on video frames where BarcodeDetector cannot read QR codes)', async () => {
    const { page, context } = await newPage({ camera: true });
    await page.goto(`${p.url}/verify`);
    await page.waitForSelector('html[data-ready="true"]');
    await page.click('#scan-button');
    expect(await verdictOf(page)).toBe('valid');
    expect(await resultText(page)).toContain('María Guadalupe Hernández Castañeda');
    // The camera is released once the code is read.
    expect(await page.locator('#camera').isHidden()).toBe(true);
    assertNothingCarries(valid.jwt);
    await context.close();
  });
});

describe('an expired credential', () => {
  it('says NO VÁLIDO, Vencido, once the clock passes validUntil', async () => {
    const c = await issueDemoCredential(p.svc, DEMO_CASES[1]);
    const before = p.svc.clock().toISOString();
    p.svc.clock.set('2029-06-02T12:00:00.000Z');
    try {
      const { page, context, verdict, text } = await openCredential(c);
      expect(verdict).toBe('invalid');
      expect(text).toContain('NO VÁLIDO');
      expect(text).toContain('Motivo: Vencido. El certificado venció el 1 de junio de 2029; la persona debe renovarlo.');
      expect(text).toContain('José Luis Martínez Ortega');
      expect(await page.locator('.fact.bad dd').first().innerText()).toBe('1 de junio de 2029');
      await page.screenshot({ path: path.join(SHOTS, 'expired-phone.png') });
      await context.close();
    } finally {
      p.svc.clock.set(before);
    }
  });
});

/** A few frames of YUV4MPEG2 (what Chromium's fake camera plays) showing the QR code for `url` on white. */
async function qrVideo(url: string): Promise<Buffer> {
  const W = 960;
  const H = 720;
  const qr = PNG.sync.read(await renderQrPng(url, { scale: 6 }));
  const y = Buffer.alloc(W * H, 235);
  const ox = Math.floor((W - qr.width) / 2);
  const oy = Math.floor((H - qr.height) / 2);
  for (let r = 0; r < qr.height; r++) {
    for (let c = 0; c < qr.width; c++) {
      const i = (r * qr.width + c) * 4;
      y[(oy + r) * W + ox + c] = qr.data[i]! < 128 ? 16 : 235;
    }
  }
  const chroma = Buffer.alloc((W / 2) * (H / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma, chroma]);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), frame, frame, frame, frame, frame]);
}

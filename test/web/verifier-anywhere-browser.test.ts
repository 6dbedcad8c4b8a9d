/**
 * The verifier that works anywhere (issue 15 item 3), in a real browser at phone size: the certificate PDF dropped on
 * the page, several files at once, a pasted share link, Accept-Language, the printable receipt, and working offline
 * (Chromium's offline mode) with the age of its data, a revocation seen offline, and no VÁLIDO on data past its
 * validity.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PHONE as PHONE_SIZE, launchChromium } from '../helpers/browser.js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeQrPayload, renderQrPng, verifierUrl } from '../../src/qr/index.js';
import { seriousAccessibilityFindings } from '../helpers/axe.js';
import { PUBLIC_URL } from '../helpers/harness.js';
import { DEMO_CASES, issueDemoCredential, type IssuedDemo } from '../qr/demo-credentials.js';
import { startPageService, type PageService } from './page-app.js';

vi.setConfig({ testTimeout: 120_000 });

const SHOTS = path.resolve('test-results/web');
// A phone set to Spanish (Mexico): the page follows Accept-Language.
const PHONE = { ...PHONE_SIZE, locale: 'es-MX' } as const;

let p: PageService;
let browser: Browser;
let valid: IssuedDemo;
let pdf: Buffer;
const pageErrors: string[] = [];

beforeAll(async () => {
  p = await startPageService();
  valid = await issueDemoCredential(p.svc, DEMO_CASES[0]);
  pdf = await certificatePdf(valid);
  browser = await launchChromium();
  fs.mkdirSync(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  expect(pageErrors).toEqual([]);
  await browser?.close();
  await p?.close();
});

async function certificatePdf(c: IssuedDemo): Promise<Buffer> {
  return Buffer.from(await (await fetch(`${p.url}${new URL(c.claimUrl).pathname}/certificate.pdf`)).arrayBuffer());
}

function qrUrlOf(c: IssuedDemo): string {
  return verifierUrl(PUBLIC_URL, encodeQrPayload(c.jwt));
}

function testUrlOf(c: IssuedDemo): string {
  const qr = qrUrlOf(c);
  return `${p.url}/V${qr.slice(qr.indexOf('#'))}`;
}

async function newContext(opts: { locale?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...PHONE, ...(opts.locale ? { locale: opts.locale } : {}) });
  const page = await context.newPage();
  await page.clock.setFixedTime(p.svc.clock());
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return { context, page };
}

async function ready(page: Page, url = `${p.url}/verify`): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('html[data-ready="true"]');
}

async function verdictOf(page: Page): Promise<string> {
  await page.waitForSelector('#result[data-verdict="valid"], #result[data-verdict="superseded"], #result[data-verdict="invalid"], #result[data-verdict="undecided"], #result[data-verdict="batch"]', { timeout: 90_000 });
  return (await page.locator('#result').getAttribute('data-verdict'))!;
}

async function resultText(page: Page): Promise<string> {
  return (await page.locator('#result').innerText()).replace(/\s+/g, ' ');
}

/** Drops files on the page the way a person drags them from a folder: a real drop event with a DataTransfer. */
async function dropFiles(page: Page, files: Array<{ name: string; type: string; bytes: Buffer }>): Promise<void> {
  const data = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
    return dt;
  }, files.map((f) => ({ name: f.name, type: f.type, b64: f.bytes.toString('base64') })));
  await page.dispatchEvent('#inputs', 'drop', { dataTransfer: data });
}

/** Opens the page online, verifies `c` once (its lists are saved), and waits until the offline copy is in place. */
async function visitOnline(page: Page, c: IssuedDemo): Promise<void> {
  await page.goto(testUrlOf(c));
  await verdictOf(page);
  await page.waitForSelector('html[data-offline-ready="true"]', { timeout: 60_000 });
}

describe('the certificate PDF, several files and a share link', () => {
  it('verifies the certificate PDF dropped on the page (phone size), with a receipt naming the registry and list versions', async () => {
    const { context, page } = await newContext();
    await ready(page);
    await dropFiles(page, [{ name: 'certificado.pdf', type: 'application/pdf', bytes: pdf }]);
    expect(await verdictOf(page)).toBe('valid');
    const text = await resultText(page);
    expect(text).toContain('VÁLIDO');
    expect(text).toContain('María Guadalupe Hernández Castañeda');
    // The receipt: what, the verdict, the registry's version and each status list's, date and time.
    const receipt = (await page.locator('#receipt').innerText()).replace(/\s+/g, ' ');
    expect(receipt).toContain('Comprobante de verificación');
    expect(receipt).toContain('Archivo «certificado.pdf»');
    expect(receipt).toContain(valid.id);
    expect(receipt).toMatch(/Resultado VÁLIDO/i);
    const trust = await (await fetch(`${p.url}/registry/trust`)).text();
    const iat = (JSON.parse(Buffer.from(trust.split('.')[1]!, 'base64url').toString('utf8')) as { iat: number }).iat;
    expect(receipt).toContain(`versión del ${dateTimeEs(new Date(iat * 1000).toISOString())}`);
    const claims = JSON.parse(Buffer.from(valid.jwt.split('.')[1]!, 'base64url').toString('utf8')) as { credentialStatus: Array<{ statusListCredential: string }> };
    const listIds = [...new Set(claims.credentialStatus.map((s) => new URL(s.statusListCredential).pathname.replace(/^.*\/status\//, '')))];
    expect(listIds.length).toBeGreaterThan(0);
    for (const id of listIds) expect(receipt).toMatch(new RegExp(`${id}: versión del .+, válida hasta el .+\\(obtenido en línea\\)`));
    expect(receipt).toContain(dateTimeEs(p.svc.clock().toISOString()));
    // Printed, the receipt is what is left: no inputs, no buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#inputs').isVisible()).toBe(false);
    expect(await page.locator('#receipt-print').isVisible()).toBe(false);
    expect(await page.locator('#receipt').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    await page.screenshot({ path: path.join(SHOTS, 'pdf-dropped-phone-full.png'), fullPage: true });
    expect(await seriousAccessibilityFindings(page)).toEqual([]);
    await context.close();
  });

  it('checks several files at once and lists one verdict per file', async () => {
    const revoked = await issueDemoCredential(p.svc, DEMO_CASES[7]);
    await p.svc.services.status.change(revoked.id, 'revoke', { reason: 'fraud' }, { kind: 'admin' });
    const blank = new PNG({ width: 120, height: 120 });
    blank.data.fill(255);
    const { context, page } = await newContext();
    await ready(page);
    await page.setInputFiles('#file-input', [
      { name: 'solicitud-1.pdf', mimeType: 'application/pdf', buffer: pdf },
      { name: 'solicitud-2.png', mimeType: 'image/png', buffer: await renderQrPng(qrUrlOf(revoked), { scale: 4 }) },
      { name: 'solicitud-3.png', mimeType: 'image/png', buffer: PNG.sync.write(blank) },
    ]);
    expect(await verdictOf(page)).toBe('batch');
    const items = page.locator('#batch > li');
    expect(await items.count()).toBe(3);
    expect(await items.evaluateAll((li) => li.map((l) => l.getAttribute('data-verdict')))).toEqual(['valid', 'invalid', 'error']);
    const texts = (await items.allInnerTexts()).map((s) => s.replace(/\s+/g, ' '));
    expect(texts[0]).toContain('solicitud-1.pdf');
    expect(texts[0]).toContain('VÁLIDO');
    expect(texts[0]).toContain('María Guadalupe Hernández Castañeda');
    expect(texts[1]).toContain('NO VÁLIDO');
    expect(texts[1]).toContain('Juan Pérez Cruz');
    expect(texts[1]).toContain('Revocado');
    expect(texts[2]).toContain('No se encontró un código QR');
    expect(await resultText(page)).toContain('3 archivos verificados');
    expect(await resultText(page)).toContain('1 de 3 válidos');
    const receipt = await page.locator('#receipt').innerText();
    for (const n of ['solicitud-1.pdf', 'solicitud-2.png', 'solicitud-3.png']) expect(receipt).toContain(n);
    await page.screenshot({ path: path.join(SHOTS, 'several-files-phone-full.png'), fullPage: true });
    expect(await seriousAccessibilityFindings(page)).toEqual([]);
    await context.close();
  });

  it('verifies a pasted share link (the verifier URL of the certificate), and says so on the receipt', async () => {
    const { context, page } = await newContext();
    await ready(page);
    await page.fill('#paste-input', qrUrlOf(valid));
    await page.click('#paste-form button[type="submit"]');
    expect(await verdictOf(page)).toBe('valid');
    expect(await page.locator('#receipt').innerText()).toContain('Enlace pegado');
    await context.close();
  });

  it('refuses a PDF without a QR code in plain words', async () => {
    const { context, page } = await newContext({ locale: 'en-US' });
    await ready(page);
    const empty = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF');
    await page.setInputFiles('#file-input', { name: 'blank.pdf', mimeType: 'application/pdf', buffer: empty });
    await expect.poll(() => page.locator('#input-error').innerText(), { timeout: 60_000 }).toMatch(/No QR code was found on the first page of the PDF|The PDF could not be opened/);
    await context.close();
  });
});

describe('Accept-Language', () => {
  it('opens in English for a browser that prefers English, in Spanish otherwise; ?lang= wins', async () => {
    for (const [locale, lang, word] of [['en-US', 'en', 'Verify a certificate'], ['es-MX', 'es', 'Verificar un certificado'], ['fr-FR', 'es', 'Verificar un certificado']] as const) {
      const { context, page } = await newContext({ locale });
      await ready(page);
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      expect(await page.locator('#inputs-title').innerText()).toBe(word);
      await context.close();
    }
    const { context, page } = await newContext({ locale: 'en-US' });
    await ready(page, `${p.url}/verify?lang=es`);
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    await context.close();
  });
});

describe('offline, once opened', () => {
  it('still verifies with the network cut, and says how old its data is', async () => {
    const { context, page } = await newContext();
    await visitOnline(page, valid);
    await context.setOffline(true);
    await page.goto('about:blank');
    await page.goto(testUrlOf(valid));
    expect(await verdictOf(page)).toBe('valid');
    const text = await resultText(page);
    expect(text).toContain('VÁLIDO');
    expect(text).toContain(`Sin conexión: estado al ${dateTimeEs(p.svc.clock().toISOString())}`);
    expect(await page.locator('#receipt').innerText()).toContain('copia guardada en este dispositivo');
    await page.screenshot({ path: path.join(SHOTS, 'offline-valid-phone.png') });
    // English says it too.
    await page.click('#lang-toggle');
    expect(await resultText(page)).toContain('Offline: status as of');
    // A certificate whose list this device never saw: could not confirm, because offline.
    const other = await issueDemoCredential(p.svc, DEMO_CASES[5]);
    await page.click('#lang-toggle');
    await page.goto('about:blank');
    await page.goto(testUrlOf(other));
    expect(await verdictOf(page)).toBe('undecided');
    const undecided = await resultText(page);
    expect(undecided).toContain('NO SE PUDO CONFIRMAR');
    expect(undecided).toContain('Sin conexión a internet, y este dispositivo no tiene guardada la lista de estado');
    expect(undecided).not.toMatch(/(^|[^O] )VÁLIDO/);
    expect(await seriousAccessibilityFindings(page)).toEqual([]);
    await context.close();
  });

  it('reads NO VÁLIDO offline for a certificate revoked after the first visit, once its list was saved after the revocation', async () => {
    const c = await issueDemoCredential(p.svc, DEMO_CASES[8]);
    const { context, page } = await newContext();
    await visitOnline(page, c);
    expect(await verdictOf(page)).toBe('valid');
    await p.svc.services.status.change(c.id, 'revoke', { reason: 'fraud' }, { kind: 'admin' });
    // Online again: the list is revalidated, the revocation seen, and the new list saved.
    await page.goto('about:blank');
    await page.goto(testUrlOf(c));
    expect(await verdictOf(page)).toBe('invalid');
    await context.setOffline(true);
    await page.goto('about:blank');
    await page.goto(testUrlOf(c));
    expect(await verdictOf(page)).toBe('invalid');
    const text = await resultText(page);
    expect(text).toContain('NO VÁLIDO');
    expect(text).toContain('Motivo: Revocado.');
    expect(text).toContain('Sin conexión: estado al');
    await page.screenshot({ path: path.join(SHOTS, 'offline-revoked-phone.png') });
    await context.close();
  });

  it('refuses to say VÁLIDO when the saved lists are past their validity, and names that cause', async () => {
    const { context, page } = await newContext();
    await visitOnline(page, valid);
    await context.setOffline(true);
    // Two days later, still offline: the lists (valid a day) have expired; the registry (a week's grace) has not.
    await page.clock.setFixedTime(new Date(p.svc.clock().getTime() + 2 * 24 * 3600_000));
    await page.goto('about:blank');
    await page.goto(testUrlOf(valid));
    expect(await verdictOf(page)).toBe('undecided');
    const text = await resultText(page);
    expect(text).toContain('NO SE PUDO CONFIRMAR');
    expect(text).toContain('La lista de estado guardada en este dispositivo venció el');
    expect(await page.locator('#verdict .verdict-word').innerText()).toBe('NO SE PUDO CONFIRMAR');
    // Ten days later the registry itself is past its validity: nothing is verified with it.
    await page.clock.setFixedTime(new Date(p.svc.clock().getTime() + 10 * 24 * 3600_000));
    await page.goto('about:blank');
    await page.goto(testUrlOf(valid));
    expect(await verdictOf(page)).toBe('undecided');
    const later = await resultText(page);
    expect(later).toContain('NO SE PUDO VERIFICAR');
    expect(later).toContain('El registro nacional de confianza guardado en este dispositivo venció el');
    await context.close();
  });

  it('serves a manifest and a service worker under a CSP that allows the worker and no inline script', async () => {
    const page = await fetch(`${p.url}/verify`);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("worker-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(await page.text()).toContain('<link rel="manifest" href="web/verifier.webmanifest">');
    const sw = await fetch(`${p.url}/verifier-sw.js`);
    expect(sw.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await sw.text()).toContain("addEventListener('fetch'");
    const manifest = (await (await fetch(`${p.url}/web/verifier.webmanifest`)).json()) as { start_url: string; icons: unknown[] };
    expect(manifest.start_url).toBe('../verify');
    expect(manifest.icons.length).toBeGreaterThan(0);
  });
});

function dateTimeEs(iso: string): string {
  return new Intl.DateTimeFormat('es-MX', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'America/Mexico_City', timeZoneName: 'short' }).format(new Date(iso));
}

/**
 * The authority's oversight and audit pages in a real browser (Debian's Chromium via playwright-core) at phone and
 * desktop sizes, over a service with planted anomalies (the same CURP certified for EC0217 by two bodies, a burst
 * by one evaluator): the authority signs in, reads the chart and the flags, opens the certificates behind a flag,
 * switches to monthly by evaluator, searches the audit log; no script runs (the chart is SVG drawn on the server),
 * and axe (WCAG 2.1 AA) finds nothing serious or critical, in Spanish and English.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seriousAccessibilityFindings } from '../helpers/axe.js';
import { startTestService, testClock, type TestService } from '../helpers/harness.js';
import { actor, curpFor } from '../helpers/people.js';
import { civilDate } from '../../src/console/index.js';

vi.setConfig({ testTimeout: 120_000 });

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } as const;
const DESKTOP = { viewport: { width: 1280, height: 900 } } as const;
const PASSWORD = 'tres palabras bien largas';
const clock = testClock('2026-01-07T16:00:00.000Z');
const HOUR = 3_600_000;

let svc: TestService;
let browser: Browser;
let n = 0;

async function certificate(body: string, curp = curpFor(2000 + ++n)) {
  const e = await svc.services.issuance.recordEvaluation(actor(svc, body, 'evaluator'), { candidate: { name: `Persona ${n}`, curp }, standard: { code: 'EC0217' }, centre: 'Centro', evaluatedOn: civilDate(clock()), result: 'competent' });
  clock.advance(HOUR);
  return (await svc.services.issuance.certify(actor(svc, body, 'certifier'), e.id)).credential.id;
}

beforeAll(async () => {
  svc = await startTestService({ publicUrlIsOwnAddress: true, clock });
  for (let week = 0; week < 4; week++) {
    clock.set(new Date(Date.parse('2026-01-07T16:00:00.000Z') + week * 7 * 24 * HOUR).toISOString());
    await certificate('cecati-42');
    await certificate('universidad-del-valle');
  }
  await certificate('cecati-42', curpFor(9));
  clock.set('2026-02-03T15:00:00.000Z');
  for (let i = 0; i < 11; i++) await certificate('cecati-42');
  await certificate('universidad-del-valle', curpFor(9));
  const admin = await svc.services.console.addAuthorityAccount({ email: 'consejo@example.gob.mx', name: 'Consejo Nacional' });
  const link = await svc.services.console.passwordLink(admin.id);
  await svc.services.console.setPassword(new URL(link.url).searchParams.get('token')!, PASSWORD, PASSWORD);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await svc?.close();
});

function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 500 || (r.status() >= 400 && r.url().includes('/assets/'))) problems.push(`${r.status()} ${r.url()}`);
  });
  return problems;
}

async function axeClean(page: Page, label: string) {
  expect({ label, findings: await seriousAccessibilityFindings(page) }).toEqual({ label, findings: [] });
}

/** The page itself never scrolls sideways on a phone (wide tables scroll inside their own region). */
async function fitsWidth(page: Page, label: string) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect({ label, over: scroll > width + 1 }).toEqual({ label, over: false });
}

describe('oversight in a browser', () => {
  for (const [sizeName, size] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
    it(`shows the authority the volume chart, the flags and their certificates, and the audit log, on a ${sizeName}`, async () => {
      const context = await browser.newContext({ ...size, locale: 'es-MX' });
      const page = await context.newPage();
      const problems = watch(page);

      await page.goto(svc.url + '/login');
      await page.getByLabel('Correo electrónico').fill('consejo@example.gob.mx');
      await page.getByLabel('Contraseña').fill(PASSWORD);
      await page.getByLabel('Contraseña').press('Enter');
      await page.waitForURL('**/console/authority');
      await page.getByRole('link', { name: 'Supervisión' }).click();
      await page.waitForURL('**/console/authority/oversight');
      await expect(page.locator('h1').innerText()).resolves.toBe('Supervisión de la emisión');
      // The chart is an image with words; its figures are in the table.
      await expect(page.getByRole('img', { name: /Gráfica de barras: 21 certificados/ }).first().isVisible()).resolves.toBe(true);
      await expect(page.locator('#volume-table tr.sum td').last().innerText()).resolves.toBe('21');
      await expect(page.locator('#flags li.flag[data-kind="repeated-curp"]').count()).resolves.toBe(1);
      await expect(page.locator('#flags li.flag[data-kind="volume-jump"]').count()).resolves.toBe(2);
      await axeClean(page, `${sizeName} oversight`);
      await fitsWidth(page, `${sizeName} oversight`);

      // Monthly, by evaluator, with the page's own form.
      await page.getByLabel('Periodo', { exact: true }).selectOption('month');
      await page.getByLabel('Agrupar por', { exact: true }).selectOption('evaluator');
      await page.getByRole('button', { name: 'Mostrar' }).click();
      await page.waitForURL(/period=month&by=evaluator/);
      await expect(page.locator('#volume-table caption').innerText()).resolves.toContain('evaluador');
      await axeClean(page, `${sizeName} oversight monthly`);

      // The certificates behind the repeated CURP.
      await page.goto(svc.url + '/console/authority/oversight');
      await page.locator('#flags li.flag[data-kind="repeated-curp"] a').click();
      await expect(page.locator('h1').innerText()).resolves.toBe('Certificados detrás de una señal');
      await expect(page.locator('#flag-certificates tbody tr').count()).resolves.toBe(2);
      await expect(page.locator('#flag-certificates').innerText()).resolves.not.toContain(curpFor(9));
      await axeClean(page, `${sizeName} flag certificates`);
      await fitsWidth(page, `${sizeName} flag certificates`);

      // The audit log: the chain's state, a search by action.
      await page.getByRole('link', { name: 'Bitácora' }).click();
      await expect(page.locator('#chain-state').innerText()).resolves.toMatch(/La cadena está íntegra/);
      await page.getByLabel('Acción (nombre exacto)').fill('credential.issued');
      await page.getByRole('button', { name: 'Buscar' }).click();
      await expect(page.locator('#audit-entries tbody tr').count()).resolves.toBe(21);
      await axeClean(page, `${sizeName} audit`);
      await fitsWidth(page, `${sizeName} audit`);
      // A refused range, its error next to the field.
      await page.getByLabel('Desde (fecha)').fill('2026-02-01');
      await page.getByLabel('Hasta (fecha, incluida)').fill('2026-01-01');
      await page.getByRole('button', { name: 'Buscar' }).click();
      await expect(page.locator('#f-until-error').innerText()).resolves.toContain('anterior');
      await axeClean(page, `${sizeName} audit refused`);

      // In English.
      await page.goto(svc.url + '/console/authority/oversight');
      await page.getByRole('link', { name: 'English' }).click();
      await expect(page.locator('h1').innerText()).resolves.toBe('Issuance oversight');
      await axeClean(page, `${sizeName} oversight en`);
      await page.getByRole('link', { name: 'Audit log' }).click();
      await expect(page.locator('h1').innerText()).resolves.toBe('Audit log');
      await axeClean(page, `${sizeName} audit en`);

      expect(problems).toEqual([]);
      await context.close();
    });
  }
});

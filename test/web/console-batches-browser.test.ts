/**
 * The batch and certificate pages in a real browser (Debian's Chromium via playwright-core) at phone and desktop
 * sizes, as the journey goes: an evaluator uploads a CSV with bad rows and reads the report; a certifier
 * certifies the batch (its progress shown by the page's one script, under `script-src 'self'`), downloads every
 * worker's claim link, finds a worker by CURP and revokes their certificate after the confirmation. Each page is
 * checked by axe (WCAG 2.1 AA: nothing serious or critical), and no CSP refusal or script error may occur.
 */
import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BATCH_COLUMNS } from '../../src/issuance/index.js';
import { startTestService, type TestService } from '../helpers/harness.js';
import { PHONE, DESKTOP, PASSWORD, launchChromium, watch, axeClean } from '../helpers/browser.js';
import { curpFor } from '../helpers/people.js';

vi.setConfig({ testTimeout: 180_000 });

let svc: TestService;
let browser: Browser;

beforeAll(async () => {
  svc = await startTestService({ publicUrlIsOwnAddress: true });
  browser = await launchChromium();
  for (const [roles, email] of [['evaluator', 'eva.lotes@example.mx'], ['certifier', 'cert.lotes@example.mx']] as const) {
    const staffId = svc.demo.find((d) => d.body === 'cecati-42' && d.roles.join(',') === roles)!.staffId;
    const account = await svc.services.console.staffAccount(staffId, email);
    const link = await svc.services.console.passwordLink(account.id);
    await svc.services.console.setPassword(new URL(link.url).searchParams.get('token')!, PASSWORD, PASSWORD);
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await svc?.close();
});

async function signedIn(size: object, email: string): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ ...size, locale: 'es-MX', acceptDownloads: true });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(`${svc.url}/login`);
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Contraseña').fill(PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL(/\/console$/);
  return { context, page, problems };
}

/** 30 rows; three of them bad (lines 4, 12, 20): a wrong CURP check digit, a standard not accredited, no name. */
function cohort(prefix: string, base: number): string {
  const lines = [BATCH_COLUMNS.join(',')];
  for (let i = 0; i < 30; i += 1) {
    let curp = curpFor(base + i);
    let code = i % 2 ? 'EC0217' : 'EC0551';
    let name = `Trabajadora ${prefix} ${i}`;
    if (i === 2) curp = `${curp.slice(0, 17)}${(Number(curp[17]) + 1) % 10}`;
    if (i === 10) code = 'EC0038';
    if (i === 18) name = '';
    lines.push([`${prefix}-${i}`, name, curp, '', code, '', 'Centro Oriente', '2026-05-14', 'competent', '', ''].join(','));
  }
  return `${lines.join('\n')}\n`;
}

describe('batches and certificates in a browser', () => {
  for (const [sizeName, size, base] of [['phone', PHONE, 7000], ['desktop', DESKTOP, 8000]] as const) {
    it(`uploads a CSV with bad rows, reads the report, certifies, downloads the links, finds a worker by CURP and revokes, on a ${sizeName}`, async () => {
      const file = `cohorte-${sizeName}.csv`;
      const eva = await signedIn(size, 'eva.lotes@example.mx');
      await eva.page.getByRole('link', { name: 'Lotes', exact: true }).click();
      await expect(eva.page.locator('h1').innerText()).resolves.toBe('Lotes de evaluaciones');
      await axeClean(eva.page, `${sizeName} batches`);
      // The page's script found the form: the drop hint is shown.
      await expect(eva.page.locator('#upload .drop-hint').isVisible()).resolves.toBe(true);
      // The template and the sample are there to download.
      const [template] = await Promise.all([eva.page.waitForEvent('download'), eva.page.getByRole('link', { name: 'Descargar la plantilla (solo encabezados)' }).click()]);
      expect(fs.readFileSync((await template.path())!, 'utf8').trim()).toBe(BATCH_COLUMNS.join(','));
      await eva.page.getByLabel('Archivo CSV', { exact: true }).setInputFiles({ name: file, mimeType: 'text/csv', buffer: Buffer.from(cohort(sizeName, base)) });
      await eva.page.getByRole('button', { name: 'Subir y revisar' }).click();
      await expect(eva.page.locator('h1').innerText()).resolves.toBe(`Lote ${file}`);
      await expect(eva.page.getByRole('status').first().innerText()).resolves.toContain('27 filas nuevas importadas');
      const report = eva.page.locator('#row-errors tbody tr');
      await expect(report.count()).resolves.toBe(3);
      await expect(report.nth(0).innerText()).resolves.toMatch(/4[\s\S]*ERR_INVALID_CURP/);
      await expect(report.nth(1).innerText()).resolves.toMatch(/12[\s\S]*ERR_NOT_ACCREDITED/);
      await expect(report.nth(2).innerText()).resolves.toMatch(/20[\s\S]*candidate_name/);
      await axeClean(eva.page, `${sizeName} batch report`);
      const [errorsCsv] = await Promise.all([eva.page.waitForEvent('download'), eva.page.getByRole('link', { name: 'Descargar el reporte (CSV)' }).click()]);
      expect(fs.readFileSync((await errorsCsv.path())!, 'utf8').trim().split('\r\n')).toHaveLength(4);
      expect(eva.problems).toEqual([]);
      await eva.context.close();

      const cert = await signedIn(size, 'cert.lotes@example.mx');
      const page = cert.page;
      await page.getByRole('link', { name: 'Lotes', exact: true }).click();
      await page.getByRole('link', { name: file }).click();
      await page.getByRole('button', { name: 'Certificar el lote' }).click();
      await expect(page.locator('#progress-text').innerText({ timeout: 60_000 })).resolves.toMatch(/emitidos/);
      // The script reloads the page when the run ends; without it, «Actualizar» does the same.
      await page.waitForFunction(() => document.getElementById('progress')?.getAttribute('data-state') === 'done', undefined, { timeout: 120_000 });
      await expect(page.locator('#progress-text').innerText()).resolves.toContain('Certificación terminada: 27 certificados emitidos');
      await axeClean(page, `${sizeName} batch certified`);
      const [links] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Enlaces de cada persona (CSV)' }).click()]);
      const rows = fs.readFileSync((await links.path())!, 'utf8').trim().split('\r\n');
      expect(rows[0]).toBe('external_id,name,credential_id,claim_url');
      expect(rows).toHaveLength(28);

      // Find the worker of row 5 (external id …-5) by CURP, through the search form.
      const curp = curpFor(base + 5);
      await page.getByRole('link', { name: 'Certificados', exact: true }).click();
      await axeClean(page, `${sizeName} certificates`);
      await page.getByLabel('CURP').fill(curp);
      await page.getByRole('button', { name: 'Buscar' }).click();
      expect(page.url()).not.toContain(curp);
      await expect(page.locator('#results-title').innerText()).resolves.toBe('1 certificado');
      await axeClean(page, `${sizeName} certificate search`);
      await page.getByRole('link', { name: `Trabajadora ${sizeName} 5` }).click();
      await expect(page.locator('h1').innerText()).resolves.toBe(`Trabajadora ${sizeName} 5`);
      await axeClean(page, `${sizeName} certificate`);
      // A wallet offer for the worker: the QR code and the PIN to give by another channel.
      await page.getByRole('button', { name: 'Crear una oferta para cartera digital' }).click();
      await expect(page.locator('#wallet-pin').innerText()).resolves.toMatch(/^\d{6}$/);
      await axeClean(page, `${sizeName} certificate with a wallet offer`);
      await page.getByRole('link', { name: 'Revocar', exact: true }).click();
      await expect(page.locator('#employer-sees').innerText()).resolves.toContain('ya no es válido');
      await axeClean(page, `${sizeName} revoke confirmation`);
      // Without a reason the form comes back with the error next to its field.
      await page.getByRole('button', { name: 'Sí, revocar' }).click();
      await expect(page.locator('#f-reason-error').innerText()).resolves.toContain('Elija el motivo');
      await axeClean(page, `${sizeName} revoke refused`);
      await page.getByLabel('Motivo').selectOption('fraud');
      await page.getByLabel('Nota (opcional)').fill('Documento alterado');
      await page.getByRole('button', { name: 'Sí, revocar' }).click();
      await expect(page.getByRole('status').first().innerText()).resolves.toBe('Certificado revocado.');
      await expect(page.locator('#history').innerText()).resolves.toContain('Documento alterado');
      await axeClean(page, `${sizeName} certificate revoked`);
      await page.getByRole('link', { name: 'English' }).click();
      await expect(page.locator('#history').innerText()).resolves.toContain('Fraud');
      await axeClean(page, `${sizeName} certificate revoked en`);
      expect(cert.problems).toEqual([]);
      await cert.context.close();
    });
  }
});

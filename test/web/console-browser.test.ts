/**
 * The console in a real browser (Debian's Chromium via playwright-core) at phone and desktop sizes: a new staff
 * member follows their set-password link, signs in, reads the dashboard and signs out; every page renders under its
 * strict CSP and axe (WCAG 2.1 AA) finds nothing serious or critical, in Spanish and English.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestService, type TestService } from '../helpers/harness.js';
import { PHONE, DESKTOP, PASSWORD, launchChromium, watch, axeClean } from '../helpers/browser.js';

vi.setConfig({ testTimeout: 120_000 });

let svc: TestService;
let browser: Browser;

beforeAll(async () => {
  // The public URL is the server's own http address here: a browser keeps Secure cookies only from secure origins.
  svc = await startTestService({ publicUrlIsOwnAddress: true });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await svc?.close();
});

describe('the console in a browser', () => {
  for (const [sizeName, size] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
    it(`takes a new certifier from their link to the dashboard and out again, accessibly, on a ${sizeName}`, async () => {
      const staffId = svc.demo.find((d) => d.body === 'cecati-42' && d.roles.join(',') === 'certifier')!.staffId;
      const email = `cert-${sizeName}@example.mx`;
      // One account per staff member: each size is another body's certifier.
      const own = sizeName === 'phone' ? staffId : svc.demo.find((d) => d.body === 'universidad-del-valle' && d.roles.join(',') === 'certifier')!.staffId;
      const account = await svc.services.console.staffAccount(own, email);
      const link = await svc.services.console.passwordLink(account.id);

      const context = await browser.newContext({ ...size, locale: 'es-MX' });
      const page = await context.newPage();
      const problems = watch(page);

      await page.goto(svc.url + '/');
      await expect(page.locator('h1').innerText()).resolves.toMatch(/verificar/i);
      await axeClean(page, `${sizeName} landing es`);
      await page.getByRole('link', { name: 'English' }).click();
      await expect(page.locator('h1').innerText()).resolves.toMatch(/anyone can verify/i);
      await axeClean(page, `${sizeName} landing en`);

      // The link, in Spanish; a too-short password is refused next to its field.
      await page.goto(link.url);
      await expect(page.locator('h1').innerText()).resolves.toBe('Elija su contraseña');
      await axeClean(page, `${sizeName} set-password`);
      await page.getByLabel('Contraseña', { exact: true }).fill('corta');
      await page.getByLabel('Repita la contraseña').fill('corta');
      await page.getByRole('button', { name: 'Guardar contraseña' }).click();
      await expect(page.locator('#f-password-error').innerText()).resolves.toContain('al menos 12 caracteres');
      await expect(page.getByLabel('Contraseña', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
      await axeClean(page, `${sizeName} set-password refused`);
      await page.getByLabel('Contraseña', { exact: true }).fill(PASSWORD);
      await page.getByLabel('Repita la contraseña').fill(PASSWORD);
      await page.getByRole('button', { name: 'Guardar contraseña' }).click();
      await expect(page.locator('h1').innerText()).resolves.toBe('Contraseña guardada');

      // Sign in: a wrong password first (the message is announced), then the right one, keyboard only.
      await page.getByRole('link', { name: 'Iniciar sesión' }).first().click();
      await axeClean(page, `${sizeName} login`);
      await page.getByLabel('Correo electrónico').fill(email);
      await page.getByLabel('Contraseña').fill('no es la contraseña');
      await page.getByLabel('Contraseña').press('Enter');
      await expect(page.getByRole('alert').innerText()).resolves.toContain('no son correctos');
      await axeClean(page, `${sizeName} login refused`);
      await page.getByLabel('Contraseña').fill(PASSWORD);
      await page.getByLabel('Contraseña').press('Enter');
      await page.waitForURL(/\/console$/);
      await expect(page.locator('h1').innerText()).resolves.toBe('Panel');
      await expect(page.locator('#issued-this-month').innerText()).resolves.toMatch(/^\d+\s+Certificados emitidos este mes$/);
      await axeClean(page, `${sizeName} dashboard es`);
      const cookies = await context.cookies();
      expect(cookies.find((c) => c.name === 'avala_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

      await page.getByRole('link', { name: 'English' }).click();
      await expect(page.locator('h1').innerText()).resolves.toBe('Dashboard');
      await axeClean(page, `${sizeName} dashboard en`);

      // The authority's page does not exist for a body's staff.
      const refused = await page.goto(`${svc.url}/console/authority`);
      expect(refused?.status()).toBe(404);
      await axeClean(page, `${sizeName} 404`);

      await page.goto(`${svc.url}/console`);
      await page.getByRole('button', { name: 'Cerrar sesión' }).click();
      await page.waitForURL(/\/login\?signed-out$/);
      await expect(page.getByRole('status').innerText()).resolves.toContain('Cerró su sesión');
      expect((await page.goto(`${svc.url}/console`))?.url()).toMatch(/\/login$/);
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it('shows the authority its own dashboard, accessibly', async () => {
    const admin = await svc.services.console.addAuthorityAccount({ email: 'consejo@example.gob.mx', name: 'Consejo Nacional' });
    const link = await svc.services.console.passwordLink(admin.id);
    await svc.services.console.setPassword(new URL(link.url).searchParams.get('token')!, PASSWORD, PASSWORD);
    const context = await browser.newContext({ ...DESKTOP, locale: 'en-GB' });
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(`${svc.url}/login`);
    // Accept-Language picks English.
    await expect(page.locator('h1').innerText()).resolves.toBe('Sign in to the console');
    await page.getByLabel('E-mail').fill('consejo@example.gob.mx');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/console\/authority\?lang=en$/);
    await expect(page.locator('#published-standards').innerText()).resolves.toMatch(/^\d+\s+Published standards$/);
    await axeClean(page, 'authority dashboard');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('records an evaluation and shows the certify list (own evaluations not selectable) accessibly, on a phone', async () => {
    const dualId = svc.demo.find((d) => d.body === 'cecati-42' && d.roles.join(',') === 'evaluator,certifier')!.staffId;
    const account = await svc.services.console.staffAccount(dualId, 'dual@example.mx');
    const link = await svc.services.console.passwordLink(account.id);
    await svc.services.console.setPassword(new URL(link.url).searchParams.get('token')!, PASSWORD, PASSWORD);
    const context = await browser.newContext({ ...PHONE, locale: 'es-MX' });
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(`${svc.url}/login`);
    await page.getByLabel('Correo electrónico').fill('dual@example.mx');
    await page.getByLabel('Contraseña').fill(PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL(/\/console$/);
    await page.getByRole('link', { name: 'Registrar evaluación' }).click();
    await axeClean(page, 'evaluation form');
    await page.getByLabel('Nombre completo de la persona').fill('Lucía Hernández');
    await page.getByLabel('CURP').fill('GOMA850315MDFRRN09');
    await page.getByLabel('Centro de evaluación').fill('Centro Sur');
    await page.getByLabel('Fecha de la evaluación').fill('2026-05-20');
    await page.getByRole('button', { name: 'Registrar evaluación' }).click();
    await expect(page.locator('#f-curp-error').innerText()).resolves.toContain('La CURP no es válida');
    await expect(page.getByLabel('Nombre completo de la persona').inputValue()).resolves.toBe('Lucía Hernández');
    await axeClean(page, 'evaluation form refused');
    await page.getByLabel('CURP').fill('GOMA850315MDFRRN02');
    await page.getByRole('button', { name: 'Registrar evaluación' }).click();
    await expect(page.getByRole('status').innerText()).resolves.toContain('Lucía Hernández');
    await page.getByRole('link', { name: 'Certificar' }).click();
    await expect(page.locator('h1').innerText()).resolves.toBe('Certificar evaluaciones');
    await expect(page.getByLabel('Seleccionar: Lucía Hernández').isDisabled()).resolves.toBe(true);
    await axeClean(page, 'certify list');
    expect(problems).toEqual([]);
    await context.close();
  });
});

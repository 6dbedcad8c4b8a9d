/**
 * The authority's and a body admin's console in a real browser (Debian's Chromium via playwright-core), at phone and
 * desktop sizes, as new users would: the authority admin adds a draft standard, publishes it and accredits a body
 * for it; that body's admin invites an evaluator and a certifier, who get their set-password links (one is followed
 * to the end). Every page renders under its strict CSP, and axe (WCAG 2.1 AA) finds nothing serious or critical.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestService, type TestService } from '../helpers/harness.js';
import { PHONE, DESKTOP, PASSWORD, launchChromium, watch, axeClean } from '../helpers/browser.js';

vi.setConfig({ testTimeout: 180_000 });

let svc: TestService;
let browser: Browser;

beforeAll(async () => {
  svc = await startTestService({ publicUrlIsOwnAddress: true });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await svc?.close();
});

async function signIn(page: Page, email: string) {
  await page.goto(`${svc.url}/login`);
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Contraseña').fill(PASSWORD);
  await page.getByLabel('Contraseña').press('Enter');
  await page.waitForURL(/\/console/);
}

describe('the authority and a body admin in a browser', () => {
  for (const [sizeName, size, bodySlug, code] of [
    ['phone', PHONE, 'cecati-42', 'EC9811'],
    ['desktop', DESKTOP, 'universidad-del-valle', 'EC9812'],
  ] as const) {
    it(`publishes a standard, accredits a body, and that body's admin invites an evaluator and a certifier, on a ${sizeName}`, async () => {
      const authorityEmail = `consejo-${sizeName}@example.gob.mx`;
      const acc = await svc.services.console.addAuthorityAccount({ email: authorityEmail, name: `Consejo ${sizeName}` });
      const setLink = await svc.services.console.passwordLink(acc.id);
      await svc.services.console.setPassword(new URL(setLink.url).searchParams.get('token')!, PASSWORD, PASSWORD);

      const context = await browser.newContext({ ...size, locale: 'es-MX' });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const problems = watch(page);

      // ---- the authority
      await signIn(page, authorityEmail);
      await page.getByRole('navigation', { name: 'Consola' }).getByRole('link', { name: 'Catálogo' }).click();
      await expect(page.locator('h1').innerText()).resolves.toBe('Catálogo de estándares');
      await axeClean(page, `${sizeName} catalogue`);

      // A refused draft first: the errors are next to their fields.
      await page.locator('#f-code').fill('E1');
      await page.getByRole('button', { name: 'Guardar como borrador' }).click();
      await expect(page.locator('#f-code-error').innerText()).resolves.toContain('EC y cuatro dígitos');
      await expect(page.locator('#f-title-error').innerText()).resolves.toBe('Este dato es obligatorio.');
      await expect(page.locator('#f-code').getAttribute('aria-invalid')).resolves.toBe('true');
      await axeClean(page, `${sizeName} catalogue refused`);

      await page.locator('#f-code').fill(code);
      await page.locator('#f-version').fill('1');
      await page.locator('#f-title').fill('Atención a visitantes en museos');
      await page.locator('#f-description').fill('Recibe, orienta y acompaña a visitantes.');
      await page.locator('#f-criteria').fill('Da la bienvenida\nExplica la colección');
      await page.locator('#f-sector').fill('Cultura');
      await page.locator('#f-level').selectOption('2');
      await page.locator('#f-committeeId').selectOption({ index: 1 });
      await page.getByRole('button', { name: 'Guardar como borrador' }).click();
      await expect(page.getByRole('status').innerText()).resolves.toContain(`${code} v1 quedó guardado como borrador`);
      await expect(page.locator(`#std-${code}-v1`).innerText()).resolves.toContain('borrador');
      await page.getByRole('button', { name: `Publicar ${code} v1` }).click();
      await expect(page.getByRole('status').innerText()).resolves.toContain(`${code} quedó publicado`);
      await expect(page.locator(`#std-${code}-v1`).innerText()).resolves.toContain('publicado');
      await axeClean(page, `${sizeName} catalogue published`);

      // The sector's standards side by side.
      await page.getByRole('link', { name: 'Cultura', exact: true }).first().click();
      await expect(page.locator('#side-by-side').innerText()).resolves.toContain('Cultura');
      await axeClean(page, `${sizeName} side by side`);

      // Accredit the body for it.
      await page.getByRole('navigation', { name: 'Consola' }).getByRole('link', { name: 'Organismos' }).click();
      await axeClean(page, `${sizeName} bodies`);
      const body = await svc.services.registry.getBodyBySlug(bodySlug);
      await page.getByRole('link', { name: body.name }).click();
      await expect(page.locator('h1').innerText()).resolves.toBe(body.name);
      await page.locator('#f-standardId').selectOption({ label: `${code} v1 — Atención a visitantes en museos` });
      await page.locator('#f-validFrom').fill('2025-01-01');
      await page.locator('#f-validUntil').fill('2024-01-01');
      await page.getByRole('button', { name: 'Acreditar' }).click();
      await expect(page.locator('#f-validUntil-error').innerText()).resolves.toBe('El final debe ser posterior al inicio.');
      await axeClean(page, `${sizeName} accreditation refused`);
      await page.locator('#f-standardId').selectOption({ label: `${code} v1 — Atención a visitantes en museos` });
      await page.locator('#f-validFrom').fill('2025-01-01');
      await page.locator('#f-validUntil').fill('2029-12-31');
      await page.getByRole('button', { name: 'Acreditar' }).click();
      await expect(page.getByRole('status').innerText()).resolves.toContain(`acreditado para ${code}`);
      await expect(page.getByRole('heading', { name: new RegExp(`${code} v1`) })).toBeTruthy();
      await axeClean(page, `${sizeName} body accredited`);
      const accs = await svc.services.registry.listAccreditations({ bodyId: body.id });
      expect(accs.some((a) => a.state === 'active' && a.validUntil === '2030-01-01T06:00:00.000Z')).toBe(true);

      await page.getByRole('navigation', { name: 'Consola' }).getByRole('link', { name: 'Cobertura' }).click();
      await expect(page.locator('h1').innerText()).resolves.toBe('Reporte de cobertura');
      await axeClean(page, `${sizeName} coverage`);
      await page.getByRole('navigation', { name: 'Consola' }).getByRole('link', { name: 'Llaves' }).click();
      await axeClean(page, `${sizeName} keys`);
      await page.getByRole('link', { name: /Marcar comprometida/ }).first().click();
      await expect(page.locator('#what-it-does').innerText()).resolves.toContain('deja de verificar');
      await axeClean(page, `${sizeName} compromise confirmation`);
      await page.getByRole('button', { name: 'Cerrar sesión' }).click();
      await page.waitForURL(/\/login\?signed-out$/);

      // ---- the body's admin
      const adminId = svc.demo.find((d) => d.body === bodySlug && d.roles.join(',') === 'admin')!.staffId;
      const adminEmail = `admin-${sizeName}@example.mx`;
      const adminAccount = await svc.services.console.staffAccount(adminId, adminEmail);
      const adminLink = await svc.services.console.passwordLink(adminAccount.id);
      await svc.services.console.setPassword(new URL(adminLink.url).searchParams.get('token')!, PASSWORD, PASSWORD);
      await signIn(page, adminEmail);
      // The authority's pages are not there for them.
      expect((await page.goto(`${svc.url}/console/authority/standards`))?.status()).toBe(404);
      await page.goto(`${svc.url}/console`);
      await page.getByRole('navigation', { name: 'Consola' }).getByRole('link', { name: 'Personal' }).click();
      await expect(page.locator('h1').innerText()).resolves.toBe('Personal del organismo');
      await axeClean(page, `${sizeName} staff`);

      const links: string[] = [];
      for (const [name, role, email] of [
        [`Elena Evaluadora ${sizeName}`, 'Evaluación', `elena-${sizeName}@example.mx`],
        [`Carlos Certificador ${sizeName}`, 'Certificación', `carlos-${sizeName}@example.mx`],
      ] as const) {
        await page.getByLabel('Nombre completo').fill(name);
        await page.getByLabel('Correo electrónico').fill(email);
        await page.getByLabel(role).check();
        await page.getByRole('button', { name: 'Invitar' }).click();
        await expect(page.getByRole('status').innerText()).resolves.toContain(`${name} ya es parte del personal`);
        const url = await page.locator('#password-link code').innerText();
        expect(url).toMatch(/\/console\/set-password\?token=[A-Za-z0-9_-]{43}$/);
        links.push(url);
        await axeClean(page, `${sizeName} invited ${role}`);
        await page.getByRole('link', { name: 'Volver al personal' }).click();
      }
      await expect(page.locator('#staff-table').innerText()).resolves.toContain(`Carlos Certificador ${sizeName}`);
      // Errors next to the fields when nothing is filled in.
      await page.getByRole('button', { name: 'Invitar' }).click();
      await expect(page.locator('#f-name-error').innerText()).resolves.toBe('Este dato es obligatorio.');
      await expect(page.locator('#role-error').innerText()).resolves.toBe('Elija al menos una función.');
      await axeClean(page, `${sizeName} invite refused`);
      // A person's page.
      await page.getByRole('link', { name: `Elena Evaluadora ${sizeName}` }).click();
      await axeClean(page, `${sizeName} staff member`);
      await page.getByRole('button', { name: 'Cerrar sesión' }).click();
      await page.waitForURL(/\/login\?signed-out$/);

      // The evaluator follows their link and signs in.
      await page.goto(links[0]!);
      await expect(page.locator('h1').innerText()).resolves.toBe('Elija su contraseña');
      await page.getByLabel('Contraseña', { exact: true }).fill(PASSWORD);
      await page.getByLabel('Repita la contraseña').fill(PASSWORD);
      await page.getByRole('button', { name: 'Guardar contraseña' }).click();
      await expect(page.locator('h1').innerText()).resolves.toBe('Contraseña guardada');
      await signIn(page, `elena-${sizeName}@example.mx`);
      await expect(page.getByRole('navigation', { name: 'Consola' }).getByRole('link', { name: /Registrar evaluación|evaluación/i }).count()).resolves.toBeGreaterThan(0);
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});

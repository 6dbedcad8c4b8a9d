/**
 * The worker's claim page in a real browser (Debian's Chromium via playwright-core), at phone and desktop sizes,
 * in Spanish and English: it renders under its strict CSP and has no serious or critical accessibility finding.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startWalletTestService, type WalletTestService } from '../delivery/oid4vci/harness.js';
import { PHONE, DESKTOP, launchChromium } from '../helpers/browser.js';
import { seriousAccessibilityFindings } from '../helpers/axe.js';

vi.setConfig({ testTimeout: 90_000 });

let svc: WalletTestService;
let browser: Browser;

beforeAll(async () => {
  svc = await startWalletTestService();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await svc?.close();
});

describe('claim page in a browser', () => {
  it('has no serious or critical accessibility finding (axe, WCAG 2.1 AA) at phone and desktop sizes, in Spanish and English', async () => {
    const { claimToken } = await svc.certify(11, 'Ana María González Martínez');
    for (const size of [PHONE, DESKTOP]) {
      const context = await browser.newContext({ ...size, locale: 'es-MX' });
      const page = await context.newPage();
      // Everything the page loads is there (browsers ask for /favicon.ico on their own), and its CSP refuses nothing.
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
      });
      page.on('response', (r) => {
        if (r.status() >= 400 && new URL(r.url()).pathname !== '/favicon.ico') problems.push(`${r.status()} ${r.url()}`);
      });
      for (const [query, heading] of [['', /certificado/i], ['?lang=en', /certificate/i]] as const) {
        const res = await page.goto(`${svc.url}/claim/${claimToken}${query}`);
        expect(res?.status()).toBe(200);
        await expect(page.locator('h1').first().innerText()).resolves.toMatch(heading);
        expect(await page.locator('body').innerText()).toContain('Ana María González Martínez');
        // The employer share link: the verifier address of this certificate, ready to copy.
        expect(await page.locator('#share-link').inputValue()).toMatch(/\/v#[0-9A-Z$%*+\-./:]+$/);
        expect({ query, findings: await seriousAccessibilityFindings(page) }).toEqual({ query, findings: [] });
      }
      expect(problems).toEqual([]);
      await context.close();
    }
  });
});

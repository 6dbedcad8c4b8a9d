import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { seriousAccessibilityFindings } from './axe.js';

/** Debian's Chromium, which `npm test`'s set-up step installs (test/setup/test-tools.mjs). */
export const CHROMIUM = '/usr/bin/chromium';
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } as const;
export const DESKTOP = { viewport: { width: 1280, height: 900 } } as const;
/** What a new staff member types as their password in the console journeys. */
export const PASSWORD = 'tres palabras bien largas';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Chromium headless, quiet (no background traffic), with `extraArgs` (a fake camera) after the usual ones. */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, ...extraArgs] });
}

/**
 * Watches a page for CSP refusals, script errors and failed loads: refusals (a wrong password, an authority page) are
 * 4xx pages on purpose, but a 5xx or an asset that does not load is a problem.
 */
export function watch(page: Page): string[] {
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

/** axe (WCAG 2.1 AA) finds nothing serious or critical on the page; `label` names the page in a failure. */
export async function axeClean(page: Page, label: string): Promise<void> {
  expect({ label, findings: await seriousAccessibilityFindings(page) }).toEqual({ label, findings: [] });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERIFIER_CSP } from '../../src/http/routes/pages.js';
import { call } from '../helpers/harness.js';
import { startPageService, type PageService } from './page-app.js';

let p: PageService;
beforeAll(async () => {
  p = await startPageService();
});
afterAll(async () => p.close());

describe('GET /verify and the QR path /V', () => {
  it('serves the page in Spanish with a strict CSP: scripts and styles from itself only, no inline code', async () => {
    const r = await call(p.url, 'GET', '/verify');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.headers.get('content-security-policy')).toBe(VERIFIER_CSP);
    expect(VERIFIER_CSP).toContain("script-src 'self'");
    expect(VERIFIER_CSP).toContain("default-src 'none'");
    expect(VERIFIER_CSP).not.toContain('unsafe');
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    expect(r.text).toMatch(/^<!doctype html>\n<html lang="es">/);
    expect(r.text).toContain('Verificar un certificado de competencia');
    // Every <script> has a src (the CSP would block inline code anyway); no style attributes or <style> blocks.
    expect([...r.text.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual([expect.stringMatching(/^<script type="module" src="web\/verifier\.js\?v=[\w-]+">$/)]);
    expect(r.text).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  });

  it('answers at /V and /v (the QR codes upper-case the path) and renders English with ?lang=en', async () => {
    for (const path of ['/V', '/v', '/V?lang=en']) {
      const r = await call(p.url, 'GET', path);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-security-policy')).toBe(VERIFIER_CSP);
    }
    expect((await call(p.url, 'GET', '/V?lang=en')).text).toMatch(/<html lang="en">[\s\S]*Verify a competency certificate/);
    // An unknown language is not an error page: it falls back to Spanish.
    expect((await call(p.url, 'GET', '/verify?lang=xx')).text).toMatch(/<html lang="es">/);
  });

  it("pins the authority's keys into the page, from its DID document", async () => {
    const r = await call(p.url, 'GET', '/verify');
    const content = /<meta name="avala-anchors" content="([^"]*)">/.exec(r.text)?.[1];
    const anchors = JSON.parse(content!.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)))) as Array<{ id: string }>;
    const doc = (await p.svc.services.registry.didDocumentFor(p.svc.services.registry.authorityDid)) as { verificationMethod: Array<{ id: string; publicKeyMultibase: string }> };
    expect(anchors).toEqual(doc.verificationMethod.map((v) => ({ id: v.id, publicKeyMultibase: v.publicKeyMultibase })));
  });

  it('serves the bundled script and the style sheet the page names', async () => {
    const html = (await call(p.url, 'GET', '/verify')).text;
    const js = await call(p.url, 'GET', /src="(web\/verifier\.js[^"]*)"/.exec(html)![1]!.replace(/^/, '/'));
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.text.length).toBeGreaterThan(100_000);
    // The contexts travel inside the bundle: the page never fetches one.
    expect(js.text).toContain('https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json');
    // Sent gzipped to a browser that accepts it (fetch decodes it transparently).
    const raw = await fetch(`${p.url}/web/verifier.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(raw.headers.get('content-encoding')).toBe('gzip');
    expect(raw.headers.get('vary')).toBe('Accept-Encoding');
    expect(await raw.text()).toBe(js.text);
    const css = await call(p.url, 'GET', /href="(web\/verifier\.css[^"]*)"/.exec(html)![1]!.replace(/^/, '/'));
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });
});

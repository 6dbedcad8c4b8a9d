import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_PAGE_CSP } from '../../../src/web/index.js';
import { codeByReference, form, GRANT, startWalletTestService, type WalletTestService } from '../oid4vci/harness.js';

let svc: WalletTestService;
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

beforeAll(async () => {
  svc = await startWalletTestService();
});
afterAll(async () => {
  await svc.close();
});

async function page(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${svc.url}${path}`, { headers: { accept: BROWSER, ...headers } });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

/** The wallet offer link the page gives a worker on a phone. */
function offerLink(html: string): string {
  const m = /href="(openid-credential-offer:\/\/[^"]+)"/.exec(html);
  if (!m) throw new TypeError('no wallet offer link on the page');
  return m[1]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

describe('claim page', () => {
  it('isolates the names and titles it shows in <bdi>, so right-to-left text cannot reorder the page', async () => {
    const { claimToken } = await svc.certify(7, 'ليلى حسن');
    const { html } = await page(`/claim/${claimToken}`);
    const summary = /<p class="summary">(.*?)<\/p>/s.exec(html)?.[1] ?? '';
    expect(summary).toMatch(/^<bdi>ليلى حسن<\/bdi> demostró ser competente en «<bdi>[^<]+<\/bdi>» \(EC0217\), según la evaluación que certificó <bdi>[^<]+<\/bdi> el /);
    // Every detail row that shows typed text holds it in <bdi>: the standard's title, the body, the centre.
    const dds = [...html.matchAll(/<dd>(.*?)<\/dd>/g)].map((m) => m[1]!);
    expect(dds.filter((d) => d.includes('<bdi>')).length).toBeGreaterThanOrEqual(3);
  });

  it('shows a browser the certificate in plain Spanish, the wallet offer, the downloads and the verification QR', async () => {
    const { claimToken } = await svc.certify(1, 'Ana María González Martínez');
    const r = await page(`/claim/${claimToken}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect({
      csp: r.headers.get('content-security-policy'),
      cache: r.headers.get('cache-control'),
      referrer: r.headers.get('referrer-policy'),
      frame: r.headers.get('x-frame-options'),
      vary: r.headers.get('vary'),
    }).toEqual({ csp: CLAIM_PAGE_CSP, cache: 'private, no-store', referrer: 'no-referrer', frame: 'DENY', vary: 'Accept' });
    const html = r.html;
    expect(html).toContain('<html lang="es-MX">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('Su certificado de competencia');
    expect(html).toContain('<bdi>Ana María González Martínez</bdi> demostró ser competente');
    expect(html).toContain('EC0217');
    expect(html).toContain('<strong>Vigente</strong>');
    expect(html).toMatch(/<svg role="img" aria-label="Código QR para guardar el certificado en una cartera digital"/);
    expect(offerLink(html)).toMatch(/^openid-credential-offer:\/\/\?credential_offer_uri=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Foid4vci%2Foffers%2F[A-Za-z0-9_-]{43}$/);
    // The QR code carries exactly the offer the link carries.
    const modules = (svg: string) => /<path stroke="#000000" d="([^"]+)"/.exec(svg)?.[1];
    expect(modules(html)).toBe(modules(await QRCode.toString(offerLink(html), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })));
    for (const href of [`/claim/${claimToken}/certificate.pdf`, `/claim/${claimToken}/credential.json`, `/claim/${claimToken}/credential.jwt`]) expect(html).toContain(`href="${href}"`);
    expect(html).toContain(`<img src="/claim/${claimToken}/qr.svg" alt="Código QR de verificación del certificado"`);
    // Strict CSP holds only if the page needs nothing it forbids: no inline script (only the share button's file from
    // this origin), no inline style, no handler attribute.
    expect(html.match(/<script[^>]*>/g)).toEqual(['<script src="/assets/share.js" defer>']);
    expect(html).not.toMatch(/<script>|\sstyle=|\son[a-z]+=|javascript:/i);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    for (const img of html.match(/<img [^>]*>/g) ?? []) expect(img).toMatch(/ alt="[^"]+"/);
  });

  it('speaks English with ?lang=en or an English-speaking browser', async () => {
    const { claimToken } = await svc.certify(2);
    for (const r of [await page(`/claim/${claimToken}?lang=en`), await page(`/claim/${claimToken}`, { 'accept-language': 'en-US,en;q=0.9' })]) {
      expect(r.status).toBe(200);
      expect(r.html).toContain('<html lang="en">');
      expect(r.html).toContain('Your competency certificate');
      expect(r.html).toContain('Save it in your digital wallet');
      expect(r.html).toContain('<strong>Valid</strong>');
      expect(r.headers.get('content-language')).toBe('en');
    }
    const es = await page(`/claim/${claimToken}?lang=es`, { 'accept-language': 'en' });
    expect(es.html).toContain('<html lang="es-MX">');
  });

  it('leaves API clients to the JSON route', async () => {
    const { claimToken, credential } = await svc.certify(3);
    const res = await fetch(`${svc.url}/claim/${claimToken}`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await res.json()) as { id: string }).id).toBe(credential.id);
    const anything = await fetch(`${svc.url}/claim/${claimToken}`);
    expect(anything.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers a bad or replaced link with a 404 page, in the worker language', async () => {
    for (const token of ['A'.repeat(43), 'short', '%3Cscript%3E']) {
      const r = await page(`/claim/${token}`);
      expect(r.status).toBe(404);
      expect(r.html).toContain('Enlace no válido');
      expect(r.html).not.toContain('<script');
      expect(r.headers.get('content-security-policy')).toBe(CLAIM_PAGE_CSP);
    }
    expect((await page(`/claim/${'A'.repeat(43)}?lang=en`)).html).toContain('Link not valid');
  });

  it('gives a wallet offer that works once, and a reload replaces it', async () => {
    const { claimToken } = await svc.certify(4);
    const firstLink = offerLink((await page(`/claim/${claimToken}`)).html);
    const first = await codeByReference(firstLink);
    const second = await codeByReference(offerLink((await page(`/claim/${claimToken}`)).html));
    expect(second).not.toBe(first);
    // The reload replaced the first offer: its reference is gone too.
    await expect(codeByReference(firstLink)).rejects.toThrow(/answered 404/);
    const token = (code: string) => form(`${svc.url}/oid4vci/token`, { grant_type: GRANT, 'pre-authorized_code': code });
    expect((await token(first)).json.error).toBe('invalid_grant');
    expect((await token(second)).status).toBe(200);
    expect((await token(second)).json.error).toBe('invalid_grant');
  });

  it('shows a revoked certificate as revoked, with no wallet offer', async () => {
    const { claimToken, credential } = await svc.certify(5);
    await svc.services.status.change(credential.id, 'revoke', { reason: 'fraud' }, { kind: 'admin' });
    const r = await page(`/claim/${claimToken}`);
    expect(r.status).toBe(200);
    expect(r.html).toContain('<strong>Revocado</strong>');
    expect(r.html).toContain('Este certificado fue revocado y ya no es válido.');
    expect(r.html).not.toContain('openid-credential-offer://');
  });

  it('escapes what the credential says', async () => {
    const { claimToken } = await svc.certify(6, 'Ana <img src=x onerror=alert(1)> "Q" & \'S\'');
    const html = (await page(`/claim/${claimToken}`)).html;
    expect(html).toContain('Ana &lt;img src=x onerror=alert(1)&gt; &quot;Q&quot; &amp; &#39;S&#39;');
    expect(html).not.toContain('<img src=x');
  });

  it('serves its stylesheet', async () => {
    const res = await fetch(`${svc.url}/assets/claim-page.css`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await res.text()).toContain('.qr');
  });
});

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { QR_SIDE_CM, didWebAddress, readAuthoritySeal, renderCertificatePdf, type CertificateFacts } from '../../src/delivery/pdf/index.js';
import { credentialQrPayload, decodeQrPayload2, payloadFromVerifierUrl, verifierUrl } from '../../src/qr/index.js';
import { createServerVerifier } from '../../src/verification/server.js';
import { ADMIN_TOKEN, PUBLIC_URL, call, tempDir } from '../helpers/harness.js';
import { DEMO_CASES, issueDemoCredential, type IssuedDemo } from '../qr/demo-credentials.js';
import { startPageService, type PageService } from '../web/page-app.js';

// jsqr is CommonJS whose typings declare an ES default export; at run time the module is the function itself.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as unknown as typeof jsQRModule.default;

// Real browser / PDF rendering work: generous on a 2-core CI machine running other files in parallel.
vi.setConfig({ testTimeout: 90_000 });

/** The resolution the page is rendered at: an office scanner's, and what a phone photo of A4 gives. */
const DPI = 150;

let p: PageService;
let issued: IssuedDemo;
let work: string;

beforeAll(async () => {
  p = await startPageService();
  issued = await issueDemoCredential(p.svc, DEMO_CASES[0]);
  work = tempDir('avala-pdf-');
});
afterAll(async () => {
  await p.close();
  fs.rmSync(work, { recursive: true, force: true });
});

const claimPath = () => `${new URL(issued.claimUrl).pathname}/certificate.pdf`;

async function fetchPdf(pathname: string, token?: string): Promise<{ status: number; type: string | null; bytes: Buffer; headers: Headers }> {
  const res = await fetch(`${p.url}${pathname}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

/** Poppler's tools on a PDF written to disk: what a person's PDF viewer and printer would see. */
function poppler(tool: 'pdfinfo' | 'pdftotext' | 'pdffonts' | 'pdfimages', pdf: Buffer, ...args: string[]): string {
  const file = path.join(work, `${tool}-${Date.now()}-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, pdf);
  return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
}

function squeeze(s: string): string {
  return s.replace(/\s+/g, '');
}

/** Renders page 1 to PNG with pdftoppm and reads the QR code with jsQR: decoders that share no code with ours. */
function scanPrintedQr(pdf: Buffer): { data: string; version: number; sideCm: number } {
  const base = path.join(work, `page-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(`${base}.pdf`, pdf);
  execFileSync('pdftoppm', ['-r', String(DPI), '-png', '-singlefile', `${base}.pdf`, base]);
  const img = PNG.sync.read(fs.readFileSync(`${base}.png`));
  const code = jsQR(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height);
  if (!code) throw new Error('no QR code found on the rendered page');
  const { topLeftCorner: a, topRightCorner: b } = code.location;
  // The symbol's width (finder edge to finder edge, quiet zone excluded), converted from pixels to centimetres.
  const sideCm = (Math.hypot(b.x - a.x, b.y - a.y) / DPI) * 2.54;
  return { data: code.data, version: code.version, sideCm };
}

describe('GET /claim/:token/certificate.pdf', () => {
  it('is one A4 landscape page whose QR code, read from the rendered image, carries the very credential, which verifies', async () => {
    const r = await fetchPdf(claimPath());
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/pdf');
    expect(r.headers.get('cache-control')).toBe('private, no-store');
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    expect(r.headers.get('content-disposition')).toMatch(/^inline; filename="certificado-[0-9a-f]{8}\.pdf"$/);
    expect(r.bytes.subarray(0, 5).toString()).toBe('%PDF-');

    const info = poppler('pdfinfo', r.bytes);
    expect(info).toMatch(/^Pages:\s+1$/m);
    expect(info).toMatch(/^Page size:\s+841\.89 x 595\.28 pts \(A4\)$/m);

    const qr = scanPrintedQr(r.bytes);
    expect(qr.data).toBe(verifierUrl(PUBLIC_URL, credentialQrPayload(issued)));
    expect(qr.data.startsWith('HTTPS://AVALA.TEST/V#2')).toBe(true); // format 2, the signed claims
    expect(qr.sideCm).toBeGreaterThanOrEqual(4);
    // Quiet zone included, the printed square is QR_SIDE_CM; the symbol inside it is a little smaller.
    expect(qr.sideCm).toBeLessThanOrEqual(QR_SIDE_CM);

    expect(decodeQrPayload2(payloadFromVerifierUrl(qr.data)).claims.id).toBe(issued.id);
    const verifier = createServerVerifier({ registry: p.svc.services.registry, status: p.svc.services.status, supersessions: p.svc.services.supersessions, clock: p.svc.clock, publicUrl: PUBLIC_URL });
    const report = await verifier.verify(payloadFromVerifierUrl(qr.data));
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(report.verified).toBe(true);
    expect(report.facts?.holderName).toBe('María Guadalupe Hernández Castañeda');
  });

  it('prints the body, the holder, the standard and the dates in Spanish, with the accents of an embedded font', async () => {
    const { bytes } = await fetchPdf(claimPath());
    // Letter-spaced headings come out of pdftotext with a space between letters: compare without white space.
    const text = squeeze(poppler('pdftotext', bytes));
    for (const expected of [
      'UNIVERSIDAD DEL VALLE DE ANÁHUAC (DEMO)',
      'Certificado de Competencia',
      'ESTÁNDAR DE COMPETENCIA EC0217 · NIVEL 3',
      'María Guadalupe Hernández Castañeda',
      'Impartición de cursos de formación del',
      'capital humano de manera presencial grupal',
      '1 de junio de 2026',
      '1 de junio de 2029',
      '20 de mayo de 2026',
      'Verifique este certificado',
      'avala.test/verify',
      'CURP',
    ]) {
      expect(text).toContain(squeeze(expected));
    }
    const fonts = poppler('pdffonts', bytes);
    // Every font is embedded (a subset), none is a base-14 font the viewer would substitute.
    const rows = fonts.split('\n').slice(2).filter(Boolean);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/EBGaramond.*\byes\b.*\byes\b/);
  });

  it('prints in English with ?lang=en and on US Letter with ?paper=letter', async () => {
    const r = await fetchPdf(`${claimPath()}?lang=en&paper=letter`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toMatch(/filename="certificate-/);
    expect(poppler('pdfinfo', r.bytes)).toMatch(/^Page size:\s+792 x 612 pts \(letter\)$/m);
    const text = squeeze(poppler('pdftotext', r.bytes));
    for (const expected of ['Certificate of Competence', 'COMPETENCY STANDARD EC0217 · LEVEL 3', 'June 1, 2026', 'June 1, 2029', 'Verify this certificate']) expect(text).toContain(squeeze(expected));
    expect(scanPrintedQr(r.bytes).data).toBe(verifierUrl(PUBLIC_URL, credentialQrPayload(issued)));
  });

  it('answers 404 for an unknown claim link and 422 for an unknown language or paper, as problem details', async () => {
    const unknown = await call(p.url, 'GET', `/claim/${'A'.repeat(43)}/certificate.pdf`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(unknown.json).toMatchObject({ code: 'ERR_NOT_FOUND' });
    for (const q of ['lang=fr', 'paper=a3']) {
      const bad = await call(p.url, 'GET', `${claimPath()}?${q}`);
      expect(bad.status).toBe(422);
      expect(bad.json).toMatchObject({ code: 'ERR_VALIDATION' });
    }
  });
});

describe('GET /credentials/:id/certificate.pdf', () => {
  const pathOf = () => `/credentials/${encodeURIComponent(issued.id)}/certificate.pdf`;

  it("serves the issuing body's certifier and the authority", async () => {
    for (const token of [p.svc.staffKey('universidad-del-valle', 'certifier'), ADMIN_TOKEN]) {
      const r = await fetchPdf(pathOf(), token);
      expect(r.status).toBe(200);
      expect(r.type).toBe('application/pdf');
      expect(scanPrintedQr(r.bytes).data).toBe(verifierUrl(PUBLIC_URL, credentialQrPayload(issued)));
    }
  });

  it('refuses an anonymous caller (401), an evaluator (403) and another body (404, so ids cannot be probed)', async () => {
    expect((await call(p.url, 'GET', pathOf())).status).toBe(401);
    expect((await call(p.url, 'GET', pathOf(), { token: p.svc.staffKey('universidad-del-valle', 'evaluator') })).status).toBe(403);
    const other = await call(p.url, 'GET', pathOf(), { token: p.svc.staffKey('cecati-42', 'certifier') });
    expect(other.status).toBe(404);
    expect(other.json).toMatchObject({ code: 'ERR_NOT_FOUND' });
  });
});

describe('renderCertificatePdf', () => {
  it('keeps the longest names and titles on one page, with the QR code still readable', async () => {
    const facts: CertificateFacts = {
      credentialId: 'urn:uuid:6f1c2a9e-3b1d-4c55-9a77-0c1d2e3f4a5b',
      holderName: 'María de los Ángeles Guadalupe Fernández de Córdoba y Santibáñez Hernández',
      standard: {
        code: 'EC1234',
        version: '12',
        title: 'Prestación de servicios de atención integral, cuidado y acompañamiento de personas adultas mayores en situación de dependencia funcional en el domicilio y en instituciones de asistencia social',
        level: 5,
        sector: 'Salud, asistencia social y servicios comunitarios',
      },
      body: { name: 'Centro de Capacitación para el Trabajo Industrial número 42 de Tlaquepaque, Jalisco (CECATI)', did: 'did:web:avala.test:bodies:cecati-42' },
      issuedAt: '2026-12-31T23:30:00Z',
      validUntil: null,
      evaluation: { centre: 'Reserva de la Biosfera Sian Ka’an, Centro de Visitantes, Felipe Carrillo Puerto, Quintana Roo', on: '2026-12-01' },
      qrUrl: verifierUrl(PUBLIC_URL, credentialQrPayload(issued)),
      verifyPageUrl: `${PUBLIC_URL}/verify`,
    };
    for (const lang of ['es', 'en'] as const) {
      const pdf = await renderCertificatePdf(facts, { lang });
      expect(poppler('pdfinfo', pdf)).toMatch(/^Pages:\s+1$/m);
      expect(scanPrintedQr(pdf).data).toBe(facts.qrUrl);
      const text = squeeze(poppler('pdftotext', pdf));
      // 23:30 UTC on 31 December is still the 31st in Mexico City.
      expect(text).toContain(squeeze(lang === 'es' ? '31 de diciembre de 2026' : 'December 31, 2026'));
      expect(text).toContain(squeeze(lang === 'es' ? 'Sin vencimiento' : 'Does not expire'));
    }
  });

  it('names the authority at the head of the page, with its seal when one is configured, and the signer by name and address, never did:web', async () => {
    const facts = {
      credentialId: 'urn:uuid:6f1c2a9e-3b1d-4c55-9a77-0c1d2e3f4a5b',
      holderName: 'María Guadalupe Hernández Castañeda',
      standard: { code: 'EC0217', version: '1', title: 'Impartición de cursos de formación del capital humano', level: 3, sector: null },
      body: { name: 'Centro de Capacitación para el Trabajo Industrial número 42 de Tlaquepaque, Jalisco (CECATI)', did: 'did:web:avala.test:bodies:cecati-42' },
      issuedAt: '2026-06-01T12:00:00Z',
      validUntil: '2029-06-01T12:00:00Z',
      evaluation: { centre: null, on: null },
      qrUrl: verifierUrl(PUBLIC_URL, credentialQrPayload(issued)),
      verifyPageUrl: `${PUBLIC_URL}/verify`,
    } satisfies CertificateFacts;
    const seal = new PNG({ width: 120, height: 120 });
    for (let i = 0; i < seal.data.length; i += 4) seal.data.set([168, 132, 44, 255], i);
    const sealFile = path.join(work, 'seal.png');
    fs.writeFileSync(sealFile, PNG.sync.write(seal));
    const authority = { name: 'Consejo Nacional de Normalización y Certificación de Competencias Laborales', seal: readAuthoritySeal(sealFile) };
    for (const lang of ['es', 'en'] as const) {
      const pdf = await renderCertificatePdf(facts, { lang, authority });
      expect(poppler('pdfinfo', pdf)).toMatch(/^Pages:\s+1$/m);
      const text = squeeze(poppler('pdftotext', pdf));
      expect(text).toContain(squeeze(authority.name.toUpperCase()));
      expect(text).toContain(squeeze(`${facts.body.name} · avala.test/bodies/cecati-42`));
      expect(text).not.toContain('did:web');
      // The seal is the one raster image on the page (the QR code is vector squares); the code still reads.
      // (an image and, for the PNG's alpha channel, its soft mask).
      expect(poppler('pdfimages', pdf, '-list').split('\n').slice(2).filter((l) => /^\s*\d+\s+\d+\s+image\b/.test(l))).toHaveLength(1);
      expect(scanPrintedQr(pdf).data).toBe(facts.qrUrl);
    }
    // Without configuration: "Avala", and no image.
    const plain = await renderCertificatePdf(facts);
    expect(squeeze(poppler('pdftotext', plain))).toMatch(/^AVALA/);
    expect(poppler('pdfimages', plain, '-list').split('\n').slice(2).filter(Boolean)).toHaveLength(0);
    expect(() => readAuthoritySeal(path.join(work, 'cert-does-not-exist.png'))).toThrow(/cannot be read/);
    fs.writeFileSync(path.join(work, 'seal.txt'), 'not an image');
    expect(() => readAuthoritySeal(path.join(work, 'seal.txt'))).toThrow(/not a PNG or JPEG/);
  });

  it('turns a did:web into the address it is published at', () => {
    expect(didWebAddress('did:web:avala.mx:bodies:uv')).toBe('avala.mx/bodies/uv');
    expect(didWebAddress('did:web:localhost%3A3000:bodies:uv')).toBe('localhost:3000/bodies/uv');
    expect(didWebAddress('did:web:avala.mx')).toBe('avala.mx');
    expect(didWebAddress('did:key:z6Mk')).toBe('did:key:z6Mk');
  });
});

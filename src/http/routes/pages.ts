import fs from 'node:fs';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { certificateFacts, renderCertificatePdf, type CertificateAuthority } from '../../delivery/pdf/index.js';
import type { IssuanceService, IssuedCredential } from '../../issuance/index.js';
import type { RegistryService } from '../../registry/index.js';
import { anchorKeysFromDidDocument } from '../../verification/index.js';
import { readVerifierCss, renderVerifierPage, verifierBundle, verifierManifest, verifierServiceWorker, VERIFIER_ICON_SVG } from '../../web/index.js';
import { DEFAULT_LANG, LANGS, LOCALES, pickLang } from '../../lang.js';
import { bytes, html, type BytesReply, type Reply, type RouteTable } from '../route.js';
import { staffActor } from './issuance.js';

export interface PageRouteDeps {
  issuance: IssuanceService;
  registry: Pick<RegistryService, 'didDocumentFor' | 'authorityDid'>;
  /** Avala's context URLs besides the legacy one, which the page's verifier maps to its bundled copy (never fetched). */
  avalaContextUrls?: readonly string[];
  /** The public origin the QR codes point at (config `publicUrl`). */
  publicUrl: string;
  /** The authority printed on every certificate (config AVALA_AUTHORITY_NAME, AVALA_AUTHORITY_SEAL). */
  authority?: CertificateAuthority;
}

const Id = z.object({ id: z.string().trim().min(1).max(200) });
const Token = z.object({ token: z.string().max(100) });
const PdfQuery = z.object({
  lang: z.enum(LANGS).default(DEFAULT_LANG),
  paper: z
    .enum(['a4', 'letter', 'A4', 'LETTER'])
    .default('a4')
    .transform((p) => (p.toLowerCase() === 'letter' ? ('LETTER' as const) : ('A4' as const))),
});
// A page must open whatever the link says: an unknown language falls back to Spanish instead of an error page.
const PageQuery = z.object({ lang: z.unknown().optional() }).loose();

/**
 * The verifier page's headers. Scripts and styles from this origin only, no inline code; requests only to this
 * origin (the trust registry and status lists); the camera allowed for this page; never framed; no referrer.
 */
export const VERIFIER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  // The offline copy (a service worker of this origin), pdf.js's worker, and the web app manifest.
  "worker-src 'self'",
  "manifest-src 'self'",
  // pdf.js hands the fonts of a dropped PDF to the browser as data it read, never from elsewhere.
  "font-src 'self' data: blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_HEADERS = {
  'Content-Security-Policy': VERIFIER_CSP,
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'camera=(self), microphone=(), geolocation=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  // The page carries the current authority keys: revalidated on every visit, cheap to send again.
  'Cache-Control': 'no-cache',
};

/**
 * The printable certificates and the public verifier page:
 *   GET /claim/:token/certificate.pdf    the worker's certificate, from the claim link
 *   GET /credentials/:id/certificate.pdf the issuing body's staff (or the authority)
 *   GET /verify, GET /v (and /V, the QR codes' path: Express matches paths case-insensitively)
 *   GET /web/verifier.js, /web/verifier.css  the page's assets, relative to it
 */
export function pageRoutes(t: RouteTable, deps: PageRouteDeps): void {
  const css = readVerifierCss();
  const assetVersion = async () => {
    try {
      return (await verifierBundle()).hash;
    } catch {
      return 'unbuilt';
    }
  };

  const page = async (query: { lang?: unknown }, accepted: unknown): Promise<Reply> => {
    const anchors = anchorKeysFromDidDocument(await deps.registry.didDocumentFor(deps.registry.authorityDid));
    // ?lang= first, then the browser's Accept-Language (as the claim page does), then Spanish.
    const lang = pickLang(query.lang, accepted);
    return html(renderVerifierPage({ lang, anchors, avalaContextUrls: deps.avalaContextUrls ?? [], assetVersion: await assetVersion() }), {
      headers: { ...PAGE_HEADERS, 'Content-Language': LOCALES[lang], Vary: 'Accept-Language' },
    });
  };
  for (const path of ['/verify', '/v']) {
    t.add({ method: 'get', path, tag: 'verifier', auth: 'public', summary: path === '/v' ? 'The verifier page at the path QR codes open (/V#<payload>)' : 'The public verifier page (verifies in the browser)', query: PageQuery }, async ({ query, req }) =>
      page(query, req.acceptsLanguages(...LANGS)),
    );
  }

  // ---- working offline: the service worker (at the origin's root, so its scope covers /V and /verify), the web
  // app manifest and icon, and pdf.js (module and worker) for certificates dropped as PDF files.
  t.add({ method: 'get', path: '/verifier-sw.js', tag: 'verifier', auth: 'public', summary: "The verifier page's service worker (keeps the page on the device, for offline use)" }, async () =>
    bytes('text/javascript; charset=utf-8', verifierServiceWorker(await assetVersion()), {
      // Always revalidated, so a new release is picked up at the next visit.
      headers: { 'Cache-Control': 'no-cache', 'Content-Security-Policy': "default-src 'none'; connect-src 'self'" },
    }),
  );
  t.add({ method: 'get', path: '/web/verifier.webmanifest', tag: 'verifier', auth: 'public', summary: "The verifier page's web app manifest", query: PageQuery }, async ({ query, req }) =>
    bytes('application/manifest+json', verifierManifest(pickLang(query.lang, req.acceptsLanguages(...LANGS))), { headers: { 'Cache-Control': 'public, max-age=3600', Vary: 'Accept-Language' } }),
  );
  t.add({ method: 'get', path: '/web/verifier-icon.svg', tag: 'verifier', auth: 'public', summary: "The verifier page's icon" }, async () =>
    bytes('image/svg+xml', VERIFIER_ICON_SVG, { headers: { 'Cache-Control': 'public, max-age=86400' } }),
  );
  for (const [path, file] of [['/web/pdf.mjs', 'pdf.min.mjs'], ['/web/pdf.worker.mjs', 'pdf.worker.min.mjs']] as const) {
    let gz: Buffer | null = null;
    t.add({ method: 'get', path, tag: 'verifier', auth: 'public', summary: `pdf.js (${file}), loaded by the verifier page when a PDF is dropped on it` }, async ({ req }) => {
      const headers: Record<string, string> = { 'Cache-Control': 'public, max-age=86400', Vary: 'Accept-Encoding' };
      if (!req.acceptsEncodings('gzip')) return bytes('text/javascript; charset=utf-8', pdfjsFile(file), { headers });
      gz ??= zlib.gzipSync(pdfjsFile(file), { level: 9 });
      return bytes('text/javascript; charset=utf-8', gz, { headers: { ...headers, 'Content-Encoding': 'gzip' } });
    });
  }

  // The script is large (the verification library, JSON-LD, zod, jsQR); gzipped once per build it is a quarter of
  // that, which is what a phone on a mobile network waits for.
  let gzipped: { hash: string; bytes: Buffer } | null = null;
  t.add({ method: 'get', path: '/web/verifier.js', tag: 'verifier', auth: 'public', summary: "The verifier page's script (the bundled verification library)" }, async ({ req }) => {
    const b = await verifierBundle().catch((cause: unknown) => {
      throw new AppError('ERR_UNAVAILABLE', 'The verifier script is not built yet; run npm run build:web', { cause });
    });
    const headers: Record<string, string> = { 'Cache-Control': 'public, max-age=3600', ETag: `"${b.hash}"`, Vary: 'Accept-Encoding' };
    if (!req.acceptsEncodings('gzip')) return bytes('text/javascript; charset=utf-8', b.js, { headers });
    if (gzipped?.hash !== b.hash) gzipped = { hash: b.hash, bytes: zlib.gzipSync(b.js, { level: 9 }) };
    return bytes('text/javascript; charset=utf-8', gzipped.bytes, { headers: { ...headers, 'Content-Encoding': 'gzip' } });
  });

  t.add({ method: 'get', path: '/web/verifier.css', tag: 'verifier', auth: 'public', summary: "The verifier page's style sheet" }, async () => bytes('text/css; charset=utf-8', css, { headers: { 'Cache-Control': 'public, max-age=3600' } }));

  t.add(
    { method: 'get', path: '/claim/:token/certificate.pdf', tag: 'holder', auth: 'public', summary: "The worker's printable certificate (PDF, ?lang=es|en, ?paper=a4|letter)", params: Token, query: PdfQuery },
    async ({ params, query }) => {
      const reply = await pdf(await deps.issuance.claim(params.token), query, deps);
      // As private as the claim link itself.
      return { ...reply, headers: { ...reply.headers, 'Referrer-Policy': 'no-referrer' } };
    },
  );

  t.add(
    { method: 'get', path: '/credentials/:id/certificate.pdf', tag: 'issuance', auth: 'any', summary: 'A printable certificate (PDF), for its issuing body or the authority', params: Id, query: PdfQuery },
    async ({ params, query, caller }) => {
      const c = caller?.kind === 'admin' ? await deps.issuance.getCredential('authority', params.id) : await deps.issuance.getCredential(staffActor(caller, ['admin', 'certifier']), params.id);
      return pdf(c, query, deps);
    },
  );
}

const requireFromHere = createRequire(import.meta.url);
const pdfjsFiles = new Map<string, Buffer>();

/** A file of pdf.js's browser build, read once from the installed package. */
function pdfjsFile(name: 'pdf.min.mjs' | 'pdf.worker.min.mjs'): Buffer {
  let b = pdfjsFiles.get(name);
  if (!b) {
    b = fs.readFileSync(requireFromHere.resolve(`pdfjs-dist/build/${name}`));
    pdfjsFiles.set(name, b);
  }
  return b;
}

async function pdf(c: IssuedCredential, query: z.output<typeof PdfQuery>, deps: Pick<PageRouteDeps, 'publicUrl' | 'authority'>): Promise<BytesReply> {
  // A wallet copy (Data Integrity only) has no VC-JWT, so no QR code: its printable form is its parent's.
  if (!c.jwt || c.kind !== 'competency') throw new AppError('ERR_NOT_FOUND', 'This credential has no printable certificate');
  const body = await renderCertificatePdf(certificateFacts(c, deps.publicUrl), { lang: query.lang, paper: query.paper, ...(deps.authority ? { authority: deps.authority } : {}) });
  const name = `${query.lang === 'es' ? 'certificado' : 'certificate'}-${c.id.replace(/^urn:uuid:/, '').slice(0, 8)}.pdf`;
  // The document holds the worker's name and credential: never in a shared cache.
  return bytes('application/pdf', body, { headers: { 'Content-Disposition': `inline; filename="${name}"`, 'Cache-Control': 'private, no-store' } });
}

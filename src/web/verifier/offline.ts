/**
 * The verifier page's offline parts, served by http/routes/pages.ts: the web app manifest and the service worker.
 *
 * The worker keeps the page's shell on this device — the page itself, its script, style sheet, icon and the PDF
 * reader — so the verifier opens without a network once it has been opened. The data a verdict rests on (the trust
 * registry, status lists, supersession registers) is saved by the page itself (client/data.ts) in a cache the worker
 * shares, because the page must know, and say, whether an answer came from the network or from this device and how
 * old it is. The worker answers only the verifier's own addresses; every other request of the origin is left alone.
 */

/** The cache of the page's shell, one per release (older ones are deleted when a new worker takes over). */
export const SHELL_CACHE_PREFIX = 'avala-verifier-shell-';

export function verifierManifest(lang: 'es' | 'en'): string {
  return JSON.stringify({
    name: lang === 'es' ? 'Avala · Verificador de certificados de competencia' : 'Avala · Competency certificate verifier',
    short_name: 'Avala',
    description: lang === 'es' ? 'Verifica certificados de competencia laboral en el navegador, también sin conexión.' : 'Verifies competency certificates in the browser, offline too.',
    lang: lang === 'es' ? 'es-MX' : 'en',
    // Relative to the manifest (web/…): the page one level up.
    start_url: '../verify',
    scope: '../',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#13315c',
    icons: [{ src: 'verifier-icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
  });
}

export const VERIFIER_ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><rect width="96" height="96" rx="18" fill="#13315c"/><circle cx="48" cy="48" r="30" fill="none" stroke="#a8842c" stroke-width="6"/><path d="M34 49 l10 10 l19 -21" fill="none" stroke="#ffffff" stroke-width="7" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

/**
 * The service worker's script for one release (`version`, the bundle's hash): the shell it keeps is named by it, so
 * a new release is fetched whole and never mixed with an old one.
 */
export function verifierServiceWorker(version: string): string {
  const v = JSON.stringify(version);
  return `'use strict';
// Avala's verifier: keeps the page's shell on this device so it opens offline (see src/web/verifier/offline.ts).
const VERSION = ${v};
const SHELL = ${JSON.stringify(SHELL_CACHE_PREFIX)} + VERSION;
const scope = new URL(self.registration.scope);
const at = (p) => new URL(p, scope).href;
const v = encodeURIComponent(VERSION);
const PAGE = at('verify');
const SHELL_FILES = [PAGE, at('web/verifier.js?v=' + v), at('web/verifier.css?v=' + v), at('web/pdf.mjs?v=' + v), at('web/pdf.worker.mjs?v=' + v), at('web/verifier.webmanifest'), at('web/verifier-icon.svg')];
// The page's addresses (the QR codes open /V; Express matches paths case-insensitively).
const PAGE_PATH = /^(verify|v)$/i;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((c) => c.addAll(SHELL_FILES.map((u) => new Request(u, { cache: 'reload', credentials: 'omit' })))).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(${JSON.stringify(SHELL_CACHE_PREFIX)}) && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  const rest = url.pathname.slice(scope.pathname.length);
  if (req.mode === 'navigate' && PAGE_PATH.test(rest)) {
    // The page: the network first (it carries the current authority keys), this device's copy offline.
    event.respondWith(
      fetch(req).then((res) => {
        if (res.ok) {
          const copy = res.clone();
          event.waitUntil(caches.open(SHELL).then((c) => Promise.all([c.put(url.origin + url.pathname + url.search, copy.clone()), c.put(PAGE, copy)])));
        }
        return res;
      }).catch(async () => (await caches.match(url.origin + url.pathname + url.search, { cacheName: SHELL })) || (await caches.match(PAGE, { cacheName: SHELL })) || Response.error()),
    );
    return;
  }
  if (/^web\\/(verifier\\.(js|css|webmanifest)|verifier-icon\\.svg|pdf(\\.worker)?\\.mjs)$/.test(rest)) {
    // The shell's files are named by release: this device's copy first, the network for anything new.
    event.respondWith(
      caches.match(req, { cacheName: SHELL, ignoreVary: true }).then((hit) => hit || fetch(req).then((res) => {
        if (res.ok && url.searchParams.get('v') === VERSION) {
          const copy = res.clone();
          event.waitUntil(caches.open(SHELL).then((c) => c.put(req, copy)));
        }
        return res;
      })),
    );
  }
  // Everything else — the data included, which the page saves itself — goes to the network untouched.
});
`;
}

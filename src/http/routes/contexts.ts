import { publishedAvalaContext } from '../../resolver/index.js';
import { AVALA_LEGACY_CONTEXT_URL } from '../../vc/index.js';
import { bytes, type RouteTable } from '../route.js';
import { matchesEtag } from './status.js';

export interface ContextRoutesDeps {
  /** What new credentials name Avala's context by, and every URL served as the same file (compose's `contexts`). */
  contexts: { url: string; urls: readonly string[] };
}

/** A context URL never changes meaning, so a copy is good for a year and never needs revalidating. */
const CONTEXT_HEADERS = { 'Cache-Control': 'public, max-age=31536000, immutable', 'Access-Control-Allow-Origin': '*' };

/**
 * Avala's JSON-LD context, served at the path of every URL it is known by (the deployment's `AVALA_CONTEXT_URL`,
 * the old origins of `AVALA_CONTEXT_ALIASES`, the legacy URL): the very bytes of `contexts/avala-v1.jsonld`, so the
 * digest published in `/contexts` is the digest of what is served. The host is not checked: an old origin pointed at
 * this service (DNS or a proxy) answers from the same routes.
 */
export function contextRoutes(t: RouteTable, deps: ContextRoutesDeps): void {
  const ctx = publishedAvalaContext();
  const etag = `"${ctx.digestMultibase}"`;
  const urls = [...new Set([deps.contexts.url, ...deps.contexts.urls, AVALA_LEGACY_CONTEXT_URL])];
  const paths = [...new Set(urls.map((u) => new URL(u).pathname))];
  for (const path of paths) {
    t.add({ method: 'get', path, tag: 'catalogue', auth: 'public', summary: "Avala's JSON-LD context (the same file verifiers load from contexts/; its digest is in /contexts)" }, async ({ req }) => {
      const headers = { ...CONTEXT_HEADERS, ETag: etag };
      if (matchesEtag(req.get('if-none-match'), etag)) return { kind: 'empty', status: 304, headers };
      return bytes('application/ld+json', ctx.bytes, { headers });
    });
  }

  t.add({ method: 'get', path: '/contexts', tag: 'catalogue', auth: 'public', summary: "Avala's JSON-LD context: the URL new credentials name, every other URL of the same file, and its digest to pin it by" }, async () => ({
    body: {
      contexts: [
        {
          url: deps.contexts.url,
          alsoKnownAs: urls.filter((u) => u !== deps.contexts.url),
          mediaType: 'application/ld+json',
          digestMultibase: ctx.digestMultibase,
          digestSRI: ctx.digestSRI,
        },
      ],
    },
    headers: { 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' },
  }));
}

/**
 * The verifier as the Avala server runs it: the live trust registry (our own, re-signed and re-checked when it
 * changes or at least every minute) and status lists read in-process from the status service, with no HTTP to
 * ourselves. Node-only (it sits beside the services), hence not exported from `index.ts`.
 */
import type { Clock } from '../clock.js';
import type { RegistryService } from '../registry/index.js';
import type { ExtraContexts } from '../resolver/index.js';
import type { StatusService, SupersessionService } from '../status/index.js';
import type { QrDecoder } from './decode.js';
import { nodeContexts } from './node.js';
import { avalaQrDecoder } from './qr.js';
import type { StatusListFetcher } from './status.js';
import { anchorKeysFromDidDocument, verifyTrustRegistry, type VerifiedTrustRegistry } from './trust-registry.js';
import { createVerifier, type Verifier } from './verifier.js';

export interface LiveTrust {
  current(): Promise<VerifiedTrustRegistry>;
  /** Call after any registry change (keys, bodies, accreditations, standards) so the next verification sees it. */
  invalidate(): void;
}

export const LIVE_TRUST_MAX_AGE_MS = 60_000;

/**
 * Our own trust registry, signed by the registry service and verified exactly as an offline verifier would (the
 * anchor is the authority's DID document), rebuilt at most `maxAgeMs` after the last build or after `invalidate()`.
 */
export function liveTrustRegistry(
  registry: Pick<RegistryService, 'signedTrustRegistry' | 'didDocumentFor' | 'authorityDid'>,
  clock: Clock,
  opts: { maxAgeMs?: number } = {},
): LiveTrust {
  const maxAgeMs = opts.maxAgeMs ?? LIVE_TRUST_MAX_AGE_MS;
  let cached: { trust: VerifiedTrustRegistry; builtAt: number } | null = null;
  let building: Promise<VerifiedTrustRegistry> | null = null;
  let generation = 0;
  const build = async (): Promise<VerifiedTrustRegistry> => {
    const started = generation;
    const now = clock();
    const { jws } = await registry.signedTrustRegistry();
    const anchors = anchorKeysFromDidDocument(await registry.didDocumentFor(registry.authorityDid));
    const r = await verifyTrustRegistry(jws, anchors, now);
    // Our own registry failing our own check is a bug, not bad input.
    if (!r.ok) throw new TypeError(`the live trust registry does not verify: ${r.code} ${r.message}`);
    if (started === generation) cached = { trust: r.trust, builtAt: now.getTime() };
    return r.trust;
  };
  return {
    async current() {
      const now = clock().getTime();
      // A clock set back (tests, or a corrected host clock) also rebuilds: the cached registry could be "from the future".
      if (cached && now >= cached.builtAt && now - cached.builtAt < maxAgeMs) return cached.trust;
      if (building) return building;
      const job: Promise<VerifiedTrustRegistry> = build().finally(() => {
        if (building === job) building = null;
      });
      building = job;
      return job;
    },
    invalidate() {
      // A build already running read the registry before the change: neither cache it nor hand it out again.
      generation += 1;
      cached = null;
      building = null;
    },
  };
}

/** Status lists straight from the status service: the URL must be one of ours, `<publicUrl>/status/<listId>`. */
export function serviceStatusListFetcher(status: Pick<StatusService, 'publishedList'>, publicUrl: string): StatusListFetcher {
  const base = new URL(publicUrl.replace(/\/*$/, '/'));
  return async (url) => {
    const u = new URL(url);
    const prefix = `${base.pathname}status/`;
    if (u.origin !== base.origin || !u.pathname.startsWith(prefix) || u.search) throw new Error('not one of our status lists');
    const listId = decodeURIComponent(u.pathname.slice(prefix.length));
    if (!/^[A-Za-z0-9._-]{1,200}$/.test(listId)) throw new Error('not a status list id');
    const view = await status.publishedList(listId, 'jwt');
    return { body: String(view.body), contentType: view.contentType };
  };
}

/** Supersession registers straight from the service: the URL must be ours, `<publicUrl>/status/<slug>/supersessions`. */
export function serviceSupersessionFetcher(supersessions: Pick<SupersessionService, 'published'>, publicUrl: string): StatusListFetcher {
  const base = new URL(publicUrl.replace(/\/*$/, '/'));
  return async (url) => {
    const u = new URL(url);
    const m = new RegExp(`^${base.pathname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}status/([^/]+)/supersessions$`).exec(u.pathname);
    if (u.origin !== base.origin || !m || u.search) throw new Error('not one of our supersession registers');
    const slug = decodeURIComponent(m[1]!);
    if (!/^[A-Za-z0-9._-]{1,128}$/.test(slug)) throw new Error('not a body slug');
    const view = await supersessions.published(slug);
    return { body: view.jwt, contentType: view.contentType };
  };
}

export interface ServerVerifier extends Verifier {
  /** Forget the cached trust registry (wire to registry change events). */
  invalidateTrust(): void;
}

export function createServerVerifier(deps: {
  registry: Pick<RegistryService, 'signedTrustRegistry' | 'didDocumentFor' | 'authorityDid'>;
  status: Pick<StatusService, 'publishedList'>;
  supersessions: Pick<SupersessionService, 'published'>;
  clock: Clock;
  publicUrl: string;
  /** The deployment's URLs of Avala's context (compose's `contexts.urls`), besides the legacy one. */
  avalaContextUrls?: readonly string[];
  /** The operator's extra contexts (config `AVALA_EXTRA_CONTEXTS_DIR`), by URL. */
  extraContexts?: ExtraContexts;
  /** Default: Avala's QR payload format. */
  decodeQr?: QrDecoder;
}): ServerVerifier {
  const trust = liveTrustRegistry(deps.registry, deps.clock);
  const verifier = createVerifier({
    contexts: nodeContexts(deps.avalaContextUrls, deps.extraContexts),
    trust: () => trust.current(),
    statusLists: serviceStatusListFetcher(deps.status, deps.publicUrl),
    supersessions: serviceSupersessionFetcher(deps.supersessions, deps.publicUrl),
    // Our own lists, read in-process, are the source of truth: caching them would only delay a revocation.
    statusCache: false,
    decodeQr: deps.decodeQr ?? avalaQrDecoder,
    clock: deps.clock,
  });
  return { ...verifier, invalidateTrust: () => trust.invalidate() };
}

import { LIMITS, verifyTrustRegistry, type AnchorKey, type ReasonCode, type StatusListFetcher, type VerifiedTrustRegistry } from '../../../verification/index.js';
import { deviceCopyTime, selfDescribed, type DataFetch, type FetchData } from './data.js';

/** The trust registry as the page holds it; `savedAt` is set when the network failed and a saved copy was used. */
export interface PageTrust {
  trust: VerifiedTrustRegistry;
  savedAt: string | null;
}

/** Why there is no usable trust registry: the network (offline / unreachable), or the copy at hand (expired / invalid). */
export class TrustUnavailable extends Error {
  constructor(
    readonly reason: 'offline' | 'unreachable' | 'expired' | 'invalid',
    readonly expiredOn: string | null,
    message: string,
  ) {
    super(message);
  }
}

export interface TrustSourceOptions {
  /** Where the page's own origin serves the signed registry (`registry/trust`, relative to the page). */
  url: URL;
  /** The authority keys the server pinned into the page. */
  anchors: readonly AnchorKey[];
  fetch: typeof fetch;
  clock: () => Date;
  /** Where a verified copy is kept for offline use; null where storage is unavailable (private mode). */
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** How long a fetched registry is reused before asking again (the server caches it for 5 minutes too). */
  maxAgeMs?: number;
  /** False when the browser knows it has no network. */
  online?: () => boolean;
}

const STORAGE_KEY = 'avala.trustRegistry.v1';

/**
 * The trust registry from the page's own origin, checked against the pinned authority keys, kept in memory for a few
 * minutes and saved for offline use. Offline, a saved copy is used as long as it still verifies (it has its own
 * expiry, past which verification fails closed). Rejects when neither is available.
 */
export function createTrustSource(o: TrustSourceOptions): { current(): Promise<PageTrust> } {
  const maxAgeMs = o.maxAgeMs ?? 5 * 60_000;
  let held: { value: PageTrust; at: number } | null = null;
  let pending: Promise<PageTrust> | null = null;

  const load = async (): Promise<PageTrust> => {
    const now = o.clock();
    let problem = new TrustUnavailable(o.online?.() === false ? 'offline' : 'unreachable', null, 'the trust registry could not be fetched');
    const refused = (code: ReasonCode, jws: string, message: string) =>
      code === 'STATUS_STALE' ? new TrustUnavailable('expired', selfDescribed(jws).validUntil, message) : new TrustUnavailable('invalid', null, message);
    try {
      const res = await o.fetch(o.url.href, { credentials: 'omit', redirect: 'error', headers: { accept: 'application/jwt' } });
      if (res.ok) {
        const jws = await res.text();
        const r = await verifyTrustRegistry(jws, o.anchors, now);
        // A copy this device saved earlier (answered by the data cache when the network failed) keeps its date.
        const copyTime = deviceCopyTime(res);
        if (r.ok) {
          if (copyTime === null) save(o.storage, jws, now);
          return { trust: r.trust, savedAt: copyTime };
        }
        problem = refused(r.code, jws, r.message);
      } else problem = new TrustUnavailable('unreachable', null, `the trust registry answered ${res.status}`);
    } catch {
      // Offline or refused: fall back to the saved copy below.
    }
    const saved = read(o.storage);
    if (saved) {
      const r = await verifyTrustRegistry(saved.jws, o.anchors, now);
      if (r.ok) return { trust: r.trust, savedAt: saved.savedAt };
      if (problem.reason === 'offline' || problem.reason === 'unreachable') problem = refused(r.code, saved.jws, r.message);
    }
    throw problem;
  };

  return {
    async current() {
      const now = o.clock().getTime();
      if (held && now >= held.at && now - held.at < maxAgeMs && held.value.savedAt === null) return held.value;
      pending ??= load()
        .then((value) => {
          held = { value, at: o.clock().getTime() };
          return value;
        })
        .finally(() => {
          pending = null;
        });
      return pending;
    },
  };
}

function save(storage: TrustSourceOptions['storage'], jws: string, now: Date): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify({ jws, savedAt: now.toISOString() }));
  } catch {
    // Storage full or disabled: the page still works online.
  }
}

function read(storage: TrustSourceOptions['storage']): { jws: string; savedAt: string } | null {
  try {
    const v = JSON.parse(storage?.getItem(STORAGE_KEY) ?? 'null') as unknown;
    if (v && typeof v === 'object' && typeof (v as { jws?: unknown }).jws === 'string' && typeof (v as { savedAt?: unknown }).savedAt === 'string') {
      return v as { jws: string; savedAt: string };
    }
  } catch {
    // A corrupt entry is as good as none.
  }
  return null;
}

const LIST_PATH = /\/status\/([A-Za-z0-9._-]{1,200})$/;

/**
 * Status lists from the page's own origin. The credential names its lists by their public URL, which the verifier
 * has already checked against the registry's `statusListOrigins`; Avala hosts every body's lists, so the page asks
 * its own origin for the same list id (`status/<id>`, relative to the page). What comes back is checked like any
 * list: signed by the credential's issuer, within its validity. Nothing the request carries names the credential.
 */
const REGISTER_PATH = /\/status\/([A-Za-z0-9._-]{1,128})\/supersessions$/;

/** Supersession registers from the page's own origin (the registry's address names the body), bounded in size. */
export function sameOriginSupersessionFetcher(base: URL, fetchData: FetchData, log: DataFetch[]): StatusListFetcher {
  return async (url) => {
    const slug = REGISTER_PATH.exec(new URL(url).pathname)?.[1];
    if (!slug) throw new Error('not an Avala supersession register address');
    const res = await fetchData(new URL(`status/${slug}/supersessions`, base).href, { credentials: 'omit', redirect: 'error', headers: { accept: 'application/vc+jwt' } }, 'supersessions', log);
    if (res.status !== 200) throw new Error(`supersession register answered ${res.status}`);
    const body = await res.text();
    if (body.length > LIMITS.supersessionRegisterBytes) throw new Error('supersession register too large');
    return { body, contentType: res.headers.get('content-type') };
  };
}

export function sameOriginStatusFetcher(base: URL, fetchData: FetchData, log: DataFetch[]): StatusListFetcher {
  return async (url) => {
    const id = LIST_PATH.exec(new URL(url).pathname)?.[1];
    if (!id) throw new Error('not an Avala status list address');
    const res = await fetchData(new URL(`status/${id}`, base).href, { credentials: 'omit', redirect: 'error', headers: { accept: 'application/vc+jwt' } }, 'status', log);
    if (res.status !== 200) throw new Error(`status list answered ${res.status}`);
    const body = await res.text();
    if (body.length > LIMITS.credentialBytes) throw new Error('status list too large');
    return { body, contentType: res.headers.get('content-type') };
  };
}

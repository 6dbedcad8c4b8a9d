/**
 * The data a verdict rests on — the trust registry, the status lists, the supersession registers — fetched from the
 * page's own origin and kept on this device (the Cache API, shared with the service worker) for when the network is
 * gone. Every fetch is written down: where the answer came from (online, or this device's copy saved at some
 * instant), and why the network failed (offline, or the server did not answer), so the page can say it in plain words.
 * Nothing here carries the credential: the addresses are those of public lists.
 */

/** The one cache the page and its service worker share for the verifier's data (the page's shell has its own). */
export const DATA_CACHE = 'avala-verifier-data-v1';
/** Set on a copy saved on this device: when it was fetched online (by this page's clock). */
const FETCHED_AT = 'x-avala-fetched-at';
/** Set on an answer read from this device's copy instead of the network. */
export const FROM_DEVICE = 'x-avala-from-device';

export type DataKind = 'registry' | 'status' | 'supersessions';
export type NetworkFailure = { cause: 'offline' } | { cause: 'unreachable'; status: number | null };

export interface DataFetch {
  url: string;
  kind: DataKind;
  /** online: fetched now; device: this device's saved copy; none: neither. */
  source: 'online' | 'device' | 'none';
  /** When the data was fetched from the network (now, or when the saved copy was made). */
  fetchedAt: string | null;
  /** Why the network was not used; null when it was. */
  failure: NetworkFailure | null;
  /** What a signed list says of itself (read from its payload, unverified here: the verifier checks it). */
  validFrom: string | null;
  validUntil: string | null;
}

export interface DataSourceOptions {
  fetch: typeof fetch;
  clock: () => Date;
  /** The Cache API, or null where there is none (an insecure origin, some private modes). */
  caches: CacheStorage | null;
  /** False when the browser knows it has no network (navigator.onLine). */
  online: () => boolean;
}

/**
 * A fetch for public data: the network first (revalidated, so a revocation is seen at once); on success the answer
 * is saved on this device; when the network fails or the server errs, this device's copy is answered instead, marked
 * with FROM_DEVICE and the instant it was fetched. Each call is written to `log`.
 */
export function createDataSource(o: DataSourceOptions) {
  const open = async (): Promise<Cache | null> => {
    try {
      return o.caches ? await o.caches.open(DATA_CACHE) : null;
    } catch {
      return null;
    }
  };

  return async function fetchData(url: string, init: RequestInit, kind: DataKind, log: DataFetch[]): Promise<Response> {
    let failure: NetworkFailure;
    try {
      const res = await o.fetch(url, { ...init, cache: 'no-cache' });
      if (res.ok) {
        const body = await res.text();
        const fetchedAt = o.clock().toISOString();
        const headers = new Headers(res.headers);
        const cache = await open();
        if (cache) {
          const saved = new Headers(headers);
          saved.set(FETCHED_AT, fetchedAt);
          // Saved before the answer is used: a page closed right after still leaves its copy.
          await cache.put(url, new Response(body, { status: 200, headers: saved })).catch(() => undefined);
        }
        log.push({ url, kind, source: 'online', fetchedAt, failure: null, ...selfDescribed(body) });
        return new Response(body, { status: 200, headers });
      }
      // A server that says the list does not exist is believed; one that fails is worked around.
      if (res.status < 500 && res.status !== 429) {
        log.push({ url, kind, source: 'none', fetchedAt: null, failure: { cause: 'unreachable', status: res.status }, validFrom: null, validUntil: null });
        return res;
      }
      failure = { cause: 'unreachable', status: res.status };
    } catch {
      failure = o.online() ? { cause: 'unreachable', status: null } : { cause: 'offline' };
    }
    const cache = await open();
    const copy = cache ? await cache.match(url, { ignoreVary: true }).catch(() => undefined) : undefined;
    if (!copy) {
      log.push({ url, kind, source: 'none', fetchedAt: null, failure, validFrom: null, validUntil: null });
      throw new Error(failure.cause === 'offline' ? 'offline, and no copy on this device' : 'the server did not answer, and no copy on this device');
    }
    const body = await copy.text();
    const headers = new Headers(copy.headers);
    headers.set(FROM_DEVICE, '1');
    const fetchedAt = headers.get(FETCHED_AT);
    log.push({ url, kind, source: 'device', fetchedAt, failure, ...selfDescribed(body) });
    return new Response(body, { status: 200, headers });
  };
}

export type FetchData = ReturnType<typeof createDataSource>;

/** The instant a device copy was fetched online, when `res` is one; null for a fresh answer. */
export function deviceCopyTime(res: Response): string | null {
  return res.headers.get(FROM_DEVICE) === '1' ? res.headers.get(FETCHED_AT) ?? '' : null;
}

/** validFrom / validUntil of a VC-JWT or JSON credential, or of a JWS with iat / exp; nulls for anything else. */
export function selfDescribed(body: string): { validFrom: string | null; validUntil: string | null } {
  let payload: Record<string, unknown> | null = null;
  try {
    const text = body.trim();
    if (text.startsWith('{')) payload = JSON.parse(text) as Record<string, unknown>;
    else {
      const part = text.split('.')[1] ?? '';
      const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
      payload = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0)))) as Record<string, unknown>;
    }
  } catch {
    return { validFrom: null, validUntil: null };
  }
  const iso = (v: unknown) => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? v : typeof v === 'number' ? new Date(v * 1000).toISOString() : null);
  return { validFrom: iso(payload?.validFrom) ?? iso(payload?.iat), validUntil: iso(payload?.validUntil) ?? iso(payload?.exp) };
}

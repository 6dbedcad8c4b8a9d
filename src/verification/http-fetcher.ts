import { readAtMost } from '../vc/index.js';
import { LIMITS } from './limits.js';
import type { StatusListFetcher } from './status.js';

export interface HttpFetcherOptions {
  /** Whole request, connection to last byte. */
  timeoutMs?: number;
  maxBytes?: number;
  /** Plain http is refused unless allowed (a development service on localhost). */
  allowHttp?: boolean;
  /** Loopback, private and link-local addresses are refused unless allowed (development only). */
  allowPrivateHosts?: boolean;
  fetch?: typeof fetch;
}

/**
 * Fetches status lists over HTTP with the platform's `fetch` (Node 20 or a browser). The verifier only asks for URLs
 * under the trust registry's `statusListOrigins`; this adds the transport rules of promise 3 of docs/reliability.md: https only,
 * never `file:` or another scheme, never a loopback, private or link-local address given literally (or `localhost`),
 * no redirects (a redirect could leave the allowed origin), a timeout and a size bound.
 * Not covered: a public host name whose DNS answer is a private address; the registry's origins are the
 * authority's own hosts.
 */
export function createHttpStatusListFetcher(opts: HttpFetcherOptions = {}): StatusListFetcher {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const maxBytes = opts.maxBytes ?? LIMITS.credentialBytes;
  const doFetch = opts.fetch ?? globalThis.fetch;
  return async (url) => {
    const u = new URL(url);
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && opts.allowHttp)) throw new Error(`refused scheme ${u.protocol}`);
    if (!opts.allowPrivateHosts && isPrivateHost(u.hostname)) throw new Error(`refused private host ${u.hostname}`);
    const res = await doFetch(u.href, {
      redirect: 'error',
      credentials: 'omit',
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/vc+jwt, application/vc+ld+json;q=0.8, application/json;q=0.5' },
    });
    if (res.status !== 200 || !res.body) throw new Error(`status list answered ${res.status}`);
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (declared > maxBytes) throw new Error('status list too large');
    const bytes = await readAtMost(res.body, maxBytes);
    if (!bytes) throw new Error('status list too large');
    return { body: new TextDecoder('utf-8', { fatal: true }).decode(bytes), contentType: res.headers.get('content-type') };
  };
}

/** A host given as a loopback, private, link-local, unspecified or multicast address, or `localhost`. */
export function isPrivateHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (v4) return isPrivateV4(v4.slice(1).map(Number) as [number, number, number, number]);
  if (!h.includes(':')) return false;
  if (h === '::' || h === '::1') return true;
  const mapped = /^::ffff:(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (mapped) return isPrivateV4(mapped.slice(1).map(Number) as [number, number, number, number]);
  if (/^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(h)) return true; // mapped v4 in hex form: refuse rather than decode
  const first = parseInt(h.split(':')[0] || '0', 16);
  return (first & 0xffc0) === 0xfe80 || (first & 0xfe00) === 0xfc00 || (first & 0xff00) === 0xff00;
}

function isPrivateV4([a, b]: [number, number, number, number]): boolean {
  return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224;
}

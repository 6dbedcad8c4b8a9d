import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OID4VCI_PATHS } from '../../src/delivery/oid4vci/index.js';
import { ADMIN_TOKEN, startTestService, type TestService } from '../helpers/harness.js';

// promise 2 of docs/reliability.md: no input-driven 5xx. Rather than a list of known routes, this walks every route express
// really serves (the route table's and the routers mounted beside it: OpenID4VCI, the claim page, pages, assets).

interface Served {
  method: string;
  path: string;
}

function servedRoutes(stack: any[], out: Served[] = []): Served[] {
  for (const layer of stack) {
    if (layer.route) for (const method of Object.keys(layer.route.methods)) out.push({ method, path: layer.route.path as string });
    else if (layer.handle?.stack) servedRoutes(layer.handle.stack, out);
  }
  return out;
}

const OAUTH_PATHS = new Set<string>(Object.values(OID4VCI_PATHS));

let svc: TestService;
let routes: Served[];
let tokens: (string | undefined)[];

beforeAll(async () => {
  svc = await startTestService();
  const app = svc.server.listeners('request')[0] as any;
  routes = servedRoutes(app.router.stack);
  tokens = [undefined, ADMIN_TOKEN, svc.staffKey('cecati-42', 'evaluator'), svc.staffKey('cecati-42', 'certifier')];
});
afterAll(async () => {
  await svc.close();
});

async function send(method: string, p: string, headers: Record<string, string>, body?: string) {
  const res = await fetch(`${svc.url}${p}`, { method: method.toUpperCase(), headers, body });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text };
}

/** Every refusal is ours: problem+json with a code, or OAuth error JSON on the wallet endpoints. */
function refusalShape(path: string, r: { status: number; type: string; text: string }): string | null {
  if (r.status >= 500) return `${r.status}: ${r.text.slice(0, 200)}`;
  if (r.status < 400) return null;
  if (OAUTH_PATHS.has(path)) return /^application\/json/.test(r.type) && typeof JSON.parse(r.text).error === 'string' ? null : `not OAuth JSON: ${r.type}`;
  if (!/^application\/problem\+json/.test(r.type)) return `not problem+json: ${r.status} ${r.type}`;
  return typeof JSON.parse(r.text).code === 'string' ? null : 'problem without code';
}

const GARBAGE_BODIES: [string, string][] = [
  ['{', 'application/json'],
  ['[]', 'application/json'],
  ['"x"', 'application/json'],
  ['null', 'application/json'],
  ['', 'application/json'],
  ['['.repeat(2000) + ']'.repeat(2000), 'application/json'],
  ['{"a":"\\ud800"}', 'application/json'],
  ['{}', 'application/json; charset=utf-9'],
  ['{}', 'application/json;;; x="'],
  ['a=1&a=2&grant_type[]=x', 'application/x-www-form-urlencoded'],
  ['{}', 'text/plain'],
  ['\u0000\uffff', 'application/ld+json'],
];

describe('no input-driven 500', () => {
  it('walks a route table that holds the API, the wallet endpoints, the pages and the assets', () => {
    const paths = routes.map((r) => `${r.method} ${r.path}`);
    for (const expected of ['get /bodies/:slug', 'get /claim/:token', 'get /status/:listId', 'get /standards/:ref', 'post /oid4vci/token', 'get /web/verifier.js', 'get /assets/claim-page.css', 'post /evaluations']) {
      expect(paths).toContain(expected);
    }
  });

  it('answers 400 ERR_MALFORMED_REQUEST for a malformed percent-encoding in any path parameter', async () => {
    const failures: string[] = [];
    for (const r of routes.filter((x) => x.path.includes(':'))) {
      for (const bad of ['%ZZ', '%E0%A4%A', '%']) {
        const p = r.path.replace(/:[A-Za-z_]+/g, bad);
        for (const token of tokens) {
          for (const accept of ['application/json', 'text/html']) {
            const headers: Record<string, string> = { accept };
            if (token) headers.authorization = `Bearer ${token}`;
            const body = r.method === 'get' ? undefined : '{}';
            if (body) headers['content-type'] = r.path === '/batches' ? 'text/csv' : 'application/json';
            const res = await send(r.method, p, headers, body);
            const code = res.type.startsWith('application/problem+json') ? JSON.parse(res.text).code : null;
            if (res.status !== 400 || code !== 'ERR_MALFORMED_REQUEST') failures.push(`${r.method} ${p} (${accept}, ${token ? 'auth' : 'anon'}): ${res.status} ${res.text.slice(0, 120)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers a 4xx in our problem shape for garbage bodies on every route that takes one', async () => {
    const failures: string[] = [];
    for (const r of routes.filter((x) => x.method !== 'get' && x.path !== '/batches')) {
      const p = r.path.replace(/:[A-Za-z_]+/g, 'x');
      for (const token of tokens) {
        for (const [body, type] of GARBAGE_BODIES) {
          const headers: Record<string, string> = { 'content-type': type, accept: 'application/json' };
          if (token) headers.authorization = `Bearer ${token}`;
          const res = await send(r.method, p, headers, body);
          const wrong = refusalShape(r.path, res);
          if (wrong) failures.push(`${r.method} ${p} ${type} ${JSON.stringify(body.slice(0, 20))}: ${wrong}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers garbage queries and headers on every route without a 5xx', async () => {
    const queries = ['?a=1&a=2&q=1&q=2&sector=a&sector=b&level=x&level=1&lang=es&lang=en', '?q[]=x&sector[a]=b&level[]=1&lang[]=es&name[]=n', `?q=${'x'.repeat(6000)}`, '?%ZZ=%ZZ&q=%ZZ&lang=%E0%A4%A', '?q=%00%ff'];
    const headerSets: Record<string, string>[] = [
      { accept: '*/*;q=foo, text/html;;', 'if-none-match': '"garbage, W/', 'accept-language': ';;;q=x', 'if-modified-since': 'yesterday' },
      { authorization: 'Basic abc' },
      { authorization: 'Bearer' },
      { authorization: 'Bearer  two spaces' },
      { authorization: `Bearer ${'x'.repeat(4000)}` },
      { authorization: `bearer ${ADMIN_TOKEN}`, 'x-forwarded-for': 'not-an-ip, ::ffff:999.1.1.1', 'x-request-id': '../../etc' },
    ];
    const failures: string[] = [];
    for (const r of routes) {
      const p = r.path.replace(/:[A-Za-z_]+/g, 'x');
      for (const q of queries) {
        for (const h of headerSets) {
          const headers = { ...h };
          const body = r.method === 'get' ? undefined : r.path === '/batches' ? 'external_id\n' : '{}';
          if (body !== undefined) headers['content-type'] = r.path === '/batches' ? 'text/csv' : 'application/json';
          const res = await send(r.method, p + q, headers, body);
          if (res.status >= 500) failures.push(`${r.method} ${p}${q.slice(0, 40)} ${JSON.stringify(h).slice(0, 60)}: ${res.status} ${res.text.slice(0, 120)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000); // every route × every query × every header set: seconds alone, longer on a loaded 2-core machine

  it('answers a malformed percent-encoding outside any route with a problem, not a 500', async () => {
    for (const p of ['/%ZZ', '/web/%ZZ', '/assets/%E0%A4%A', '/.well-known/%ZZ']) {
      const res = await send('get', p, { accept: 'text/html' });
      expect(res.status, p).toBeLessThan(500);
      expect(res.type, p).toMatch(/^application\/problem\+json/);
    }
  });
});

import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { compose } from '../../src/compose.js';
import { call, startTestService, tempDir, testConfig, type TestService } from '../helpers/harness.js';
import { actor, curpFor } from '../helpers/people.js';

const LEGACY = 'https://avala.example/contexts/avala/v1';
const FILE = fs.readFileSync(new URL('../../contexts/avala-v1.jsonld', import.meta.url));
const ALIAS = 'https://old.avala.test/ld/avala-v1';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService({ publicUrlIsOwnAddress: true, env: { AVALA_CONTEXT_ALIASES: ALIAS } });
});
afterAll(async () => {
  await svc?.close();
});

async function certify(i: number) {
  const s = svc.services;
  const e = await s.issuance.recordEvaluation(actor(svc, 'cecati-42', 'evaluator'), {
    candidate: { name: 'Luis Pérez', curp: curpFor(i), email: null },
    standard: { code: 'EC0217' },
    centre: 'Centro Norte',
    evaluatedOn: '2026-05-20',
    result: 'competent',
  });
  return (await s.issuance.certify(actor(svc, 'cecati-42', 'certifier'), e.id)).credential;
}

describe("Avala's context URL", () => {
  it('is named by new credentials as the deployment’s own URL, both forms, signed by the worker threads', async () => {
    const c = await certify(1);
    const url = `${svc.url}/contexts/avala/v1`;
    expect(svc.services.contexts).toEqual({ url, urls: [url, ALIAS] });
    expect((c.dataIntegrity as any)['@context'][2]).toBe(url);
    const payload = JSON.parse(Buffer.from(c.jwt!.split('.')[1]!, 'base64url').toString());
    expect(payload['@context'][2]).toBe(url);
    const r = await call(svc.url, 'POST', '/credentials/verify', { body: { verifiableCredential: c.dataIntegrity } });
    expect(r.json.verified, JSON.stringify(r.json)).toBe(true);
  });

  it('verifies the same credential under the legacy URL and under an alias, never under an unknown one', async () => {
    const c = (await certify(2)).dataIntegrity as any;
    for (const ctx of [LEGACY, ALIAS]) {
      const r = await call(svc.url, 'POST', '/credentials/verify', { body: { verifiableCredential: { ...c, '@context': [c['@context'][0], c['@context'][1], ctx] } } });
      expect(r.json.verified, `${ctx} ${JSON.stringify(r.json)}`).toBe(true);
    }
    const r = await call(svc.url, 'POST', '/credentials/verify', { body: { verifiableCredential: { ...c, '@context': [c['@context'][0], c['@context'][1], 'https://elsewhere.test/contexts/avala/v1'] } } });
    expect(r.json.verified).toBe(false);
    expect(JSON.stringify(r.json)).toContain('CONTEXT_NOT_ALLOWED');
  });

  it('is served at each URL’s path as the file’s bytes: JSON-LD, CORS, a year immutable, an ETag', async () => {
    for (const path of ['/contexts/avala/v1', '/ld/avala-v1']) {
      const r = await fetch(`${svc.url}${path}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^application\/ld\+json/);
      expect(r.headers.get('access-control-allow-origin')).toBe('*');
      expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(Buffer.from(await r.arrayBuffer()).equals(FILE)).toBe(true);
      const etag = r.headers.get('etag')!;
      expect(etag).toMatch(/^"u/);
      const again = await fetch(`${svc.url}${path}`, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
    }
  });

  it('publishes the digest of exactly those bytes in /contexts', async () => {
    const r = await call(svc.url, 'GET', '/contexts');
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    const sha = crypto.createHash('sha256').update(FILE).digest();
    expect(r.json.contexts).toEqual([
      {
        url: `${svc.url}/contexts/avala/v1`,
        alsoKnownAs: [ALIAS, LEGACY],
        mediaType: 'application/ld+json',
        digestMultibase: `u${Buffer.concat([Buffer.from([0x12, 0x20]), sha]).toString('base64url')}`,
        digestSRI: `sha256-${sha.toString('base64')}`,
      },
    ]);
    // The README publishes the same digests, for verifiers that pin the context before they ever fetch it.
    const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(r.json.contexts[0].digestMultibase);
    expect(readme).toContain(r.json.contexts[0].digestSRI);
  });

  it('puts the context URL into the page, so the browser verifier maps it to its bundled copy', async () => {
    const r = await fetch(`${svc.url}/verify`);
    const html = await r.text();
    const content = /<meta name="avala-context-urls" content="([^"]*)">/.exec(html)?.[1] ?? '';
    const decoded = content.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
    expect(JSON.parse(decoded)).toEqual([`${svc.url}/contexts/avala/v1`, ALIAS]);
  });
});

describe('configuration and the database', () => {
  it('defaults under the public URL, takes AVALA_CONTEXT_URL, and refuses a URL that is not a plain path', () => {
    const base = { AVALA_PUBLIC_URL: 'https://avala.gob.test', AVALA_DB: '/tmp/x.db' };
    expect(loadConfig(base).contextUrl).toBe('https://avala.gob.test/contexts/avala/v1');
    expect(loadConfig({ ...base, AVALA_CONTEXT_URL: 'https://w3id.test/avala/v1' }).contextUrl).toBe('https://w3id.test/avala/v1');
    expect(loadConfig({ ...base, AVALA_CONTEXT_ALIASES: ' https://a.test/x , https://b.test/y ' }).contextAliases).toEqual(['https://a.test/x', 'https://b.test/y']);
    for (const bad of ['https://x.test/a?b=1', 'https://x.test/a#f', 'https://x.test/', 'ftp://x.test/a', 'https://x.test/:id']) {
      expect(() => loadConfig({ ...base, AVALA_CONTEXT_URL: bad }), bad).toThrow(/AVALA_CONTEXT_URL/);
    }
    expect(() => loadConfig({ ...base, AVALA_CONTEXT_URL: 'https://www.w3.org/ns/credentials/v2' })).toThrow(/another JSON-LD context/);
  });

  it('records the context URL; refuses another one until the operator adopts it, and keeps the old one known', async () => {
    const dir = tempDir();
    const first = await compose(testConfig(dir), { signingWorkers: 0 });
    const recorded = first.contexts.url;
    await first.close();
    const moved = testConfig(dir, { AVALA_CONTEXT_URL: 'https://contexts.avala.test/avala/v1' });
    await expect(compose(moved, { signingWorkers: 0 })).rejects.toMatchObject({ code: 'ERR_CONTEXT_URL_MISMATCH' });
    const adopted = await compose(moved, { signingWorkers: 0, contextUrl: 'adopt' });
    expect(adopted.contexts).toEqual({ url: 'https://contexts.avala.test/avala/v1', urls: ['https://contexts.avala.test/avala/v1', recorded] });
    await adopted.close();
    const later = await compose(moved, { signingWorkers: 0 });
    expect(later.contexts.urls).toEqual(['https://contexts.avala.test/avala/v1', recorded]);
    await later.close();
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signVcJwt } from '../../src/signing/index.js';
import type { IssuedCredential } from '../../src/issuance/index.js';
import { buildStatusListCredential } from '../../src/vc/index.js';
import { createHttpStatusListFetcher, isPrivateHost, type StatusListFetcher } from '../../src/verification/index.js';
import { createDirectoryStatusListFetcher } from '../../src/verification/node.js';
import { serviceStatusListFetcher } from '../../src/verification/server.js';
import { tempDir } from '../helpers/harness.js';
import { ALL_PASS, FORMS, PUBLIC_URL, form, pick, startWorld, verdict, verdicts, type World } from './helpers.js';

let w: World;
let c: IssuedCredential;
let revocationUrl: string;
let inProcess: StatusListFetcher;

beforeAll(async () => {
  w = await startWorld('2026-06-01T12:00:00.000Z');
  c = await w.issue('cecati-42');
  revocationUrl = (c.dataIntegrity!.credentialStatus as Array<{ statusListCredential: string }>)[0]!.statusListCredential;
  inProcess = serviceStatusListFetcher(w.svc.services.status, PUBLIC_URL);
});
afterAll(async () => {
  await w.close();
});

/** A status list credential for `url`, signed by the body with its current key, with the given bits. */
async function signedList(url: string, purpose: 'revocation' | 'suspension', bits: Uint8Array, opts: { slug?: string; validFrom?: Date; validityMs?: number } = {}) {
  const key = await w.svc.services.registry.currentKey(await w.bodyId(opts.slug ?? 'cecati-42'));
  const body = await w.svc.services.registry.getBody(key.owner);
  const validFrom = opts.validFrom ?? w.now();
  const unsigned = buildStatusListCredential({
    listUrl: url,
    issuerDid: body.did,
    purpose,
    encodedList: `u${gzipSync(bits).toString('base64url')}`,
    validFrom,
    validUntil: new Date(validFrom.getTime() + (opts.validityMs ?? 86_400_000)),
    ttlMs: 300_000,
  });
  return signVcJwt(unsigned as unknown as Record<string, unknown>, w.svc.services.keys, key.keystoreId, key.id);
}

/** Serves `jwt` for the revocation list and the real list for everything else. */
const serving = (jwt: string): StatusListFetcher => async (url) => (url === revocationUrl ? { body: jwt } : inProcess(url));

describe('status list checks', () => {
  it('reads the JSON (Data Integrity) form of a list as well as the JWT form', async () => {
    const json: StatusListFetcher = async (url) => {
      const listId = url.split('/').at(-1)!;
      return { body: JSON.stringify((await w.svc.services.status.publishedList(listId, 'json')).body) };
    };
    expect(verdicts(await w.verifier({ statusLists: json }).verify(form(c, 'jwt')))).toEqual(ALL_PASS);
  });

  it("fails STATUS_VERIFICATION_ERROR for a list signed by another body, or not naming the entry's URL", async () => {
    const otherBodyList = await signedList(revocationUrl, 'revocation', new Uint8Array(16_384), { slug: 'universidad-del-valle' });
    expect(verdict(await w.verifier({ statusLists: serving(otherBodyList) }).verify(form(c, 'jwt')), 'revocation')).toEqual(['fail', 'STATUS_VERIFICATION_ERROR']);
    const elsewhere = await signedList(`${PUBLIC_URL}/status/another-list`, 'revocation', new Uint8Array(16_384));
    expect(verdict(await w.verifier({ statusLists: serving(elsewhere) }).verify(form(c, 'jwt')), 'revocation')).toEqual(['fail', 'STATUS_VERIFICATION_ERROR']);
    const suspensionList = await signedList(revocationUrl, 'suspension', new Uint8Array(16_384));
    expect(verdict(await w.verifier({ statusLists: serving(suspensionList) }).verify(form(c, 'jwt')), 'revocation')).toEqual(['fail', 'STATUS_VERIFICATION_ERROR']);
    const [h, p, s] = (await signedList(revocationUrl, 'revocation', new Uint8Array(16_384))).split('.');
    const tampered = `${h}.${p!.slice(0, -4)}AAAA.${s}`;
    expect(verdict(await w.verifier({ statusLists: serving(tampered) }).verify(form(c, 'jwt')), 'revocation')).toEqual(['fail', 'STATUS_VERIFICATION_ERROR']);
  });

  it('fails STATUS_STALE for a list past its validUntil (plus the skew), and passes just within it', async () => {
    const list = await signedList(revocationUrl, 'revocation', new Uint8Array(16_384), { validFrom: new Date('2026-06-01T12:00:00Z'), validityMs: 3_600_000 });
    const v = w.verifier({ statusLists: serving(list) });
    expect(verdict(await v.verify(form(c, 'jwt'), { now: new Date(Date.parse('2026-06-01T13:00:00Z') + 300_000) }), 'revocation')).toEqual(['pass', null]);
    const stale = await v.verify(form(c, 'jwt'), { now: new Date(Date.parse('2026-06-01T13:00:00Z') + 301_000) });
    expect(verdict(stale, 'revocation')).toEqual(['fail', 'STATUS_STALE']);
    expect(stale.verified).toBe(false);
  });

  it('fails STATUS_LIST_LENGTH_ERROR for a list shorter than 131,072 entries, and for a gzip bomb past 2 MiB', async () => {
    const short = await signedList(revocationUrl, 'revocation', new Uint8Array(1024));
    expect(verdict(await w.verifier({ statusLists: serving(short) }).verify(form(c, 'jwt')), 'revocation')).toEqual(['fail', 'STATUS_LIST_LENGTH_ERROR']);
    const bomb = await signedList(revocationUrl, 'revocation', new Uint8Array(3 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(20_000);
    expect(verdict(await w.verifier({ statusLists: serving(bomb) }).verify(form(c, 'jwt')), 'revocation')).toEqual(['fail', 'STATUS_LIST_LENGTH_ERROR']);
  });

  it.each(FORMS)('%s: never fetches a list outside the registry\'s origins (unknown, STATUS_RETRIEVAL_ERROR)', async (f) => {
    const key = await w.svc.services.registry.currentKey(await w.bodyId('cecati-42'));
    const fetched: string[] = [];
    const spy: StatusListFetcher = async (url) => {
      fetched.push(url);
      return inProcess(url);
    };
    for (const target of ['https://evil.example/status/x', 'file:///etc/passwd', 'http://169.254.169.254/latest', 'https://user:pw@avala.test/status/x']) {
      const moved = await w.sign(c.dataIntegrity!, key, key.id, (x) => {
        x.credentialStatus[0].statusListCredential = target;
        x.credentialStatus[0].id = `${target}#1`;
      });
      const r = await w.verifier({ statusLists: spy }).verify(pick(moved, f));
      expect(verdict(r, 'revocation')).toEqual(['unknown', 'STATUS_RETRIEVAL_ERROR']);
      expect(r.verified).toBe(false);
    }
    expect(fetched.every((u) => u.startsWith(`${PUBLIC_URL}/status/`))).toBe(true);
  });

  it('fails RANGE_ERROR for an index past the end of the list', async () => {
    const key = await w.svc.services.registry.currentKey(await w.bodyId('cecati-42'));
    const outside = await w.sign(c.dataIntegrity!, key, key.id, (x) => {
      x.credentialStatus[0].statusListIndex = '131072';
    });
    expect(verdict(await w.verifier().verify(outside.jwt), 'revocation')).toEqual(['fail', 'RANGE_ERROR']);
  });

  it("keeps a verified list for its ttl, then fetches it again", async () => {
    let fetches = 0;
    const counting: StatusListFetcher = async (url) => {
      fetches += 1;
      return inProcess(url);
    };
    const v = w.verifier({ statusLists: counting, statusCache: {} });
    await v.verify(form(c, 'jwt'));
    await v.verify(form(c, 'di'));
    expect(fetches).toBe(2); // one revocation list, one suspension list
    await v.verify(form(c, 'jwt'), { now: new Date(w.now().getTime() + 300_000) });
    expect(fetches).toBe(4);
  });
});

describe('status list sources', () => {
  it('reads lists from a directory (.jwt or .json) and refuses names that would leave it', async () => {
    const dir = tempDir('avala-status-');
    const listId = revocationUrl.split('/').at(-1)!;
    fs.writeFileSync(path.join(dir, `${listId}.jwt`), String((await w.svc.services.status.publishedList(listId, 'jwt')).body));
    const fromDir = createDirectoryStatusListFetcher(dir);
    expect((await fromDir(revocationUrl)).body).toMatch(/^ey/);
    await expect(fromDir(`${PUBLIC_URL}/status/..%2F..%2Fetc%2Fpasswd`)).rejects.toThrow();
    await expect(fromDir(`${PUBLIC_URL}/status/missing`)).rejects.toThrow();
    const suspensionUrl = (c.dataIntegrity!.credentialStatus as Array<{ statusListCredential: string }>)[1]!.statusListCredential;
    // Only the revocation list is in the folder: suspension is unknown, so the credential is not verified.
    const r = await w.verifier({ statusLists: fromDir }).verify(form(c, 'jwt'));
    expect(verdicts(r)).toEqual({ ...ALL_PASS, suspension: ['unknown', 'STATUS_RETRIEVAL_ERROR'] });
    expect(suspensionUrl).not.toBe(revocationUrl);
  });

  it('the HTTP fetcher refuses file:, plain http, private and link-local hosts, redirects and oversized bodies', async () => {
    const calls: Array<[string, RequestInit | undefined]> = [];
    const fake = (async (url: string, init?: RequestInit) => {
      calls.push([url, init]);
      return new Response(url.includes('big') ? 'x'.repeat(300 * 1024) : 'eyJ.a.b', { status: 200 });
    }) as typeof fetch;
    const get = createHttpStatusListFetcher({ fetch: fake });
    for (const url of ['file:///etc/passwd', 'http://avala.test/status/1', 'https://127.0.0.1/s', 'https://[::1]/s', 'https://10.1.2.3/s', 'https://169.254.169.254/s', 'https://localhost/s', 'https://[fe80::1]/s', 'https://0x7f.1/s']) {
      await expect(get(url), url).rejects.toThrow();
    }
    expect(calls).toEqual([]);
    expect(await get('https://avala.test/status/1')).toEqual({ body: 'eyJ.a.b', contentType: 'text/plain;charset=UTF-8' });
    expect(calls[0]![1]).toMatchObject({ redirect: 'error', credentials: 'omit' });
    await expect(get('https://avala.test/status/big')).rejects.toThrow(/too large/);
    expect(['8.8.8.8', 'avala.example', '172.32.0.1'].map(isPrivateHost)).toEqual([false, false, false]);
    expect(['172.16.0.1', '192.168.1.1', '100.64.0.1', '::ffff:127.0.0.1', 'fd00::1', 'a.localhost'].map(isPrivateHost)).toEqual([true, true, true, true, true, true]);
  });
});

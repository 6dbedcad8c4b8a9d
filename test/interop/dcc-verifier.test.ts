/**
 * The Digital Credentials Consortium's verifier (`@digitalcredentials/verifier-core`, inside VerifierPlus and the
 * Learner Credential Wallet), unchanged, with its own document loader: it holds the W3C, Data Integrity and Open
 * Badges contexts and fetches any other context over HTTP. Given an Avala Data Integrity credential issued by a
 * real service whose public URL is its own address, it must fetch Avala's context from the URL the credential names
 * (and the status list), nothing else, from nowhere but loopback, and verify signature, expiry and status.
 */
import { verifyCredential } from '@digitalcredentials/verifier-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, call, startTestService, testClock, type TestService } from '../helpers/harness.js';
import { curpFor } from '../helpers/people.js';

let svc: TestService;
let evaluator: string;
let certifier: string;

beforeAll(async () => {
  // The DCC verifier reads the real clock (expiry, the status list's validity): issue at the real time.
  svc = await startTestService({ publicUrlIsOwnAddress: true, clock: testClock(new Date().toISOString()) });
  const admin = (method: string, path: string, body?: unknown) => call(svc.url, method, path, { token: ADMIN_TOKEN, body });
  // did:key: DCC's did:web driver fetches DID documents over https only, and this test server speaks http.
  const body = await admin('POST', '/admin/bodies', { slug: 'organismo-dcc', name: 'Organismo de prueba DCC', kind: 'third-party', didMethod: 'key' });
  expect(body.status, JSON.stringify(body.json)).toBe(201);
  const standard = await call(svc.url, 'GET', '/standards/EC0217');
  const acc = await admin('POST', '/admin/accreditations', { bodyId: body.json.id, standardId: standard.json.id, validFrom: '2026-01-01', validUntil: '2031-01-01' });
  expect(acc.status, JSON.stringify(acc.json)).toBe(201);
  evaluator = (await admin('POST', `/admin/bodies/${body.json.id}/staff`, { name: 'Evaluadora', roles: ['evaluator'] })).json.apiKey;
  certifier = (await admin('POST', `/admin/bodies/${body.json.id}/staff`, { name: 'Certificador', roles: ['certifier'] })).json.apiKey;
});
afterAll(async () => {
  await svc?.close();
});

async function issue(i: number): Promise<{ id: string; vc: Record<string, any> }> {
  const evaluation = {
    candidate: { name: 'Ana María González Martínez', curp: curpFor(i) },
    standard: { code: 'EC0217' },
    centre: 'Centro Evaluador Norte',
    evaluatedOn: new Date().toISOString().slice(0, 10),
    result: 'competent',
  };
  const e = await call(svc.url, 'POST', '/evaluations', { token: evaluator, body: evaluation });
  expect(e.status, JSON.stringify(e.json)).toBe(201);
  const c = await call(svc.url, 'POST', `/evaluations/${e.json.id}/certify`, { token: certifier });
  expect(c.status, JSON.stringify(c.json)).toBe(201);
  return { id: c.json.id, vc: c.json.verifiableCredential };
}

/** Runs the DCC verifier, recording every URL it fetches. */
async function dccVerify(credential: unknown): Promise<{ result: any; fetched: string[] }> {
  const fetched: string[] = [];
  const original = globalThis.fetch;
  globalThis.fetch = ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    fetched.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    return original(input, init);
  }) as typeof fetch;
  try {
    return { result: await verifyCredential({ credential, knownDIDRegistries: [] } as never), fetched };
  } finally {
    globalThis.fetch = original;
  }
}

/** What verifier-core's schema check fetches for an OB 3.0 credential on VC 2.0 that names no credentialSchema. */
const OB_SCHEMA_GUESS = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';

const logOf = (result: any) => Object.fromEntries((result.log ?? []).map((l: any) => [l.id, l.valid]));

describe("DCC's verifier, unchanged, on an Avala Data Integrity credential", () => {
  it('fetches our context from the URL the credential names, on our own address, and verifies signature, expiry and status', async () => {
    const { vc } = await issue(1);
    const contextUrl = `${svc.url}/contexts/avala/v1`;
    expect(vc['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', contextUrl]);
    expect(vc.issuer.id).toMatch(/^did:key:z6Mk/);

    const { result, fetched } = await dccVerify(vc);
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    expect(logOf(result)).toMatchObject({ valid_signature: true, expiration: true, revocation_status: true });
    // What decides the verdict comes from loopback, from us only: the context the credential names and its status
    // list(s). The one other fetch verifier-core tries is advisory (its `additionalInformation`): the 1EdTech JSON
    // Schema it guesses for any OpenBadgeCredential without a credentialSchema, which the offline test setup refuses.
    const ours = fetched.filter((u) => u.startsWith(`${svc.url}/`));
    expect(fetched.filter((u) => !ours.includes(u))).toEqual(fetched.length === ours.length ? [] : [OB_SCHEMA_GUESS]);
    expect(ours).toContain(contextUrl);
    expect(ours.filter((u) => u !== contextUrl).length).toBeGreaterThan(0);
    expect(ours.filter((u) => u !== contextUrl).every((u) => u.startsWith(`${svc.url}/status/`)), ours.join(' ')).toBe(true);
  });

  it('reports a revoked credential as revoked, and a tampered one as not signed', async () => {
    const { id, vc } = await issue(2);
    const revoked = await call(svc.url, 'POST', `/credentials/${encodeURIComponent(id)}/revoke`, { token: certifier, body: { reason: 'fraud' } });
    expect(revoked.status, JSON.stringify(revoked.json)).toBe(200);
    expect(logOf((await dccVerify(vc)).result)).toMatchObject({ valid_signature: true, revocation_status: false });

    const { vc: other } = await issue(3);
    const tampered = structuredClone(other);
    tampered.credentialSubject.achievement.humanCode = 'EC0301';
    const r = (await dccVerify(tampered)).result;
    expect(logOf(r).valid_signature === true).toBe(false);
  });

  it('refuses the same credential under the legacy avala.example URL, which it cannot fetch (why the URL changed)', async () => {
    const { vc } = await issue(4);
    const legacy = { ...vc, '@context': [vc['@context'][0], vc['@context'][1], 'https://avala.example/contexts/avala/v1'] };
    const { result } = await dccVerify(legacy);
    expect(logOf(result).valid_signature === true).toBe(false);
  });
});

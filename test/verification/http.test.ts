import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verificationRoutes, type VerificationRouteDeps } from '../../src/http/routes/verification.js';
import type { IssuedCredential } from '../../src/issuance/index.js';
import { encodeQrPayload, verifierUrl } from '../../src/qr/index.js';
import { createServerVerifier } from '../../src/verification/server.js';
import { call } from '../helpers/harness.js';
import { listenRoutes, type RoutesApp } from '../helpers/routes-app.js';
import { PUBLIC_URL, curp, startWorld, type World } from './helpers.js';
import { expectProblem } from '../helpers/expect.js';

/** The verification routes alone, for the rate-limit test that needs a tighter limit than the real app has. */
function listen(w: World, deps: Partial<VerificationRouteDeps> = {}): Promise<RoutesApp> {
  const verifier = createServerVerifier({ registry: w.svc.services.registry, status: w.svc.services.status, supersessions: w.svc.services.supersessions, clock: () => w.now(), publicUrl: PUBLIC_URL });
  return listenRoutes(w.svc.services.registry, (t) => verificationRoutes(t, { verifier, ...deps }));
}

let w: World;
let base: string;
let c: IssuedCredential;
const post = (p: string, body: unknown, headers?: Record<string, string>) => call(base, 'POST', p, typeof body === 'string' && headers ? { raw: body, headers } : { body });

beforeAll(async () => {
  w = await startWorld('2026-06-01T12:00:00.000Z');
  base = w.svc.url; // the real app, as createApp builds it
  c = await w.issue('cecati-42', { curp: curp() });
});
afterAll(async () => {
  await w.close();
});

describe('POST /credentials/verify (VC-API)', () => {
  it('answers 200 with verified true, the checks run and the facts, for both securing mechanisms', async () => {
    for (const vcInput of [c.dataIntegrity, { '@context': 'https://www.w3.org/ns/credentials/v2', type: 'EnvelopedVerifiableCredential', id: `data:application/vc+jwt,${c.jwt}` }]) {
      const r = await post('/credentials/verify', { verifiableCredential: vcInput });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({
        verified: true,
        checks: ['format', 'proof', 'key_valid_at_issuance', 'competency_certificate', 'issuer_accredited', 'standard_known', 'validity_window', 'revocation', 'suspension', 'superseded', 'trust_registry_fresh'],
        warnings: [],
        errors: [],
        problemDetails: [],
        facts: { credentialId: c.id, holderName: 'Ana Pérez López', standard: { code: 'EC0217', version: 1 } },
      });
      expect(r.json.results.every((x: any) => x.status === 'pass' && x.messageEs)).toBe(true);
    }
  });

  it('answers 400 with verified false and problemDetails for a revoked credential', async () => {
    const revoked = await w.issue('cecati-42');
    await w.svc.services.status.change(revoked.id, 'revoke', { reason: 'fraud' }, { kind: 'admin' });
    const r = await post('/credentials/verify', { verifiableCredential: revoked.dataIntegrity });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.json.verified).toBe(false);
    expect(r.json.problemDetails).toEqual([
      { type: 'https://avala.example/problems/verification#REVOKED', title: 'Revoked', detail: 'The issuer has revoked this credential.', check: 'revocation', code: 'REVOKED' },
    ]);
  });

  it("runs only the checks asked for: a VC-API client asking for ['proof'] gets the proof verdict of a did:key credential", async () => {
    const gen = await w.svc.services.keys.generate();
    const did = `did:key:${gen.publicKeyMultibase}`;
    const s = await w.sign(c.dataIntegrity!, gen, `${did}#${gen.publicKeyMultibase}`, (x) => {
      x.issuer = { id: did, type: ['Profile'], name: 'Prueba' };
    });
    const proofOnly = await post('/credentials/verify', { verifiableCredential: s.di, options: { checks: ['proof'] } });
    expect(proofOnly.status).toBe(200);
    expect(proofOnly.json).toMatchObject({ verified: true, checks: ['format', 'proof'] });
    const all = await post('/credentials/verify', { verifiableCredential: s.di });
    expect(all.status).toBe(400);
    // Its status entries still point at the body's lists, which the did:key did not sign.
    expect(all.json.problemDetails.map((p: any) => [p.check, p.code])).toEqual([
      ['key_valid_at_issuance', 'UNTRUSTED_ISSUER'],
      ['issuer_accredited', 'UNTRUSTED_ISSUER'],
      ['revocation', 'STATUS_VERIFICATION_ERROR'],
      ['suspension', 'STATUS_VERIFICATION_ERROR'],
      // The trust registry names no supersession register for an unregistered issuer: undecided, never a pass.
      ['superseded', 'STATUS_RETRIEVAL_ERROR'],
    ]);
    const status = await post('/credentials/verify', { verifiableCredential: c.jwt, options: { checks: ['credentialStatus'] } });
    expect(status.json.checks).toEqual(['format', 'revocation', 'suspension']);
    expectProblem(await post('/credentials/verify', { verifiableCredential: c.jwt, options: { checks: ['everything'] } }), 422, 'ERR_VALIDATION');
  });

  it('reports a non-competency credential by name, never as verified: 400 naming competency_certificate; the proof alone when asked', async () => {
    const certifier = w.svc.staffKey('cecati-42', 'certifier');
    const credential = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], credentialSubject: { id: 'did:example:asistente', name: 'Asistente al taller' } };
    const issued = await call(base, 'POST', '/credentials/issue', { token: certifier, body: { credential, options: { credentialStatus: true } } });
    expect(issued.status, JSON.stringify(issued.json)).toBe(201);
    const r = await post('/credentials/verify', { verifiableCredential: issued.json.verifiableCredential });
    expect(r.status).toBe(400);
    expect(r.json.verified).toBe(false);
    expect(r.json.problemDetails.map((p: any) => [p.check, p.code, p.title])).toEqual([
      ['competency_certificate', 'NOT_A_COMPETENCY_CERTIFICATE', 'Not a competency certificate'],
      ['issuer_accredited', 'NOT_A_COMPETENCY_CERTIFICATE', 'Not a competency certificate'],
      ['standard_known', 'NOT_A_COMPETENCY_CERTIFICATE', 'Not a competency certificate'],
    ]);
    const proofOnly = await post('/credentials/verify', { verifiableCredential: issued.json.verifiableCredential, options: { checks: ['proof'] } });
    expect(proofOnly.status).toBe(200);
    expect(proofOnly.json).toMatchObject({ verified: true, checks: ['format', 'proof'] });
  });

  it('answers what is not a credential with a problem document: 400, 413 when too large, 422 when unreadable as a request', async () => {
    const garbage = await post('/credentials/verify', { verifiableCredential: 'hola' });
    expectProblem(garbage, 400, 'ERR_INVALID_CREDENTIAL');
    expect(garbage.json.verified).toBe(false);
    expect(garbage.json.results[0]).toMatchObject({ name: 'format', status: 'fail', code: 'PARSING_ERROR' });
    expectProblem(await post('/credentials/verify', { verifiableCredential: { ...c.dataIntegrity, '@context': ['https://evil.example/ctx'] } }), 400, 'ERR_INVALID_CREDENTIAL');
    expectProblem(await post('/credentials/verify', { verifiableCredential: { ...c.dataIntegrity, pad: 'x'.repeat(300_000) } }), 413, 'ERR_PAYLOAD_TOO_LARGE');
    const nearLimit = await post('/credentials/verify', { verifiableCredential: 'x'.repeat(262_000) });
    expect([400, 413]).toContain(nearLimit.status);
    expectProblem(await post('/credentials/verify', '{"verifiableCredential":', { 'content-type': 'application/json' }), 400, 'ERR_MALFORMED_JSON');
    expectProblem(await post('/credentials/verify', `{"verifiableCredential":${'['.repeat(40)}${']'.repeat(40)}}`, { 'content-type': 'application/json' }), 422, 'ERR_VALIDATION');
    expectProblem(await post('/credentials/verify', {}), 422, 'ERR_VALIDATION');
  });

  it('never answers 5xx to hostile bodies', async () => {
    const bodies: unknown[] = [
      { verifiableCredential: { proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', verificationMethod: 'did:web:avala.test:bodies:cecati-42#key-1' } } },
      { verifiableCredential: { ...c.dataIntegrity, proof: { ...(c.dataIntegrity!.proof as object), verificationMethod: { id: 42 } } } },
      { verifiableCredential: { ...c.dataIntegrity, credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '-1', statusListCredential: 'https://avala.test/status/../../x' }] } },
      { verifiableCredential: { ...c.dataIntegrity, issuer: { id: 'did:web:avala.test:bodies:cecati-42', name: { '@value': 'x' } } } },
      { verifiableCredential: `${c.jwt!.split('.')[0]}..` },
      { verifiableCredential: { type: 'EnvelopedVerifiableCredential', id: 'data:application/vc+jwt,a.b.c', '@context': 'https://www.w3.org/ns/credentials/v2' } },
      { verifiableCredential: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: 'VerifiableCredential', issuer: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', credentialSubject: { id: 'did:x:y' }, proof: [] } },
    ];
    for (const b of bodies) {
      const r = await post('/credentials/verify', b);
      expect(r.status, JSON.stringify(b).slice(0, 200)).toBeGreaterThanOrEqual(400);
      expect(r.status, JSON.stringify(b).slice(0, 200)).toBeLessThan(500);
    }
  });
});

describe('POST /verify', () => {
  it('takes a JWT, a QR payload or its verifier URL, a credential object, or a text body', async () => {
    const payload = encodeQrPayload(c.jwt!);
    for (const body of [{ jwt: c.jwt }, { qr: payload }, { qr: verifierUrl(PUBLIC_URL, payload) }, { verifiableCredential: c.dataIntegrity }]) {
      const r = await post('/verify', body);
      expect({ status: r.status, verified: r.json.verified }).toEqual({ status: 200, verified: true });
    }
    const text = await post('/verify', c.jwt!, { 'content-type': 'text/plain' });
    expect(text.json.verified).toBe(true);
    expectProblem(await post('/verify', { jwt: c.jwt, qr: payload }), 422, 'ERR_VALIDATION');
    expectProblem(await post('/verify', {}), 422, 'ERR_VALIDATION');
    expectProblem(await post('/verify', { qr: `1${'3'.repeat(5000)}` }), 413, 'ERR_PAYLOAD_TOO_LARGE');
  });

  it('tells whether a CURP typed from an ID card matches the credential, without echoing it', async () => {
    const match = await post('/verify', { jwt: c.jwt, options: { curp: curp().toLowerCase() } });
    expect(match.json.curpMatch).toBe(true);
    const other = await post('/verify', { jwt: c.jwt, options: { curp: curp('GOMA900215MJCRRN0') } });
    expect(other.json.curpMatch).toBe(false);
    expect(other.text).not.toContain('GOMA900215');
    expect((await post('/verify', { jwt: c.jwt })).json.curpMatch).toBeUndefined();
  });
});

describe('POST /presentations/verify', () => {
  it('verifies an unsigned presentation and refuses a signed one without the challenge', async () => {
    const vp = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: [c.dataIntegrity] };
    const r = await post('/presentations/verify', { verifiablePresentation: vp });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ verified: true, checks: ['format', 'proof'], presentationResult: { verified: true }, credentialResults: [{ verified: true }] });
    const withChallenge = await post('/presentations/verify', { verifiablePresentation: vp, options: { challenge: 'abc' } });
    expect(withChallenge.status).toBe(400);
    expectProblem(await post('/presentations/verify', { verifiablePresentation: { type: 'nothing' } }), 400, 'ERR_INVALID_CREDENTIAL');
  });
});

describe('rate limiting', () => {
  it('answers 429 with a problem document once a client passes the limit', async () => {
    const limited = await listen(w, { rateLimit: { windowMs: 60_000, limit: 2 } });
    try {
      const r = [];
      for (let i = 0; i < 3; i++) r.push(await call(limited.url, 'POST', '/verify', { body: { jwt: c.jwt } }));
      expect(r.map((x) => x.status)).toEqual([200, 200, 429]);
      expectProblem(r[2]!, 429, 'ERR_RATE_LIMITED');
      expect(r[2]!.headers.get('ratelimit-policy')).toMatch(/q=2; w=60/);
    } finally {
      await limited.close();
    }
  });
});

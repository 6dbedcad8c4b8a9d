import { decode as decodeBase58 } from 'base58-universal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedCredential } from '../../src/issuance/index.js';
import { call } from '../helpers/harness.js';
import { ALL_PASS, startWorld, verdict, verdicts, type World } from './helpers.js';

// Issue 11 item 11: shapes the signed content survives but the specs refuse (VC Data Integrity 1.0 "Context
// Validation" and "Verify Proof"; eddsa-rdfc-2022 "Verify Proof"). Each mutation starts from a valid credential.

let w: World;
let good: IssuedCredential;

beforeAll(async () => {
  w = await startWorld('2026-06-01T12:00:00.000Z');
  good = await w.issue('cecati-42');
});
afterAll(async () => {
  await w.close();
});

const fresh = () => structuredClone(good.dataIntegrity!) as any;

describe('strict where the specs say so', () => {
  it('verifies the unmutated credential (the baseline every mutation starts from)', async () => {
    expect(verdicts(await w.verifier().verify(fresh()))).toEqual(ALL_PASS);
  });

  it('refuses an @context embedded in credentialSubject as CONTEXT_NOT_ALLOWED', async () => {
    const c = fresh();
    c.credentialSubject['@context'] = c['@context'];
    const r = await w.verifier().verify(c);
    expect(r.verified).toBe(false);
    expect(verdict(r, 'format')).toEqual(['fail', 'CONTEXT_NOT_ALLOWED']);
    expect(r.checks.find((x) => x.name === 'format')!.message).toMatch(/embedded in credentialSubject/);
  });

  it('refuses an @context embedded deeper (the achievement, an evidence item) as CONTEXT_NOT_ALLOWED', async () => {
    const a = fresh();
    a.credentialSubject.achievement['@context'] = {};
    expect(verdict(await w.verifier().verify(a), 'format')).toEqual(['fail', 'CONTEXT_NOT_ALLOWED']);
    const e = fresh();
    const evidence = Array.isArray(e.evidence) ? e.evidence : [e.evidence];
    evidence[0]['@context'] = ['https://www.w3.org/ns/credentials/v2'];
    e.evidence = evidence;
    expect(verdict(await w.verifier().verify(e), 'format')).toEqual(['fail', 'CONTEXT_NOT_ALLOWED']);
  });

  it('refuses a verificationMethod given as an object as MALFORMED_VALUE_ERROR', async () => {
    const c = fresh();
    c.proof.verificationMethod = { id: c.proof.verificationMethod, type: 'Multikey' };
    expect(verdict(await w.verifier().verify(c), 'proof')).toEqual(['fail', 'MALFORMED_VALUE_ERROR']);
  });

  it('refuses a proofValue in base64url multibase (same signature bytes) as PROOF_VERIFICATION_ERROR', async () => {
    const c = fresh();
    const signature = decodeBase58(c.proof.proofValue.slice(1));
    expect(signature).toHaveLength(64);
    c.proof.proofValue = `u${Buffer.from(signature).toString('base64url')}`;
    expect(verdict(await w.verifier().verify(c), 'proof')).toEqual(['fail', 'PROOF_VERIFICATION_ERROR']);
  });

  it('refuses to sign a full credential with an @context embedded below the top level (the verifier would refuse it)', async () => {
    const certifier = w.svc.staffKey('cecati-42', 'certifier');
    const base = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], credentialSubject: { id: 'did:example:worker' } };
    const shapes = [
      { ...base, credentialSubject: { id: 'did:example:worker', '@context': { x: 'https://example.org/x' } } },
      { ...base, credentialSubject: { id: 'did:example:worker', achievement: { type: ['Achievement'], '@context': ['https://www.w3.org/ns/credentials/v2'] } } },
    ];
    for (const credential of shapes) {
      const r = await call(w.svc.url, 'POST', '/credentials/issue', { token: certifier, body: { credential, options: { credentialStatus: true } } });
      expect({ status: r.status, code: r.json?.code }, JSON.stringify(credential)).toEqual({ status: 422, code: 'ERR_CONTEXT_NOT_ALLOWED' });
    }
    const ok = await call(w.svc.url, 'POST', '/credentials/issue', { token: certifier, body: { credential: base } });
    expect(ok.status).toBe(201);
  });
});

import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedCredential } from '../../src/issuance/index.js';
import { envelope } from '../../src/signing/index.js';
import type { GeneratedKey } from '../../src/keystore/index.js';
import { ALL_PASS, startWorld, verdicts, type World } from './helpers.js';

let w: World;
let c: IssuedCredential;
let holderKey: GeneratedKey;
let holder: string;

beforeAll(async () => {
  w = await startWorld('2026-06-01T12:00:00.000Z');
  c = await w.issue('cecati-42');
  holderKey = await w.svc.services.keys.generate();
  holder = `did:key:${holderKey.publicKeyMultibase}`;
});
afterAll(async () => {
  await w.close();
});

function presentation(extra: Record<string, unknown> = {}) {
  return { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: [c.dataIntegrity, envelope(c.jwt!)], ...extra };
}

/** The holder signs the presentation with their did:key, for the verifier's challenge and domain. */
async function signed(p: Record<string, unknown>, opts: { challenge: string; domain?: string; key?: GeneratedKey }) {
  const key = opts.key ?? holderKey;
  const did = `did:key:${key.publicKeyMultibase}`;
  const signer = await w.svc.services.keys.signer(key.keystoreId, `${did}#${key.publicKeyMultibase}`);
  return (vc as any).signPresentation({
    presentation: structuredClone(p),
    suite: new DataIntegrityProof({ signer, cryptosuite }),
    challenge: opts.challenge,
    ...(opts.domain ? { domain: opts.domain } : {}),
    documentLoader: w.svc.services.documentLoader,
  });
}

describe('presentations', () => {
  it('verifies an unsigned presentation credential by credential, with a warning that nothing binds it to a holder', async () => {
    const r = await w.verifier().verifyPresentation(presentation());
    expect(r.verified).toBe(true);
    expect(r.checks.map((x) => [x.name, x.status])).toEqual([['format', 'pass'], ['proof', 'pass']]);
    expect(r.warnings.map((x) => x.code)).toEqual(['UNSIGNED_PRESENTATION']);
    expect(r.credentials.map((x) => [x.format, verdicts(x)])).toEqual([['data-integrity', ALL_PASS], ['vc-jwt', ALL_PASS]]);
  });

  it('is not verified when one credential inside is revoked', async () => {
    const revoked = await w.issue('cecati-42');
    await w.svc.services.status.change(revoked.id, 'revoke', { reason: 'issued_in_error' }, { kind: 'admin' });
    const r = await w.verifier().verifyPresentation(presentation({ verifiableCredential: [c.dataIntegrity, revoked.jwt] }));
    expect(r.verified).toBe(false);
    expect(r.credentials.map((x) => x.verified)).toEqual([true, false]);
  });

  it("verifies a presentation signed by its holder's did:key for the caller's challenge and domain", async () => {
    const vp = await signed(presentation({ holder }), { challenge: 'c-123', domain: 'empleos.example' });
    const r = await w.verifier().verifyPresentation(vp, { challenge: 'c-123', domain: 'empleos.example' });
    expect(r.checks.map((x) => [x.name, x.status, x.code])).toEqual([['format', 'pass', null], ['proof', 'pass', null]]);
    expect(r).toMatchObject({ verified: true, holder, warnings: [] });
  });

  it('refuses another challenge or domain, a missing challenge, and an unsigned answer to a challenge', async () => {
    const vp = await signed(presentation({ holder }), { challenge: 'c-123', domain: 'empleos.example' });
    const proofOf = async (opts: { challenge?: string; domain?: string }, input: unknown = vp) => {
      const r = await w.verifier().verifyPresentation(input, opts);
      expect(r.verified).toBe(false);
      const p = r.checks.find((x) => x.name === 'proof')!;
      return [p.status, p.code];
    };
    expect(await proofOf({ challenge: 'c-999', domain: 'empleos.example' })).toEqual(['fail', 'PROOF_VERIFICATION_ERROR']);
    expect(await proofOf({ challenge: 'c-123', domain: 'otro.example' })).toEqual(['fail', 'PROOF_VERIFICATION_ERROR']);
    expect(await proofOf({})).toEqual(['fail', 'PROOF_VERIFICATION_ERROR']);
    expect(await proofOf({ challenge: 'c-123' }, presentation())).toEqual(['fail', 'PROOF_VERIFICATION_ERROR']);
  });

  it('refuses a presentation signed by someone other than its holder, or tampered with after signing', async () => {
    const other = await w.svc.services.keys.generate();
    const vp = await signed(presentation({ holder }), { challenge: 'c-1', key: other });
    const r = await w.verifier().verifyPresentation(vp, { challenge: 'c-1' });
    expect(r.checks.find((x) => x.name === 'proof')).toMatchObject({ status: 'fail', code: 'ISSUER_MISMATCH' });
    const good = await signed(presentation({ holder }), { challenge: 'c-1' });
    const tampered = { ...good, verifiableCredential: [c.dataIntegrity] };
    expect((await w.verifier().verifyPresentation(tampered, { challenge: 'c-1' })).checks.find((x) => x.name === 'proof')).toMatchObject({ status: 'fail', code: 'PROOF_VERIFICATION_ERROR' });
  });

  it('refuses what is not a presentation, and more than 20 credentials', async () => {
    for (const [input, code] of [
      ['text', 'PARSING_ERROR'],
      [{ ...presentation(), type: ['VerifiableCredential'] }, 'MALFORMED_VALUE_ERROR'],
      [{ ...presentation(), '@context': ['https://evil.example/ctx'] }, 'MALFORMED_VALUE_ERROR'],
      [{ ...presentation(), verifiableCredential: Array.from({ length: 21 }, () => c.jwt) }, 'RESOURCE_LIMIT'],
    ] as const) {
      const r = await w.verifier().verifyPresentation(input);
      expect(r).toMatchObject({ verified: false, credentials: [] });
      expect(r.checks.map((x) => [x.name, x.status, x.code])).toEqual([['format', 'fail', code]]);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedCredential } from '../../src/issuance/index.js';
import { startWorld, verdict, type World } from './helpers.js';

// A proof set (VC Data Integrity §2.1.2, an unordered list): every proof must verify, each judged on its own.
let w: World;
let good: IssuedCredential;
beforeAll(async () => {
  w = await startWorld('2026-06-01T12:00:00.000Z');
  good = await w.issue('cecati-42');
});
afterAll(() => w?.close());

/** The certificate with a second proof by the same body key (signed again, a second later). */
async function withTwoProofs(): Promise<Record<string, unknown>> {
  const key = await w.key('cecati-42');
  const again = await w.sign(good.dataIntegrity!, key, key.id);
  return { ...good.dataIntegrity!, proof: [good.dataIntegrity!.proof, again.di.proof] };
}

describe('Data Integrity proof sets', () => {
  it('verifies a credential whose every proof verifies', async () => {
    const r = await w.verifier().verify(await withTwoProofs());
    expect(verdict(r, 'proof')).toEqual(['pass', null]);
    expect(r.verified).toBe(true);
  });

  it('fails when any one proof of the set does not verify, naming which', async () => {
    const set = await withTwoProofs();
    const proofs = set.proof as Array<Record<string, unknown>>;
    const value = String(proofs[1]!.proofValue);
    proofs[1] = { ...proofs[1], proofValue: `${value.slice(0, -4)}${value.slice(-4) === '1111' ? '2222' : '1111'}` };
    const r = await w.verifier().verify(set);
    expect(verdict(r, 'proof')).toEqual(['fail', 'PROOF_VERIFICATION_ERROR']);
    expect(r.checks.find((c) => c.name === 'proof')!.message).toMatch(/^Proof 2 of 2: /);
    expect(r.verified).toBe(false);
  });

  it('fails a set with a proof by another key than the issuer’s', async () => {
    const set = await withTwoProofs();
    const other = await w.key('universidad-del-valle');
    const foreign = await w.sign(good.dataIntegrity!, other, other.id);
    const r = await w.verifier().verify({ ...set, proof: [good.dataIntegrity!.proof, foreign.di.proof] });
    expect(verdict(r, 'proof')?.[0]).toBe('fail');
  });

  it('refuses proof chains and oversized sets', async () => {
    const set = await withTwoProofs();
    const proofs = set.proof as Array<Record<string, unknown>>;
    const chained = { ...set, proof: [proofs[0], { ...proofs[1], previousProof: 'urn:uuid:x' }] };
    expect(verdict(await w.verifier().verify(chained), 'proof')).toEqual(['fail', 'PROOF_VERIFICATION_ERROR']);
    const many = { ...set, proof: [...proofs, ...proofs, proofs[0]] };
    expect(verdict(await w.verifier().verify(many), 'proof')).toEqual(['fail', 'RESOURCE_LIMIT']);
  });
});

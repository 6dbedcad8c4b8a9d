import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curpMatchesHash } from '../../src/issuance/curp.js';
import { startTestService, type TestService } from '../helpers/harness.js';
import { actor, curpFor } from '../helpers/people.js';

// Randomness is a dependency of issuance like the clock: with known bytes, the claim link and the CURP salt are
// known too. Each call gets the next byte value, so the two uses are told apart.
let svc: TestService;
let calls: number[] = [];
beforeAll(async () => {
  svc = await startTestService({
    randomBytes: (n) => {
      calls.push(n);
      return new Uint8Array(n).fill(calls.length);
    },
  });
});
afterAll(() => svc?.close());

describe('issuance randomness', () => {
  it('comes from the injected source: salt and claim token are the bytes it gave', async () => {
    const evaluator = actor(svc, 'cecati-42', 'evaluator');
    const certifier = actor(svc, 'cecati-42', 'certifier');
    const e = await svc.services.issuance.recordEvaluation(evaluator, {
      candidate: { name: 'Ana Pérez', curp: curpFor(7) },
      standard: { code: 'EC0217' },
      centre: 'Centro',
      evaluatedOn: '2026-05-20',
      result: 'competent',
    });
    calls = [];
    const { credential, claimUrl } = await svc.services.issuance.certify(certifier, e.id);
    expect(calls).toEqual([16, 32]);
    const identity = (credential.dataIntegrity!.credentialSubject as { identifier: Array<{ identityHash: string; salt: string }> }).identifier[1]!;
    expect(identity.salt).toBe(Buffer.alloc(16, 1).toString('base64url'));
    expect(curpMatchesHash(curpFor(7), identity.identityHash, identity.salt)).toBe(true);
    expect(claimUrl.endsWith(`/claim/${Buffer.alloc(32, 2).toString('base64url')}`)).toBe(true);
    expect((await svc.services.issuance.claim(claimUrl.split('/claim/')[1]!)).id).toBe(credential.id);
  });
});

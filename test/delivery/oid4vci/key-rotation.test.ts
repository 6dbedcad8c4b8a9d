import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libraryVerify, newWalletKey, postJson, startWalletTestService, walletReceives, type WalletTestService } from './harness.js';

let svc: WalletTestService;

beforeAll(async () => {
  svc = await startWalletTestService();
});
afterAll(async () => {
  await svc.close();
});

async function apiVerify(credential: string | Record<string, unknown>) {
  const r = await postJson(`${svc.url}/verify`, typeof credential === 'string' ? { jwt: credential } : { verifiableCredential: credential });
  const checks = (r.json?.results ?? []) as Array<{ name: string; status: string; code: string | null }>;
  return { status: r.status, verified: r.json?.verified, failed: checks.filter((c) => c.status !== 'pass').map((c) => `${c.name}:${c.status}:${c.code ?? ''}`) };
}

function payloadOf(jwt: string): Record<string, any> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, any>;
}

describe('wallet copies after a key rotation', () => {
  it('wallet copies of a certificate issued before a key rotation verify (jwt_vc_json and ldp_vc), through the API and the library', async () => {
    const { credential: original } = await svc.certify(101);
    const bodyId = original.bodyId;
    expect(original.keyId.endsWith('#key-1')).toBe(true);
    svc.clock.advance(60_000);
    const rotated = await svc.services.registry.rotateKey(bodyId);
    svc.clock.advance(60_000);

    const key = await newWalletKey();
    const offer = await svc.oid4vci.createOffer(original, { source: 'claim-page', txCode: false });
    const { jwt, ldp } = await walletReceives(offer.uri, key);
    const signedAt = new Date(Math.floor(svc.clock().getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');

    // The employer still sees the certification date; the copies are signed now, with the key in use now.
    const originalVc = original.dataIntegrity as Record<string, any>;
    const claims = payloadOf(jwt);
    expect(JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()).kid).toBe(rotated.id);
    expect(claims.validFrom).toBe(originalVc.validFrom);
    expect(claims.nbf).toBe(Math.floor(Date.parse(originalVc.validFrom) / 1000));
    expect(claims.iat).toBe(Date.parse(signedAt) / 1000);
    expect(ldp.validFrom).toBe(originalVc.validFrom);
    expect(ldp.proof.verificationMethod).toBe(rotated.id);
    expect(ldp.proof.created).toBe(signedAt);

    for (const copy of [jwt, ldp]) {
      expect(await libraryVerify(svc, copy)).toEqual({ verified: true, failed: [] });
      expect(await apiVerify(copy)).toEqual({ status: 200, verified: true, failed: [] });
    }
    // The original, signed with key-1 before the rotation, verifies too.
    expect(await libraryVerify(svc, original.dataIntegrity)).toEqual({ verified: true, failed: [] });
    expect(await libraryVerify(svc, original.jwt)).toEqual({ verified: true, failed: [] });
  });

  it('a copy signed after the key\'s compromise fails, while the certificate signed before it still verifies', async () => {
    const { credential: original } = await svc.certify(102);
    svc.clock.advance(60_000);
    const current = await svc.services.registry.currentKey(original.bodyId);
    // Reported compromised from now (mid-second: rounded down, fail-safe); the certificate was signed a minute earlier.
    await svc.services.registry.markKeyCompromised(current.id, new Date(svc.clock().getTime() + 400).toISOString());
    svc.clock.advance(1000);

    const key = await newWalletKey();
    const offer = await svc.oid4vci.createOffer(original, { source: 'claim-page', txCode: false });
    const { jwt, ldp } = await walletReceives(offer.uri, key);
    for (const copy of [jwt, ldp]) {
      const r = await libraryVerify(svc, copy);
      expect(r.verified).toBe(false);
      expect(r.failed).toEqual(['key_valid_at_issuance:fail:KEY_NOT_VALID_AT_ISSUANCE']);
      const api = await apiVerify(copy);
      expect(api.status).not.toBe(200);
      expect(api.failed).toEqual(['key_valid_at_issuance:fail:KEY_NOT_VALID_AT_ISSUANCE']);
    }
    expect(await libraryVerify(svc, original.dataIntegrity)).toEqual({ verified: true, failed: [] });
    expect(await libraryVerify(svc, original.jwt)).toEqual({ verified: true, failed: [] });
  });
});

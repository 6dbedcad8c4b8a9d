import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { verifyCredential } from '@digitalbazaar/vc';
import { compactVerify, importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIGURATION_IDS } from '../../../src/delivery/oid4vci/index.js';
import { rawFromPublicKeyMultibase } from '../../../src/vc/index.js';
import { decodeEncodedList, getBit } from '../../../src/vc/index.js';
import { libraryVerify, newWalletKey, startWalletTestService, walletReceives as receive, type WalletKey, type WalletTestService } from './harness.js';

let svc: WalletTestService;

beforeAll(async () => {
  svc = await startWalletTestService();
});
afterAll(async () => {
  await svc.close();
});

/** A wallet receiving both formats; every offer names both configurations. */
async function walletReceives(offerUri: string, key: WalletKey, pin?: string) {
  const received = await receive(offerUri, key, pin);
  expect(received.offered.sort()).toEqual([...CONFIGURATION_IDS].sort());
  return received;
}

async function verifyDi(credential: unknown) {
  return verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader: svc.services.documentLoader,
    checkStatus: async () => ({ verified: true }),
  });
}

async function verifyVcJwt(jwt: string) {
  const header = JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as { kid: string };
  const doc = (await svc.services.registry.didDocumentFor(header.kid.split('#')[0]!)) as { verificationMethod: Array<{ id: string; publicKeyMultibase: string }> };
  const vm = doc.verificationMethod.find((v) => v.id === header.kid)!;
  const key = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: Buffer.from(rawFromPublicKeyMultibase(vm.publicKeyMultibase)!).toString('base64url') }, 'EdDSA');
  const { payload, protectedHeader } = await compactVerify(jwt, key, { algorithms: ['EdDSA'] });
  return { header: protectedHeader, credential: JSON.parse(new TextDecoder().decode(payload)) as Record<string, any> };
}


async function bitOf(entry: { statusListCredential: string; statusListIndex: string }): Promise<boolean> {
  const listId = decodeURIComponent(entry.statusListCredential.split('/').at(-1)!);
  const published = await svc.services.status.publishedList(listId, 'json');
  const decoded = await decodeEncodedList((published.body as any).credentialSubject.encodedList);
  if (!decoded.ok) throw new TypeError('bad list');
  return getBit(decoded.bits, Number(entry.statusListIndex));
}

describe('OpenID4VCI pre-authorized code flow with a real wallet client', () => {
  it('delivers the certificate in both formats, bound to the wallet DID, verifiable, and linked to the original', async () => {
    const { credential: original } = await svc.certify(1);
    const key = await newWalletKey();
    const offer = await svc.oid4vci.createOffer(original, { source: 'claim-page', txCode: false });
    expect(offer.uri.startsWith('openid-credential-offer://?credential_offer=')).toBe(true);

    const { jwt, ldp } = await walletReceives(offer.uri, key);

    // Data Integrity (ldp_vc): verifies with @digitalbazaar/vc and our offline loader; bound to the wallet.
    const di = await verifyDi(ldp);
    expect(di.verified, JSON.stringify(di.error ?? di.results)).toBe(true);
    expect(ldp.credentialSubject.id).toBe(key.did);
    expect(ldp.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod' });
    // VC-JOSE (jwt_vc_json): verifies with jose against the body's DID document.
    const vcJwt = await verifyVcJwt(jwt);
    expect(vcJwt.header).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc' });
    expect(vcJwt.credential.credentialSubject.id).toBe(key.did);

    // Same certificate content as the original, with its own id and its own status entries.
    const originalVc = original.dataIntegrity as Record<string, any>;
    for (const copy of [ldp, vcJwt.credential]) {
      expect(copy.id).not.toBe(original.id);
      expect(copy.issuer).toEqual(originalVc.issuer);
      expect(copy.credentialSubject.achievement).toEqual(originalVc.credentialSubject.achievement);
      expect(copy.validFrom).toBe(originalVc.validFrom);
      expect(copy.credentialStatus).toHaveLength(2);
      expect(copy.credentialStatus.map((s: any) => s.statusListIndex)).not.toContain(originalVc.credentialStatus[0].statusListIndex);
    }
    // Avala's verifier accepts both: proof, key period, accreditation, validity, status.
    expect(await libraryVerify(svc, ldp)).toEqual({ verified: true, failed: [] });
    expect(await libraryVerify(svc, jwt)).toEqual({ verified: true, failed: [] });

    // Stored as wallet copies whose parent is the certificate.
    for (const id of [ldp.id as string, vcJwt.credential.id as string]) {
      const stored = await svc.services.issuance.getCredential('authority', id);
      expect(stored).toMatchObject({ kind: 'wallet-copy', parentId: original.id, holderDid: key.did, bodyId: original.bodyId });
    }
  });

  it('revoking the certificate revokes its wallet copies: status read and the published list bit', async () => {
    const { credential: original } = await svc.certify(2);
    const key = await newWalletKey();
    const { jwt, ldp } = await walletReceives((await svc.oid4vci.createOffer(original, { source: 'claim-page', txCode: false })).uri, key);
    const jwtVc = (await verifyVcJwt(jwt)).credential;
    const revocationEntry = (vc: Record<string, any>) => vc.credentialStatus.find((s: any) => s.statusPurpose === 'revocation');
    expect(await bitOf(revocationEntry(ldp))).toBe(false);

    await svc.services.status.change(original.id, 'revoke', { reason: 'fraud' }, { kind: 'admin' });

    for (const copy of [ldp, jwtVc]) {
      expect((await svc.services.status.read(copy.id, { kind: 'admin' })).state).toBe('revoked');
      expect(await bitOf(revocationEntry(copy))).toBe(true);
    }
    for (const copy of [ldp, jwt]) {
      const report = await libraryVerify(svc, copy);
      expect(report.verified).toBe(false);
      expect(report.failed.some((f) => f.startsWith('revocation:fail'))).toBe(true);
    }
    // And no new wallet copy can be had: the offer is refused before any code exists.
    await expect(svc.oid4vci.createOffer(original, { source: 'claim-page', txCode: false })).rejects.toMatchObject({ code: 'ERR_CREDENTIAL_REVOKED' });
  });

  it('works with a PIN (tx_code) given to the worker by another channel', async () => {
    const { credential } = await svc.certify(3);
    const offer = await svc.oid4vci.createOffer(credential, { source: 'staff', txCode: true });
    expect(offer.txCode).toMatch(/^\d{6}$/);
    const tx = (offer.offer.grants as any)['urn:ietf:params:oauth:grant-type:pre-authorized_code'].tx_code;
    expect(tx).toMatchObject({ input_mode: 'numeric', length: 6 });
    const key = await newWalletKey();
    const { ldp } = await walletReceives(offer.uri, key, offer.txCode!);
    expect(ldp.credentialSubject.id).toBe(key.did);
  });

  it('serves the offer by reference (credential_offer_uri): the wallet fetches it while unused, and it is gone once redeemed', async () => {
    const { credential } = await svc.certify(4);
    const offer = await svc.oid4vci.createOffer(credential, { source: 'staff', txCode: true });
    const offerUrl = new URL(offer.uriByReference).searchParams.get('credential_offer_uri')!;
    expect(offerUrl).toMatch(new RegExp(`^${svc.url}/oid4vci/offers/[A-Za-z0-9_-]{43}$`));
    // What the wallet fetches is the by-value offer, code and all; the database holds neither in clear.
    const fetched = await fetch(offerUrl);
    expect({ status: fetched.status, cache: fetched.headers.get('cache-control'), cors: fetched.headers.get('access-control-allow-origin') }).toEqual({ status: 200, cache: 'no-store', cors: '*' });
    expect(await fetched.json()).toEqual(offer.offer);
    const code = (offer.offer.grants as any)['urn:ietf:params:oauth:grant-type:pre-authorized_code']['pre-authorized_code'] as string;
    const stored = JSON.stringify(svc.services.db.prepare('SELECT * FROM oid4vci_offer_references').all());
    expect(stored).not.toContain(code);
    expect(stored).not.toContain(offerUrl.split('/').at(-1));

    // An independent wallet (Sphereon's client) follows the reference.
    const key = await newWalletKey();
    const { ldp } = await walletReceives(offer.uriByReference, key, offer.txCode!);
    expect(ldp.credentialSubject.id).toBe(key.did);

    // Spent: the reference answers 404 like an unknown one, and a forged one too.
    for (const url of [offerUrl, `${svc.url}/oid4vci/offers/${'A'.repeat(43)}`, `${svc.url}/oid4vci/offers/short`]) {
      const r = await fetch(url);
      expect({ status: r.status, code: ((await r.json()) as { code?: string }).code }).toEqual({ status: 404, code: 'ERR_NOT_FOUND' });
    }
  });
});

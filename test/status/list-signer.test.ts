import crypto from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { verifyCredential } from '@digitalbazaar/vc';
import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawFromPublicKeyMultibase } from '../../src/vc/index.js';
import { createDidResolver, createDocumentLoader } from '../../src/resolver/index.js';
import { compose, seedDemoIfEmpty, type Services } from '../../src/compose.js';
import { createSigningService } from '../../src/signing/index.js';
import { StatusService } from '../../src/status/index.js';
import { decodeEncodedList, getBit } from '../../src/vc/index.js';
import { linkStatusEntries, sqliteStatusRepository } from '../../src/storage/status-repository.js';
import { PUBLIC_URL, tempDir, testClock, testConfig } from '../helpers/harness.js';
import { insertCredential } from './fixtures.js';

let services: Services;
let status: StatusService;
let bodyId: string;
const clock = testClock();

beforeAll(async () => {
  services = await compose(testConfig(tempDir()), { clock });
  await seedDemoIfEmpty(services, clock);
  bodyId = (await services.registry.getBodyBySlug('cecati-42')).id;
  status = new StatusService({
    repo: sqliteStatusRepository(services.db, (es) => services.audit.appendWithinTransaction(es)),
    signer: createSigningService({ keySource: services.registry, keys: services.keys, documentLoader: services.documentLoader }, { workers: 0 }),
    clock,
    randomInt: (n) => crypto.randomInt(n),
    newId: () => crypto.randomUUID(),
    publicUrl: PUBLIC_URL,
  });
});
afterAll(() => services.close());

/**
 * A verifier's loader, fresh per call: the composed loader caches DID documents, so it would not see a key
 * added by a rotation made during the test.
 */
async function verifyDi(credential: Record<string, unknown>) {
  const documentLoader = createDocumentLoader({ didResolver: createDidResolver({ web: (did) => services.registry.didDocumentFor(did) }) });
  return verifyCredential({ credential, suite: new DataIntegrityProof({ cryptosuite }), documentLoader, now: clock() });
}

async function verifyJwt(jwt: string) {
  const { kid } = decodeProtectedHeader(jwt);
  const key = (await services.registry.listKeys(bodyId)).find((k) => k.id === kid)!;
  const jwk = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: Buffer.from(rawFromPublicKeyMultibase(key.publicKeyMultibase)!).toString('base64url') }, 'EdDSA');
  return compactVerify(jwt, jwk, { algorithms: ['EdDSA'] });
}

describe('the signed status list', () => {
  it('verifies in both securing mechanisms, signed by the issuing body, with the revoked bit set', async () => {
    const [refs] = await status.reserve(bodyId, 1);
    const id = insertCredential(services.db, { bodyId }); // FIXTURE row: issuance is not under test here
    linkStatusEntries(services.db, id, refs!);
    await status.change(id, 'revoke', { reason: 'fraud' }, { kind: 'admin' });

    const json = (await status.publishedList(refs!.revocation.listId, 'json')).body as Record<string, any>;
    const result = await verifyDi(json as Record<string, unknown>);
    expect(result.verified, JSON.stringify(result.error ?? result.results?.[0]?.error)).toBe(true);
    expect(json.issuer).toBe('did:web:avala.test:bodies:cecati-42');
    expect(json.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', verificationMethod: 'did:web:avala.test:bodies:cecati-42#key-1', created: json.validFrom });

    const jwt = (await status.publishedList(refs!.revocation.listId, 'jwt')).body as string;
    const { payload, protectedHeader } = await verifyJwt(jwt);
    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: 'did:web:avala.test:bodies:cecati-42#key-1', typ: 'vc+jwt', cty: 'vc' });
    const claims = JSON.parse(new TextDecoder().decode(payload));
    const { proof: _proof, ...unsigned } = json;
    expect(claims).toEqual({ ...unsigned, nbf: Date.parse(json.validFrom) / 1000, exp: Date.parse(json.validUntil) / 1000, iat: Date.parse(json.validFrom) / 1000 });

    for (const list of [json.credentialSubject.encodedList, claims.credentialSubject.encodedList]) {
      const d = await decodeEncodedList(list);
      expect(d.ok && getBit(d.bits, refs!.revocation.index)).toBe(true);
    }
  });

  it('fails verification when a bit is flipped after signing', async () => {
    const [refs] = await status.reserve(bodyId, 1);
    const json = structuredClone((await status.publishedList(refs!.revocation.listId, 'json')).body) as Record<string, any>;
    json.credentialSubject.encodedList = 'uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA';
    expect((await verifyDi(json)).verified).toBe(false);
  });

  it('signs with the body’s new key after a rotation', async () => {
    const [refs] = await status.reserve(bodyId, 1);
    const id = insertCredential(services.db, { bodyId }); // FIXTURE row
    linkStatusEntries(services.db, id, refs!);
    const old = (await status.publishedList(refs!.suspension.listId, 'json')).body;
    clock.advance(60_000);
    const next = await services.registry.rotateKey(bodyId);
    await status.change(id, 'suspend', {}, { kind: 'admin' });
    const fresh = (await status.publishedList(refs!.suspension.listId, 'json')).body as Record<string, any>;
    expect(fresh.proof.verificationMethod).toBe(next.id);
    const r = await verifyDi(fresh);
    expect(r.verified, JSON.stringify(r.error ?? r.results?.[0]?.error)?.slice(0, 600)).toBe(true);
    expect((await verifyDi(old as Record<string, unknown>)).verified).toBe(true);
    expect(decodeProtectedHeader((await status.publishedList(refs!.suspension.listId, 'jwt')).body as string).kid).toBe(next.id);
  });
});

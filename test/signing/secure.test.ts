import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { verifyCredential } from '@digitalbazaar/vc';
import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertTermsDefined, envelope, signDataIntegrity, signVcJwt } from '../../src/signing/index.js';
import { openFileKeyStore, type GeneratedKey, type KeyStore } from '../../src/keystore/index.js';
import { buildDidDocument } from '../../src/registry/index.js';
import { createDidResolver, createDocumentLoader, type DocumentLoader } from '../../src/resolver/index.js';
import { didKeyFromPublicKey } from '../../src/vc/index.js';
import { BODY_DID, exampleCredential } from '../issuance/credential/example.js';

// After validFrom (2026-06-01) and before validUntil (2029-06-01).
const VERIFY_AT = new Date('2026-07-01T00:00:00Z');
const statusOk = async () => ({ verified: true });

let dir: string;
let keystore: KeyStore;
let key: GeneratedKey;
let otherKey: GeneratedKey;
let loader: DocumentLoader;
const vmId = `${BODY_DID}#key-1`;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'avala-secure-'));
  keystore = openFileKeyStore(dir, 'test-master-key-not-secret', { devOnly: true });
  key = await keystore.generate();
  otherKey = await keystore.generate();
  // The body's did:web document, as the registry builds it, served by our resolver (no HTTP).
  const didDoc = buildDidDocument(BODY_DID, [
    { id: vmId, owner: 'body-1', keystoreId: key.keystoreId, publicKeyMultibase: key.publicKeyMultibase, activeFrom: '2026-01-01T00:00:00Z', activeUntil: null, compromisedAt: null, createdAt: '2026-01-01T00:00:00Z' },
  ]);
  const resolver = createDidResolver({ web: async (did) => (did === BODY_DID ? didDoc : null) });
  loader = createDocumentLoader({ didResolver: resolver });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function verifyDi(credential: Record<string, unknown>) {
  return verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader: loader,
    checkStatus: statusOk,
    now: VERIFY_AT,
  });
}

describe('Data Integrity eddsa-rdfc-2022', () => {
  it('signs a credential that the library verifies against the did:web document', async () => {
    const signer = await keystore.signer(key.keystoreId, vmId);
    const signed = await signDataIntegrity(exampleCredential(), signer, loader, { created: new Date('2026-06-01T12:00:00Z') });
    expect(signed.proof).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      created: '2026-06-01T12:00:00Z',
      verificationMethod: vmId,
      proofPurpose: 'assertionMethod',
      proofValue: expect.stringMatching(/^z[1-9A-HJ-NP-Za-km-z]+$/),
    });
    const result = await verifyDi(signed);
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
  });

  it('leaves the unsigned credential untouched', async () => {
    const unsigned = exampleCredential();
    await signDataIntegrity(unsigned, await keystore.signer(key.keystoreId, vmId), loader);
    expect('proof' in unsigned).toBe(false);
  });

  it('signs with a did:key resolved by our resolver', async () => {
    const raw = Buffer.from(key.publicKeyJwk.x, 'base64url');
    const did = didKeyFromPublicKey(raw);
    const vm = `${did}#${key.publicKeyMultibase}`;
    const keyLoader = createDocumentLoader({ didResolver: createDidResolver() });
    const unsigned = { ...exampleCredential(), issuer: { id: did, type: ['Profile'], name: 'CONALEP Jalisco' } };
    const signed = await signDataIntegrity(unsigned, await keystore.signer(key.keystoreId, vm), keyLoader);
    const result = await verifyCredential({ credential: signed, suite: new DataIntegrityProof({ cryptosuite }), documentLoader: keyLoader, checkStatus: statusOk, now: VERIFY_AT });
    expect(result.verified).toBe(true);
  });

  it('fails verification when one byte of the content changes', async () => {
    const signed = await signDataIntegrity(exampleCredential(), await keystore.signer(key.keystoreId, vmId), loader);
    const tampered = structuredClone(signed) as ReturnType<typeof exampleCredential> & { proof: unknown };
    tampered.credentialSubject.identifier[0]!.identityHash = 'Carla Sánchez Bárcenaz';
    const result = await verifyDi(tampered);
    expect(result.verified).toBe(false);
    expect(String(result.error?.errors?.[0]?.message ?? result.error?.message)).toMatch(/Invalid signature/);
  });

  it('fails verification when the level is raised by one', async () => {
    const signed = await signDataIntegrity(exampleCredential(), await keystore.signer(key.keystoreId, vmId), loader);
    const tampered = structuredClone(signed) as ReturnType<typeof exampleCredential>;
    tampered.credentialSubject.achievement.nqfLevel = 4;
    expect((await verifyDi(tampered)).verified).toBe(false);
  });

  it('fails verification when signed by a key the issuer\'s DID document does not list', async () => {
    const signed = await signDataIntegrity(exampleCredential(), await keystore.signer(otherKey.keystoreId, vmId), loader);
    const result = await verifyDi(signed);
    expect(result.verified).toBe(false);
    expect(String(result.error?.errors?.[0]?.message ?? result.error?.message)).toMatch(/Invalid signature/);
  });

  it('refuses to sign a credential with an undefined term rather than leave it unsigned', async () => {
    const unsigned = { ...exampleCredential(), favouriteColour: 'green' };
    await expect(signDataIntegrity(unsigned, await keystore.signer(key.keystoreId, vmId), loader)).rejects.toMatchObject({
      code: 'ERR_INVALID_CREDENTIAL',
      message: expect.stringContaining('favouriteColour'),
    });
  });

  it('refuses to sign a credential that names a context we do not hold', async () => {
    const unsigned = { ...exampleCredential(), '@context': ['https://www.w3.org/ns/credentials/v2', 'https://evil.example/ctx'] };
    await expect(signDataIntegrity(unsigned, await keystore.signer(key.keystoreId, vmId), loader)).rejects.toMatchObject({ code: 'ERR_CONTEXT_NOT_ALLOWED' });
  });
});

describe('VC-JOSE-COSE application/vc+jwt', () => {
  async function publicKey() {
    return importJWK({ ...key.publicKeyJwk, alg: 'EdDSA' }, 'EdDSA');
  }

  it('signs a compact JWS whose payload is the credential plus nbf/exp mirrors', async () => {
    const credential = exampleCredential();
    const jwt = await signVcJwt(credential, keystore, key.keystoreId, vmId);
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'EdDSA', kid: vmId, typ: 'vc+jwt', cty: 'vc' });
    const { payload } = await compactVerify(jwt, await publicKey());
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual({
      ...credential,
      nbf: Date.parse('2026-06-01T12:00:00Z') / 1000,
      exp: Date.parse('2029-06-01T12:00:00Z') / 1000,
    });
  });

  it('writes a payload that is itself a credential with every term defined', async () => {
    const jwt = await signVcJwt(exampleCredential(), keystore, key.keystoreId, vmId);
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    await expect(assertTermsDefined(payload, loader)).resolves.toBeUndefined();
  });

  it('fails verification when one byte of the payload changes', async () => {
    const jwt = await signVcJwt(exampleCredential(), keystore, key.keystoreId, vmId);
    const [h, p, s] = jwt.split('.') as [string, string, string];
    const json = Buffer.from(p, 'base64url').toString('utf8').replace('"nqfLevel":3', '"nqfLevel":4');
    const tampered = `${h}.${Buffer.from(json).toString('base64url')}.${s}`;
    await expect(compactVerify(tampered, await publicKey())).rejects.toThrow();
  });

  it('fails verification against another key', async () => {
    const jwt = await signVcJwt(exampleCredential(), keystore, otherKey.keystoreId, vmId);
    await expect(compactVerify(jwt, await publicKey())).rejects.toThrow();
  });

  it('leaves nbf/exp out where the credential has no validFrom/validUntil', async () => {
    const { validUntil: _drop, ...credential } = exampleCredential();
    const jwt = await signVcJwt(credential, keystore, key.keystoreId, vmId);
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(payload.nbf).toBe(Date.parse('2026-06-01T12:00:00Z') / 1000);
    expect('exp' in payload).toBe(false);
  });

  it('refuses a credential that already uses a JWT claim name', async () => {
    await expect(signVcJwt({ ...exampleCredential(), exp: 1 }, keystore, key.keystoreId, vmId)).rejects.toMatchObject({ code: 'ERR_INVALID_CREDENTIAL' });
    await expect(signVcJwt({ ...exampleCredential(), vc: {} }, keystore, key.keystoreId, vmId)).rejects.toMatchObject({ code: 'ERR_INVALID_CREDENTIAL' });
  });

  it('wraps a JWT as an EnvelopedVerifiableCredential', async () => {
    const jwt = await signVcJwt(exampleCredential(), keystore, key.keystoreId, vmId);
    expect(envelope(jwt)).toEqual({
      '@context': 'https://www.w3.org/ns/credentials/v2',
      id: `data:application/vc+jwt,${jwt}`,
      type: 'EnvelopedVerifiableCredential',
    });
  });
});

describe('sizes of a typical credential', () => {
  it('stays small enough for a QR code as a JWT', async () => {
    const credential = exampleCredential();
    const di = await signDataIntegrity(credential, await keystore.signer(key.keystoreId, vmId), loader);
    const jwt = await signVcJwt(credential, keystore, key.keystoreId, vmId);
    const sizes = { unsigned: Buffer.byteLength(JSON.stringify(credential)), dataIntegrity: Buffer.byteLength(JSON.stringify(di)), jwt: jwt.length };
    console.log('credential sizes (bytes)', sizes);
    expect(jwt.length).toBeLessThan(4096);
  });
});

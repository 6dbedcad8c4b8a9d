import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { compactVerify, importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialIssuancePurpose, issue, verifyCredential } from '@digitalbazaar/vc';
import { createDiPool, createSigningService, signDataIntegrity, type SigningService } from '../../src/signing/index.js';
import { openFileKeyStore, type GeneratedKey, type KeyStore, type Signer } from '../../src/keystore/index.js';
import { buildDidDocument } from '../../src/registry/index.js';
import { createDidResolver, createDocumentLoader, type DocumentLoader } from '../../src/resolver/index.js';
import { encodeBitstring } from '../../src/status/index.js';
import { bitstringWith, buildStatusListCredential, publishedLength } from '../../src/vc/index.js';
import { BODY_DID, exampleCredential, exampleInput } from '../issuance/credential/example.js';

// After validFrom (2026-06-01) and before validUntil (2029-06-01).
const VERIFY_AT = new Date('2026-07-01T00:00:00Z');
const CREATED = new Date('2026-06-01T12:00:00Z');
const vmId = `${BODY_DID}#key-1`;

let dir: string;
let keystore: KeyStore;
let key: GeneratedKey;
let loader: DocumentLoader;
let keySigner: Signer;
let signer: SigningService;

// The registry as the signer sees it: the body's current key.
const keySource = { currentKey: async () => ({ id: vmId, keystoreId: key.keystoreId }) };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'avala-body-signer-'));
  keystore = openFileKeyStore(dir, 'test-master-key-not-secret', { devOnly: true });
  key = await keystore.generate();
  const didDoc = buildDidDocument(BODY_DID, [
    { id: vmId, owner: 'body-1', keystoreId: key.keystoreId, publicKeyMultibase: key.publicKeyMultibase, activeFrom: '2026-01-01T00:00:00Z', activeUntil: null, compromisedAt: null, createdAt: '2026-01-01T00:00:00Z' },
  ]);
  loader = createDocumentLoader({ didResolver: createDidResolver({ web: async (did) => (did === BODY_DID ? didDoc : null) }) });
  keySigner = await keystore.signer(key.keystoreId, vmId);
  signer = createSigningService({ keySource, keys: keystore, documentLoader: loader }, { workers: 2 });
  await signer.start();
}, 120_000);

afterAll(async () => {
  await signer?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The stock library, untouched: eddsa-rdfc-2022 as shipped, on this thread. */
function stockSign(credential: Record<string, unknown>, signer: Signer, created: Date) {
  const suite = new DataIntegrityProof({ signer, cryptosuite, date: created });
  return issue({ credential: structuredClone(credential), suite, purpose: new CredentialIssuancePurpose(), documentLoader: loader });
}

function verifyDi(credential: unknown) {
  return verifyCredential({ credential, suite: new DataIntegrityProof({ cryptosuite }), documentLoader: loader, checkStatus: async () => ({ verified: true }), now: VERIFY_AT });
}

/**
 * Credentials of different shapes: the competency certificate and its variants (a renewal, no expiry, a wallet
 * DID), a status list credential, and a plain VC 2.0 credential with nested objects and no Open Badges context.
 */
function corpus(): Record<string, Record<string, unknown>> {
  const list = buildStatusListCredential({
    listUrl: 'https://avala.test/status/list-1',
    issuerDid: BODY_DID,
    purpose: 'revocation',
    encodedList: encodeBitstring(bitstringWith(publishedLength(131_072), [5, 77, 131_000])),
    validFrom: CREATED,
    validUntil: new Date(CREATED.getTime() + 365 * 86_400_000),
    ttlMs: 300_000,
  }) as unknown as Record<string, unknown>;
  const base = exampleInput();
  return {
    competency: exampleCredential(),
    renewal: exampleCredential({ renews: 'urn:uuid:5a0d7c1e-0000-4000-8000-000000000001' }),
    noExpiry: exampleCredential({ standard: { ...base.standard, validityMonths: null } }),
    walletHolder: exampleCredential({ holder: { ...base.holder, did: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK' } }),
    statusList: list,
    plainVc: {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: 'urn:uuid:9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d',
      type: ['VerifiableCredential'],
      issuer: { id: BODY_DID, name: 'CONALEP Jalisco' },
      validFrom: '2026-06-01T12:00:00Z',
      credentialSubject: { id: 'did:example:holder', name: 'Curso de seguridad', description: 'Asistió 8 horas' },
    },
  };
}

/** A keystore signer that records what it was asked to sign. */
function spySigner(inner: Signer) {
  const calls: Uint8Array[] = [];
  return { calls, signer: { ...inner, sign: (input: { data: Uint8Array }) => (calls.push(input.data), inner.sign(input)) } satisfies Signer };
}

describe('signing service with signing workers', () => {
  it('signs a credential in a worker that @digitalbazaar/vc verifies', async () => {
    expect(signer.stats()).toMatchObject({ workers: 2, sharing: true });
    const before = signer.stats()!.done;
    const forms = await signer.sign('body-1', exampleCredential(), ['di']);
    expect(signer.stats()!.done).toBe(before + 1);
    expect(forms.jwt).toBeNull();
    expect(forms.dataIntegrity!.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', verificationMethod: vmId, proofPurpose: 'assertionMethod' });
    const result = await verifyDi(forms.dataIntegrity);
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
  });

  it('produces a proof that fails verification when the credential is tampered with', async () => {
    const { dataIntegrity } = await signer.sign('body-1', exampleCredential(), ['di']);
    const raisedLevel = structuredClone(dataIntegrity) as ReturnType<typeof exampleCredential>;
    raisedLevel.credentialSubject.achievement.nqfLevel = 4;
    const otherName = structuredClone(dataIntegrity) as ReturnType<typeof exampleCredential>;
    otherName.credentialSubject.identifier[0]!.identityHash = 'Carla Sánchez Bárcenaz';
    expect((await verifyDi(raisedLevel)).verified).toBe(false);
    expect((await verifyDi(otherName)).verified).toBe(false);
  });

  it('signs both forms of the same content: the JWT verifies with the body key', async () => {
    const unsigned = exampleCredential();
    const forms = await signer.sign('body-1', unsigned, ['di', 'jwt']);
    expect(forms.keyId).toBe(vmId);
    const { payload } = await compactVerify(forms.jwt!, await importJWK(key.publicKeyJwk, 'EdDSA'));
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({ id: unsigned.id, credentialSubject: unsigned.credentialSubject });
    expect((await verifyDi(forms.dataIntegrity)).verified).toBe(true);
    expect('proof' in unsigned).toBe(false);
  });

  it('keeps up with many concurrent credentials, each verifiable', async () => {
    const many = await Promise.all(Array.from({ length: 12 }, (_, i) => signer.sign('body-1', exampleCredential({ id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}` }), ['di'])));
    const results = await Promise.all(many.map((f) => verifyDi(f.dataIntegrity)));
    expect(results.map((r) => r.verified)).toEqual(Array(12).fill(true));
    expect(new Set(many.map((f) => f.dataIntegrity!.id)).size).toBe(12);
  });

  it('refuses an undefined term with the same error code as in-process signing', async () => {
    await expect(signer.sign('body-1', { ...exampleCredential(), favouriteColour: 'green' }, ['di'])).rejects.toMatchObject({
      name: 'AppError',
      code: 'ERR_INVALID_CREDENTIAL',
      message: expect.stringContaining('favouriteColour'),
    });
  });

  it('refuses a context that is not one of ours, without fetching it', async () => {
    const unsigned = { ...exampleCredential(), '@context': ['https://www.w3.org/ns/credentials/v2', 'https://evil.example/ctx'] };
    await expect(signer.sign('body-1', unsigned, ['di'])).rejects.toMatchObject({ code: 'ERR_CONTEXT_NOT_ALLOWED' });
  });
});

describe('Data Integrity signing pool', () => {
  it('gives byte for byte the proofs that in-process signing with the stock library gives', async () => {
    // Workers copy JSON-LD contexts sharing term definitions (di-jsonld.ts); the main thread keeps jsonld.js as
    // shipped. Same input, same key, same date: Ed25519 is deterministic, so any difference in the canonical form
    // would show here as a different proofValue.
    const pool = createDiPool({ workers: 1, documentLoader: loader });
    try {
      await pool.start();
      expect(pool.stats().sharing).toBe(true);
      for (const [name, credential] of Object.entries(corpus())) {
        const inWorker = await pool.sign(credential, keySigner, CREATED);
        const reference = await stockSign(credential, keySigner, CREATED);
        expect(inWorker, name).toEqual(reference);
        expect(await signDataIntegrity(credential, keySigner, loader, { created: CREATED }), name).toEqual(reference);
        expect((await verifyDi(inWorker)).verified, name).toBe(true);
      }
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('signs the same with the library untouched (shareTermDefinitions: false)', async () => {
    const pool = createDiPool({ workers: 1, documentLoader: loader, shareTermDefinitions: false });
    try {
      await pool.start();
      expect(pool.stats().sharing).toBe(false);
      const credential = exampleCredential();
      expect(await pool.sign(credential, keySigner, CREATED)).toEqual(await stockSign(credential, keySigner, CREATED));
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('asks the key holder for exactly one signature per credential, over 64 bytes of verify data', async () => {
    const pool = createDiPool({ workers: 1, documentLoader: loader });
    const spy = spySigner(keySigner);
    try {
      await Promise.all([pool.sign(exampleCredential(), spy.signer, CREATED), pool.sign(exampleCredential(), spy.signer, CREATED)]);
      expect(spy.calls.map((d) => d.length)).toEqual([64, 64]);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('fails the job of a worker that runs out of memory, and replaces the worker', async () => {
    const pool = createDiPool({ workers: 1, documentLoader: loader, resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 } });
    try {
      await pool.start();
      // Every element expands to several JSON-LD nodes: far more than 64 MB of heap.
      const huge = exampleCredential();
      (huge.credentialSubject as Record<string, unknown>).identifier = Array.from({ length: 400_000 }, (_, i) => ({ ...huge.credentialSubject.identifier[0]!, identityHash: `h${i}` }));
      await expect(pool.sign(huge, keySigner, CREATED)).rejects.toMatchObject({ code: 'ERR_UNAVAILABLE', message: expect.stringMatching(/worker stopped/) });
      expect(pool.stats().replaced).toBe(1);
      const after = await pool.sign(exampleCredential(), keySigner, CREATED);
      expect((await verifyDi(after)).verified).toBe(true);
      expect(pool.stats()).toMatchObject({ workers: 1, done: 1, failed: 1, replaced: 1 });
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('fails a job that takes longer than the time limit and replaces its worker', async () => {
    const pool = createDiPool({ workers: 1, documentLoader: loader, jobTimeoutMs: 1 });
    try {
      await pool.start();
      await expect(pool.sign(exampleCredential(), keySigner, CREATED)).rejects.toMatchObject({ code: 'ERR_UNAVAILABLE', message: expect.stringMatching(/longer than 1 ms/) });
      expect(pool.stats().replaced).toBe(1);
      expect(pool.stats().workers).toBe(0);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('finishes queued credentials on close, then refuses new ones and stops its workers', async () => {
    const pool = createDiPool({ workers: 1, documentLoader: loader });
    const queued = [pool.sign(exampleCredential(), keySigner, CREATED), pool.sign(exampleCredential(), keySigner, CREATED), pool.sign(exampleCredential(), keySigner, CREATED)];
    await pool.close();
    expect((await Promise.all(queued)).map((c) => typeof (c.proof as { proofValue?: unknown }).proofValue)).toEqual(['string', 'string', 'string']);
    await expect(pool.sign(exampleCredential(), keySigner, CREATED)).rejects.toMatchObject({ code: 'ERR_UNAVAILABLE' });
    expect(pool.stats()).toMatchObject({ workers: 0, queued: 0, running: 0 });
  }, 60_000);

  it('does not keep the process alive once idle, even without close()', () => {
    const script = path.join(dir, 'idle-pool.mts');
    const src = (p: string) => JSON.stringify(fileURLToPath(new URL(p, import.meta.url)));
    fs.writeFileSync(
      script,
      `import crypto from 'node:crypto';
       import { createDiPool } from ${src('../../src/signing/pool.ts')};
       import { createDocumentLoader } from ${src('../../src/resolver/index.ts')};
       import { exampleCredential } from ${src('../issuance/credential/example.ts')};
       const { privateKey } = crypto.generateKeyPairSync('ed25519');
       const signer = { id: 'did:web:avala.test:bodies:conalep-jalisco#key-1', algorithm: 'Ed25519', sign: async ({ data }) => new Uint8Array(crypto.sign(null, data, privateKey)) };
       const pool = createDiPool({ workers: 2, documentLoader: createDocumentLoader() });
       const signed = await pool.sign(exampleCredential(), signer, new Date());
       console.log(signed.proof.cryptosuite);`,
    );
    const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));
    const run = spawnSync(process.execPath, [tsx, script], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('eddsa-rdfc-2022');
    expect(run.status).toBe(0);
  }, 90_000);
});

describe('signing service in-process', () => {
  it('signs on the calling thread when asked for no workers', async () => {
    const inProcess = createSigningService({ keySource, keys: keystore, documentLoader: loader }, { workers: 0 });
    const forms = await inProcess.sign('body-1', exampleCredential(), ['di', 'jwt']);
    expect(inProcess.stats()).toBeNull();
    expect((await verifyDi(forms.dataIntegrity)).verified).toBe(true);
    await inProcess.close();
  });
});

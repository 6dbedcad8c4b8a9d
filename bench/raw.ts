/**
 * Raw limits: what the libraries cost on their own, the baselines the Avala rows are divided by.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { CredentialIssuancePurpose, issue, verifyCredential } from '@digitalbazaar/vc';
import { CompactSign, compactVerify } from 'jose';
import { timeClaims } from '../src/signing/index.js';
import { publicKeyMultibaseFromRaw } from '../src/vc/index.js';
import { buildDidDocument } from '../src/registry/index.js';
import { CONTEXT_FILES } from '../src/vc/index.js';
import { BODY_DID, exampleCredential } from '../test/issuance/credential/example.js';
import { interleaved } from './measure.js';
import type { Row } from './report.js';

const VM = `${BODY_DID}#key-1`;

export interface Scale {
  quick: boolean;
  /** Multiplies round and repetition counts. */
  k: number;
}

/** A key pair, as the keystore holds one (KeyObjects made once and reused). */
export function rawKey() {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const x = (publicKey.export({ format: 'jwk' }) as { x: string }).x;
  return { privateKey, publicKey, publicKeyMultibase: publicKeyMultibaseFromRaw(Buffer.from(x, 'base64url')) };
}

/**
 * "The straightforward way": the context files in a Map, a loader that answers from it (not tagged static, as
 * most examples write it), the issuer's DID document in the same Map, and a new suite for every call.
 */
export function straightforwardLoader(key: ReturnType<typeof rawKey>) {
  const docs = new Map<string, unknown>();
  for (const [url, file] of Object.entries(CONTEXT_FILES)) docs.set(url, JSON.parse(fs.readFileSync(new URL(`../contexts/${file}`, import.meta.url), 'utf8')));
  const didDoc = buildDidDocument(BODY_DID, [
    { id: VM, owner: 'bench', keystoreId: 'bench', publicKeyMultibase: key.publicKeyMultibase, activeFrom: '2026-01-01T00:00:00Z', activeUntil: null, compromisedAt: null, createdAt: '2026-01-01T00:00:00Z' },
  ]);
  docs.set(BODY_DID, didDoc);
  const vm = (didDoc.verificationMethod as Array<{ id: string }>).find((v) => v.id === VM)!;
  docs.set(VM, { '@context': didDoc['@context'], ...vm });
  return async (url: string) => {
    const document = docs.get(url);
    if (document === undefined) throw new Error(`not loaded: ${url}`);
    return { contextUrl: null, documentUrl: url, document: structuredClone(document) };
  };
}

/** The raw operations, ready to be timed here or alongside an Avala figure. */
export async function rawWork() {
  const key = rawKey();
  const credential = exampleCredential() as Record<string, unknown>;
  const bytes = new TextEncoder().encode(JSON.stringify(credential));
  const signature = crypto.sign(null, bytes, key.privateKey);
  const header = { alg: 'EdDSA', kid: VM, typ: 'vc+jwt', cty: 'vc' };
  // Exactly the work of signVcJwt minus the keystore: payload with nbf/exp, JSON, sign.
  const joseSign = () => new CompactSign(new TextEncoder().encode(JSON.stringify({ ...credential, ...timeClaims(credential) }))).setProtectedHeader(header).sign(key.privateKey);
  const jwt = await joseSign();
  const loader = straightforwardLoader(key);
  const signer = { id: VM, algorithm: 'Ed25519', sign: async ({ data }: { data: Uint8Array }) => new Uint8Array(crypto.sign(null, data, key.privateKey)) };
  const vcIssue = () => issue({ credential: structuredClone(credential), suite: new DataIntegrityProof({ signer, cryptosuite }), purpose: new CredentialIssuancePurpose(), documentLoader: loader });
  const signed = await vcIssue();
  return {
    edSign: async () => (crypto.sign(null, bytes, key.privateKey), 1),
    edVerify: async () => (crypto.verify(null, bytes, key.publicKey, signature), 1),
    joseSign: async () => (await joseSign(), 1),
    joseVerify: async () => {
      const { payload } = await compactVerify(jwt, key.publicKey, { algorithms: ['EdDSA'] });
      JSON.parse(new TextDecoder().decode(payload));
      return 1;
    },
    vcIssue: async () => (await vcIssue(), 1),
    vcVerify: async () => {
      const r = await verifyCredential({ credential: signed, suite: new DataIntegrityProof({ cryptosuite }), documentLoader: loader, checkStatus: async () => ({ verified: true }), now: new Date('2026-07-01T00:00:00Z') });
      if (!r.verified) throw new Error(`straightforward verification failed: ${r.error?.message}`);
      return 1;
    },
  };
}

export type RawWork = Awaited<ReturnType<typeof rawWork>>;

export async function rawRows(scale: Scale, w: RawWork): Promise<Row[]> {
  const fast = await interleaved({ edSign: w.edSign, edVerify: w.edVerify, joseSign: w.joseSign, joseVerify: w.joseVerify }, { rounds: 7, reps: 400 * scale.k, warmup: 200 });
  const slow = await interleaved({ vcIssue: w.vcIssue, vcVerify: w.vcVerify }, { rounds: 5, reps: Math.max(2, Math.round(6 * scale.k)), warmup: 3 });
  return [
    { id: 'raw.ed25519.sign', section: 'raw', name: 'Ed25519 sign (node:crypto, credential JSON)', unit: 'ops/s', result: fast.edSign },
    { id: 'raw.ed25519.verify', section: 'raw', name: 'Ed25519 verify (node:crypto)', unit: 'ops/s', result: fast.edVerify },
    { id: 'raw.jose.sign', section: 'raw', name: 'jose compact sign (vc+jwt payload)', unit: 'ops/s', result: fast.joseSign, baseline: 'raw.ed25519.sign', baselineAlongside: fast.edSign },
    { id: 'raw.jose.verify', section: 'raw', name: 'jose compact verify + JSON.parse', unit: 'ops/s', result: fast.joseVerify, baseline: 'raw.ed25519.verify', baselineAlongside: fast.edVerify },
    { id: 'raw.vc.issue', section: 'raw', name: '@digitalbazaar/vc issue(), straightforward', unit: 'ops/s', result: slow.vcIssue },
    { id: 'raw.vc.verify', section: 'raw', name: '@digitalbazaar/vc verifyCredential(), straightforward', unit: 'ops/s', result: slow.vcVerify },
  ];
}

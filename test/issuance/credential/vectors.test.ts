import crypto from 'node:crypto';
import fs from 'node:fs';
import * as base58 from 'base58-universal';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { verifyCredential } from '@digitalbazaar/vc';
import { describe, expect, it } from 'vitest';
import { signDataIntegrity } from '../../../src/signing/index.js';
import type { Signer } from '../../../src/keystore/index.js';
import { createDocumentLoader, type DocumentLoader } from '../../../src/resolver/index.js';

const dir = new URL('../../vectors/vc-di-eddsa/', import.meta.url);
const readJson = (file: string) => JSON.parse(fs.readFileSync(new URL(file, dir), 'utf8')) as Record<string, unknown>;
const signed = readJson('eddsa-rdfc-2022-signed.json');
const keyPair = readJson('key-pair.json') as { publicKeyMultibase: string; privateKeyMultibase: string };

const ISSUER = 'https://vc.example/issuers/5678';
const VM = `${ISSUER}#${keyPair.publicKeyMultibase}`;

// Our loader, with the two documents the vector needs in front of it: nothing is fetched.
const ours = createDocumentLoader();
const extra: Record<string, unknown> = {
  'https://www.w3.org/ns/credentials/examples/v2': readJson('credentials-examples-v2.jsonld'),
  [VM]: { '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'], id: VM, type: 'Multikey', controller: ISSUER, publicKeyMultibase: keyPair.publicKeyMultibase },
  [ISSUER]: { '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'], id: ISSUER, assertionMethod: [VM] },
};
const loader: DocumentLoader = async (url) => (url in extra ? { contextUrl: null, documentUrl: url, document: structuredClone(extra[url]) } : ours(url));

function vectorSigner(): Signer {
  // Multikey secret key: multicodec 0x8026 (ed25519-priv) then the 32-byte seed.
  const bytes = base58.decode(keyPair.privateKeyMultibase.slice(1));
  expect([bytes[0], bytes[1]]).toEqual([0x80, 0x26]);
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), bytes.slice(2)]);
  const key = crypto.createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  return { id: VM, algorithm: 'Ed25519', sign: async ({ data }) => new Uint8Array(crypto.sign(null, data, key)) };
}

describe('W3C eddsa-rdfc-2022 test vector', () => {
  it('verifies with our context files', async () => {
    const result = await verifyCredential({ credential: signed, suite: new DataIntegrityProof({ cryptosuite }), documentLoader: loader, now: new Date('2024-01-01T00:00:00Z') });
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
  });

  it('is reproduced byte for byte by signDataIntegrity with the vector key', async () => {
    const { proof, ...unsigned } = signed as { proof: { created: string } };
    const ours = await signDataIntegrity(unsigned, vectorSigner(), loader, { created: new Date(proof.created) });
    expect(ours).toEqual(signed);
  });
});

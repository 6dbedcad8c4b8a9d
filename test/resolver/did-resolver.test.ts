import crypto from 'node:crypto';
import * as noble from '@noble/ed25519';
import { describe, expect, it } from 'vitest';
import { publicKeyMultibaseFromRaw } from '../../src/vc/index.js';
import { createDidResolver } from '../../src/resolver/index.js';
import { didKeyFromPublicKey, isAcceptableEd25519PublicKey } from '../../src/vc/index.js';

// The did:key method specification's Ed25519 example.
const SPEC_DID = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
const SPEC_VM = `${SPEC_DID}#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK`;

// Encodings of the eight points of order 1, 2, 4 and 8 (the first four follow from the curve equation:
// y = 1; y = -1; y = 0 with either sign of x).
const SMALL_ORDER = [
  '0100000000000000000000000000000000000000000000000000000000000000',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0000000000000000000000000000000000000000000000000000000000000080',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
];

function rawKey(): Uint8Array {
  const { publicKey } = crypto.generateKeyPairSync('ed25519');
  return Buffer.from((publicKey.export({ format: 'jwk' }) as { x: string }).x, 'base64url');
}

describe('did:key', () => {
  it('resolves an Ed25519 did:key into a Multikey DID document', async () => {
    const result = await createDidResolver().resolve(SPEC_DID);
    expect(result).toEqual({
      didResolutionMetadata: { contentType: 'application/did+ld+json' },
      didDocument: {
        '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
        id: SPEC_DID,
        verificationMethod: [{ id: SPEC_VM, type: 'Multikey', controller: SPEC_DID, publicKeyMultibase: 'z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK' }],
        authentication: [SPEC_VM],
        assertionMethod: [SPEC_VM],
        capabilityInvocation: [SPEC_VM],
        capabilityDelegation: [SPEC_VM],
      },
      didDocumentMetadata: {},
    });
  });

  it('builds the did:key of a raw public key', () => {
    const raw = rawKey();
    expect(didKeyFromPublicKey(raw)).toBe(`did:key:${publicKeyMultibaseFromRaw(raw)}`);
  });

  it.each([
    ['a secp256k1 key', 'did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme'],
    ['an X25519 key', 'did:key:z6LSeu9HkTHSfLLeUs2nnzUSNedgDUevfNQgQjQC23ZCit6F'],
    ['a truncated key', 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2do'],
    ['a key with a byte too many', 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doKa'],
    ['a non-base58btc key', 'did:key:u7QFoa0uVCYzRz7R9mSoSKa0f'],
    ['characters outside base58', 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2d0l'],
    ['the identity point', `did:key:${publicKeyMultibaseFromRaw(Buffer.from(SMALL_ORDER[0]!, 'hex'))}`],
    ['a point of order 8', `did:key:${publicKeyMultibaseFromRaw(Buffer.from(SMALL_ORDER[4]!, 'hex'))}`],
  ])('refuses %s', async (_what, did) => {
    const result = await createDidResolver().resolve(did);
    expect(result.didDocument).toBeNull();
    expect(result.didResolutionMetadata.error).toBe('invalidDid');
  });
});

describe('isAcceptableEd25519PublicKey', () => {
  it('accepts real public keys', () => {
    for (let i = 0; i < 20; i++) expect(isAcceptableEd25519PublicKey(rawKey())).toBe(true);
  });

  it('refuses every small-order point', () => {
    for (const hex of SMALL_ORDER) {
      expect(() => noble.Point.fromHex(hex)).not.toThrow(); // on the curve: refused for its order, not its encoding
      expect(isAcceptableEd25519PublicKey(Buffer.from(hex, 'hex'))).toBe(false);
    }
  });

  it('refuses a y coordinate at or above the field prime (a second encoding of a valid point)', () => {
    const nonCanonical = Buffer.from('edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', 'hex'); // y = p
    expect(isAcceptableEd25519PublicKey(nonCanonical)).toBe(false);
  });

  it('agrees with an independent implementation on random 32-byte strings', () => {
    for (let i = 0; i < 300; i++) {
      const bytes = crypto.randomBytes(32);
      let expected: boolean;
      try {
        expected = !noble.Point.fromBytes(new Uint8Array(bytes)).isSmallOrder();
      } catch {
        expected = false;
      }
      expect(isAcceptableEd25519PublicKey(bytes)).toBe(expected);
    }
  });

  it('refuses anything that is not 32 bytes', () => {
    expect(isAcceptableEd25519PublicKey(new Uint8Array(31))).toBe(false);
    expect(isAcceptableEd25519PublicKey(new Uint8Array(33))).toBe(false);
  });
});

describe('did:web through our own registry', () => {
  const DID = 'did:web:avala.test:bodies:demo';
  const doc = { '@context': ['https://www.w3.org/ns/did/v1'], id: DID, verificationMethod: [], assertionMethod: [] };

  it('resolves from the injected source and caches the answer', async () => {
    let calls = 0;
    const resolver = createDidResolver({ web: async () => (calls++, doc) });
    const first = await resolver.resolve(DID);
    const second = await resolver.resolve(DID);
    expect(first.didDocument).toEqual(doc);
    expect(second.didDocument).toEqual(doc);
    expect(calls).toBe(1);
  });

  it('answers notFound for a DID that is not ours, and asks again next time', async () => {
    let calls = 0;
    const resolver = createDidResolver({ web: async () => (calls++, null) });
    expect((await resolver.resolve(DID)).didResolutionMetadata.error).toBe('notFound');
    await resolver.resolve(DID);
    expect(calls).toBe(2);
  });

  it('refuses a document whose id is another DID', async () => {
    const resolver = createDidResolver({ web: async () => ({ ...doc, id: 'did:web:evil.example' }) });
    expect((await resolver.resolve(DID)).didResolutionMetadata.error).toBe('invalidDidDocument');
  });

  it('gives up on a source that does not answer in time, and does not cache the failure', async () => {
    let calls = 0;
    const resolver = createDidResolver({
      timeoutMs: 20,
      web: async () => {
        calls++;
        if (calls === 1) await new Promise((r) => setTimeout(r, 200));
        return doc;
      },
    });
    const slow = await resolver.resolve(DID);
    expect(slow.didResolutionMetadata.error).toBe('internalError');
    expect(slow.didResolutionMetadata.message).toMatch(/20 ms/);
    expect((await resolver.resolve(DID)).didDocument).toEqual(doc);
  });

  it('reports a failing source as internalError', async () => {
    const resolver = createDidResolver({ web: async () => { throw new Error('database is locked'); } });
    expect((await resolver.resolve(DID)).didResolutionMetadata).toEqual({ error: 'internalError', message: `${DID} could not be resolved: database is locked` });
  });

  it('keeps at most cacheSize DIDs, dropping the least recently used', async () => {
    const seen: string[] = [];
    const resolver = createDidResolver({ cacheSize: 2, web: async (did) => (seen.push(did), { ...doc, id: did }) });
    const [a, b, c] = ['did:web:avala.test:a', 'did:web:avala.test:b', 'did:web:avala.test:c'];
    await resolver.resolve(a!);
    await resolver.resolve(b!);
    await resolver.resolve(a!); // a is now the most recent
    await resolver.resolve(c!); // evicts b
    await resolver.resolve(a!);
    await resolver.resolve(b!);
    expect(seen).toEqual([a, b, c, b]);
  });

  it('hands out copies, so a caller that edits a document changes nothing for the next', async () => {
    const resolver = createDidResolver({ web: async () => structuredClone(doc) });
    await resolver.resolve(DID);
    const cached = await resolver.resolve(DID);
    expect(() => ((cached.didDocument as { id: string }).id = 'did:web:evil.example')).toThrow();
  });

  it('does not resolve did:web without a source', async () => {
    expect((await createDidResolver().resolve(DID)).didResolutionMetadata.error).toBe('unsupportedDidMethod');
  });
});

describe('resolution without a cache', () => {
  it('sees a rotated key at once when the source is the live registry', async () => {
    let keys = ['#key-1'];
    const did = 'did:web:avala.test:bodies:x';
    const resolver = createDidResolver({ cache: false, web: async (d) => (d === did ? { id: did, verificationMethod: keys.map((k) => ({ id: `${did}${k}` })) } : null) });
    const first = await resolver.resolve(did);
    keys = ['#key-1', '#key-2'];
    const second = await resolver.resolve(did);
    expect((first.didDocument!.verificationMethod ?? []).length).toBe(1);
    expect((second.didDocument!.verificationMethod ?? []).map((v) => v.id)).toEqual([`${did}#key-1`, `${did}#key-2`]);
  });
});

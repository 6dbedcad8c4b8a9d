import { testKeyPair } from '../../helpers/keys.js';
import { describe, expect, it } from 'vitest';
import { buildWalletCopy } from '../../../src/issuance/credential/index.js';
import { credentialIssuerMetadata, didJwkOf, errorDescription, holderKeyFromHeader, OAuthError } from '../../../src/delivery/oid4vci/index.js';
import { publicKeyMultibaseFromRaw } from '../../../src/vc/index.js';
import { didKeyFromPublicKey } from '../../../src/vc/index.js';
import { exampleCredential } from '../../issuance/credential/example.js';

describe('holder keys named by a proof header', () => {
  it('reads a did:key Ed25519 key whose fragment is the key itself', async () => {
    const jwk = (await testKeyPair('EdDSA')).publicJwk;
    const raw = new Uint8Array(Buffer.from(jwk.x!, 'base64url'));
    const did = didKeyFromPublicKey(raw);
    expect(holderKeyFromHeader({ alg: 'EdDSA', kid: `${did}#${publicKeyMultibaseFromRaw(raw)}` })).toEqual({ did, alg: 'EdDSA', jwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x } });
    // Another fragment, no fragment, or an algorithm the key cannot make: refused.
    expect(holderKeyFromHeader({ alg: 'EdDSA', kid: `${did}#key-1` })).toBeNull();
    expect(holderKeyFromHeader({ alg: 'EdDSA', kid: did })).toBeNull();
    expect(holderKeyFromHeader({ alg: 'ES256', kid: `${did}#${publicKeyMultibaseFromRaw(raw)}` })).toBeNull();
  });

  it('reads did:jwk (P-256 and Ed25519) and binds a bare jwk as its did:jwk', async () => {
    const ec = (await testKeyPair('ES256')).publicJwk;
    const did = didJwkOf(ec);
    expect(holderKeyFromHeader({ alg: 'ES256', kid: `${did}#0` })).toEqual({ did, alg: 'ES256', jwk: { kty: 'EC', crv: 'P-256', x: ec.x, y: ec.y } });
    expect(holderKeyFromHeader({ alg: 'ES256', jwk: { ...ec, kid: 'whatever', use: 'sig' } })?.did).toBe(did);
    expect(holderKeyFromHeader({ alg: 'ES256', kid: `${did}#1` })).toBeNull();
    expect(holderKeyFromHeader({ alg: 'EdDSA', kid: `${did}#0` })).toBeNull();
  });

  it('refuses private keys, small-order points, other methods, none, and kid with jwk', async () => {
    const ed = (await testKeyPair('EdDSA')).privateJwk;
    expect(holderKeyFromHeader({ alg: 'EdDSA', jwk: ed })).toBeNull();
    const smallOrder = { kty: 'OKP', crv: 'Ed25519', x: Buffer.alloc(32).toString('base64url') }; // the identity point
    expect(holderKeyFromHeader({ alg: 'EdDSA', jwk: smallOrder })).toBeNull();
    expect(holderKeyFromHeader({ alg: 'EdDSA', kid: 'did:web:evil.example#key-1' })).toBeNull();
    expect(holderKeyFromHeader({ alg: 'EdDSA', kid: 'did:jwk:!!!#0' })).toBeNull();
    expect(holderKeyFromHeader({ alg: 'none', jwk: { kty: 'OKP', crv: 'Ed25519', x: ed.x } })).toBeNull();
    expect(holderKeyFromHeader({ alg: 'HS256', jwk: { kty: 'oct', k: 'AAAA' } })).toBeNull();
    expect(holderKeyFromHeader({ alg: 'EdDSA', kid: 'x', jwk: { kty: 'OKP', crv: 'Ed25519', x: ed.x } })).toBeNull();
    expect(holderKeyFromHeader({ alg: 'EdDSA', kid: `did:key:z${'1'.repeat(2000)}#x` })).toBeNull();
  });
});

describe('wallet copy', () => {
  it('keeps the certificate content, binds the holder, and replaces id, status and proof', () => {
    const original = { ...exampleCredential(), proof: { type: 'DataIntegrityProof' } } as Record<string, any>;
    const status = [{ id: 'https://a.test/status/L#7', type: 'BitstringStatusListEntry' as const, statusPurpose: 'revocation' as const, statusListIndex: '7', statusListCredential: 'https://a.test/status/L' }];
    const copy = buildWalletCopy(original, { id: 'urn:uuid:00000000-0000-4000-8000-000000000001', holderDid: 'did:key:z6Mk', credentialStatus: status }) as Record<string, any>;
    const { id: _a, credentialSubject: _b, credentialStatus: _c, proof: _d, ...sameOriginal } = original;
    const { id, credentialSubject, credentialStatus, ...sameCopy } = copy;
    expect(sameCopy).toEqual(sameOriginal);
    expect(id).toBe('urn:uuid:00000000-0000-4000-8000-000000000001');
    expect(credentialSubject).toEqual({ id: 'did:key:z6Mk', ...original.credentialSubject });
    expect(credentialStatus).toEqual(status);
    expect('proof' in copy).toBe(false);
  });
});

describe('errors and metadata', () => {
  it('keeps error descriptions within the characters OpenID4VCI allows', () => {
    expect(errorDescription('Invalid "tx_code"\n\\ provided — ñ')).toBe('Invalid tx_code provided');
    expect(new OAuthError('invalid_grant', 'x'.repeat(1000)).description).toHaveLength(300);
  });

  it('describes both configurations with the credential context and type the builder produces', () => {
    const m = credentialIssuerMetadata('https://avala.test') as any;
    const ldp = m.credential_configurations_supported.competency_certificate_ldp_vc;
    // The context URL defaults to the deployment's own (`<public URL>/contexts/avala/v1`), as the builder is given it.
    const ex = exampleCredential({ contextUrl: 'https://avala.test/contexts/avala/v1' }) as Record<string, any>;
    expect(ldp.credential_definition).toEqual({ '@context': ex['@context'], type: ex.type });
    expect(m.credential_configurations_supported.competency_certificate_jwt_vc_json.credential_definition).toEqual({ type: ex.type });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedCredential } from '../../src/issuance/index.js';
import type { GeneratedKey } from '../../src/keystore/index.js';
import { envelope } from '../../src/signing/index.js';
import { ALL_PASS, startWorld, verdicts, type World } from './helpers.js';

// VC-JOSE-COSE presentations: an EnvelopedVerifiablePresentation (`data:application/vp+jwt,<jws>`) signed by its holder.
let w: World;
let c: IssuedCredential;
let holderKey: GeneratedKey;
let holder: string;

beforeAll(async () => {
  w = await startWorld('2026-06-01T12:00:00.000Z');
  c = await w.issue('cecati-42');
  holderKey = await w.svc.services.keys.generate();
  holder = `did:key:${holderKey.publicKeyMultibase}`;
});
afterAll(() => w?.close());

async function vpJwt(claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}, key: GeneratedKey = holderKey) {
  const vp = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], holder, verifiableCredential: [envelope(c.jwt!)], nonce: 'reto-123', aud: 'https://empleador.example', ...claims };
  const h = { alg: 'EdDSA', typ: 'vp+jwt', cty: 'vp', kid: `did:key:${key.publicKeyMultibase}#${key.publicKeyMultibase}`, ...header };
  const jws = await w.svc.services.keys.signCompactJws(key.keystoreId, h, new TextEncoder().encode(JSON.stringify(vp)));
  return { '@context': 'https://www.w3.org/ns/credentials/v2', id: `data:application/vp+jwt,${jws}`, type: 'EnvelopedVerifiablePresentation' };
}

describe('JWT presentations (vp+jwt)', () => {
  it('verifies one signed by its holder for the challenge and domain, and every credential inside', async () => {
    const r = await w.verifier().verifyPresentation(await vpJwt(), { challenge: 'reto-123', domain: 'https://empleador.example' });
    expect(r.checks.map((x) => [x.name, x.status])).toEqual([['format', 'pass'], ['proof', 'pass']]);
    expect(r.holder).toBe(holder);
    expect(r.credentials.map((x) => verdicts(x))).toEqual([ALL_PASS]);
    expect(r.verified).toBe(true);
  });

  it('refuses another challenge, another domain, no challenge, and a key that is not the holder’s', async () => {
    const vp = await vpJwt();
    expect((await w.verifier().verifyPresentation(vp, { challenge: 'otro' })).verified).toBe(false);
    expect((await w.verifier().verifyPresentation(vp, { challenge: 'reto-123', domain: 'https://otro.example' })).verified).toBe(false);
    expect((await w.verifier().verifyPresentation(vp)).verified).toBe(false);
    const stranger = await w.svc.services.keys.generate();
    const r = await w.verifier().verifyPresentation(await vpJwt({}, {}, stranger), { challenge: 'reto-123' });
    expect(r.checks.find((x) => x.name === 'proof')?.code).toBe('ISSUER_MISMATCH');
  });

  it('refuses a changed payload, a key carried in the token, and another algorithm', async () => {
    const vp = await vpJwt();
    const [h, p, s] = vp.id.slice('data:application/vp+jwt,'.length).split('.');
    const changed = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), holder: 'did:example:other' })).toString('base64url');
    const tampered = { ...vp, id: `data:application/vp+jwt,${h}.${changed}.${s}` };
    expect((await w.verifier().verifyPresentation(tampered, { challenge: 'reto-123' })).verified).toBe(false);
    const withJwk = await w.verifier().verifyPresentation(await vpJwt({}, { jwk: { kty: 'OKP' } }), { challenge: 'reto-123' });
    expect(withJwk.checks.find((x) => x.name === 'proof')?.code).toBe('CRYPTOGRAPHIC_SECURITY_ERROR');
    const typ = await w.verifier().verifyPresentation(await vpJwt({}, { typ: 'JWT' }), { challenge: 'reto-123' });
    expect(typ.checks[0]).toMatchObject({ name: 'format', status: 'fail' });
  });

  it('answers over HTTP at /presentations/verify', async () => {
    const res = await fetch(`${w.svc.url}/presentations/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ verifiablePresentation: await vpJwt(), options: { challenge: 'reto-123', domain: 'https://empleador.example' } }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { verified: boolean }).verified).toBe(true);
  });
});

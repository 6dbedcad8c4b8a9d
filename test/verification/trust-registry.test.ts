import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRUST_REGISTRY_TYP } from '../../src/vc/index.js';
import { anchorKeysFromDidDocument, verifyTrustRegistry, type AnchorKey } from '../../src/verification/index.js';
import { liveTrustRegistry } from '../../src/verification/server.js';
import { ALL_PASS, form, startWorld, verdict, verdicts, type World } from './helpers.js';

let w: World;
let anchors: AnchorKey[];
let jws: string;
const T0 = '2026-06-01T12:00:00.000Z';

beforeAll(async () => {
  w = await startWorld(T0);
  anchors = anchorKeysFromDidDocument(await w.svc.services.registry.didDocumentFor(w.svc.services.registry.authorityDid));
  jws = (await w.svc.services.registry.signedTrustRegistry()).jws;
});
afterAll(async () => {
  await w.close();
});

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const parts = (t: string) => t.split('.') as [string, string, string];
const headerOf = (t: string) => JSON.parse(Buffer.from(parts(t)[0], 'base64url').toString('utf8'));

describe('verifyTrustRegistry', () => {
  it('accepts the registry the authority signed, checked against its DID document', async () => {
    expect(anchors).toEqual([{ id: 'did:web:avala.test#key-1', publicKeyMultibase: expect.stringMatching(/^z6Mk/) }]);
    const r = await verifyTrustRegistry(jws, anchors, new Date(T0));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.trust).toEqual({
      registry: expect.objectContaining({ format: 'avala-trust-registry/1', issuer: 'did:web:avala.test', statusListOrigins: ['https://avala.test'] }),
      issuedAt: T0,
      nextUpdate: '2026-06-02T12:00:00.000Z',
      expiresAt: '2026-06-09T12:00:00.000Z',
      signedBy: 'did:web:avala.test#key-1',
    });
    expect(r.trust.registry.bodies.map((b) => b.slug).sort()).toEqual(['camara-turismo-qroo', 'cecati-42', 'sindicato-hotelero', 'universidad-del-valle']);
  });

  it('refuses a registry signed by a key that is not pinned, whatever its header says', async () => {
    const body = await w.key('cecati-42');
    const forged = await w.svc.services.keys.signCompactJws(body.keystoreId, { alg: 'EdDSA', kid: 'did:web:avala.test#key-1', typ: TRUST_REGISTRY_TYP }, Buffer.from(parts(jws)[1], 'base64url'));
    expect(await verifyTrustRegistry(forged, anchors, new Date(T0))).toMatchObject({ ok: false, code: 'CRYPTOGRAPHIC_SECURITY_ERROR' });
    const otherKid = await w.svc.services.keys.signCompactJws(body.keystoreId, { alg: 'EdDSA', kid: body.id, typ: TRUST_REGISTRY_TYP }, Buffer.from(parts(jws)[1], 'base64url'));
    expect(await verifyTrustRegistry(otherKid, anchors, new Date(T0))).toMatchObject({ ok: false, code: 'UNTRUSTED_ISSUER' });
    expect(await verifyTrustRegistry(jws, [], new Date(T0))).toMatchObject({ ok: false, code: 'UNTRUSTED_ISSUER' });
  });

  it('refuses a changed registry, another algorithm, another type and a key in the header', async () => {
    const payload = JSON.parse(Buffer.from(parts(jws)[1], 'base64url').toString('utf8'));
    payload.registry.statusListOrigins.push('https://evil.example');
    expect(await verifyTrustRegistry(`${parts(jws)[0]}.${b64(payload)}.${parts(jws)[2]}`, anchors, new Date(T0))).toMatchObject({ ok: false, code: 'CRYPTOGRAPHIC_SECURITY_ERROR' });
    expect(await verifyTrustRegistry(`${b64({ ...headerOf(jws), alg: 'none' })}.${parts(jws)[1]}.`, anchors, new Date(T0))).toMatchObject({ ok: false, code: 'UNSUPPORTED_ALGORITHM' });
    expect(await verifyTrustRegistry(`${b64({ ...headerOf(jws), typ: 'vc+jwt' })}.${parts(jws)[1]}.${parts(jws)[2]}`, anchors, new Date(T0))).toMatchObject({ ok: false, code: 'MALFORMED_VALUE_ERROR' });
    expect(await verifyTrustRegistry(`${b64({ ...headerOf(jws), jwk: { kty: 'OKP' } })}.${parts(jws)[1]}.${parts(jws)[2]}`, anchors, new Date(T0))).toMatchObject({ ok: false, code: 'CRYPTOGRAPHIC_SECURITY_ERROR' });
    expect(await verifyTrustRegistry('not a jws', anchors, new Date(T0))).toMatchObject({ ok: false, code: 'PARSING_ERROR' });
    expect(await verifyTrustRegistry(42, anchors, new Date(T0))).toMatchObject({ ok: false, code: 'RESOURCE_LIMIT' });
  });

  it('accepts it up to 300 s past exp and refuses it at 301 s (STATUS_STALE)', async () => {
    const exp = Date.parse('2026-06-09T12:00:00.000Z');
    expect((await verifyTrustRegistry(jws, anchors, new Date(exp + 300_000))).ok).toBe(true);
    expect(await verifyTrustRegistry(jws, anchors, new Date(exp + 301_000))).toMatchObject({ ok: false, code: 'STATUS_STALE' });
    expect(await verifyTrustRegistry(jws, anchors, new Date(Date.parse(T0) - 301_000))).toMatchObject({ ok: false, code: 'NOT_YET_VALID' });
  });

  it('keeps only the DID subject\'s own keys from a DID document', () => {
    expect(anchorKeysFromDidDocument({ id: 'did:web:a', verificationMethod: [{ id: 'did:web:b#k', controller: 'did:web:b', publicKeyMultibase: 'z6Mk' }] })).toEqual([]);
    expect(anchorKeysFromDidDocument('nonsense')).toEqual([]);
  });
});

describe('trust_registry_fresh', () => {
  it('passes past nextUpdate with a warning, and fails STATUS_STALE once the registry verified earlier has expired', async () => {
    const c = await w.issue('cecati-42');
    const trusted = await verifyTrustRegistry(jws, anchors, new Date(T0));
    if (!trusted.ok) throw new TypeError('registry refused');
    const fixed = w.verifier({ trust: () => trusted.trust });
    const dayLater = await fixed.verify(form(c, 'jwt'), { now: new Date(Date.parse(T0) + 25 * 3_600_000) });
    expect(verdict(dayLater, 'trust_registry_fresh')).toEqual(['pass', null]);
    expect(dayLater.warnings.map((x) => x.code)).toEqual(['TRUST_REGISTRY_REFRESH_DUE']);
    const stale = await fixed.verify(form(c, 'jwt'), { now: new Date(Date.parse('2026-06-09T12:00:00.000Z') + 301_000) });
    expect(verdicts(stale)).toMatchObject({ trust_registry_fresh: ['fail', 'STATUS_STALE'] });
    expect(stale.verified).toBe(false);
  });
});

describe('authority keys', () => {
  it('refuses a registry signed with the authority key after it was replaced, and after it was reported compromised', async () => {
    w.setTime('2026-06-20T12:00:00.000Z');
    const registry = w.svc.services.registry;
    const old = (await registry.listKeys('authority'))[0]!;
    await registry.rotateKey('authority');
    w.advance(60_000);
    const allAnchors = anchorKeysFromDidDocument(await registry.didDocumentFor(registry.authorityDid));
    expect(allAnchors).toHaveLength(2);
    const current = await registry.signedTrustRegistry();
    expect((await verifyTrustRegistry(current.jws, allAnchors, w.now())).ok).toBe(true);
    // The same document signed with the retired key: the registry it carries says that key was retired.
    const late = await w.svc.services.keys.signCompactJws(old.keystoreId, { alg: 'EdDSA', kid: old.id, typ: TRUST_REGISTRY_TYP }, Buffer.from(parts(current.jws)[1], 'base64url'));
    expect(await verifyTrustRegistry(late, allAnchors, w.now())).toMatchObject({ ok: false, code: 'KEY_NOT_VALID_AT_ISSUANCE' });

    const now = await registry.currentKey('authority');
    await registry.markKeyCompromised(now.id, new Date(w.now().getTime() - 1000).toISOString());
    expect(await verifyTrustRegistry((await registry.signedTrustRegistry()).jws, allAnchors, w.now())).toMatchObject({ ok: false, code: 'KEY_NOT_VALID_AT_ISSUANCE' });
  });
});

describe('the live registry of the server', () => {
  it('is rebuilt after invalidate() or a minute, and when the clock goes back', async () => {
    const w2 = await startWorld('2026-06-01T12:00:00.000Z');
    try {
      let builds = 0;
      const registry = w2.svc.services.registry;
      const counting = { authorityDid: registry.authorityDid, didDocumentFor: (d: string) => registry.didDocumentFor(d), signedTrustRegistry: () => (builds++, registry.signedTrustRegistry()) };
      const live = liveTrustRegistry(counting, () => w2.now());
      const first = await live.current();
      await Promise.all([live.current(), live.current()]);
      expect(builds).toBe(1);
      w2.advance(59_000);
      expect(await live.current()).toBe(first);
      w2.advance(1_000);
      await live.current();
      expect(builds).toBe(2);
      live.invalidate();
      await live.current();
      expect(builds).toBe(3);
      w2.advance(-5_000);
      await live.current();
      expect(builds).toBe(4);
      const c = await w2.issue('cecati-42');
      expect(verdicts(await w2.verifier({ trust: () => live.current() }).verify(form(c, 'di')))).toEqual(ALL_PASS);
    } finally {
      await w2.close();
      // startWorld of the outer suite faked Date too; restore its fake clock for any test that follows.
      w.setTime(w.now().getTime());
    }
  });
});

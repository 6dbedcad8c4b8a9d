import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedCredential } from '../../src/issuance/index.js';
import type { SigningKey } from '../../src/registry/index.js';
import { publicKeyMultibaseFromRaw } from '../../src/vc/index.js';
import { isAuthenticNonCompetency } from '../../src/verification/index.js';
import { ALL_PASS, FORMS, UNKNOWN_AFTER_PROOF, form, pick, startWorld, verdict, verdicts, type World } from './helpers.js';

let w: World;
let good: IssuedCredential;
const ISSUED_AT = '2026-06-01T12:00:00.000Z';

beforeAll(async () => {
  w = await startWorld(ISSUED_AT);
  good = await w.issue('cecati-42');
});
afterAll(async () => {
  await w.close();
});

describe.each(FORMS)('%s: a certificate issued by an accredited body', (f) => {
  it('passes every check, and says what it certifies', async () => {
    const r = await w.verifier().verify(form(good, f));
    expect(verdicts(r)).toEqual(ALL_PASS);
    expect(r.verified).toBe(true);
    expect(r.format).toBe(f === 'di' ? 'data-integrity' : 'vc-jwt');
    const body = await w.svc.services.registry.getBodyBySlug('cecati-42');
    expect(r.facts).toEqual({
      credentialId: good.id,
      holderName: 'Ana Pérez López',
      standard: { code: 'EC0217', version: 1, title: 'Impartición de cursos de formación del capital humano de manera presencial grupal', level: 3 },
      body: { name: body.name, did: body.did, kind: 'school' },
      issuedAt: ISSUED_AT,
      validFrom: '2026-06-01T12:00:00Z',
      validUntil: '2029-06-01T12:00:00Z',
      curp: { hash: expect.stringMatching(/^sha256\$[0-9a-f]{64}$/), salt: expect.any(String) },
      signedWith: `${body.did}#key-1`,
    });
    for (const c of r.checks) {
      expect(c.message.length).toBeGreaterThan(10);
      expect(c.messageEs.length).toBeGreaterThan(10);
    }
  });

  it('reports only the checks asked for, running the proof they depend on', async () => {
    const r = await w.verifier().verify(form(good, f), { checks: ['revocation'] });
    expect(verdicts(r)).toEqual({ format: ['pass', null], revocation: ['pass', null] });
    expect(r.verified).toBe(true);
  });
});

describe.each(FORMS)('%s: proof', (f) => {
  const signatureCode = f === 'di' ? 'PROOF_VERIFICATION_ERROR' : 'CRYPTOGRAPHIC_SECURITY_ERROR';

  it('fails when a field was changed after signing (the holder name), and checks nothing else', async () => {
    let tampered: Record<string, unknown> | string;
    if (f === 'di') {
      const c = structuredClone(good.dataIntegrity!) as any;
      c.credentialSubject.identifier[0].identityHash = 'Ana Pérez Lopes';
      tampered = c;
    } else {
      const [h, p, s] = good.jwt!.split('.') as [string, string, string];
      const payload = Buffer.from(p, 'base64url').toString('utf8').replace('Ana Pérez López', 'Ana Pérez Lopes');
      tampered = `${h}.${Buffer.from(payload).toString('base64url')}.${s}`;
    }
    const r = await w.verifier().verify(tampered);
    expect(verdicts(r)).toEqual({ format: ['pass', null], proof: ['fail', signatureCode], ...UNKNOWN_AFTER_PROOF, trust_registry_fresh: ['pass', null] });
    expect(r.verified).toBe(false);
    expect(r.facts).toBeNull();
  });

  it('fails when the level is raised by one', async () => {
    let tampered: Record<string, unknown> | string;
    if (f === 'di') {
      const c = structuredClone(good.dataIntegrity!) as any;
      c.credentialSubject.achievement.nqfLevel = 4;
      tampered = c;
    } else {
      const [h, p, s] = good.jwt!.split('.') as [string, string, string];
      const payload = Buffer.from(p, 'base64url').toString('utf8').replace('"nqfLevel":3', '"nqfLevel":4');
      tampered = `${h}.${Buffer.from(payload).toString('base64url')}.${s}`;
    }
    expect(verdict(await w.verifier().verify(tampered), 'proof')).toEqual(['fail', signatureCode]);
  });

  it("fails when another body's key signed under the issuer's key id (wrong key)", async () => {
    const other = await w.key('universidad-del-valle');
    const forged = await w.sign(good.dataIntegrity!, other, (await w.key('cecati-42')).id);
    expect(verdict(await w.verifier().verify(pick(forged, f)), 'proof')).toEqual(['fail', signatureCode]);
  });

  it('fails ISSUER_MISMATCH when the signing key belongs to a body other than the issuer', async () => {
    const other = await w.key('universidad-del-valle');
    const forged = await w.sign(good.dataIntegrity!, other, other.id);
    const r = await w.verifier().verify(pick(forged, f));
    expect(verdict(r, 'proof')).toEqual(['fail', 'ISSUER_MISMATCH']);
  });

  it('refuses a small-order Ed25519 key (a did:key of the identity point) before any signature check', async () => {
    const weak = new Uint8Array(32);
    weak[0] = 1; // y = 1: the neutral element, of order 1
    const did = `did:key:${publicKeyMultibaseFromRaw(weak)}`;
    const vm = `${did}#${publicKeyMultibaseFromRaw(weak)}`;
    const someKey = await w.key('cecati-42');
    const forged = await w.sign(good.dataIntegrity!, someKey, vm, (c) => {
      c.issuer.id = did;
    });
    const r = await w.verifier().verify(pick(forged, f), { checks: ['proof'] });
    expect(verdicts(r)).toEqual({ format: ['pass', null], proof: ['fail', 'CRYPTOGRAPHIC_SECURITY_ERROR'] });
    expect(r.checks[1]!.message).toMatch(/small-order/);
  });

  it('passes for an unregistered did:key issuer when only the proof is asked for; its accreditation fails UNTRUSTED_ISSUER', async () => {
    const gen = await w.svc.services.keys.generate();
    const did = `did:key:${gen.publicKeyMultibase}`;
    const signed = await w.sign(good.dataIntegrity!, gen, `${did}#${gen.publicKeyMultibase}`, (c) => {
      c.issuer = { id: did, type: ['Profile'], name: 'Emisor de prueba' };
    });
    const onlyProof = await w.verifier().verify(pick(signed, f), { checks: ['proof'] });
    expect(onlyProof.verified).toBe(true);
    const all = await w.verifier().verify(pick(signed, f));
    expect(verdicts(all)).toMatchObject({ proof: ['pass', null], key_valid_at_issuance: ['fail', 'UNTRUSTED_ISSUER'], issuer_accredited: ['fail', 'UNTRUSTED_ISSUER'] });
    expect(all.verified).toBe(false);
    expect(all.facts?.body).toEqual({ name: 'Emisor de prueba', did, kind: null });
  });
});

describe('Data Integrity proof specifics', () => {
  it('refuses a second proof riding along with a valid one', async () => {
    const c = structuredClone(good.dataIntegrity!) as any;
    c.proof = [c.proof, { ...c.proof, proofValue: 'z1111' }];
    expect(verdict(await w.verifier().verify(c), 'proof')).toEqual(['fail', 'PROOF_VERIFICATION_ERROR']);
  });

  it('refuses another cryptosuite or proof type as UNSUPPORTED_ALGORITHM', async () => {
    const c = structuredClone(good.dataIntegrity!) as any;
    c.proof.cryptosuite = 'eddsa-jcs-2022';
    expect(verdict(await w.verifier().verify(c), 'proof')).toEqual(['fail', 'UNSUPPORTED_ALGORITHM']);
    const d = structuredClone(good.dataIntegrity!) as any;
    d.proof.type = 'Ed25519Signature2020';
    expect(verdict(await w.verifier().verify(d), 'proof')).toEqual(['fail', 'UNSUPPORTED_ALGORITHM']);
  });

  it('refuses a property no context defines (it would not be covered by the proof)', async () => {
    const c = structuredClone(good.dataIntegrity!) as any;
    c.credentialSubject.favouriteColour = 'green';
    expect(verdict(await w.verifier().verify(c), 'proof')).toEqual(['fail', 'DATA_LOSS_DETECTION_ERROR']);
  });

  it('refuses a credential without a proof', async () => {
    const c = structuredClone(good.dataIntegrity!) as any;
    delete c.proof;
    expect(verdict(await w.verifier().verify(c), 'proof')).toEqual(['fail', 'PROOF_VERIFICATION_ERROR']);
  });
});

describe('VC-JWT header attacks', () => {
  const parts = () => good.jwt!.split('.') as [string, string, string];
  const header = () => JSON.parse(Buffer.from(parts()[0], 'base64url').toString('utf8'));
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

  it('refuses alg none', async () => {
    const token = `${b64({ ...header(), alg: 'none' })}.${parts()[1]}.`;
    expect(verdict(await w.verifier().verify(token), 'proof')).toEqual(['fail', 'UNSUPPORTED_ALGORITHM']);
  });

  it('refuses HS256 keyed with the public key (algorithm confusion)', async () => {
    const crypto = await import('node:crypto');
    const key = await w.key('cecati-42');
    const h = b64({ ...header(), alg: 'HS256' });
    const mac = crypto.createHmac('sha256', key.publicKeyMultibase).update(`${h}.${parts()[1]}`).digest('base64url');
    expect(verdict(await w.verifier().verify(`${h}.${parts()[1]}.${mac}`), 'proof')).toEqual(['fail', 'UNSUPPORTED_ALGORITHM']);
  });

  it('refuses a token that carries its own key in a jwk header, even validly signed with it', async () => {
    const { CompactSign, exportJWK } = await import('jose');
    const { publicKey, privateKey } = await (await import('../helpers/keys.js')).testKeyPair('EdDSA');
    const payload = Buffer.from(parts()[1], 'base64url');
    for (const extra of [{ jwk: await exportJWK(publicKey) }, { jku: 'https://evil.example/keys' }, { x5u: 'https://evil.example/cert' }, { x5c: ['MIIB'] }]) {
      const token = await new CompactSign(payload).setProtectedHeader({ ...header(), ...extra }).sign(privateKey);
      const r = await w.verifier().verify(token);
      expect(verdict(r, 'proof')).toEqual(['fail', 'CRYPTOGRAPHIC_SECURITY_ERROR']);
    }
  });

  it('refuses a token whose typ is not vc+jwt (the trust registry presented as a credential)', async () => {
    const token = `${b64({ ...header(), typ: 'JWT' })}.${parts()[1]}.${parts()[2]}`;
    expect(verdict(await w.verifier().verify(token), 'proof')).toEqual(['fail', 'MALFORMED_VALUE_ERROR']);
  });

  it('refuses nbf/exp that disagree with validFrom/validUntil, though validly signed', async () => {
    const key = await w.key('cecati-42');
    const unsigned = structuredClone(good.dataIntegrity!) as any;
    delete unsigned.proof;
    const payload = { ...unsigned, nbf: Date.parse(unsigned.validFrom) / 1000, exp: Date.parse(unsigned.validUntil) / 1000 + 86_400 * 365 };
    const token = await w.svc.services.keys.signCompactJws(key.keystoreId, { alg: 'EdDSA', kid: key.id, typ: 'vc+jwt' }, new TextEncoder().encode(JSON.stringify(payload)));
    expect(verdict(await w.verifier().verify(token), 'proof')).toEqual(['fail', 'MALFORMED_VALUE_ERROR']);
  });
});

describe.each(FORMS)('%s: key valid at issuance', (f) => {
  let beforeRotation: IssuedCredential;
  let oldKey: SigningKey;
  let newKey: SigningKey;

  beforeAll(async () => {
    const body = await w.bodyId('universidad-del-valle');
    w.setTime(f === 'di' ? '2026-06-02T09:00:00.000Z' : '2026-06-03T09:00:00.000Z');
    oldKey = await w.svc.services.registry.currentKey(body);
    beforeRotation = await w.issue('universidad-del-valle');
    w.advance(3_600_000);
    newKey = await w.svc.services.registry.rotateKey(body);
    oldKey = (await w.svc.services.registry.listKeys(body)).find((k) => k.id === oldKey.id)!;
    w.advance(3_600_000);
  });

  it('passes for a credential signed with the old key before the rotation, and one signed with the new key after', async () => {
    expect(beforeRotation.keyId).toBe(oldKey.id);
    expect(verdicts(await w.verifier().verify(form(beforeRotation, f)))).toEqual(ALL_PASS);
    const after = await w.issue('universidad-del-valle');
    expect(after.keyId).toBe(newKey.id);
    expect(verdicts(await w.verifier().verify(form(after, f)))).toEqual(ALL_PASS);
  });

  it('fails KEY_NOT_VALID_AT_ISSUANCE for a credential signed with the old key after the rotation', async () => {
    const late = new Date(Date.parse(oldKey.activeUntil!) + 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const forged = await w.sign(beforeRotation.dataIntegrity!, oldKey, oldKey.id, (c) => {
      c.validFrom = late;
    });
    const r = await w.verifier().verify(pick(forged, f));
    expect(verdicts(r)).toMatchObject({ proof: ['pass', null], key_valid_at_issuance: ['fail', 'KEY_NOT_VALID_AT_ISSUANCE'] });
    expect(r.checks.find((c) => c.name === 'key_valid_at_issuance')!.message).toMatch(/was replaced on/);
  });

  it('fails for a credential signed after its key was reported compromised, and passes for one signed before', async () => {
    // A body of its own, so marking a key compromised does not disturb the other tests.
    const slug = f === 'di' ? 'camara-turismo-qroo' : 'sindicato-hotelero';
    const standard = 'EC0038';
    const before = await w.issue(slug, { standard });
    w.advance(600_000);
    const compromiseAt = w.now().toISOString();
    w.advance(600_000);
    const after = await w.issue(slug, { standard });
    const key1 = await w.key(slug, 1);
    await w.svc.services.registry.markKeyCompromised(key1.id, compromiseAt);
    // The body rotates at once, so its status lists are re-signed with a key nobody doubts.
    await w.svc.services.registry.rotateKey(await w.bodyId(slug));
    w.advance(60_000);
    const r = await w.verifier().verify(form(after, f));
    expect(verdicts(r)).toMatchObject({ proof: ['pass', null], key_valid_at_issuance: ['fail', 'KEY_NOT_VALID_AT_ISSUANCE'] });
    expect(r.checks.find((c) => c.name === 'key_valid_at_issuance')!.message).toMatch(/compromised/);
    expect(verdicts(await w.verifier().verify(form(before, f)))).toEqual(ALL_PASS);
  });
});

describe.each(FORMS)('%s: accreditation and standard', (f) => {
  it('fails OUT_OF_ACCREDITATION_SCOPE for a body signing a standard it is not accredited for', async () => {
    w.setTime('2026-06-10T12:00:00.000Z');
    const own = await w.issue('sindicato-hotelero', { standard: 'EC0128' });
    const key = (await w.svc.services.registry.currentKey(await w.bodyId('sindicato-hotelero')));
    const ec0217 = (await w.svc.services.registry.findStandard('EC0217'));
    const forged = await w.sign(own.dataIntegrity!, key, key.id, (c) => {
      Object.assign(c.credentialSubject.achievement, { humanCode: 'EC0217', name: ec0217.title, nqfLevel: ec0217.level });
    });
    const r = await w.verifier().verify(pick(forged, f));
    expect(verdicts(r)).toMatchObject({ proof: ['pass', null], issuer_accredited: ['fail', 'OUT_OF_ACCREDITATION_SCOPE'], standard_known: ['pass', null] });
    expect(r.verified).toBe(false);
  });

  it('reads the accreditation history: a certificate from before the withdrawal passes, one signed after fails', async () => {
    w.setTime('2026-06-11T12:00:00.000Z');
    const slug = 'cecati-42';
    const standard = 'EC0551';
    const before = await w.issue(slug, { standard });
    w.advance(86_400_000);
    const std = await w.svc.services.registry.findStandard(standard);
    const [acc] = await w.svc.services.registry.listAccreditations({ bodyId: await w.bodyId(slug), standardId: std.id });
    if (acc!.state !== 'withdrawn') await w.svc.services.registry.changeAccreditation(acc!.id, 'withdrawn', 'audit finding');
    w.advance(86_400_000);
    expect(verdicts(await w.verifier().verify(form(before, f)))).toEqual(ALL_PASS);
    const key = await w.svc.services.registry.currentKey(await w.bodyId(slug));
    const late = w.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const forged = await w.sign(before.dataIntegrity!, key, key.id, (c) => {
      c.validFrom = late;
    });
    const r = await w.verifier().verify(pick(forged, f));
    expect(verdicts(r)).toMatchObject({ proof: ['pass', null], key_valid_at_issuance: ['pass', null], issuer_accredited: ['fail', 'OUT_OF_ACCREDITATION_SCOPE'] });
    expect(r.checks.find((c) => c.name === 'issuer_accredited')!.message).toMatch(/withdrawn/);
  });

  it('fails standard_known for a standard the catalogue does not have, and for a level the catalogue does not say', async () => {
    const key = await w.svc.services.registry.currentKey(await w.bodyId('cecati-42'));
    const unknownStd = await w.sign(good.dataIntegrity!, key, key.id, (c) => {
      c.credentialSubject.achievement.humanCode = 'EC9999';
    });
    const r = await w.verifier().verify(pick(unknownStd, f), { now: new Date('2026-06-01T12:00:00Z') });
    expect(verdicts(r)).toMatchObject({ issuer_accredited: ['fail', 'OUT_OF_ACCREDITATION_SCOPE'], standard_known: ['fail', 'OUT_OF_ACCREDITATION_SCOPE'] });
    const wrongLevel = await w.sign(good.dataIntegrity!, key, key.id, (c) => {
      c.credentialSubject.achievement.nqfLevel = 5;
    });
    expect(verdict(await w.verifier().verify(pick(wrongLevel, f)), 'standard_known')).toEqual(['fail', 'MALFORMED_VALUE_ERROR']);
  });
});

describe.each(FORMS)('%s: what is not a competency certificate', (f) => {
  // The clock only moves forward across the two forms: a status list re-signed after a revocation must not be from the future.
  const day = (n: number) => `2026-06-${20 + n + (f === 'jwt' ? 2 : 0)}T12:00:00.000Z`;
  it('reports a non-competency credential by name, never as verified', async () => {
    w.setTime(day(0));
    const attendance = await w.attendance('cecati-42', f);
    const r = await w.verifier().verify(form(attendance, f));
    const notOne = ['fail', 'NOT_A_COMPETENCY_CERTIFICATE'];
    expect(verdicts(r)).toEqual({ ...ALL_PASS, competency_certificate: notOne, issuer_accredited: notOne, standard_known: notOne });
    expect(r.verified).toBe(false);
    expect(isAuthenticNonCompetency(r)).toBe(true);
    expect(r.checks.find((c) => c.name === 'competency_certificate')).toMatchObject({
      message: 'This credential certifies no competency standard: it is not a national competency certificate.',
      messageEs: 'Esta credencial no certifica ningún estándar de competencia: no es un certificado de competencia laboral.',
    });
    expect(r.facts).toMatchObject({ credentialId: attendance.id, standard: null, holderName: 'Ana Pérez López' });
    // A client that asks for the proof alone still gets the proof's verdict.
    expect((await w.verifier().verify(form(attendance, f), { checks: ['proof'] })).verified).toBe(true);
  });

  it('says NOT VALID, not "authentic", for a revoked non-competency credential', async () => {
    w.setTime(day(1));
    const attendance = await w.attendance('cecati-42', f);
    await w.svc.services.status.change(attendance.id, 'revoke', { reason: 'issued_in_error' }, { kind: 'admin' });
    const r = await w.verifier().verify(form(attendance, f));
    expect(verdict(r, 'revocation')).toEqual(['fail', 'REVOKED']);
    expect(isAuthenticNonCompetency(r)).toBe(false);
  });

  it('fails a credential presented as a certificate but not shaped as one (its achievement in a second subject)', async () => {
    const key = await w.svc.services.registry.currentKey(await w.bodyId('cecati-42'));
    const twoSubjects = await w.sign(good.dataIntegrity!, key, key.id, (c) => {
      c.credentialSubject = [{ type: ['AchievementSubject'], identifier: c.credentialSubject.identifier }, c.credentialSubject];
    });
    const r = await w.verifier().verify(pick(twoSubjects, f), { now: new Date(ISSUED_AT) });
    expect(verdicts(r)).toMatchObject({ proof: ['pass', null], competency_certificate: ['fail', 'MALFORMED_VALUE_ERROR'] });
    expect(r.verified).toBe(false);
    expect(isAuthenticNonCompetency(r)).toBe(false);
  });
});

describe.each(FORMS)('%s: revocation and suspension', (f) => {
  it('fails REVOKED once the issuer revokes', async () => {
    w.setTime('2026-08-01T10:00:00.000Z');
    const c = await w.issue('cecati-42');
    expect(verdicts(await w.verifier().verify(form(c, f)))).toEqual(ALL_PASS);
    await w.svc.services.status.change(c.id, 'revoke', { reason: 'fraud' }, { kind: 'admin' });
    const r = await w.verifier().verify(form(c, f));
    expect(verdicts(r)).toEqual({ ...ALL_PASS, revocation: ['fail', 'REVOKED'] });
    expect(r.verified).toBe(false);
  });

  it('fails SUSPENDED while suspended, and passes again once reinstated', async () => {
    const c = await w.issue('cecati-42');
    await w.svc.services.status.change(c.id, 'suspend', { note: 'under investigation' }, { kind: 'admin' });
    expect(verdicts(await w.verifier().verify(form(c, f)))).toEqual({ ...ALL_PASS, suspension: ['fail', 'SUSPENDED'] });
    await w.svc.services.status.change(c.id, 'reinstate', {}, { kind: 'admin' });
    expect(verdicts(await w.verifier().verify(form(c, f)))).toEqual(ALL_PASS);
  });

  it('is unknown (STATUS_RETRIEVAL_ERROR), never a pass, when the status list cannot be fetched', async () => {
    const down = w.verifier({
      statusLists: async () => {
        throw new Error('ECONNREFUSED');
      },
    });
    const r = await down.verify(form(good, f));
    expect(verdicts(r)).toEqual({ ...ALL_PASS, revocation: ['unknown', 'STATUS_RETRIEVAL_ERROR'], suspension: ['unknown', 'STATUS_RETRIEVAL_ERROR'] });
    expect(r.verified).toBe(false);
    const none = w.verifier({ statusLists: undefined });
    expect(verdict(await none.verify(form(good, f)), 'revocation')).toEqual(['unknown', 'STATUS_RETRIEVAL_ERROR']);
  });
});

// Last: it moves the clock three years ahead, and status lists signed then would be "from the future" to earlier tests.
describe('validity window and clock skew', () => {
  let c: IssuedCredential;
  const at = '2026-09-01T08:00:00.000Z';
  beforeAll(async () => {
    w.setTime(at);
    c = await w.issue('cecati-42');
  });

  it.each(FORMS)('%s: accepts a verifier clock 300 s behind validFrom and refuses 301 s (NOT_YET_VALID)', async (f) => {
    w.setTime(Date.parse(at) - 300_000);
    expect(verdicts(await w.verifier().verify(form(c, f)))).toEqual(ALL_PASS);
    w.setTime(Date.parse(at) - 301_000);
    const r = await w.verifier().verify(form(c, f));
    expect(verdict(r, 'validity_window')).toEqual(['fail', 'NOT_YET_VALID']);
    expect(r.verified).toBe(false);
  });

  it.each(FORMS)('%s: accepts 300 s past validUntil and refuses 301 s (EXPIRED)', async (f) => {
    const until = Date.parse(c.validUntil!);
    w.setTime(until + 300_000);
    expect(verdicts(await w.verifier().verify(form(c, f)))).toEqual(ALL_PASS);
    w.setTime(until + 301_000);
    const r = await w.verifier().verify(form(c, f));
    expect(verdict(r, 'validity_window')).toEqual(['fail', 'EXPIRED']);
    expect(r.verified).toBe(false);
  });
});

import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { verifyCredential } from '@digitalbazaar/vc';
import { compactVerify, importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawFromPublicKeyMultibase } from '../../src/vc/index.js';
import { createDidResolver, createDocumentLoader } from '../../src/resolver/index.js';
import { call, startTestService, type TestService } from '../helpers/harness.js';
import { curpFor } from '../helpers/people.js';

let svc: TestService;
let evaluator: string;
let certifier: string;
let dual: string;

beforeAll(async () => {
  svc = await startTestService();
  evaluator = svc.staffKey('cecati-42', 'evaluator');
  certifier = svc.staffKey('cecati-42', 'certifier');
  dual = svc.staffKey('cecati-42', 'evaluator,certifier');
});
afterAll(async () => {
  await svc.close();
});

const evaluation = (over: Record<string, unknown> = {}) => ({
  candidate: { name: 'Ana María González Martínez', curp: curpFor(1), email: 'ana@example.mx' },
  standard: { code: 'EC0217' },
  centre: 'Centro Evaluador Norte',
  evaluatedOn: '2026-05-20',
  result: 'competent',
  ...over,
});

async function record(token: string, over: Record<string, unknown> = {}) {
  const r = await call(svc.url, 'POST', '/evaluations', { token, body: evaluation(over) });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json.id as string;
}

/** Resolves our did:web DIDs by fetching the DID document from the running server, as a verifier would. */
function loaderOverHttp() {
  const web = async (did: string) => {
    const slug = did.split(':').at(-1)!;
    const r = await fetch(`${svc.url}/bodies/${slug}/did.json`);
    return r.ok ? ((await r.json()) as { id: string }) : null;
  };
  return createDocumentLoader({ didResolver: createDidResolver({ web }), avalaContextUrls: svc.services.contexts.urls });
}

async function verifyDi(credential: unknown) {
  return verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader: loaderOverHttp(),
    // Status is checked by the verifier and the revocation tests; here only the proof is in question.
    checkStatus: async () => ({ verified: true }),
  });
}

async function verifyJwt(jwt: string) {
  const header = JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString());
  const slug = header.kid.split('#')[0].split(':').at(-1);
  const doc = (await call(svc.url, 'GET', `/bodies/${slug}/did.json`)).json;
  const vm = doc.verificationMethod.find((v: any) => v.id === header.kid);
  const key = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: Buffer.from(rawFromPublicKeyMultibase(vm.publicKeyMultibase)!).toString('base64url') }, 'EdDSA');
  return compactVerify(jwt, key, { algorithms: ['EdDSA'] });
}

describe('certification', () => {
  it('issues a credential an evaluator recorded and a different certifier certified, verifiable both ways', async () => {
    const id = await record(evaluator);
    const r = await call(svc.url, 'POST', `/evaluations/${id}/certify`, { token: certifier });
    expect(r.status).toBe(201);
    const vc = r.json.verifiableCredential;
    expect(vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(vc.issuer.id).toBe('did:web:avala.test:bodies:cecati-42');
    expect(vc.credentialSubject.achievement.humanCode).toBe('EC0217');
    expect(JSON.stringify(vc)).not.toContain(curpFor(1));
    expect(vc.evidence[0]).toMatchObject({ evaluationCentre: 'Centro Evaluador Norte', evaluatedOn: '2026-05-20' });
    expect(vc.evidence[0].evaluatorId).not.toBe(vc.evidence[0].certifierId);
    expect(vc.credentialStatus.map((s: any) => s.statusPurpose)).toEqual(['revocation', 'suspension']);
    expect(vc.validUntil).toBe('2029-06-01T12:00:00Z'); // 36 months after the (frozen) issue time
    expect(vc.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', verificationMethod: 'did:web:avala.test:bodies:cecati-42#key-1' });

    const di = await verifyDi(vc);
    expect(di.verified, JSON.stringify(di.error ?? di)).toBe(true);
    const { payload, protectedHeader } = await verifyJwt(r.json.jwt);
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc' });
    const { proof: _p, ...content } = vc;
    const claims = JSON.parse(new TextDecoder().decode(payload));
    const { nbf, exp, iat, ...jwtContent } = claims;
    expect(jwtContent).toEqual(content);
    expect(nbf).toBe(Date.parse(vc.validFrom) / 1000);
    // Signed when certified: the signing time is the certification instant, as the proof's created is.
    expect(iat).toBe(Date.parse(vc.proof.created) / 1000);
    expect(iat).toBe(nbf);
    expect(exp).toBe(Date.parse(vc.validUntil) / 1000);
    expect(r.json.envelopedVerifiableCredential.id).toBe(`data:application/vc+jwt,${r.json.jwt}`);
  });

  it('makes both proofs fail when one byte of the content changes', async () => {
    const id = await record(evaluator, { candidate: { name: 'Pedro Páramo', curp: curpFor(2) } });
    const r = await call(svc.url, 'POST', `/evaluations/${id}/certify`, { token: certifier });
    const tampered = structuredClone(r.json.verifiableCredential);
    tampered.credentialSubject.identifier[0].identityHash = 'Pedro Paramo';
    expect((await verifyDi(tampered)).verified).toBe(false);
    const [h, p, s] = r.json.jwt.split('.');
    const body = Buffer.from(p, 'base64url').toString().replace('Pedro Páramo', 'Pedro Pármo');
    await expect(verifyJwt(`${h}.${Buffer.from(body).toString('base64url')}.${s}`)).rejects.toThrow(/signature verification failed/);
  });

  it('refuses a certifier who evaluated the candidate', async () => {
    const id = await record(dual);
    const r = await call(svc.url, 'POST', `/evaluations/${id}/certify`, { token: dual });
    expect({ status: r.status, code: r.json.code }).toEqual({ status: 403, code: 'ERR_SEPARATION_OF_DUTIES' });
    expect((await call(svc.url, 'POST', `/evaluations/${id}/certify`, { token: certifier })).status).toBe(201);
  });

  it('refuses to certify twice, a not-yet-competent result, and another body’s evaluation', async () => {
    const id = await record(evaluator, { candidate: { name: 'Juan Preciado', curp: curpFor(3) } });
    expect((await call(svc.url, 'POST', `/evaluations/${id}/certify`, { token: certifier })).status).toBe(201);
    const again = await call(svc.url, 'POST', `/evaluations/${id}/certify`, { token: certifier });
    expect({ status: again.status, code: again.json.code }).toEqual({ status: 409, code: 'ERR_ALREADY_CERTIFIED' });
    const nyc = await record(evaluator, { result: 'not-yet-competent', candidate: { name: 'Susana San Juan', curp: curpFor(4) } });
    const r = await call(svc.url, 'POST', `/evaluations/${nyc}/certify`, { token: certifier });
    expect({ status: r.status, code: r.json.code }).toEqual({ status: 422, code: 'ERR_EVALUATION_NOT_COMPETENT' });
    const other = svc.staffKey('universidad-del-valle', 'certifier');
    const foreign = await call(svc.url, 'POST', `/evaluations/${id}/certify`, { token: other });
    expect({ status: foreign.status, code: foreign.json.code }).toEqual({ status: 404, code: 'ERR_NOT_FOUND' });
    expect((await call(svc.url, 'GET', `/evaluations/${id}`, { token: other })).status).toBe(404);
  });
});

describe('recording evaluations', () => {
  const refusal = async (token: string, over: Record<string, unknown>) => {
    const r = await call(svc.url, 'POST', '/evaluations', { token, body: evaluation(over) });
    return { status: r.status, code: r.json?.code };
  };

  it('refuses an invalid CURP, naming what is wrong', async () => {
    const curp = curpFor(5);
    const wrongDigit = curp.slice(0, 17) + String((Number(curp[17]) + 1) % 10);
    const r = await call(svc.url, 'POST', '/evaluations', { token: evaluator, body: evaluation({ candidate: { name: 'X', curp: wrongDigit } }) });
    expect({ status: r.status, code: r.json.code }).toEqual({ status: 422, code: 'ERR_INVALID_CURP' });
    expect(r.json.detail).toMatch(/check digit|dígito/i);
    expect(await refusal(evaluator, { candidate: { name: 'X', curp: 'NOTACURP' } })).toEqual({ status: 422, code: 'ERR_INVALID_CURP' });
  });

  it('refuses a standard the body is not accredited for, and an unpublished one', async () => {
    // cecati-42 is not accredited for EC0038 (restaurants)
    expect(await refusal(evaluator, { standard: { code: 'EC0038' } })).toEqual({ status: 403, code: 'ERR_NOT_ACCREDITED' });
    expect(await refusal(evaluator, { standard: { code: 'EC1500' } })).toEqual({ status: 422, code: 'ERR_STANDARD_NOT_PUBLISHED' });
    expect(await refusal(evaluator, { standard: { code: 'EC9999' } })).toEqual({ status: 404, code: 'ERR_NOT_FOUND' });
  });

  it('refuses an evaluation dated outside the accreditation period or in the future', async () => {
    expect(await refusal(evaluator, { evaluatedOn: '2020-01-10' })).toEqual({ status: 403, code: 'ERR_NOT_ACCREDITED' });
    expect(await refusal(evaluator, { evaluatedOn: '2026-07-01' })).toEqual({ status: 422, code: 'ERR_VALIDATION' });
  });

  it('lets only evaluators record, and refuses malformed bodies', async () => {
    expect(await refusal(certifier, {})).toEqual({ status: 403, code: 'ERR_FORBIDDEN' });
    expect(await refusal('', {})).toEqual({ status: 401, code: 'ERR_UNAUTHENTICATED' });
    expect(await refusal(evaluator, { result: 'maybe' })).toEqual({ status: 422, code: 'ERR_VALIDATION' });
    expect(await refusal(evaluator, { evaluatorId: 'someone-else' })).toEqual({ status: 422, code: 'ERR_VALIDATION' });
  });

  it('records the evaluator from the API key, never from the request', async () => {
    const id = await record(evaluator, { candidate: { name: 'Abundio Martínez', curp: curpFor(6) } });
    const e = await call(svc.url, 'GET', `/evaluations/${id}`, { token: certifier });
    const me = await call(svc.url, 'GET', '/me', { token: evaluator });
    expect(e.json.evaluatorId).toBe(me.json.staff.id);
  });
});

describe('VC-API issue', () => {
  it('certifies an evaluation named in options, as Data Integrity or enveloped VC-JOSE', async () => {
    const id = await record(evaluator, { candidate: { name: 'Dolores Preciado', curp: curpFor(7) } });
    const r = await call(svc.url, 'POST', '/credentials/issue', { token: certifier, body: { options: { evaluationId: id, securingMechanism: 'vc+jwt' } } });
    expect(r.status).toBe(201);
    expect(r.json.verifiableCredential.type).toBe('EnvelopedVerifiableCredential');
    const jwt = r.json.verifiableCredential.id.replace('data:application/vc+jwt,', '');
    await expect(verifyJwt(jwt)).resolves.toBeTruthy();
  });

  it('signs another VC 2.0 credential given in full, with status entries when asked', async () => {
    const credential = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
      credentialSubject: { id: 'did:example:worker' },
    };
    const r = await call(svc.url, 'POST', '/credentials/issue', { token: certifier, body: { credential, options: { credentialStatus: true } } });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect(r.json.verifiableCredential.issuer).toBe('did:web:avala.test:bodies:cecati-42');
    expect(r.json.verifiableCredential.credentialStatus).toHaveLength(2);
    expect((await verifyDi(r.json.verifiableCredential)).verified).toBe(true);
  });

  it('answers 400 naming the problem for a credential that breaks the data model', async () => {
    const bad = [
      { type: ['VerifiableCredential'], credentialSubject: {} },
      { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['Thing'], credentialSubject: {} },
      { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], credentialSubject: {}, validFrom: 'yesterday' },
      { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], credentialSubject: {}, issuer: 'did:web:someone-else' },
    ];
    for (const credential of bad) {
      const r = await call(svc.url, 'POST', '/credentials/issue', { token: certifier, body: { credential } });
      expect({ status: r.status, code: r.json.code }, JSON.stringify(credential)).toEqual({ status: 400, code: 'ERR_INVALID_CREDENTIAL' });
      expect(r.json.detail.length).toBeGreaterThan(10);
    }
    const none = await call(svc.url, 'POST', '/credentials/issue', { token: certifier, body: {} });
    expect(none.status).toBe(400);
  });

  it('refuses a validUntil on a day that does not exist (30 February), as the verifier does', async () => {
    const credential = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], credentialSubject: { id: 'did:example:worker' }, validUntil: '2026-02-30T00:00:00Z' };
    const r = await call(svc.url, 'POST', '/credentials/issue', { token: certifier, body: { credential } });
    expect({ status: r.status, code: r.json.code, detail: r.json.detail }).toEqual({ status: 400, code: 'ERR_INVALID_CREDENTIAL', detail: 'Invalid credential: validUntil must be a real date and time' });
  });
});

describe('a competency certificate exists only through an evaluation', () => {
  /** What issuing can consume or leave behind: stored credentials, reserved status indexes, the lists' counters. */
  const footprint = () => ({
    credentials: svc.services.db.prepare('SELECT count(*) FROM credentials').pluck().get(),
    statusEntries: svc.services.db.prepare('SELECT count(*) FROM status_entries').pluck().get(),
    listsUsed: svc.services.db.prepare('SELECT coalesce(sum(used), 0) FROM status_lists').pluck().get(),
  });

  let nextPerson = 40;
  /** A certificate's content as a certifier could send it in full: a genuine one, minus what the service adds. */
  async function fullCompetencyCredential(edit: (c: any) => void = () => {}) {
    const id = await record(evaluator, { candidate: { name: 'Fulgor Sedano', curp: curpFor(nextPerson++) } });
    const issued = await call(svc.url, 'POST', `/evaluations/${id}/certify`, { token: certifier });
    expect(issued.status).toBe(201);
    const { proof: _p, id: _id, credentialStatus: _s, ...content } = structuredClone(issued.json.verifiableCredential);
    content.evidence[0].evaluatorId = 'nobody';
    content.evidence[0].certifierId = 'nobody';
    edit(content);
    return content;
  }

  async function expectRefusedLeavingNothing(credential: unknown) {
    const before = footprint();
    for (const securingMechanism of ['DataIntegrityProof', 'vc+jwt']) {
      const r = await call(svc.url, 'POST', '/credentials/issue', { token: certifier, body: { credential, options: { credentialStatus: true, securingMechanism } } });
      expect({ status: r.status, code: r.json?.code }, JSON.stringify(credential).slice(0, 200)).toEqual({ status: 422, code: 'ERR_EVALUATION_REQUIRED' });
      expect(r.json.detail).toMatch(/options\.evaluationId/);
    }
    expect(footprint()).toEqual(before);
  }

  it('refuses a full competency credential sent without an evaluation, storing nothing and consuming no status index', async () => {
    await expectRefusedLeavingNothing(await fullCompetencyCredential());
  });

  it("refuses a full credential for a standard outside the body's accreditation the same way", async () => {
    // cecati-42 is not accredited for EC0038 (restaurants)
    await expectRefusedLeavingNothing(
      await fullCompetencyCredential((c) => {
        Object.assign(c.credentialSubject.achievement, { humanCode: 'EC0038', name: 'Prestación de servicios de alimentos y bebidas' });
      }),
    );
  });

  it('refuses anything that claims an achievement: the type alone, an achievement alone, one in a second subject, a caller-chosen validFrom', async () => {
    const v2 = ['https://www.w3.org/ns/credentials/v2'];
    const ob = [...v2, 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'];
    await expectRefusedLeavingNothing({ '@context': ob, type: ['VerifiableCredential', 'OpenBadgeCredential'], credentialSubject: { id: 'did:example:worker' } });
    await expectRefusedLeavingNothing({ '@context': ob, type: ['VerifiableCredential', 'AchievementCredential'], credentialSubject: { id: 'did:example:worker' } });
    await expectRefusedLeavingNothing({ '@context': v2, type: ['VerifiableCredential'], credentialSubject: { id: 'did:example:worker', achievement: { humanCode: 'EC0217' } } });
    await expectRefusedLeavingNothing({ '@context': v2, type: ['VerifiableCredential'], credentialSubject: [{ id: 'did:example:a' }, { id: 'did:example:b', achievement: { humanCode: 'EC0217' } }] });
    // The defect seen: validFrom chosen just before the accreditation was withdrawn, signed after.
    await expectRefusedLeavingNothing(await fullCompetencyCredential((c) => (c.validFrom = '2026-01-01T00:00:00Z')));
  });

  // The defect the W3C suites found: vc+jwt signed a credential with any @context (Data Integrity refused it), and
  // our own verifier then refused the JWT just issued.
  it('refuses an unknown @context or an undefined term in both securing forms, reserving no status index', async () => {
    const before = footprint();
    for (const credential of [
      { '@context': ['https://www.w3.org/ns/credentials/v2', 'https://unknown.example/context.jsonld'], type: ['VerifiableCredential'], credentialSubject: { id: 'did:example:w' } },
      { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], credentialSubject: { id: 'did:example:w', undefinedTerm: 1 } },
    ]) {
      for (const securingMechanism of ['DataIntegrityProof', 'vc+jwt']) {
        const r = await call(svc.url, 'POST', '/credentials/issue', { token: certifier, body: { credential, options: { credentialStatus: true, securingMechanism } } });
        expect({ status: r.status, code: r.json?.code }, `${securingMechanism} ${JSON.stringify(credential)}`).toEqual(
          credential['@context'].length > 1 ? { status: 422, code: 'ERR_CONTEXT_NOT_ALLOWED' } : { status: 400, code: 'ERR_INVALID_CREDENTIAL' },
        );
      }
    }
    expect(footprint()).toEqual(before);
  });

  it('sets validFrom from the service clock, never from the caller', async () => {
    const now = svc.clock().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const credential = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
      credentialSubject: { id: 'did:example:asistente' },
      validFrom: '2020-01-01T00:00:00Z',
      validUntil: '2030-01-01T00:00:00Z',
    };
    const di = await call(svc.url, 'POST', '/credentials/issue', { token: certifier, body: { credential } });
    expect(di.status, JSON.stringify(di.json)).toBe(201);
    expect({ validFrom: di.json.verifiableCredential.validFrom, validUntil: di.json.verifiableCredential.validUntil, created: di.json.verifiableCredential.proof.created }).toEqual({
      validFrom: now,
      validUntil: '2030-01-01T00:00:00Z',
      created: expect.stringMatching(/^2026-06-01T12:00:00/),
    });
    const stored = await call(svc.url, 'GET', `/credentials/${encodeURIComponent(di.json.verifiableCredential.id)}`, { token: certifier });
    expect({ kind: stored.json.kind, validFrom: stored.json.validFrom }).toEqual({ kind: 'other', validFrom: now });

    const jwt = await call(svc.url, 'POST', '/credentials/issue', { token: certifier, body: { credential: { ...credential, validUntil: undefined }, options: { securingMechanism: 'vc+jwt' } } });
    expect(jwt.status, JSON.stringify(jwt.json)).toBe(201);
    const claims = JSON.parse(Buffer.from(jwt.json.verifiableCredential.id.replace('data:application/vc+jwt,', '').split('.')[1], 'base64url').toString());
    expect({ validFrom: claims.validFrom, nbf: claims.nbf }).toEqual({ validFrom: now, nbf: Date.parse(now) / 1000 });

    // A validUntil that is not after the time of signing is refused, consuming nothing.
    const before = footprint();
    const past = await call(svc.url, 'POST', '/credentials/issue', { token: certifier, body: { credential: { ...credential, validUntil: '2026-01-01T00:00:00Z' }, options: { credentialStatus: true } } });
    expect({ status: past.status, code: past.json.code }).toEqual({ status: 400, code: 'ERR_INVALID_CREDENTIAL' });
    expect(past.json.detail).toMatch(/validUntil must be after validFrom/);
    expect(footprint()).toEqual(before);
  });

  it('keeps certifying an evaluation through options.evaluationId exactly as before', async () => {
    const id = await record(evaluator, { candidate: { name: 'Damiana Cisneros', curp: curpFor(19) } });
    const before = footprint();
    const r = await call(svc.url, 'POST', '/credentials/issue', { token: certifier, body: { options: { evaluationId: id } } });
    expect(r.status).toBe(201);
    expect(r.json.verifiableCredential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(r.json.verifiableCredential.credentialSubject.achievement.humanCode).toBe('EC0217');
    expect(footprint()).toEqual({ credentials: Number(before.credentials) + 1, statusEntries: Number(before.statusEntries) + 2, listsUsed: Number(before.listsUsed) + 2 });
  });
});

describe('getting it to the worker', () => {
  it('gives the worker both forms behind an unguessable claim link', async () => {
    const id = await record(evaluator, { candidate: { name: 'Miguel Páramo', curp: curpFor(8) } });
    const r = await call(svc.url, 'POST', `/evaluations/${id}/certify`, { token: certifier });
    const token = new URL(r.json.claimUrl).pathname.split('/').at(-1)!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const claim = await call(`${svc.url}`, 'GET', `/claim/${token}`);
    expect(claim.status).toBe(200);
    expect(claim.headers.get('cache-control')).toBe('private, no-store');
    expect(claim.json.verifiableCredential.id).toBe(r.json.id);
    expect(claim.json.jwt).toBe(r.json.jwt);
    const file = await fetch(`${svc.url}/claim/${token}/credential.json`);
    expect(file.headers.get('content-disposition')).toMatch(/attachment; filename="certificado-/);
    expect((await file.json()).proof).toBeDefined();
    const jwt = await fetch(`${svc.url}/claim/${token}/credential.jwt`);
    expect(await jwt.text()).toBe(r.json.jwt);
    // flip the first character: the last one of 32 bytes in base64url carries only 4 bits, so it may already be 'A'
    const wrong = `${token[0] === 'A' ? 'B' : 'A'}${token.slice(1)}`;
    expect((await call(svc.url, 'GET', `/claim/${wrong}`)).status).toBe(404);
    const stored = svc.services.db.prepare('SELECT claim_token_hash FROM credentials WHERE id = ?').pluck().get(r.json.id) as string;
    expect(stored).not.toContain(token);
    // a new link replaces the old one
    const fresh = await call(svc.url, 'POST', `/credentials/${encodeURIComponent(r.json.id)}/claim-link`, { token: certifier });
    expect((await call(svc.url, 'GET', `/claim/${token}`)).status).toBe(404);
    expect((await call(svc.url, 'GET', new URL(fresh.json.claimUrl).pathname)).status).toBe(200);
  });
});

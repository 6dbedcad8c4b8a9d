import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import { addMonthsUtc, buildCompetencyCredential, validityWindow } from '../../../src/issuance/credential/index.js';
import { assertTermsDefined } from '../../../src/signing/index.js';
import { credentialStatusEntries } from '../../../src/vc/index.js';
import { createDocumentLoader } from '../../../src/resolver/index.js';
import { BODY_DID, CURP, PUBLIC_URL, SALT, exampleCredential, exampleInput } from './example.js';
import { hashCurp } from '../../../src/issuance/curp.js';

const loader = createDocumentLoader();

describe('buildCompetencyCredential', () => {
  it('builds a VC 2.0 OpenBadgeCredential with the standard, the hashed CURP, evidence and status', () => {
    expect(exampleCredential()).toEqual({
      '@context': [
        'https://www.w3.org/ns/credentials/v2',
        'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
        'https://avala.example/contexts/avala/v1',
      ],
      id: 'urn:uuid:0b4f3c1e-8d2a-4c6b-9f10-2a7e5d9c4b31',
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: BODY_DID, type: ['Profile'], name: 'CONALEP Jalisco' },
      validFrom: '2026-06-01T12:00:00Z',
      validUntil: '2029-06-01T12:00:00Z',
      name: 'EC0217 Impartición de cursos de formación del capital humano de manera presencial grupal',
      credentialSubject: {
        type: ['AchievementSubject'],
        identifier: [
          { type: 'IdentityObject', identityHash: 'Carla Sánchez Bárcenas', identityType: 'name', hashed: false },
          { type: 'IdentityObject', identityHash: hashCurp(CURP, SALT), identityType: 'nationalIdentityNumber', hashed: true, salt: SALT },
        ],
        achievement: {
          id: `${PUBLIC_URL}/standards/EC0217/v/1`,
          type: ['Achievement'],
          achievementType: 'Certification',
          humanCode: 'EC0217',
          version: '1',
          name: 'Impartición de cursos de formación del capital humano de manera presencial grupal',
          description: 'Para quienes imparten cursos presenciales a grupos: preparar la sesión, conducirla y evaluar el aprendizaje.',
          criteria: { id: 'https://avala.test/standards/EC0217/v/1#criteria' },
          creator: { id: `${PUBLIC_URL}/committees/ctee-formacion`, type: ['Profile'], name: 'Comité de Gestión por Competencias de Formación de Capital Humano' },
          nqfLevel: 3,
          sector: 'Educación y formación de personas',
        },
      },
      evidence: [
        {
          type: ['Evidence'],
          name: 'Evaluación de competencia EC0217 v1',
          evaluationCentre: 'Centro de Evaluación Guadalajara Norte',
          evaluatedOn: '2026-05-20',
          evaluatorId: 'stf_eval_01',
          certifierId: 'stf_cert_07',
        },
      ],
      credentialStatus: [
        {
          id: `${PUBLIC_URL}/status/bodies/conalep-jalisco/lists/3/revocation#94567`,
          type: 'BitstringStatusListEntry',
          statusPurpose: 'revocation',
          statusListIndex: '94567',
          statusListCredential: `${PUBLIC_URL}/status/bodies/conalep-jalisco/lists/3/revocation`,
        },
        {
          id: `${PUBLIC_URL}/status/bodies/conalep-jalisco/lists/3/suspension#30211`,
          type: 'BitstringStatusListEntry',
          statusPurpose: 'suspension',
          statusListIndex: '30211',
          statusListCredential: `${PUBLIC_URL}/status/bodies/conalep-jalisco/lists/3/suspension`,
        },
      ],
    });
  });

  it('never puts the CURP itself in the credential', () => {
    expect(JSON.stringify(exampleCredential())).not.toContain(CURP);
  });

  it('leaves validUntil out when the standard never expires', () => {
    const input = exampleInput();
    const c = buildCompetencyCredential({ ...input, standard: { ...input.standard, validityMonths: null } });
    expect(c.validFrom).toBe('2026-06-01T12:00:00Z');
    expect('validUntil' in c).toBe(false);
  });

  it('names the holder DID and the renewed credential when given', () => {
    const input = exampleInput({ renews: 'urn:uuid:11111111-2222-4333-8444-555555555555' });
    const c = buildCompetencyCredential({ ...input, holder: { ...input.holder, did: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK' } });
    expect(c.renews).toBe('urn:uuid:11111111-2222-4333-8444-555555555555');
    expect(c.credentialSubject.id).toBe('did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK');
  });

  it('treats a malformed input as our own bug', () => {
    expect(() => exampleCredential({ id: '0b4f3c1e' })).toThrow(TypeError);
    expect(() => exampleCredential({ credentialStatus: [] })).toThrow(TypeError);
    const input = exampleInput();
    expect(() => buildCompetencyCredential({ ...input, holder: { ...input.holder, curpHash: CURP } })).toThrow(TypeError);
  });

  it('returns a new object each time, sharing nothing mutable', () => {
    const a = exampleCredential();
    const b = exampleCredential();
    (a['@context'] as string[]).push('https://evil.example/ctx');
    expect(b['@context']).toHaveLength(3);
  });
});

describe('the credential as JSON-LD', () => {
  it('expands in safe mode: every term is defined, nothing is dropped', async () => {
    const c = exampleCredential({ renews: 'urn:uuid:11111111-2222-4333-8444-555555555555' });
    await expect(assertTermsDefined(c, loader)).resolves.toBeUndefined();
    const [expanded] = await jsonld.expand(c, { documentLoader: loader, safe: true });
    const text = JSON.stringify(expanded);
    for (const term of ['nqfLevel', 'sector', 'evaluationCentre', 'evaluatedOn', 'evaluatorId', 'certifierId', 'renews']) {
      expect(text).toContain(`https://avala.example/contexts/avala/v1#${term}`);
    }
    for (const term of ['identityHash', 'identityType', 'hashed', 'salt', 'achievementType', 'humanCode', 'creator']) {
      expect(text).toContain(`https://purl.imsglobal.org/spec/vc/ob/vocab.html#${term}`);
    }
  });

  it('refuses a credential with a term no context defines', async () => {
    const c = { ...exampleCredential(), favouriteColour: 'green' };
    await expect(assertTermsDefined(c, loader)).rejects.toMatchObject({ code: 'ERR_INVALID_CREDENTIAL', message: expect.stringContaining('favouriteColour') });
  });

  it('refuses a credential whose context is not a local file, with the loader\'s own error', async () => {
    const c = { ...exampleCredential(), '@context': ['https://www.w3.org/ns/credentials/v2', 'https://evil.example/ctx'] };
    const err = await assertTermsDefined(c, loader).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe('ERR_CONTEXT_NOT_ALLOWED');
  });
});

describe('validity dates', () => {
  it('adds calendar months, clamping to the last day of a shorter month', () => {
    expect(addMonthsUtc(new Date('2026-01-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(addMonthsUtc(new Date('2027-12-31T10:00:00Z'), 2).toISOString()).toBe('2028-02-29T10:00:00.000Z');
    expect(addMonthsUtc(new Date('2026-06-15T00:00:00Z'), 24).toISOString()).toBe('2028-06-15T00:00:00.000Z');
  });

  it('gives whole-second UTC stamps, and no validUntil for a standard without a validity period', () => {
    expect(validityWindow(new Date('2026-06-01T12:00:00.999Z'), 12)).toEqual({ validFrom: '2026-06-01T12:00:00Z', validUntil: '2027-06-01T12:00:00Z' });
    expect(validityWindow(new Date('2026-06-01T12:00:00Z'), null)).toEqual({ validFrom: '2026-06-01T12:00:00Z' });
  });
});

describe('credentialStatusEntries', () => {
  it('refuses a negative index as a bug', () => {
    const slot = { purpose: 'revocation' as const, index: -1, listUrl: 'https://avala.test/l' };
    expect(() => credentialStatusEntries({ revocation: slot, suspension: { ...slot, purpose: 'suspension' } })).toThrow(TypeError);
  });
});

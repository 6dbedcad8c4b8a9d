import { hashCurp } from '../../../src/issuance/curp.js';
import { buildCompetencyCredential, standardUrl, type CompetencyCredentialInput } from '../../../src/issuance/credential/index.js';
import { credentialStatusEntries } from '../../../src/vc/index.js';

export const PUBLIC_URL = 'https://avala.test';
export const BODY_DID = 'did:web:avala.test:bodies:conalep-jalisco';
// A real-format CURP from RENAPO's own instructions (see test/vectors/curp.json); the salt is fixed so the
// expected credential is fixed too.
export const CURP = 'SABC560626MDFLRN01';
export const SALT = 'q0Zk3mYl1Qm1mFQ4a1b2cA';

/** A typical competency certificate: EC0217, valid 36 months, with a revocation and a suspension entry. */
export function exampleInput(overrides: Partial<CompetencyCredentialInput> = {}): CompetencyCredentialInput {
  const listUrl = `${PUBLIC_URL}/status/bodies/conalep-jalisco/lists/3`;
  return {
    id: 'urn:uuid:0b4f3c1e-8d2a-4c6b-9f10-2a7e5d9c4b31',
    issuer: { id: BODY_DID, name: 'CONALEP Jalisco' },
    issuedAt: new Date('2026-06-01T12:00:00.123Z'),
    holder: { name: 'Carla Sánchez Bárcenas', curpHash: hashCurp(CURP, SALT), salt: SALT },
    standard: {
      code: 'EC0217',
      version: 1,
      title: 'Impartición de cursos de formación del capital humano de manera presencial grupal',
      description: 'Para quienes imparten cursos presenciales a grupos: preparar la sesión, conducirla y evaluar el aprendizaje.',
      level: 3,
      sector: 'Educación y formación de personas',
      validityMonths: 36,
      url: standardUrl(PUBLIC_URL, 'EC0217', 1),
      committee: { id: `${PUBLIC_URL}/committees/ctee-formacion`, name: 'Comité de Gestión por Competencias de Formación de Capital Humano' },
    },
    evidence: { centre: 'Centro de Evaluación Guadalajara Norte', evaluatedOn: '2026-05-20', evaluatorId: 'stf_eval_01', certifierId: 'stf_cert_07' },
    credentialStatus: credentialStatusEntries({
      revocation: { purpose: 'revocation', index: 94567, listUrl: `${listUrl}/revocation` },
      suspension: { purpose: 'suspension', index: 30211, listUrl: `${listUrl}/suspension` },
    }),
    ...overrides,
  };
}

export function exampleCredential(overrides: Partial<CompetencyCredentialInput> = {}) {
  return buildCompetencyCredential(exampleInput(overrides));
}

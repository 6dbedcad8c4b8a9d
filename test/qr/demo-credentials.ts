import { curpCheckDigit } from '../../src/issuance/curp.js';
import type { StaffActor } from '../../src/issuance/index.js';
import type { TestService } from '../helpers/harness.js';

/** One certificate per demo standard, each from a body accredited for it, with names of realistic lengths. */
export const DEMO_CASES = [
  // The reference certificate: the longest demo title, a long body name and a long (but common) full name.
  { body: 'universidad-del-valle', code: 'EC0217', holder: 'María Guadalupe Hernández Castañeda', curp17: 'HECG850412MJCRSD0', centre: 'Centro de Evaluación Universidad del Valle, Campus Norte' },
  { body: 'universidad-del-valle', code: 'EC0301', holder: 'José Luis Martínez Ortega', curp17: 'MAOL790101HDFRRS0', centre: 'Campus Sur' },
  { body: 'universidad-del-valle', code: 'EC0076', holder: 'Ana Sofía Ruiz Peña', curp17: 'RUPA920315MNLZXN0', centre: 'Centro de Evaluación Universidad del Valle, Campus Norte' },
  { body: 'universidad-del-valle', code: 'EC1180', holder: 'Luis Ángel Torres Vega', curp17: 'TOVL000229HJCRGSA', centre: 'Laboratorio de Cómputo 3' },
  { body: 'universidad-del-valle', code: 'EC1301', holder: 'Fernanda Castillo Ibarra', curp17: 'CAIF881130MPLSBR0', centre: 'Sede virtual' },
  { body: 'cecati-42', code: 'EC0551', holder: 'Roberto Carlos Domínguez Salazar', curp17: 'DOSR750607HVZMLB0', centre: 'CECATI 42, Taller de Redes' },
  { body: 'cecati-42', code: 'EC0105', holder: 'Guadalupe Ramírez López', curp17: 'RALG670822MOCMPD0', centre: 'CECATI 42' },
  { body: 'camara-turismo-qroo', code: 'EC0038', holder: 'Juan Pérez Cruz', curp17: 'PECJ950909HQRRRN0', centre: 'Hotel Escuela Cancún' },
  { body: 'camara-turismo-qroo', code: 'EC0128', holder: 'Rosa María Chan Pool', curp17: 'CAPR830214MYNHLS0', centre: 'Hotel Escuela Cancún' },
  { body: 'camara-turismo-qroo', code: 'EC0043', holder: 'Itzel Canul May', curp17: 'CAMI990101MQRNYT0', centre: 'Reserva de la Biosfera Sian Ka’an, Centro de Visitantes' },
] as const;

export type DemoCase = (typeof DEMO_CASES)[number];

export interface IssuedDemo {
  case: DemoCase;
  id: string;
  jwt: string;
  /** The format-2 COSE_Sign1 (base64url) its QR code carries. */
  cwt: string | null;
  claimUrl: string;
  bodyDid: string;
}

/** Issues a case through the real services: an evaluator records it, a different certifier certifies it. */
export async function issueDemoCredential(svc: TestService, c: DemoCase = DEMO_CASES[0]): Promise<IssuedDemo> {
  const body = (await svc.services.registry.listBodies()).find((b) => b.slug === c.body);
  if (!body) throw new TypeError(`no demo body ${c.body}`);
  const actor = (roles: string): StaffActor => {
    const k = svc.demo.find((d) => d.body === c.body && d.roles.join(',') === roles);
    if (!k) throw new TypeError(`no demo staff ${c.body}/${roles}`);
    return { staffId: k.staffId, bodyId: body.id, roles: k.roles };
  };
  const evaluation = await svc.services.issuance.recordEvaluation(actor('evaluator'), {
    candidate: { name: c.holder, curp: c.curp17 + curpCheckDigit(c.curp17), email: null },
    standard: { code: c.code },
    centre: c.centre,
    evaluatedOn: '2026-05-20',
    result: 'competent',
  });
  const { credential, claimUrl } = await svc.services.issuance.certify(actor('certifier'), evaluation.id);
  if (!credential.jwt) throw new TypeError('the demo credential has no VC-JWT form');
  return { case: c, id: credential.id, jwt: credential.jwt, cwt: credential.cwt, claimUrl, bodyDid: body.did };
}

import type { Check, CheckName, ReasonCode } from './model.js';

/** A refusal as the inner steps return it; the orchestrator turns it into a named check. */
export interface Failure {
  code: ReasonCode;
  message: string;
  messageEs: string;
}

export function failure(code: ReasonCode, message: string, messageEs: string): Failure {
  return { code, message, messageEs };
}

/** For results built by this library only: a value copied from user input could carry these keys. */
export function isFailure<T>(x: T | Failure): x is Failure {
  return typeof x === 'object' && x !== null && 'code' in x && 'messageEs' in x;
}

export function pass(name: CheckName, message: string, messageEs: string): Check {
  return { name, status: 'pass', code: null, message, messageEs };
}

export function fail(name: CheckName, f: Failure): Check {
  return { name, status: 'fail', code: f.code, message: f.message, messageEs: f.messageEs };
}

export function unknown(name: CheckName, f: Failure | null, message?: string, messageEs?: string): Check {
  return { name, status: 'unknown', code: f?.code ?? null, message: f?.message ?? message ?? '', messageEs: f?.messageEs ?? messageEs ?? '' };
}

const VC = 'https://www.w3.org/TR/vc-data-model-2.0/#';
const DI = 'https://w3id.org/security#';
const BSL = 'https://www.w3.org/ns/credentials/status-list#';
const AVALA = 'https://avala.example/problems/verification#';

/** A title per code in both languages, and the problem type URL (the specification's where it names the code). */
export const REASONS: Readonly<Record<ReasonCode, { type: string; title: string; titleEs: string }>> = {
  PARSING_ERROR: { type: `${VC}PARSING_ERROR`, title: 'Not readable', titleEs: 'No se puede leer' },
  MALFORMED_VALUE_ERROR: { type: `${VC}MALFORMED_VALUE_ERROR`, title: 'Malformed value', titleEs: 'Valor mal formado' },
  RANGE_ERROR: { type: `${VC}RANGE_ERROR`, title: 'Value out of range', titleEs: 'Valor fuera de rango' },
  CRYPTOGRAPHIC_SECURITY_ERROR: { type: `${VC}CRYPTOGRAPHIC_SECURITY_ERROR`, title: 'Signature not valid', titleEs: 'Firma no válida' },
  PROOF_VERIFICATION_ERROR: { type: `${DI}PROOF_VERIFICATION_ERROR`, title: 'Proof not valid', titleEs: 'Prueba no válida' },
  DATA_LOSS_DETECTION_ERROR: { type: `${DI}DATA_LOSS_DETECTION_ERROR`, title: 'Content not covered by the proof', titleEs: 'Contenido no cubierto por la prueba' },
  STATUS_RETRIEVAL_ERROR: { type: `${BSL}STATUS_RETRIEVAL_ERROR`, title: 'Status could not be retrieved', titleEs: 'No se pudo consultar el estado' },
  STATUS_VERIFICATION_ERROR: { type: `${BSL}STATUS_VERIFICATION_ERROR`, title: 'Status list not valid', titleEs: 'Lista de estado no válida' },
  STATUS_LIST_LENGTH_ERROR: { type: `${BSL}STATUS_LIST_LENGTH_ERROR`, title: 'Status list too short or too long', titleEs: 'Lista de estado de tamaño no válido' },
  UNTRUSTED_ISSUER: { type: `${AVALA}UNTRUSTED_ISSUER`, title: 'Issuer not in the trust registry', titleEs: 'Emisor fuera del registro de confianza' },
  ISSUER_MISMATCH: { type: `${AVALA}ISSUER_MISMATCH`, title: 'Signer is not the issuer', titleEs: 'El firmante no es el emisor' },
  OUT_OF_ACCREDITATION_SCOPE: { type: `${AVALA}OUT_OF_ACCREDITATION_SCOPE`, title: 'Outside the accreditation', titleEs: 'Fuera de la acreditación' },
  KEY_NOT_VALID_AT_ISSUANCE: { type: `${AVALA}KEY_NOT_VALID_AT_ISSUANCE`, title: 'Key not valid when signing', titleEs: 'Clave no vigente al firmar' },
  EXPIRED: { type: `${AVALA}EXPIRED`, title: 'Expired', titleEs: 'Vencido' },
  NOT_YET_VALID: { type: `${AVALA}NOT_YET_VALID`, title: 'Not yet valid', titleEs: 'Aún no vigente' },
  REVOKED: { type: `${AVALA}REVOKED`, title: 'Revoked', titleEs: 'Revocado' },
  SUSPENDED: { type: `${AVALA}SUSPENDED`, title: 'Suspended', titleEs: 'Suspendido' },
  SUPERSEDED: { type: `${AVALA}SUPERSEDED`, title: 'Replaced by a renewal', titleEs: 'Sustituido por una renovación' },
  STATUS_STALE: { type: `${AVALA}STATUS_STALE`, title: 'Out-of-date trust data', titleEs: 'Datos de confianza vencidos' },
  CONTEXT_NOT_ALLOWED: { type: `${AVALA}CONTEXT_NOT_ALLOWED`, title: 'Unknown JSON-LD context', titleEs: 'Contexto JSON-LD desconocido' },
  UNSUPPORTED_ALGORITHM: { type: `${AVALA}UNSUPPORTED_ALGORITHM`, title: 'Unsupported algorithm', titleEs: 'Algoritmo no admitido' },
  RESOURCE_LIMIT: { type: `${AVALA}RESOURCE_LIMIT`, title: 'Too large or too complex', titleEs: 'Demasiado grande o complejo' },
  NOT_A_COMPETENCY_CERTIFICATE: { type: `${AVALA}NOT_A_COMPETENCY_CERTIFICATE`, title: 'Not a competency certificate', titleEs: 'No es un certificado de competencia' },
};

/** VC-API `ProblemDetails` for each failed or undecided check. */
export function problemDetails(checks: readonly Check[]): Array<{ type: string; title: string; detail: string; check: CheckName; code: ReasonCode }> {
  return checks
    .filter((c): c is Check & { code: ReasonCode } => c.status !== 'pass' && c.code !== null)
    .map((c) => ({ type: REASONS[c.code].type, title: REASONS[c.code].title, detail: c.message, check: c.name, code: c.code }));
}

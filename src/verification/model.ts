/**
 * The verifier's vocabulary: check names, reason codes, and the report. Browser-safe (no imports at all), since the
 * public verifier page bundles this library.
 */

/** Every check, in the order it runs and is reported. */
export const CHECK_NAMES = [
  'format',
  'proof',
  'key_valid_at_issuance',
  'competency_certificate',
  'issuer_accredited',
  'standard_known',
  'validity_window',
  'revocation',
  'suspension',
  'superseded',
  'trust_registry_fresh',
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export type CheckStatus = 'pass' | 'fail' | 'unknown';

/**
 * Reason codes: the specifications' names where they give one (VC Data Model 2.0, Data Integrity, Bitstring Status
 * List), ours otherwise. A closed list, so callers can switch on it.
 */
export const REASON_CODES = [
  // VC Data Model 2.0
  'PARSING_ERROR',
  'MALFORMED_VALUE_ERROR',
  'RANGE_ERROR',
  'CRYPTOGRAPHIC_SECURITY_ERROR',
  // Data Integrity
  'PROOF_VERIFICATION_ERROR',
  'DATA_LOSS_DETECTION_ERROR',
  // Bitstring Status List
  'STATUS_RETRIEVAL_ERROR',
  'STATUS_VERIFICATION_ERROR',
  'STATUS_LIST_LENGTH_ERROR',
  // ours
  'UNTRUSTED_ISSUER',
  'ISSUER_MISMATCH',
  'OUT_OF_ACCREDITATION_SCOPE',
  'KEY_NOT_VALID_AT_ISSUANCE',
  'EXPIRED',
  'NOT_YET_VALID',
  'REVOKED',
  'SUSPENDED',
  'SUPERSEDED',
  'STATUS_STALE',
  'CONTEXT_NOT_ALLOWED',
  'UNSUPPORTED_ALGORITHM',
  'RESOURCE_LIMIT',
  'NOT_A_COMPETENCY_CERTIFICATE',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** A sentence for a person, in the two languages of the public verifier page. */
export interface Message {
  message: string;
  messageEs: string;
}

export interface Check extends Message {
  name: CheckName;
  status: CheckStatus;
  /** Why the check failed or could not be decided; null when it passed or was not run. */
  code: ReasonCode | null;
}

export interface Warning extends Message {
  code: string;
}

/** The two securing mechanisms Avala verifies, and the QR code's compact signed claims (format 2, COSE_Sign1/CWT). */
export type CredentialFormat = 'data-integrity' | 'vc-jwt' | 'cwt';

/** What the credential says, shown to the employer. Only given once the proof has passed. */
export interface CredentialFacts {
  credentialId: string | null;
  holderName: string | null;
  /** From the trust registry's catalogue when the standard is known there, else as the credential states it. */
  standard: { code: string; version: number | null; title: string | null; level: number | null } | null;
  /** From the trust registry when the issuer is a registered body, else as the credential names it. */
  body: { name: string | null; did: string; kind: string | null } | null;
  /** The instant of certification: `validFrom`, else the proof's `created`. */
  issuedAt: string | null;
  validFrom: string | null;
  validUntil: string | null;
  /** The salted CURP hash and its salt, so a verifier can check a CURP typed from an ID card. */
  curp: { hash: string; salt: string } | null;
  /** The verification method that signed (a DID URL). */
  signedWith: string | null;
  /** Present only when the issuer's supersession register lists this credential: when, and by which certificate. */
  supersession?: { supersededAt: string; supersededBy: string };
}

export interface VerificationReport {
  /** True only when every check reported passed: an `unknown` is not a pass. */
  verified: boolean;
  format: CredentialFormat | null;
  checks: Check[];
  warnings: Warning[];
  facts: CredentialFacts | null;
}

export interface PresentationReport {
  verified: boolean;
  /** The presentation's own `format` and `proof` checks. */
  checks: Check[];
  warnings: Warning[];
  holder: string | null;
  credentials: VerificationReport[];
}

export const EVALUATION_RESULTS = ['competent', 'not-yet-competent'] as const;
export type EvaluationResult = (typeof EVALUATION_RESULTS)[number];

export interface Candidate {
  name: string;
  curp: string;
  email: string | null;
}

export interface Evaluation {
  id: string;
  bodyId: string;
  standardId: string;
  externalId: string | null;
  batchId: string | null;
  candidate: Candidate;
  centre: string;
  evaluatedOn: string; // YYYY-MM-DD
  result: EvaluationResult;
  notes: string | null;
  evaluatorId: string;
  renewsCredentialId: string | null;
  createdAt: string;
}

export type CredentialKind = 'competency' | 'other' | 'wallet-copy';

/** A stored credential: both secured forms of the same content, and what the registry needs to find it. */
export interface IssuedCredential {
  id: string;
  bodyId: string;
  kind: CredentialKind;
  evaluationId: string | null;
  standardId: string | null;
  certifierId: string | null;
  holderName: string | null;
  holderDid: string | null;
  parentId: string | null;
  renewsId: string | null;
  keyId: string;
  issuedAt: string;
  validFrom: string;
  validUntil: string | null;
  dataIntegrity: Record<string, unknown> | null;
  jwt: string | null;
  /** The QR code's compact signed form (format 2, COSE_Sign1 in base64url); null: the QR code holds format 1. */
  cwt: string | null;
  claimTokenHash: string | null;
  createdAt: string;
}

/** Securing mechanisms a caller may ask for. Both are produced for competency certificates. */
export const SECURING = ['di', 'jwt'] as const;
export type Securing = (typeof SECURING)[number];

export interface Batch {
  id: string;
  bodyId: string;
  createdBy: string;
  fileName: string | null;
  state: 'importing' | 'imported' | 'certifying' | 'done' | 'failed';
  /** Why the file was refused (state `failed`): a CSV error, a wrong header, too many rows. */
  failure: string | null;
  rowsTotal: number;
  rowsBad: number;
  rowsIssued: number;
  createdAt: string;
  updatedAt: string;
}

export interface BatchRowError {
  line: number;
  externalId: string | null;
  code: string;
  message: string;
}

/** The states a certificate search can ask for: the stored state, or what time makes of an active one. */
export const SEARCH_STATES = ['active', 'suspended', 'revoked', 'expired'] as const;
export type SearchState = (typeof SEARCH_STATES)[number];

/** What a body's staff search their certificates by; every field narrows (AND). */
export interface CredentialSearch {
  /** Part of the holder's name (case-insensitive for ASCII letters). */
  name?: string;
  /** The evaluation's CURP, exactly (validated and upper-cased by the service). */
  curp?: string;
  /** The body's own id for the evaluation. */
  externalId?: string;
  /** A standard's code (EC0217), any version. */
  standardCode?: string;
  batchId?: string;
  state?: SearchState;
  /** Issued on or after this day (YYYY-MM-DD, UTC). */
  issuedFrom?: string;
  /** Issued on or before this day (YYYY-MM-DD, UTC). */
  issuedTo?: string;
}

/** One certificate a search found, with what a list shows. */
export interface CredentialHit {
  id: string;
  holderName: string | null;
  standardCode: string | null;
  standardVersion: number | null;
  externalId: string | null;
  batchId: string | null;
  issuedAt: string;
  validUntil: string | null;
  /** The stored state, or `expired` for an active one past its validUntil, or `superseded` when a live renewal exists. */
  state: 'active' | 'suspended' | 'revoked' | 'expired' | 'superseded';
}

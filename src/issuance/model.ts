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

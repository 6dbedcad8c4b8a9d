import type { DomainEvent } from '../journal.js';
import type { Body, Committee } from '../registry/index.js';
import type { Batch, BatchRowError, CredentialHit, CredentialSearch, Evaluation, IssuedCredential } from './model.js';
import type { RegistryLookups } from './registry-lookups.js';

/** What issuance asks of the registry, and no more (RegistryService fits). */
export interface IssuanceRegistry extends RegistryLookups {
  getBody(id: string): Promise<Body>;
  listCommittees(): Promise<Committee[]>;
}

/** Unpredictable bytes (claim tokens, CURP salts); injected like the clock. */
export type RandomBytes = (n: number) => Uint8Array;

/** A status-list slot reserved for a credential before it is signed. Mirrors the status domain's reservation. */
export interface StatusRef {
  purpose: 'revocation' | 'suspension';
  listId: string;
  index: number;
  listUrl: string;
}

export interface StatusPair {
  revocation: StatusRef;
  suspension: StatusRef;
}

export interface StatusAllocator {
  /** Reserves fresh slots for `count` credentials of a body; a reserved slot is never handed out again. */
  reserve(bodyId: string, count: number): Promise<StatusPair[]>;
}

/** Signing is the signing room's one `sign()`: the body's key in use at the instant given, dated then. */
export type { Signs as CredentialSigner, SignedForms } from '../signing/index.js';

/** A message to send once the credential it is about is stored: it commits with it (the outbox). */
export interface OutgoingMessage {
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** What the worker is told when a certificate is issued for an evaluation that has an e-mail address. */
export interface ClaimNotice {
  to: string;
  holderName: string;
  standardCode: string;
  standardTitle: string;
  bodyName: string;
  claimUrl: string;
}

export interface StoredCredential {
  credential: IssuedCredential;
  status: StatusPair | null;
  /** Stored in the same transaction as the credential, so a crash loses neither without the other. */
  messages?: readonly OutgoingMessage[];
}

export interface IssuanceRepository {
  insertEvaluation(e: Evaluation): Promise<void>;
  /** Inserts the evaluations not already known by (body, externalId); returns how many were new. */
  /** Rows whose (body, external id) already exists are not inserted: each comes back with the row that holds the id. */
  insertEvaluations(rows: Evaluation[]): Promise<{ inserted: number; duplicates: Array<{ attempted: Evaluation; existing: Evaluation }> }>;
  getEvaluation(id: string): Promise<Evaluation | null>;

  /** Stores credentials, links their status slots and journals `events`, in ONE transaction: all of it or none. */
  storeCredentials(rows: StoredCredential[], events: readonly DomainEvent[]): Promise<void>;
  getCredential(id: string): Promise<IssuedCredential | null>;
  getCredentialByEvaluation(evaluationId: string): Promise<IssuedCredential | null>;
  /** The credential behind a claim token's hash: its e-mailed link, or a short-lived one still valid at `now`. */
  getCredentialByClaimHash(hash: string, now: string): Promise<IssuedCredential | null>;
  setClaimHash(credentialId: string, hash: string): Promise<void>;
  /** Adds a short-lived claim link beside the e-mailed one, which it does not replace. */
  addClaimAccess(credentialId: string, hash: string, expiresAt: string, now: string): Promise<void>;
  listCredentials(bodyId: string, opts: { limit: number; after?: string }): Promise<IssuedCredential[]>;
  /** The body's competency certificates matching every given field, newest first; `now` decides `expired`. */
  searchCredentials(bodyId: string, q: CredentialSearch, now: string, page: { limit: number; offset: number }): Promise<{ total: number; hits: CredentialHit[] }>;
  /** The competency certificates of a batch's evaluations, in id order, a page at a time. */
  batchCredentials(batchId: string, afterId: string | null, limit: number): Promise<IssuedCredential[]>;

  createBatch(b: Batch): Promise<void>;
  getBatch(id: string): Promise<Batch | null>;
  getBatchByName(bodyId: string, name: string): Promise<Batch | null>;
  updateBatch(id: string, patch: Partial<Pick<Batch, 'state' | 'failure' | 'rowsTotal' | 'rowsBad' | 'rowsIssued' | 'updatedAt'>>): Promise<void>;
  addBatchErrors(batchId: string, errors: BatchRowError[]): Promise<void>;
  /** A file sent again is reported afresh: the rows of the earlier report go. */
  clearBatchErrors(batchId: string): Promise<void>;
  /** In line order, from the line after `afterLine` (a page at a time). */
  listBatchErrors(batchId: string, limit: number, afterLine?: number): Promise<BatchRowError[]>;
  /** Competency certificates a body issued in [from, until). */
  countIssued(bodyId: string, from: string, until: string): Promise<number>;
  /** Competent evaluations of the body with no credential yet: how many, and the oldest `limit` of them. */
  awaitingCertification(bodyId: string, limit: number): Promise<{ total: number; evaluations: Evaluation[] }>;
  /** The body's batches in these states, newest first. */
  listBatches(bodyId: string, states: readonly Batch['state'][], limit: number): Promise<Batch[]>;
  /** Competent evaluations of the batch that have no credential yet, in a stable order, a page at a time. */
  pendingEvaluations(batchId: string, afterId: string | null, limit: number): Promise<Evaluation[]>;
}

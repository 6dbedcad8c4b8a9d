import type { OutgoingMessage } from '../../issuance/index.js';

/** A code asked for, as stored: hashes only, and what the CURP and address matched when asked. */
export interface CodeRequest {
  id: string;
  curpHash: string;
  emailHash: string;
  client: string;
  codeHash: string;
  credentialIds: readonly string[];
  attempts: number;
  expiresAt: string;
  usedAt: string | null;
  createdAt: string;
}

export interface WorkerSession {
  credentialIds: readonly string[];
  expiresAt: string;
}

export interface WorkerAccessRepository {
  /** The competency certificates of evaluations with this CURP and this e-mail address (any body). */
  certificatesOf(curp: string, email: string): Promise<string[]>;
  /** Codes asked since `since`, by CURP hash, address hash and client, for the rate limits. */
  recentRequests(since: string, by: { curpHash: string; emailHash: string; client: string }): Promise<{ curp: number; email: number; client: number }>;
  /** Stores the request and, when there is one, its message in the outbox: in ONE transaction. */
  createRequest(r: CodeRequest, message: OutgoingMessage | null): Promise<void>;
  getRequest(id: string): Promise<CodeRequest | null>;
  /** Counts a wrong code; returns the attempts now made. */
  recordFailure(id: string): Promise<number>;
  /** Spends the request and opens the session, in one transaction; false if it was spent meanwhile. */
  redeem(id: string, usedAt: string, sessionId: string, session: WorkerSession, now: string): Promise<boolean>;
  getSession(id: string, now: string): Promise<WorkerSession | null>;
  endSession(id: string): Promise<void>;
}

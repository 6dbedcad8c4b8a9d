import { AppError, ERROR_CODES, type ErrorCode } from '../errors.js';
import type { MessagePort } from 'node:worker_threads';
import type { RemoteDocument } from '../resolver/index.js';

/**
 * What the signing pool (main thread, which holds the keys) and a signing worker (which canonicalizes) say to each
 * other about one job, over the job's own MessagePort. A worker never sees a private key: to sign it sends the
 * 64-byte verify data of its job and gets the signature back. To load anything that is not a local context (a DID
 * URL, a context alias) it asks too, so the main thread's loader stays the only one that decides what loads.
 */
export type ToWorker =
  | { t: 'signature'; signature: Uint8Array }
  | { t: 'signature-error'; error: WireError }
  | { t: 'document'; req: number; document: RemoteDocument }
  | { t: 'document-error'; req: number; error: WireError };

/** `started`: the worker took the job (its time limit runs from here, not from the queue). */
export type FromWorker = { t: 'started' } | { t: 'sign'; data: Uint8Array } | { t: 'load'; req: number; url: string };

/** A job as the pool hands it to a worker (`port` is transferred with it); `warm` only loads the worker. */
export type SigningTask =
  | { t: 'sign'; credential: Record<string, unknown>; verificationMethod: string; created: string; port: MessagePort }
  | { t: 'warm' };

/** What a worker answers: its own failures come back as data, so a thrown error always means the worker died. */
export type SigningResult = ({ ok: true; signed: Record<string, unknown> } | { ok: false; error: WireError }) & {
  /** Whether this worker shares term definitions in context copies (`jsonld-sharing.ts`). */
  sharing: boolean;
};

/** An error as it crosses a thread: an AppError keeps its code (so a bad credential is still a 4xx). */
export interface WireError {
  message: string;
  code?: string;
  details?: Record<string, unknown>;
}

export function toWire(e: unknown): WireError {
  if (e instanceof AppError) {
    let details: Record<string, unknown> | undefined;
    try {
      // Details are plain data by convention; anything that would not survive the copy is dropped, not thrown.
      details = e.details === undefined ? undefined : (JSON.parse(JSON.stringify(e.details)) as Record<string, unknown>);
    } catch {
      details = undefined;
    }
    return { message: e.message, code: e.code, ...(details ? { details } : {}) };
  }
  return { message: e instanceof Error ? e.message : String(e) };
}

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

export function fromWire(w: WireError): Error {
  if (w.code !== undefined && KNOWN_CODES.has(w.code)) return new AppError(w.code as ErrorCode, w.message, w.details ? { details: w.details } : {});
  return new Error(w.message);
}

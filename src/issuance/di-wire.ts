import { AppError, ERROR_CODES, type ErrorCode } from '../errors.js';
import type { RemoteDocument } from '../resolver/index.js';

/**
 * The messages between the Data Integrity signing pool (main thread, which holds the keys) and its workers (which
 * canonicalize). A worker never sees a private key: to sign it sends the 64-byte verify data of a job it was given
 * and gets the signature back. To load anything that is not a local context (a DID URL) it asks too, so the main
 * thread's loader, with its allow-list and DID resolver, stays the only one that decides.
 */
export type ToWorker =
  | { t: 'job'; id: number; credential: Record<string, unknown>; verificationMethod: string; created: string }
  | { t: 'signature'; id: number; signature: Uint8Array }
  | { t: 'signature-error'; id: number; error: WireError }
  | { t: 'document'; req: number; document: RemoteDocument }
  | { t: 'document-error'; req: number; error: WireError };

export type FromWorker =
  | { t: 'ready'; /** Whether term definitions are shared in context copies (`di-jsonld.ts`). */ sharing: boolean }
  | { t: 'sign'; id: number; data: Uint8Array }
  | { t: 'load'; id: number; req: number; url: string }
  | { t: 'done'; id: number; signed: Record<string, unknown> }
  | { t: 'failed'; id: number; error: WireError };

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

import crypto from 'node:crypto';
import { AppError } from '../errors.js';

/** What a finished request answered, kept to replay to a retry with the same `Idempotency-Key`. */
export interface StoredAnswer {
  status: number;
  body: string;
}

export type Reservation =
  | { kind: 'reserved' }
  | { kind: 'existing'; requestHash: string; answer: StoredAnswer | null };

/**
 * Idempotency records, keyed by (caller, key), kept in the database so a restart does not forget them. A key is
 * reserved before the operation runs, so a concurrent or later retry never runs it a second time.
 */
export interface IdempotencyStore {
  /** Reserves (caller, key) for `requestHash` until `expiresAt`, or says what is already recorded under it (an expired record is replaced). */
  reserve(caller: string, key: string, requestHash: string, now: string, expiresAt: string): Promise<Reservation>;
  /** Records the answer of the reserved request. */
  complete(caller: string, key: string, answer: StoredAnswer): Promise<void>;
  /** Frees a reservation whose operation was refused (nothing was stored), so the key can be used again. */
  release(caller: string, key: string): Promise<void>;
}

export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

/** A key as clients send it: printable ASCII, 1 to 255 characters (a UUID is the usual choice). */
export function idempotencyKeyOf(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  if (typeof header !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(header)) {
    throw new AppError('ERR_VALIDATION', 'Idempotency-Key must be 1 to 255 printable ASCII characters');
  }
  return header;
}

/** The request a key stands for: method, path and the body with its object keys sorted. */
export function requestHash(method: string, path: string, body: unknown): string {
  return crypto.createHash('sha256').update(`${method} ${path}\n${canonicalJson(body)}`).digest('hex');
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

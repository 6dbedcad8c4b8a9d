/**
 * The one error type for bad client data and refused operations. Domain code throws it with a stable code;
 * only `http/problem.ts` knows which HTTP status a code maps to. Our own programming mistakes throw `TypeError`.
 */
export const ERROR_CODES = [
  // input
  'ERR_VALIDATION',
  'ERR_MALFORMED_JSON',
  'ERR_MALFORMED_REQUEST',
  'ERR_PAYLOAD_TOO_LARGE',
  'ERR_UNSUPPORTED_MEDIA_TYPE',
  // auth
  'ERR_UNAUTHENTICATED',
  'ERR_FORBIDDEN',
  'ERR_RATE_LIMITED',
  // lookups and conflicts
  'ERR_NOT_FOUND',
  'ERR_CONFLICT',
  'ERR_IDEMPOTENCY_MISMATCH',
  'ERR_IDEMPOTENCY_IN_PROGRESS',
  // registry rules
  'ERR_INVALID_TRANSITION',
  'ERR_STANDARD_NOT_PUBLISHED',
  'ERR_BODY_NOT_ACTIVE',
  'ERR_NOT_ACCREDITED',
  'ERR_INVALID_PERIOD',
  'ERR_LAST_ADMIN',
  // keys
  'ERR_KEY_DECRYPT',
  'ERR_KEY_NOT_FOUND',
  // issuance
  'ERR_INVALID_CURP',
  'ERR_SEPARATION_OF_DUTIES',
  'ERR_EVALUATION_NOT_COMPETENT',
  'ERR_ALREADY_CERTIFIED',
  'ERR_EVALUATION_REQUIRED',
  'ERR_EXTERNAL_ID_CONFLICT',
  'ERR_INVALID_CREDENTIAL',
  'ERR_UNSUPPORTED_FORMAT',
  // status
  'ERR_STATUS_LIST_FULL',
  'ERR_CREDENTIAL_REVOKED',
  // resolution
  'ERR_CONTEXT_NOT_ALLOWED',
  'ERR_DID_NOT_FOUND',
  // operator commands given another public URL than the database's
  'ERR_PUBLIC_URL_MISMATCH',
  // a configured context URL other than the one the database's new credentials name
  'ERR_CONTEXT_URL_MISMATCH',
  // server-side faults
  'ERR_UNAVAILABLE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorOptions {
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

import { AppError, type ErrorCode } from '../errors.js';
import type { ProblemReply } from './route.js';

/** The one table from our stable codes to HTTP statuses (docs/reliability.md, "How a client is answered"). */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  ERR_VALIDATION: 422,
  ERR_MALFORMED_JSON: 400,
  ERR_MALFORMED_REQUEST: 400,
  ERR_PAYLOAD_TOO_LARGE: 413,
  ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  ERR_UNAUTHENTICATED: 401,
  ERR_FORBIDDEN: 403,
  ERR_RATE_LIMITED: 429,
  ERR_NOT_FOUND: 404,
  ERR_CONFLICT: 409,
  ERR_IDEMPOTENCY_MISMATCH: 409,
  ERR_IDEMPOTENCY_IN_PROGRESS: 409,
  ERR_INVALID_TRANSITION: 409,
  ERR_STANDARD_NOT_PUBLISHED: 422,
  ERR_BODY_NOT_ACTIVE: 403,
  ERR_NOT_ACCREDITED: 403,
  ERR_INVALID_PERIOD: 422,
  ERR_LAST_ADMIN: 409,
  ERR_KEY_DECRYPT: 503,
  ERR_KEY_NOT_FOUND: 503,
  ERR_INVALID_CURP: 422,
  ERR_SEPARATION_OF_DUTIES: 403,
  ERR_EVALUATION_NOT_COMPETENT: 422,
  ERR_ALREADY_CERTIFIED: 409,
  // A competency certificate given in full instead of by certifying an evaluation.
  ERR_EVALUATION_REQUIRED: 422,
  ERR_EXTERNAL_ID_CONFLICT: 409,
  // VC-API answers 400 for a credential that does not meet the data model.
  ERR_INVALID_CREDENTIAL: 400,
  ERR_UNSUPPORTED_FORMAT: 400,
  ERR_STATUS_LIST_FULL: 503,
  ERR_CREDENTIAL_REVOKED: 409,
  ERR_CONTEXT_NOT_ALLOWED: 422,
  ERR_DID_NOT_FOUND: 404,
  ERR_PUBLIC_URL_MISMATCH: 409,
  ERR_CONTEXT_URL_MISMATCH: 409,
  ERR_UNAVAILABLE: 503,
};

const TITLES: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The RFC 9457 document, with our stable `code` and the request id as `instance`. */
export function problemDocument(status: number, code: string, detail: string, instance: string | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: `https://avala.example/problems/${code}`, title: TITLES[status] ?? 'Error', status, code, detail, instance, ...extra };
}

/**
 * Maps what libraries throw for a client's malformed request (body-parser, express's router decoding a path
 * parameter, `decodeURIComponent` anywhere) to our codes, so no request can reach the 500 branch by its shape.
 */
function fromLibrary(err: unknown): AppError | null {
  if (typeof err !== 'object' || err === null) return null;
  const { type, status, statusCode } = err as { type?: unknown; status?: unknown; statusCode?: unknown };
  switch (type) {
    case 'entity.too.large':
    case 'parameters.too.many':
      return new AppError('ERR_PAYLOAD_TOO_LARGE', 'The request body is larger than this endpoint accepts');
    case 'entity.parse.failed':
      return new AppError('ERR_MALFORMED_JSON', 'The request body is not valid JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('ERR_UNSUPPORTED_MEDIA_TYPE', 'The request body uses an encoding or charset this service does not accept');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new AppError('ERR_MALFORMED_JSON', 'The request body could not be read');
    default:
      break;
  }
  // A percent-encoding that does not decode (`/bodies/%ZZ`): express's router marks it 400; a bare URIError only
  // ever comes from decoding or encoding a URI component, which is the request's text.
  if (err instanceof URIError) return new AppError('ERR_MALFORMED_REQUEST', 'The address contains a malformed percent-encoding');
  // Any other library error that says it is the client's (http-errors: a 4xx status) is a 400-class problem, never a 500.
  const s = typeof status === 'number' ? status : typeof statusCode === 'number' ? statusCode : 0;
  if (s === 413) return new AppError('ERR_PAYLOAD_TOO_LARGE', 'The request is larger than this endpoint accepts');
  if (s === 415) return new AppError('ERR_UNSUPPORTED_MEDIA_TYPE', 'The request body has a media type this endpoint does not accept');
  if (s >= 400 && s < 500) return new AppError('ERR_MALFORMED_REQUEST', 'The request could not be understood');
  return null;
}

/**
 * What the last middleware answers for anything thrown: a client's mistake becomes its 4xx; anything else is our
 * fault (500) or the server's environment (503 for disk-full or read-only database), logged without the request's
 * content.
 */
export function problemReplyOf(err: unknown, log: (line: string) => void, requestId: string): ProblemReply {
  const e = err instanceof AppError ? err : fromLibrary(err);
  if (e) {
    const retry = e.code === 'ERR_RATE_LIMITED' ? (e.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds : undefined;
    return { kind: 'problem', code: e.code, detail: e.message, ...(e.details ? { extra: { details: e.details } } : {}), ...(typeof retry === 'number' ? { headers: { 'Retry-After': String(retry) } } : {}) };
  }
  const fault = storageFault(err);
  if (fault) {
    log(`storage fault ${fault} request=${requestId}`);
    return { kind: 'problem', code: 'ERR_UNAVAILABLE', detail: 'The service cannot store data right now; try again shortly' };
  }
  log(`internal error request=${requestId}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return { kind: 'problem', status: 500, code: 'ERR_INTERNAL', detail: 'An internal error occurred; it has been logged' };
}

/** The database's own "not now" (disk full, read-only, locked, I/O): the server's environment, so a 503, never a 500. */
export function storageFault(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'SQLITE_READONLY' || code === 'SQLITE_BUSY' || code === 'SQLITE_IOERR' ? code : null;
}

/** A problem's HTTP status: the table's, unless the reply names its own. */
export function problemStatus(reply: Pick<ProblemReply, 'code' | 'status'>): number {
  return reply.status ?? (reply.code === 'ERR_INTERNAL' ? 500 : STATUS_BY_CODE[reply.code]);
}

import { pino, type DestinationStream, type Level, type Logger } from 'pino';

/**
 * Paths never written, whatever a caller passes to the logger: secrets (API keys, bearer tokens, client secrets,
 * claim tokens, key material) and the worker's CURP. Request logs carry only method, route and a masked path
 * (see `logPath`), never headers or bodies; these paths are the second line of defence.
 */
export const REDACT_PATHS: readonly string[] = [
  'authorization',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...['curp', 'apiKey', 'api_key', 'secret', 'client_secret', 'token', 'access_token', 'claimToken', 'privateKey', 'privateKeyJwk', 'd', 'masterKey', 'password'].flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
];

/** Structured JSON log lines on stderr (stdout stays free for the CLI's output). */
export function createLogger(opts: { level: Level | 'silent'; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: opts.level,
      base: { service: 'avala' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    opts.destination ?? pino.destination({ fd: 2, sync: false }),
  );
}

/**
 * A request's path as it may be logged: no query string (verifier links may carry a credential there), the
 * claim token of `/claim/:token` masked (it is the worker's credential), and any other long segment (a QR payload,
 * an opaque token) shortened to a marker.
 */
export function logPath(url: string): string {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  return path
    .split('/')
    .map((seg, i, all) => (all[i - 1] === 'claim' || seg.length > 40 ? '[redacted]' : seg))
    .join('/')
    .slice(0, 300);
}

import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { NOTIFICATION_KINDS, type NotificationKind } from './delivery/notifications/index.js';
import { AVALA_LEGACY_CONTEXT_URL, CONTEXT_FILES, defaultAvalaContextUrl } from './vc/index.js';

/** The dev master key is public by design: it only protects demo keys on a developer's machine. */
export const DEV_MASTER_KEY = 'avala-dev-master-key-NOT-FOR-PRODUCTION';

const CONTEXT_URL_RULE = 'an http(s) URL with a plain path (letters, digits, . _ ~ -), no query or fragment';

const Env = z.object({
  NODE_ENV: z.string().default('development'),
  AVALA_DB: z.string().default('./data/avala.db'),
  AVALA_KEYS_DIR: z.string().default('./keys'),
  AVALA_MASTER_KEY: z.string().min(16, 'AVALA_MASTER_KEY must be at least 16 characters').optional(),
  AVALA_ADMIN_TOKEN: z.string().min(16, 'AVALA_ADMIN_TOKEN must be at least 16 characters').optional(),
  AVALA_PUBLIC_URL: z.url().optional(),
  AVALA_CONTEXT_URL: z.url().refine(isContextUrl, CONTEXT_URL_RULE).optional(),
  AVALA_CONTEXT_ALIASES: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((x) => x.trim()).filter((x) => x !== ''))
    .refine((list) => list.every(isContextUrl), `a comma-separated list of URLs, each ${CONTEXT_URL_RULE}`),
  AVALA_EXTRA_CONTEXTS_DIR: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v)),
  AVALA_HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  AVALA_DEMO: z.enum(['true', 'false']).optional(),
  AVALA_RATE_WRITE_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  AVALA_RATE_VERIFY_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(120),
  AVALA_SMTP_URL: z.url().refine((u) => /^smtps?:\/\//.test(u), 'an smtp:// or smtps:// URL').optional(),
  AVALA_MAIL_FROM: z.string().min(3).max(320).optional(),
  AVALA_OUTBOX_DIR: z.string().optional(),
  AVALA_AUTHORITY_NAME: z.string().trim().min(2).max(200).optional(),
  AVALA_AUTHORITY_SEAL: z.string().min(1).optional(),
  AVALA_MAIL_CLAIM_LINKS: z.enum(['true', 'false']).default('true'),
  AVALA_OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(120),
  AVALA_NOTIFICATIONS: z
    .string()
    .default(NOTIFICATION_KINDS.join(','))
    .transform((v) => (v.trim() === 'none' ? [] : v.split(',').map((x) => x.trim()).filter((x) => x !== '')))
    .refine((list): list is NotificationKind[] => list.every((k) => (NOTIFICATION_KINDS as readonly string[]).includes(k)), `a comma-separated list of ${NOTIFICATION_KINDS.join(', ')}, or none`),
  AVALA_NOTIFY_INTERVAL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(3600),
  AVALA_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  AVALA_METRICS_TOKEN: z.string().min(16, 'AVALA_METRICS_TOKEN must be at least 16 characters').optional(),
  AVALA_SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).max(120_000).default(5_000),
  AVALA_DRAIN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
  AVALA_TRUST_PROXY: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((x) => x.trim()).filter((x) => x !== ''))
    .refine((list) => list.every(isProxyAddress), 'a comma-separated list of IP addresses or CIDR ranges (or loopback, linklocal, uniquelocal)'),
});

/** A URL Avala can serve its context at: http(s), a path of plain segments (it becomes a route), nothing after it. */
function isContextUrl(v: string): boolean {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return false;
  }
  return (u.protocol === 'https:' || u.protocol === 'http:') && u.search === '' && u.hash === '' && u.username === '' && /^(?:\/[A-Za-z0-9._~-]+)+$/.test(u.pathname) && u.href === v;
}

/** What express's `trust proxy` accepts as one entry: an address, a CIDR range, or one of its named ranges. */
function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [ip, bits, extra] = entry.split('/');
  const family = net.isIP(ip ?? '');
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

export interface Config {
  readonly production: boolean;
  readonly dbPath: string;
  readonly keysDir: string;
  readonly masterKey: string;
  /** True when the well-known dev master key is in use; logged loudly at start. */
  readonly usingDevMasterKey: boolean;
  readonly adminToken: string;
  readonly publicUrl: string;
  /**
   * The URL new credentials name Avala's JSON-LD context by (`AVALA_CONTEXT_URL`, default
   * `<publicUrl>/contexts/avala/v1`). The database records it; a later start with another one is refused.
   */
  readonly contextUrl: string;
  /**
   * Further URLs of the same context that this deployment still answers for and verifies (`AVALA_CONTEXT_ALIASES`:
   * old origins after a change of domain). `AVALA_LEGACY_CONTEXT_URL` is always known besides these.
   */
  readonly contextAliases: readonly string[];
  /**
   * A folder of further JSON-LD contexts the operator allows (`AVALA_EXTRA_CONTEXTS_DIR`): `contexts.json` maps each
   * URL to a file beside it. Read once at start, never fetched; served by every loader (issuance, signing workers,
   * verification). Null: Avala's own contexts only.
   */
  readonly extraContextsDir: string | null;
  readonly host: string;
  readonly port: number;
  readonly seedDemo: boolean;
  /** Issuance, evaluation and status-change requests per API key per minute (429 with Retry-After beyond). */
  readonly rateWritePerMinute: number;
  /** Public verify requests per client address per minute. */
  readonly rateVerifyPerMinute: number;
  /** Proxies whose X-Forwarded-For is believed (addresses or CIDR ranges); none by default. */
  readonly trustProxy: readonly string[];
  /** Where the outbox delivers: an SMTP server, or (unset) `.eml` files in `outboxDir`. */
  readonly smtpUrl: string | null;
  readonly outboxDir: string;
  /** The From of every message. */
  readonly mailFrom: string;
  /** Whether a worker with an e-mail address is sent their claim link when a certificate is issued. */
  readonly mailClaimLinks: boolean;
  /** How long a sender holds the messages it took; one that dies leaves them to be sent again after this. */
  readonly outboxLeaseSeconds: number;
  /** Which notifications are sent (expiry 90/30 days, status changes, the weekly renewals list); [] for none. */
  readonly notifications: readonly NotificationKind[];
  /** How often the notification scan runs. */
  readonly notifyIntervalSeconds: number;
  /** The authority's name, printed at the head of every certificate PDF. */
  readonly authorityName: string;
  /** A PNG or JPEG seal printed on every certificate PDF (an absolute path), or none. */
  readonly authoritySealPath: string | null;
  /** pino level of the JSON log on stderr. */
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Bearer token that may scrape /metrics; without one, only loopback may. */
  readonly metricsToken: string | undefined;
  /** At SIGTERM, how long readiness fails before the listener closes (the load balancer's time to notice). */
  readonly shutdownDelayMs: number;
  /** Then how long requests in flight may run before their connections are cut. */
  readonly drainTimeoutMs: number;
}

export const DEV_ADMIN_TOKEN = 'avala-dev-admin-token';

/** `AVALA_EXTRA_CONTEXTS_DIR` for a process without the whole configuration (the offline verifier), resolved. */
export function extraContextsDirFromEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  const dir = env.AVALA_EXTRA_CONTEXTS_DIR?.trim();
  return dir ? path.resolve(dir) : null;
}

/**
 * The URLs of Avala's context a process without a database knows from its environment (the offline verifier):
 * `AVALA_CONTEXT_URL` (or its default under `AVALA_PUBLIC_URL`, when that is set) and `AVALA_CONTEXT_ALIASES`.
 */
export function contextUrlsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const parsed = Env.pick({ AVALA_PUBLIC_URL: true, AVALA_CONTEXT_URL: true, AVALA_CONTEXT_ALIASES: true }).safeParse(env);
  if (!parsed.success) throw new Error(`Invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const e = parsed.data;
  const main = e.AVALA_CONTEXT_URL ?? (e.AVALA_PUBLIC_URL ? defaultAvalaContextUrl(e.AVALA_PUBLIC_URL) : undefined);
  return [...new Set([...(main ? [main] : []), ...e.AVALA_CONTEXT_ALIASES])];
}

/** Parses the environment once; throws with every problem listed so a misconfigured service fails at start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.AVALA_MASTER_KEY) throw new Error('Invalid configuration: AVALA_MASTER_KEY is required in production');
  if (production && !e.AVALA_ADMIN_TOKEN) throw new Error('Invalid configuration: AVALA_ADMIN_TOKEN is required in production');
  if (production && !e.AVALA_PUBLIC_URL) throw new Error('Invalid configuration: AVALA_PUBLIC_URL is required in production');
  const publicUrl = (e.AVALA_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  const contextUrl = e.AVALA_CONTEXT_URL ?? defaultAvalaContextUrl(publicUrl);
  const taken = [contextUrl, ...e.AVALA_CONTEXT_ALIASES].find((u) => u !== AVALA_LEGACY_CONTEXT_URL && CONTEXT_FILES[u] !== undefined);
  if (taken) throw new Error(`Invalid configuration: ${taken} is the URL of another JSON-LD context, not of Avala's`);
  return Object.freeze({
    production,
    dbPath: path.resolve(e.AVALA_DB),
    keysDir: path.resolve(e.AVALA_KEYS_DIR),
    masterKey: e.AVALA_MASTER_KEY ?? DEV_MASTER_KEY,
    usingDevMasterKey: !e.AVALA_MASTER_KEY,
    adminToken: e.AVALA_ADMIN_TOKEN ?? DEV_ADMIN_TOKEN,
    publicUrl,
    contextUrl,
    contextAliases: Object.freeze([...new Set(e.AVALA_CONTEXT_ALIASES)].filter((u) => u !== contextUrl)),
    extraContextsDir: e.AVALA_EXTRA_CONTEXTS_DIR ? path.resolve(e.AVALA_EXTRA_CONTEXTS_DIR) : null,
    host: e.AVALA_HOST,
    port: e.PORT,
    seedDemo: e.AVALA_DEMO ? e.AVALA_DEMO === 'true' : !production,
    rateWritePerMinute: e.AVALA_RATE_WRITE_PER_MINUTE,
    rateVerifyPerMinute: e.AVALA_RATE_VERIFY_PER_MINUTE,
    trustProxy: Object.freeze(e.AVALA_TRUST_PROXY),
    smtpUrl: e.AVALA_SMTP_URL ?? null,
    outboxDir: path.resolve(e.AVALA_OUTBOX_DIR ?? path.join(path.dirname(path.resolve(e.AVALA_DB)), 'outbox')),
    mailFrom: e.AVALA_MAIL_FROM ?? `Avala <no-reply@${new URL(publicUrl).hostname}>`,
    mailClaimLinks: e.AVALA_MAIL_CLAIM_LINKS === 'true',
    outboxLeaseSeconds: e.AVALA_OUTBOX_LEASE_SECONDS,
    notifications: Object.freeze([...new Set(e.AVALA_NOTIFICATIONS as NotificationKind[])]),
    notifyIntervalSeconds: e.AVALA_NOTIFY_INTERVAL_SECONDS,
    authorityName: e.AVALA_AUTHORITY_NAME ?? 'Avala',
    authoritySealPath: e.AVALA_AUTHORITY_SEAL ? path.resolve(e.AVALA_AUTHORITY_SEAL) : null,
    logLevel: e.AVALA_LOG_LEVEL,
    metricsToken: e.AVALA_METRICS_TOKEN,
    shutdownDelayMs: e.AVALA_SHUTDOWN_DELAY_MS,
    drainTimeoutMs: e.AVALA_DRAIN_TIMEOUT_MS,
  });
}

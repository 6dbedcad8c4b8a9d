import crypto from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { escapeControl, type AuditService } from '../audit/index.js';
import { AppError } from '../errors.js';
import { runWithRequestId } from '../request-context.js';
import type { Oid4vciService } from '../delivery/oid4vci/index.js';
import type { BatchService, IssuanceService } from '../issuance/index.js';
import type { RegistryService } from '../registry/index.js';
import type { ConsoleService, OversightSource } from '../console/index.js';
import type { StatusService, SupersessionService } from '../status/index.js';
import type { Verifier } from '../verification/index.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { IdempotencyStore } from './idempotency.js';
import { memoryRateLimitStore, type RateLimitStore } from './rate-limit.js';
import { handle, notFound, openApiDocument, problemHandler, RouteTable } from './route.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { issuanceRoutes } from './routes/issuance.js';
import { claimPageRouter, oid4vciRouter, oid4vciStaffRoutes } from './routes/oid4vci.js';
import { consoleRouter } from './routes/console.js';
import { myCertificatesRouter } from './routes/my-certificates.js';
import type { WorkerAccessService } from '../delivery/self-service/index.js';
import { pageRoutes } from './routes/pages.js';
import { qrRoutes } from './routes/qr.js';
import { statusRoutes } from './routes/status.js';
import { supersessionRoutes } from './routes/supersessions.js';
import { verificationRoutes } from './routes/verification.js';
import type { CertificateAuthority } from '../delivery/pdf/index.js';
import { registryRoutes } from './routes/registry.js';
import { contextRoutes } from './routes/contexts.js';
import { jsonDepthExceeds } from './validate.js';
import { AVALA_LEGACY_CONTEXT_URL } from '../vc/index.js';

export interface AppDeps {
  publicUrl: string;
  /** Avala's JSON-LD context URLs (compose's `contexts`); without them, only the legacy URL's path is served. */
  contexts?: { url: string; urls: readonly string[] };
  adminToken: string;
  registry: RegistryService;
  issuance: IssuanceService;
  batches: BatchService;
  status: StatusService;
  supersessions: SupersessionService;
  verifier: Verifier;
  oid4vci: Oid4vciService;
  /** The web console's accounts and sessions. */
  console: ConsoleService;
  /** The worker's own page (/mis-certificados). */
  workers: WorkerAccessService;
  /** Production: the console's cookies are Secure even behind an http public URL (TLS ends at a proxy). */
  production?: boolean;
  stateOf: (credentialId: string) => Promise<string>;
  audit: AuditService;
  /** The facts the authority's oversight page reads (src/storage/oversight-repository.ts); without them it is not served. */
  oversight?: OversightSource;
  /** Public statistics (certificates per standard, sector, body, month). */
  statistics: () => Promise<unknown>;
  /** Where operational log lines go; never given request bodies or key material. */
  log?: (line: string) => void;
  /** Abuse limits and trusted proxies; the config's defaults when left out. */
  config?: Pick<Config, 'rateWritePerMinute' | 'rateVerifyPerMinute' | 'trustProxy'>;
  clock?: Clock;
  /** Idempotency-Key records (in the database); without one the header is ignored. */
  idempotency?: IdempotencyStore;
  /** Counts for the per-key write limit; in memory unless a shared store is given. */
  rateLimitStore?: RateLimitStore;
  /** The authority printed on certificate PDFs (name and optional seal); "Avala" without a seal when left out. */
  authority?: CertificateAuthority;
  /** Operations (src/ops/): request metrics and log, /healthz, /readyz, /metrics; main.ts and the test harness give it. */
  ops?: { middleware: RequestHandler[]; router: RequestHandler };
}

/**
 * The routes that issue, evaluate or change status: limited per API key. A batch is one request to its own route,
 * so a limit on requests does not limit the rows of a batch.
 */
export const WRITE_ROUTES: ReadonlySet<string> = new Set([
  'post /evaluations',
  'post /evaluations/:id/certify',
  'post /credentials/issue',
  'post /batches',
  'post /batches/:id/certify',
  'post /credentials/status',
  'post /credentials/:id/revoke',
  'post /credentials/:id/suspend',
  'post /credentials/:id/reinstate',
]);

/** The creating POSTs that honour `Idempotency-Key`. */
export const IDEMPOTENT_ROUTES: ReadonlySet<string> = new Set(['post /evaluations', 'post /evaluations/:id/certify', 'post /credentials/issue']);

const JSON_LIMIT = '256kb';

/** Builds the HTTP app; it never listens, so tests and `main.ts` decide where it runs. */
export function createApp(deps: AppDeps): Express {
  const log = deps.log ?? ((line: string) => process.stderr.write(`${escapeControl(line)}\n`));
  const app = express();
  app.disable('x-powered-by');
  // X-Forwarded-For is believed only from the proxies the operator names; otherwise the socket's address is the client.
  const trustProxy = deps.config?.trustProxy ?? [];
  app.set('trust proxy', trustProxy.length > 0 ? [...trustProxy] : false);
  app.set('json spaces', 0);

  app.use((req: Request, res: Response, next: NextFunction) => {
    const given = req.headers['x-request-id'];
    res.locals.requestId = typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : crypto.randomUUID();
    res.setHeader('X-Request-Id', res.locals.requestId);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // Everything this request does runs with its id in context, so audit entries record it.
    runWithRequestId(res.locals.requestId as string, () => next());
  });
  if (deps.ops) {
    app.use(...deps.ops.middleware);
    app.use(deps.ops.router);
  }

  // OpenID4VCI speaks OAuth (a form-encoded token request, OAuth error JSON), so it is mounted before our JSON-only
  // gate; the claim page answers browsers with HTML and lets JSON clients through to the API route.
  app.use(oid4vciRouter(deps.oid4vci, { log }));
  app.use(
    claimPageRouter({
      claim: (t) => deps.issuance.claim(t),
      offer: (c) => deps.oid4vci.createOffer(c, { source: 'claim-page', txCode: false }),
      stateOf: deps.stateOf,
      log,
      publicUrl: deps.publicUrl,
    }),
  );

  // The console's pages post urlencoded forms and answer HTML, so they too come before the JSON-only gate.
  const clock = deps.clock ?? (() => new Date());
  const dashboard = { issuance: deps.issuance, status: deps.status, registry: deps.registry, clock };
  app.use(
    consoleRouter({
      console: deps.console,
      dashboard,
      issuance: deps.issuance,
      registry: deps.registry,
      batches: deps.batches,
      status: deps.status,
      publicUrl: deps.publicUrl,
      production: deps.production ?? false,
      log,
      audit: (e) => deps.audit.record(e),
      statistics: deps.statistics,
      oid4vci: deps.oid4vci,
      ...(deps.oversight ? { oversight: { source: deps.oversight, audit: deps.audit } } : {}),
    }),
  );

  app.use(myCertificatesRouter({ workers: deps.workers, publicUrl: deps.publicUrl, production: deps.production ?? false }));

  // A body sent with a method that takes one must be JSON (VC-API and our API speak nothing else), except a
  // batch upload (a CSV streamed straight into the importer) and a JWT or QR text posted to /verify.
  app.use((req: Request, _res: Response, next: NextFunction) => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    const csvUpload = req.path === '/batches' && req.is('text/csv');
    const textVerify = req.path === '/verify' && req.is(['text/plain', 'application/vc+jwt']);
    if (hasBody && !csvUpload && !textVerify && ['POST', 'PUT', 'PATCH'].includes(req.method) && !req.is(['application/json', 'application/*+json'])) {
      next(new AppError('ERR_UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json'));
      return;
    }
    next();
  });
  // A JWT or QR payload may be posted to /verify as plain text.
  app.use('/verify', express.text({ type: ['text/plain', 'application/vc+jwt'], limit: JSON_LIMIT }));
  app.use(express.json({ limit: JSON_LIMIT, type: ['application/json', 'application/*+json'], strict: true }));
  app.use((req: Request, _res: Response, next: NextFunction) => {
    if (req.body !== undefined && jsonDepthExceeds(req.body)) next(new AppError('ERR_VALIDATION', 'The JSON body is nested more than 32 levels deep'));
    else next();
  });

  const router = express.Router();
  const table = new RouteTable(
    router,
    { adminToken: deps.adminToken, registry: deps.registry },
    {
      clock: deps.clock ?? (() => new Date()),
      writeRoutes: WRITE_ROUTES,
      writeLimit: { limit: deps.config?.rateWritePerMinute ?? 600, windowMs: 60_000 },
      rateLimitStore: deps.rateLimitStore ?? memoryRateLimitStore(),
      idempotentRoutes: IDEMPOTENT_ROUTES,
      idempotency: deps.idempotency,
    },
  );
  registryRoutes(table, deps.registry);
  contextRoutes(table, { contexts: deps.contexts ?? { url: AVALA_LEGACY_CONTEXT_URL, urls: [] } });
  issuanceRoutes(table, deps.issuance, deps.batches);
  oid4vciStaffRoutes(table, deps.oid4vci);
  statusRoutes(table, deps.status);
  supersessionRoutes(table, deps.supersessions);
  qrRoutes(table, { issuance: deps.issuance, publicUrl: deps.publicUrl });
  verificationRoutes(table, { verifier: deps.verifier, rateLimit: { windowMs: 60_000, limit: deps.config?.rateVerifyPerMinute ?? 120 } });
  dashboardRoutes(table, dashboard);
  pageRoutes(table, { issuance: deps.issuance, registry: deps.registry, publicUrl: deps.publicUrl, avalaContextUrls: deps.contexts?.urls ?? [], ...(deps.authority ? { authority: deps.authority } : {}) });

  router.get('/openapi.json', handle(() => ({ body: openApiDocument(table, deps.publicUrl) })));
  router.get('/statistics', handle(async () => ({ body: await deps.statistics(), headers: { 'Cache-Control': 'public, max-age=300' } })));
  router.get('/health', handle(() => ({ body: { status: 'ok' } })));

  app.use(router);
  app.use(notFound);
  app.use(
    problemHandler(log, (req, res, code) =>
      // Every refused authentication or authorisation is an audit event (promise 12 of docs/reliability.md).
      deps.audit.record({
        action: 'auth.denied',
        actor: (res.locals.actor as string | undefined) ?? 'anonymous',
        bodyId: (res.locals.bodyId as string | undefined) ?? null,
        subject: `${req.method} ${req.path}`.slice(0, 300),
        requestId: res.locals.requestId as string,
        outcome: 'denied',
        details: { code },
      }),
    ),
  );
  return app;
}

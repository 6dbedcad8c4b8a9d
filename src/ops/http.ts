import crypto from 'node:crypto';
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { problem, send } from '../http/route.js';
import type { Readiness } from './health.js';
import { logPath } from './logger.js';
import type { OpsMetrics } from './metrics.js';

/** The express route pattern that served the request (`/credentials/:id/revoke`), or `unmatched` (404s, static files). */
function routeLabel(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  return route && typeof route.path === 'string' ? `${req.baseUrl}${route.path}` : 'unmatched';
}

/** Counts and times every request by route pattern, method and status. */
export function requestMetrics(metrics: OpsMetrics): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const end = metrics.httpDuration.startTimer();
    let done = false;
    const record = () => {
      if (done) return;
      done = true;
      // A client that hung up before the answer was sent is recorded with the status set so far (often 200) and
      // `aborted`, so a scrape can tell them apart.
      const labels = { route: routeLabel(req), method: req.method, status: res.writableFinished ? String(res.statusCode) : 'aborted' };
      end(labels);
      metrics.httpRequests.inc(labels);
    };
    res.once('finish', record);
    res.once('close', record);
    next();
  };
}

const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** One JSON line per request: id (the X-Request-Id the app assigned), method, masked path, route, status, time. */
export function requestLog(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (_req, res) => ((res as unknown as Response).locals?.requestId as string | undefined) ?? crypto.randomUUID(),
    // Probes and scrapes every few seconds would drown the log.
    autoLogging: { ignore: (req) => QUIET_PATHS.has((req.url ?? '').split('?', 1)[0] ?? '') },
    wrapSerializers: false,
    serializers: {
      req: (req: Request & { id?: unknown }) => ({ id: req.id, method: req.method, path: logPath(req.originalUrl ?? req.url ?? '') }),
      // The route is known only once a handler matched, so it is read with the response, not the request.
      res: (res: Response) => ({ statusCode: res.statusCode, route: res.req ? routeLabel(res.req) : 'unmatched' }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
  }) as unknown as RequestHandler;
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer (.+)$/.exec(header ?? '');
  if (!m) return false;
  const a = crypto.createHash('sha256').update(m[1] ?? '').digest();
  const b = crypto.createHash('sha256').update(token).digest();
  return crypto.timingSafeEqual(a, b);
}

/**
 * GET /healthz: the process runs (200 while it can answer at all). GET /readyz: it should receive traffic (every
 * probe passes and it is not draining), 503 naming the failed probes otherwise. GET /metrics: the Prometheus text
 * exposition, for the bearer of `metricsToken` when one is configured, else from loopback only; anyone else sees
 * a 404, as if nothing were there.
 */
export function opsRouter(deps: { readiness: Readiness; metrics: OpsMetrics; metricsToken?: string }): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'alive' });
  });
  router.get('/readyz', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const report = await deps.readiness.report();
    if (report.ready) {
      res.json({ status: 'ready', checks: report.checks });
      return;
    }
    const failed = report.checks.filter((c) => !c.ok);
    const why = [...(report.draining ? ['draining for shutdown'] : []), ...failed.map((c) => `${c.name}: ${c.reason ?? 'failed'}`)];
    send(res, problem('ERR_UNAVAILABLE', `Not ready: ${why.join('; ')}`, { draining: report.draining, checks: report.checks }));
  });
  router.get('/metrics', async (req, res) => {
    const allowed = deps.metricsToken ? bearerMatches(req.headers.authorization, deps.metricsToken) : isLoopback(req.socket.remoteAddress);
    if (!allowed) {
      send(res, problem('ERR_NOT_FOUND', 'There is nothing at this address'));
      return;
    }
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(await deps.metrics.registry.metrics());
  });
  return router;
}

/** What createApp mounts for operations: request metrics and log first, then the ops routes. */
export interface OpsHttp {
  middleware: RequestHandler[];
  router: Router;
}

export function opsHttp(deps: { readiness: Readiness; metrics: OpsMetrics; metricsToken?: string; logger?: Logger }): OpsHttp {
  return {
    middleware: [requestMetrics(deps.metrics), ...(deps.logger ? [requestLog(deps.logger)] : [])],
    router: opsRouter(deps),
  };
}

import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { identify, type Caller } from './auth.js';
import { parse } from './validate.js';
import { IDEMPOTENCY_TTL_MS, idempotencyKeyOf, requestHash, type IdempotencyStore } from './idempotency.js';
import { overLimit, type RateLimit, type RateLimitStore } from './rate-limit.js';
import { AppError, isAppError } from '../errors.js';
import type { Clock } from '../clock.js';
import type { RegistryService } from '../registry/index.js';

export type Auth = 'public' | 'admin' | 'staff' | 'any';

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  tag: string;
  auth: Auth;
  body?: B;
  query?: Q;
  params?: P;
  /** Documented success status (201 for creation). */
  status?: number;
}

export interface Ctx<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  caller: Caller | null;
  req: Request;
  res: Response;
}

export interface Reply {
  status?: number;
  body?: unknown;
  /** Content type; JSON when omitted. */
  type?: string;
  headers?: Record<string, string>;
}

interface Documented {
  spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>;
}

/** A route as the guards name it: `post /evaluations/:id/certify`. */
export const routeName = (spec: { method: string; path: string }): string => `${spec.method} ${spec.path}`;

/**
 * Abuse limits applied by route name, so route handlers know nothing of them: a per-caller rate limit on the write
 * routes, and `Idempotency-Key` on the creating ones.
 */
export interface RouteGuards {
  clock: Clock;
  writeRoutes: ReadonlySet<string>;
  writeLimit: RateLimit;
  rateLimitStore: RateLimitStore;
  idempotentRoutes: ReadonlySet<string>;
  /** Without one, `Idempotency-Key` is ignored. */
  idempotency?: IdempotencyStore;
}

/** Routes register themselves here so `/openapi.json` always describes what is really served. */
export class RouteTable {
  readonly routes: Documented[] = [];

  constructor(
    private readonly router: Router,
    private readonly auth: { adminToken: string; registry: RegistryService },
    private readonly guards?: RouteGuards,
  ) {}

  /** parse → call the handler → send: every route has this shape, and nothing else. */
  add<B extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown, P extends z.ZodType = z.ZodUnknown>(
    spec: RouteSpec<B, Q, P>,
    handler: (ctx: Ctx<z.output<B>, z.output<Q>, z.output<P>>) => Promise<Reply | undefined>,
  ): void {
    this.routes.push({ spec: spec as unknown as RouteSpec<z.ZodType, z.ZodType, z.ZodType> });
    const name = routeName(spec);
    const g = this.guards;
    this.router[spec.method](spec.path, async (req, res) => {
      const caller = spec.auth === 'public' ? null : await identify(req, this.auth.adminToken, this.auth.registry);
      // Who called, for the audit entry of a refusal.
      res.locals.actor = caller?.kind === 'admin' ? 'authority' : caller?.kind === 'staff' ? caller.staff.id : undefined;
      res.locals.bodyId = caller?.kind === 'staff' ? caller.body.id : undefined;
      // Per API key (the authority's token counts as one key), never per address: a key is who is accountable.
      if (g && caller && g.writeRoutes.has(name)) {
        const wait = await overLimit(g.rateLimitStore, caller.kind === 'admin' ? 'authority' : `key:${caller.apiKeyId}`, g.writeLimit, g.clock);
        if (wait !== null) {
          res.setHeader('Retry-After', String(wait));
          throw new AppError('ERR_RATE_LIMITED', `More than ${g.writeLimit.limit} write requests in ${g.writeLimit.windowMs / 1000} s from this API key; retry in ${wait} s`, { details: { retryAfterSeconds: wait } });
        }
      }
      const ctx = {
        body: spec.body ? parse(spec.body, req.body, 'body') : req.body,
        query: spec.query ? parse(spec.query, req.query, 'query') : req.query,
        params: spec.params ? parse(spec.params, req.params, 'params') : req.params,
        caller,
        req,
        res,
      } as Ctx<z.output<B>, z.output<Q>, z.output<P>>;
      const key = g?.idempotency && caller && g.idempotentRoutes.has(name) ? idempotencyKeyOf(req.headers['idempotency-key']) : null;
      const reply = key && caller ? await runOnce(g!.idempotency!, g!.clock, caller, key, () => handler(ctx), req, res) : await handler(ctx);
      if (!reply || res.headersSent) return;
      for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
      res.status(reply.status ?? 200);
      if (reply.type) res.type(reply.type).send(reply.body);
      else res.json(reply.body);
    });
  }
}


/**
 * Runs a creating request at most once per (caller, key). The key is reserved (committed) before the operation
 * runs, so a concurrent duplicate, or a retry after a crash between the operation and its recorded answer, gets
 * 409 ERR_IDEMPOTENCY_IN_PROGRESS rather than a second operation; a finished answer is replayed as it was.
 */
async function runOnce(store: IdempotencyStore, clock: Clock, caller: Caller, key: string, run: () => Promise<Reply | undefined>, req: Request, res: Response): Promise<Reply | undefined> {
  const who = caller.kind === 'admin' ? 'authority' : `staff:${caller.staff.id}`;
  const hash = requestHash(req.method, req.path, req.body);
  const now = clock();
  const r = await store.reserve(who, key, hash, now.toISOString(), new Date(now.getTime() + IDEMPOTENCY_TTL_MS).toISOString());
  if (r.kind === 'existing') {
    if (r.requestHash !== hash) throw new AppError('ERR_IDEMPOTENCY_MISMATCH', 'This Idempotency-Key was used for another request; use a new key for a new request');
    if (!r.answer) throw new AppError('ERR_IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is in progress (or was interrupted); retry later or check its result');
    return { status: r.answer.status, body: r.answer.body, type: 'application/json', headers: { 'Idempotent-Replayed': 'true' } };
  }
  let reply: Reply | undefined;
  try {
    reply = await run();
  } catch (e) {
    // A refused request stored nothing (promise 11 of docs/reliability.md), so the key is free again; anything else keeps it reserved.
    if (isAppError(e)) await store.release(who, key);
    throw e;
  }
  if (!reply || res.headersSent || reply.type) {
    await store.release(who, key);
    return reply;
  }
  const body = JSON.stringify(reply.body);
  await store.complete(who, key, { status: reply.status ?? 200, body });
  return { ...reply, body, type: 'application/json' };
}

export function openApiDocument(table: RouteTable, publicUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { spec } of table.routes) {
    const p = spec.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const params = [...spec.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const query = spec.query ? toSchema(spec.query) : null;
    const queryParams = query && typeof query === 'object' && 'properties' in query
      ? Object.entries(query.properties as Record<string, unknown>).map(([name, schema]) => ({ name, in: 'query', required: false, schema }))
      : [];
    paths[p] ??= {};
    paths[p]![spec.method] = {
      summary: spec.summary,
      tags: [spec.tag],
      ...(spec.auth === 'public' ? { security: [] } : {}),
      parameters: [...params, ...queryParams],
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(spec.body) } } } } : {}),
      responses: {
        [String(spec.status ?? 200)]: { description: 'Success' },
        default: { description: 'An RFC 9457 problem with our stable `code`', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Avala', version: '0.1.0', description: 'Competency certificates as W3C Verifiable Credentials' },
    servers: [{ url: publicUrl }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The authority admin token, or a staff API key (avk_…)' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'code', 'detail'],
          properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, code: { type: 'string' }, detail: { type: 'string' }, instance: { type: 'string' }, details: { type: 'object' } },
        },
      },
    },
  };
}

function toSchema(s: z.ZodType): unknown {
  try {
    return z.toJSONSchema(s, { unrepresentable: 'any', io: 'input' });
  } catch {
    return {};
  }
}

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import type { ErrorRequestHandler, Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import { identify, type Caller } from './auth.js';
import { parse } from './validate.js';
import { IDEMPOTENCY_TTL_MS, idempotencyKeyOf, requestHash, type IdempotencyStore } from './idempotency.js';
import { overLimit, type RateLimit, type RateLimitStore } from './rate-limit.js';
import { AppError, isAppError, type ErrorCode } from '../errors.js';
import { problemDocument, problemReplyOf, problemStatus } from './problem.js';
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
  /** Express middleware run first, for a library that answers by itself (the verifier's per-address rate limit). */
  before?: readonly RequestHandler[];
}

export interface Ctx<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  caller: Caller | null;
  /** To read (Accept, If-None-Match, a streamed upload); a handler answers only by returning a Reply. */
  req: Request;
}

interface ReplyBase {
  status?: number;
  headers?: Readonly<Record<string, string>>;
  /** Set-Cookie values, each a whole cookie (the console's session and form token). */
  cookies?: readonly string[];
}
/** JSON, the API's usual answer (`kind` may be left out). */
export interface JsonReply extends ReplyBase {
  kind?: 'json';
  body: unknown;
  /** A JSON media type other than application/json (`application/did+json`). */
  contentType?: string;
  // A reply with `type` is bytes; without `kind: 'bytes'` it would be sent as a JSON string, so the compiler refuses it.
  type?: never;
}
/** A body already encoded, with its media type: a PDF, an image, a script, CSV, a signed JWT. */
export interface BytesReply extends ReplyBase {
  kind: 'bytes';
  type: string;
  body: string | Buffer;
}
/**
 * A body made while it is sent (the console's ZIP of a batch's PDFs): the download starts at once and memory stays
 * flat. A failure part-way ends the connection, so the client sees a broken download, never a whole-looking one.
 */
export interface StreamReply extends ReplyBase {
  kind: 'stream';
  type: string;
  body: AsyncIterable<Uint8Array>;
}
export interface HtmlReply extends ReplyBase {
  kind: 'html';
  body: string;
}
/** An RFC 9457 problem with our stable code, returned where a refusal carries more than an error would (a report). */
export interface ProblemReply extends ReplyBase {
  kind: 'problem';
  /** `ERR_INTERNAL` is the 500 that no client input should ever reach. */
  code: ErrorCode | 'ERR_INTERNAL';
  detail: string;
  extra?: Record<string, unknown>;
}
/**
 * OAuth's own error JSON (RFC 6749 §5.2, `{error, error_description}`), which wallets read on the OpenID4VCI
 * endpoints instead of problem+json; a 401 carries its `WWW-Authenticate` challenge in `headers`.
 */
export interface OAuthErrorReply extends ReplyBase {
  kind: 'oauth-error';
  status: number;
  error: string;
  description?: string;
}
/** No body: a preflight's 204, a conditional GET's 304. */
export interface EmptyReply extends ReplyBase {
  kind: 'empty';
  status: 204 | 304;
}
/** See Other after a form post (the console's sign-in), or a page that lives elsewhere; `location` is a path. */
export interface RedirectReply extends ReplyBase {
  kind: 'redirect';
  status?: 302 | 303;
  location: string;
}
/** What a route answers. Handlers return one; `send` alone writes it to the response. */
export type Reply = JsonReply | BytesReply | StreamReply | HtmlReply | ProblemReply | OAuthErrorReply | EmptyReply | RedirectReply;

export const bytes = (type: string, body: string | Buffer, rest: ReplyBase = {}): BytesReply => ({ kind: 'bytes', type, body, ...rest });
export const html = (body: string, rest: ReplyBase = {}): HtmlReply => ({ kind: 'html', body, ...rest });
export const redirect = (location: string, rest: Omit<RedirectReply, 'kind' | 'location'> = {}): RedirectReply => ({ kind: 'redirect', location, ...rest });
export const problem = (code: ErrorCode, detail: string, extra?: Record<string, unknown>): ProblemReply => ({ kind: 'problem', code, detail, ...(extra ? { extra } : {}) });

/** The one place a Reply becomes bytes on the wire. */
export function send(res: Response, reply: Reply): void {
  if (res.headersSent) return;
  if (reply.cookies && reply.cookies.length > 0) res.append('Set-Cookie', [...reply.cookies]);
  switch (reply.kind) {
    case undefined:
    case 'json':
      res.set(reply.headers ?? {}).status(reply.status ?? 200);
      if (reply.contentType) res.type(reply.contentType);
      res.json(reply.body);
      return;
    case 'bytes':
      res.set(reply.headers ?? {}).status(reply.status ?? 200).type(reply.type).send(reply.body);
      return;
    case 'html':
      res.set(reply.headers ?? {}).status(reply.status ?? 200).type('text/html; charset=utf-8').send(reply.body);
      return;
    case 'stream':
      res.set(reply.headers ?? {}).status(reply.status ?? 200).type(reply.type);
      // A client gone mid-way ends the source too (pipeline destroys it): nothing goes on being made for no one.
      pipeline(Readable.from(reply.body), res, () => {});
      return;
    case 'problem': {
      const status = problemStatus(reply);
      // Server-side faults say when to come back (the error contract's 503).
      res.set(status === 503 ? { 'Retry-After': '30', ...reply.headers } : (reply.headers ?? {}));
      res.status(status).type('application/problem+json').send(JSON.stringify(problemDocument(status, reply.code, reply.detail, res.locals.requestId, reply.extra)));
      return;
    }
    case 'oauth-error':
      res.set(reply.headers ?? {}).status(reply.status).json(reply.description === undefined ? { error: reply.error } : { error: reply.error, error_description: reply.description });
      return;
    case 'empty':
      res.set(reply.headers ?? {}).status(reply.status).end();
      return;
    case 'redirect':
      // Only a path of this origin: a redirect never takes a browser to another site.
      if (!/^\/(?![/\\])/.test(reply.location)) throw new TypeError(`redirect to a path of this origin, not ${reply.location}`);
      res.set(reply.headers ?? {}).status(reply.status ?? 303).location(reply.location).end();
      return;
  }
}

/**
 * A plain Express route whose handler returns a Reply, for the routers outside the RouteTable (OpenID4VCI, which
 * parses its own bodies; the claim page). `null` means "not mine": the next route with the path answers.
 */
export function handle(fn: (req: Request) => Reply | null | Promise<Reply | null>): RequestHandler {
  return async (req, res, next) => {
    const reply = await fn(req);
    if (reply === null) next();
    else send(res, reply);
  };
}

/** After every route: nothing here. Thrown, so it is answered (and counted) like every other refusal. */
export const notFound: RequestHandler = () => {
  throw new AppError('ERR_NOT_FOUND', 'There is nothing at this address');
};

/**
 * The last middleware: what was thrown becomes a problem (`problemReplyOf`), a 401 or 403 is first recorded by
 * `onDenied` (the audit log), and `send` writes it.
 */
export function problemHandler(log: (line: string) => void, onDenied?: (req: Request, res: Response, code: string) => Promise<void>): ErrorRequestHandler {
  return async (err, req, res, _next) => {
    const reply = problemReplyOf(err, log, String(res.locals.requestId));
    if (reply.kind === 'problem' && onDenied) {
      const status = problemStatus(reply);
      if (status === 401 || status === 403) await onDenied(req, res, reply.code).catch((auditErr: unknown) => log(`audit append failed request=${res.locals.requestId}: ${String(auditErr)}`));
    }
    send(res, reply);
  };
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
    handler: (ctx: Ctx<z.output<B>, z.output<Q>, z.output<P>>) => Promise<Reply>,
  ): void {
    this.routes.push({ spec: spec as unknown as RouteSpec<z.ZodType, z.ZodType, z.ZodType> });
    const name = routeName(spec);
    const g = this.guards;
    this.router[spec.method](spec.path, ...(spec.before ?? []), async (req: Request, res: Response) => {
      const caller = spec.auth === 'public' ? null : await identify(req, this.auth.adminToken, this.auth.registry);
      // Who called, for the audit entry of a refusal.
      res.locals.actor = caller?.kind === 'admin' ? 'authority' : caller?.kind === 'staff' ? caller.staff.id : undefined;
      res.locals.bodyId = caller?.kind === 'staff' ? caller.body.id : undefined;
      // Per API key (the authority's token counts as one key), never per address: a key is who is accountable.
      if (g && caller && g.writeRoutes.has(name)) {
        const wait = await overLimit(g.rateLimitStore, caller.kind === 'admin' ? 'authority' : `key:${caller.apiKeyId}`, g.writeLimit, g.clock);
        if (wait !== null) {
          throw new AppError('ERR_RATE_LIMITED', `More than ${g.writeLimit.limit} write requests in ${g.writeLimit.windowMs / 1000} s from this API key; retry in ${wait} s`, { details: { retryAfterSeconds: wait } });
        }
      }
      const ctx = {
        body: spec.body ? parse(spec.body, req.body, 'body') : req.body,
        query: spec.query ? parse(spec.query, req.query, 'query') : req.query,
        params: spec.params ? parse(spec.params, req.params, 'params') : req.params,
        caller,
        req,
      } as Ctx<z.output<B>, z.output<Q>, z.output<P>>;
      const key = g?.idempotency && caller && g.idempotentRoutes.has(name) ? idempotencyKeyOf(req.headers['idempotency-key']) : null;
      send(res, key && caller ? await runOnce(g!.idempotency!, g!.clock, caller, key, () => handler(ctx), req) : await handler(ctx));
    });
  }
}

/**
 * Runs a creating request at most once per (caller, key). The key is reserved (committed) before the operation
 * runs, so a concurrent duplicate, or a retry after a crash between the operation and its recorded answer, gets
 * 409 ERR_IDEMPOTENCY_IN_PROGRESS rather than a second operation; a finished answer is replayed as it was.
 */
async function runOnce(store: IdempotencyStore, clock: Clock, caller: Caller, key: string, run: () => Promise<Reply>, req: Request): Promise<Reply> {
  const who = caller.kind === 'admin' ? 'authority' : `staff:${caller.staff.id}`;
  const hash = requestHash(req.method, req.path, req.body);
  const now = clock();
  const r = await store.reserve(who, key, hash, now.toISOString(), new Date(now.getTime() + IDEMPOTENCY_TTL_MS).toISOString());
  if (r.kind === 'existing') {
    if (r.requestHash !== hash) throw new AppError('ERR_IDEMPOTENCY_MISMATCH', 'This Idempotency-Key was used for another request; use a new key for a new request');
    if (!r.answer) throw new AppError('ERR_IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is in progress (or was interrupted); retry later or check its result');
    return bytes('application/json', r.answer.body, { status: r.answer.status, headers: { 'Idempotent-Replayed': 'true' } });
  }
  let reply: Reply;
  try {
    reply = await run();
  } catch (e) {
    // A refused request stored nothing (promise 11 of docs/reliability.md), so the key is free again; anything else keeps it reserved.
    if (isAppError(e)) await store.release(who, key);
    throw e;
  }
  // Only a JSON answer is recorded for replay; a returned refusal frees the key as a thrown one does.
  if (reply.kind !== undefined && reply.kind !== 'json') {
    await store.release(who, key);
    return reply;
  }
  const body = JSON.stringify(reply.body);
  await store.complete(who, key, { status: reply.status ?? 200, body });
  // The first answer is the same bytes as every replay of it.
  return bytes('application/json', body, { status: reply.status, headers: reply.headers });
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

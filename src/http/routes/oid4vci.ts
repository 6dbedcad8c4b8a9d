import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { claimPage, type ClaimPageDeps } from '../../delivery/claim-page/index.js';
import { LANGS, LOCALES, pickLang } from '../../lang.js';
import { CLAIM_PAGE_CSP, CLAIM_PAGE_CSS, renderClaim } from '../../web/index.js';
import { OAuthError, OFFER_REFERENCE_PATH, OID4VCI_PATHS, type Oid4vciService } from '../../delivery/oid4vci/index.js';
import { jsonDepthExceeds } from '../validate.js';
import { storageFault } from '../problem.js';
import { bytes, handle, html, send, type OAuthErrorReply, type Reply, type RouteTable } from '../route.js';
import { staffActor } from './issuance.js';

/** RFC 6750 §3.1: a missing or bad token is 401 with a challenge; every other refusal on these endpoints is 400. */
const OAUTH_STATUS: Partial<Record<OAuthError['code'], number>> = { invalid_token: 401, invalid_client: 401, insufficient_scope: 403 };

const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };
const METADATA_CACHE = { 'Cache-Control': 'public, max-age=300' };

/**
 * The wallet-facing OpenID4VCI endpoints: issuer and authorization server metadata, token, nonce and credential.
 * They answer OAuth error JSON (`{"error": "invalid_grant", …}`), as wallets expect, not our problem+json. The
 * router parses its own bodies (the token endpoint takes a form, which the API's JSON-only gate would refuse), so
 * mount it before that gate.
 */
export function oid4vciRouter(svc: Oid4vciService, opts: { log?: (line: string) => void } = {}): Router {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const router = express.Router();
  const paths: string[] = Object.values(OID4VCI_PATHS);

  const preflight = wallet(() => ({ kind: 'empty', status: 204, headers: { 'Access-Control-Allow-Methods': 'GET, POST', 'Access-Control-Allow-Headers': 'Authorization, Content-Type, DPoP', 'Access-Control-Max-Age': '600' } }));
  for (const path of paths) router.options(path, preflight);

  router.get(OID4VCI_PATHS.issuerMetadata, wallet(() => ({ body: svc.issuerMetadata(), headers: METADATA_CACHE })));
  router.get(OID4VCI_PATHS.authorizationServerMetadata, wallet(() => ({ body: svc.authorizationServerMetadata(), headers: METADATA_CACHE })));

  router.post(
    OID4VCI_PATHS.token,
    express.urlencoded({ extended: false, limit: '16kb', type: 'application/x-www-form-urlencoded', parameterLimit: 50 }),
    wallet(async (req) => {
      if (!req.is('application/x-www-form-urlencoded')) throw new OAuthError('invalid_request', 'Send the token request as application/x-www-form-urlencoded');
      const form = req.body as Record<string, unknown> | undefined;
      // RFC 6749 §3.2: a parameter sent twice makes the request invalid.
      const repeated = Object.entries(form ?? {}).find(([, v]) => typeof v !== 'string');
      if (repeated) throw new OAuthError('invalid_request', `Parameter ${repeated[0]} is repeated`);
      return { body: await svc.token(form ?? {}, headersOf(req)), headers: NO_STORE };
    }),
  );

  router.post(OID4VCI_PATHS.nonce, wallet(async () => ({ body: await svc.nonce(), headers: NO_STORE })));

  router.post(
    OID4VCI_PATHS.credential,
    express.json({ limit: '64kb', type: ['application/json'], strict: true }),
    wallet(async (req) => {
      if (!req.is('application/json')) {
        // An encrypted request (application/jwt) is something this issuer does not offer.
        throw new OAuthError(req.is('application/jwt') ? 'invalid_encryption_parameters' : 'invalid_credential_request', 'Send the credential request as application/json');
      }
      if (jsonDepthExceeds(req.body)) throw new OAuthError('invalid_credential_request', 'The JSON body is nested too deeply');
      return { body: await svc.credential(req.headers.authorization, req.body), headers: NO_STORE };
    }),
  );

  router.use(paths, (err: unknown, req: Request, res: Response, _next: NextFunction) => send(res, withCors(oauthErrorReply(err, req, log, String(res.locals.requestId)))));
  return router;
}

// Browser-based wallets call these cross-origin. Bearer tokens, no cookies: a wildcard origin grants nothing.
const withCors = <R extends Reply>(reply: R): R => ({ ...reply, headers: { ...reply.headers, 'Access-Control-Allow-Origin': '*' } });
const wallet = (fn: (req: Request) => Reply | Promise<Reply>) => handle(async (req) => withCors(await fn(req)));

/** What these endpoints answer for anything thrown: OAuth's error JSON, never problem+json. */
function oauthErrorReply(err: unknown, req: Request, log: (line: string) => void, requestId: string): OAuthErrorReply {
  const e = asOAuthError(err, req);
  if (e) {
    const status = OAUTH_STATUS[e.code] ?? 400;
    // RFC 6750 §3.1: a request that sent no credentials at all gets the bare challenge.
    const challenge: Record<string, string> = status === 401 ? { 'WWW-Authenticate': req.headers.authorization ? `Bearer error="${e.code}", error_description="${e.description}"` : 'Bearer' } : {};
    return { kind: 'oauth-error', status, error: e.code, description: e.description, headers: { ...NO_STORE, ...challenge } };
  }
  const fault = storageFault(err);
  if (fault) {
    log(`storage fault ${fault} request=${requestId}`);
    return { kind: 'oauth-error', status: 503, error: 'temporarily_unavailable', description: 'Try again shortly', headers: { ...NO_STORE, 'Retry-After': '30' } };
  }
  log(`internal error request=${requestId}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return { kind: 'oauth-error', status: 500, error: 'server_error', headers: NO_STORE };
}

/** Body-parser failures are the client's: too large, not JSON, a charset we do not read. */
function asOAuthError(err: unknown, req: Request): OAuthError | null {
  if (err instanceof OAuthError) return err;
  const type = (err as { type?: string }).type;
  // req.path is relative to the mount point here; the original URL is not.
  const generic = req.originalUrl.split('?')[0]!.endsWith(OID4VCI_PATHS.credential) ? 'invalid_credential_request' : 'invalid_request';
  switch (type) {
    case 'entity.too.large':
      return new OAuthError(generic, 'The request body is too large');
    case 'entity.parse.failed':
      return new OAuthError(generic, 'The request body could not be parsed');
    case 'parameters.too.many':
      return new OAuthError(generic, 'Too many parameters');
    case 'encoding.unsupported':
    case 'charset.unsupported':
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new OAuthError(generic, 'The request body could not be read');
    default:
      return null;
  }
}

function headersOf(req: Request): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (typeof v === 'string') h.set(k, v);
  }
  return h;
}

// An empty body means the default: with a PIN.
const OfferRequest = z.object({ txCode: z.boolean().default(true) }).strict().default({ txCode: true });

/**
 * The body's staff make a wallet offer to send by e-mail or SMS, with a PIN (tx_code) to send by the other channel,
 * so a single intercepted message is not enough to take the certificate.
 */
export function oid4vciStaffRoutes(t: RouteTable, svc: Oid4vciService): void {
  t.add(
    {
      method: 'post',
      path: '/credentials/:id/wallet-offer',
      tag: 'holder',
      auth: 'staff',
      status: 201,
      summary: 'An OpenID4VCI credential offer for a certificate, with a PIN to send separately (shown once)',
      params: z.object({ id: z.string().trim().min(1).max(200) }),
      body: OfferRequest,
    },
    async ({ params, body, caller }) => {
      const offer = await svc.createStaffOffer(staffActor(caller, ['admin', 'certifier']), params.id, { txCode: body.txCode });
      return {
        status: 201,
        body: { credentialOffer: offer.uri, credentialOfferByReference: offer.uriByReference, offer: offer.offer, txCode: offer.txCode, expiresAt: offer.expiresAt },
        headers: { 'Cache-Control': 'no-store' },
      };
    },
  );

  t.add(
    {
      method: 'get',
      path: `${OFFER_REFERENCE_PATH}/:reference`,
      tag: 'holder',
      auth: 'public',
      summary: 'A credential offer by reference (OpenID4VCI 1.0 §4.1.3): the offer object a wallet fetches, while the offer is unused',
      params: z.object({ reference: z.string().max(100) }),
    },
    // The reference is a secret like the pre-authorized code it leads to: never cached. Wallets in a browser fetch it cross-origin.
    async ({ params }) => ({ body: await svc.offerByReference(params.reference), headers: { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' } }),
  );
}

/**
 * `GET /claim/:token` for browsers: the worker's page (delivery/claim-page finds what it shows, web/claim renders it). It answers only when the client prefers
 * HTML; an API client (Accept: application/json, or anything else) falls through to the JSON route, so mount this
 * before the API routes. Also serves the page's one stylesheet.
 */
export function claimPageRouter(deps: ClaimPageDeps): Router {
  const router = express.Router();
  router.get('/assets/claim-page.css', handle(() => bytes('text/css; charset=utf-8', CLAIM_PAGE_CSS, { headers: { 'Cache-Control': 'public, max-age=86400' } })));
  router.get(
    '/claim/:token',
    handle(async (req) => {
      // Not a browser: the JSON route at the same path answers (and says, too, that the answer depends on Accept).
      if (req.accepts(['json', 'html']) !== 'html') return null;
      const lang = pickLang(req.query.lang, req.acceptsLanguages(...LANGS));
      const page = renderClaim(await claimPage(deps, String(req.params.token)), lang);
      return html(page.html, {
        status: page.status,
        headers: {
          'Content-Security-Policy': CLAIM_PAGE_CSP,
          'Cache-Control': 'private, no-store',
          // The token is in the URL: it must not leak to another site through Referer.
          'Referrer-Policy': 'no-referrer',
          'X-Frame-Options': 'DENY',
          'X-Robots-Tag': 'noindex, nofollow',
          'Content-Language': LOCALES[lang],
          Vary: 'Accept',
        },
      });
    }),
  );
  return router;
}

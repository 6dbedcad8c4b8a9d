import crypto from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { AppError, isAppError } from '../../errors.js';
import { authorityDashboard, bodyDashboard, normalizeEmail, tokensMatch, type ConsoleService, type ConsoleSession, type DashboardDeps } from '../../console/index.js';
import type { AuditEvent } from '../../audit/index.js';
import type { BatchService, IssuanceService, StaffActor } from '../../issuance/index.js';
import type { StatusService } from '../../status/index.js';
import type { StaffRole } from '../../registry/index.js';
import { consoleWorkRoutes } from './console-work.js';
import { consoleAuthorityRoutes } from './console-authority.js';
import { consoleOversightRoutes, type OversightRouteDeps } from './console-oversight.js';
import { isAccreditedAt, type RegistryService } from '../../registry/index.js';
import { parse } from '../validate.js';
import { NewEvaluation } from './issuance.js';
import { LANGS, LOCALES, pickLang, type Lang } from '../../lang.js';
import {
  CONSOLE_CSP,
  CONSOLE_CSS,
  CONSOLE_WORK_CSS,
  CONSOLE_AUTHORITY_CSS,
  OVERSIGHT_CSS,
  CONSOLE_MESSAGES,
  hrefIn,
  renderAuthorityDashboard,
  renderBodyDashboard,
  renderCertifyList,
  renderCertifyResult,
  renderEvaluationForm,
  type CertifyRow,
  type ConsoleMessages,
  renderLanding,
  type LandingStatistics,
  renderLogin,
  renderMessagePage,
  renderSetPassword,
  type FieldErrors,
} from '../../web/index.js';
import { problemReplyOf, problemStatus } from '../problem.js';
import { bytes, handle, html, problem, redirect, send, type Reply } from '../route.js';
import type { ErrorCode } from '../../errors.js';

export interface ConsoleRouteDeps {
  console: ConsoleService;
  dashboard: DashboardDeps;
  /** The services the API's own routes call: the console's forms go through the very same methods. */
  issuance: IssuanceService;
  registry: RegistryService;
  batches: BatchService;
  status: StatusService;
  /** https: cookies are `__Host-` prefixed and Secure. */
  publicUrl: string;
  /** Secure cookies even when the public URL is http (a TLS proxy in front). */
  production: boolean;
  log: (line: string) => void;
  /** Wallet offers for a certificate (the API's `POST /credentials/{id}/offer`), for the certificate page. */
  oid4vci?: { createStaffOffer(actor: { bodyId: string }, credentialId: string, opts: { txCode: boolean }): Promise<{ uriByReference: string; txCode: string | null; expiresAt: string }> };
  /** The public statistics (`GET /statistics`), shown on the landing page. */
  statistics?: () => Promise<unknown>;
  /** Refusals of signed-in people (an authority page asked by a body's staff) go to the audit log. */
  audit?: (event: AuditEvent) => Promise<void>;
  /** The authority's oversight and audit log pages (console-oversight.ts); not mounted without them. */
  oversight?: OversightRouteDeps;
}

type Form = Record<string, string>;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The cookies' names and attributes: `__Host-` (Secure, Path=/, no Domain) under https. */
export function cookieNames(publicUrl: string): { session: string; csrf: string } {
  const https = publicUrl.startsWith('https://');
  return https ? { session: '__Host-avala_session', csrf: '__Host-avala_csrf' } : { session: 'avala_session', csrf: 'avala_csrf' };
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at < 1) continue;
    const name = part.slice(0, at).trim();
    // First one wins, as browsers send the most specific cookie first.
    if (!out.has(name)) out.set(name, part.slice(at + 1).trim());
  }
  return out;
}

/** The form's fields: only single string values (a repeated or missing field reads as empty). */
export function formOf(req: Request): Form {
  const body = req.body as Record<string, unknown> | undefined;
  const out: Form = {};
  if (body && typeof body === 'object') for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}

const newToken = () => crypto.randomBytes(32).toString('base64url');

/**
 * The web console, server-rendered with no script: the landing page, sign-in and sign-out, the set-password link,
 * and the dashboards. Mounted before the API's JSON-only gate (its forms are urlencoded). Every page and every
 * refusal is HTML in the visitor's language; a refused form is shown again with its errors next to their fields,
 * never a 500. Forms carry a token: before sign-in a random one also held in a cookie (double submit), after it
 * the session's own.
 */
export function consoleRouter(deps: ConsoleRouteDeps): Router {
  const router = express.Router();
  const names = cookieNames(deps.publicUrl);
  const secure = deps.publicUrl.startsWith('https://') || deps.production;
  const attrs = `Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
  const sessionCookie = (secret: string) => `${names.session}=${secret}; ${attrs}`;
  const csrfCookie = (token: string) => `${names.csrf}=${token}; ${attrs}; Max-Age=7200`;
  const clear = (name: string) => `${name}=; ${attrs}; Max-Age=0`;
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20, type: 'application/x-www-form-urlencoded' });

  const langOf = (req: Request): Lang => pickLang(req.query.lang, req.acceptsLanguages(...LANGS));
  const cookies = (req: Request) => parseCookies(req.headers.cookie);
  const sessionOf = async (req: Request): Promise<ConsoleSession | null> => deps.console.session(cookies(req).get(names.session));
  /** The anonymous form token: the browser's own if it has a well-formed one, else a new one to set. */
  const anonymousToken = (req: Request): { token: string; cookie: string[] } => {
    const had = cookies(req).get(names.csrf);
    return had && TOKEN.test(had) ? { token: had, cookie: [] } : ((t) => ({ token: t, cookie: [csrfCookie(t)] }))(newToken());
  };
  const anonymousTokenValid = (req: Request, f: Form) => {
    const had = cookies(req).get(names.csrf);
    return !!had && TOKEN.test(had) && tokensMatch(f.csrf, had);
  };

  const page = (lang: Lang, body: string, rest: { status?: number; cookies?: readonly string[]; headers?: Record<string, string> } = {}): Reply =>
    html(body, {
      status: rest.status ?? 200,
      cookies: rest.cookies,
      headers: {
        'Content-Security-Policy': CONSOLE_CSP,
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
        'X-Frame-Options': 'DENY',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Content-Language': LOCALES[lang],
        Vary: 'Accept-Language, Cookie',
        ...rest.headers,
      },
    });

  /** What any refusal of these pages looks like: an HTML page with the right status, never a problem document. */
  const errorPage = (err: unknown, req: Request, res: Response): Reply => {
    const lang = langOf(req);
    const m = CONSOLE_MESSAGES[lang];
    const reply = problemReplyOf(err, deps.log, String(res.locals.requestId));
    const status = problemStatus(reply);
    const [title, text] =
      status === 404 ? [m.notFoundTitle, m.notFoundText] : status === 403 ? [m.forbiddenTitle, reply.detail] : status < 500 ? [m.badRequestTitle, reply.detail] : [m.errorTitle, m.errorText];
    return page(lang, renderMessagePage({ lang, title, text, path: req.path }), { status, headers: reply.headers ? { ...reply.headers } : {} });
  };
  /**
   * A console page: what it throws becomes its error page. A client that does not take HTML (an API client, a
   * script) gets every refusal as the API's problem+json instead, as everywhere else.
   */
  const pageRoute = (fn: (req: Request, res: Response) => Promise<Reply>) =>
    handle(async (req) => {
      const res = req.res!;
      const browser = req.accepts(['html', 'json']) === 'html';
      let reply: Reply;
      try {
        reply = await fn(req, res);
      } catch (err) {
        return browser ? errorPage(err, req, res) : problemReplyOf(err, deps.log, String(res.locals.requestId));
      }
      const status = reply.status ?? 200;
      if (browser || reply.kind !== 'html' || status < 400) return reply;
      return { ...problem(CODE_BY_STATUS[status] ?? 'ERR_VALIDATION', 'This console form was refused; the page a browser gets says why'), headers: reply.headers?.['Retry-After'] ? { 'Retry-After': reply.headers['Retry-After'] } : {} };
    });
  /** A malformed form body (too large, a bad charset) is answered by the same error page, or problem. */
  const formErrors = (err: unknown, req: Request, res: Response, _next: NextFunction) =>
    send(res, req.accepts(['html', 'json']) === 'html' ? errorPage(err, req, res) : problemReplyOf(err, deps.log, String(res.locals.requestId)));

  router.get('/assets/console.css', handle(() => bytes('text/css; charset=utf-8', CONSOLE_CSS + CONSOLE_WORK_CSS + CONSOLE_AUTHORITY_CSS, { headers: { 'Cache-Control': 'public, max-age=3600' } })));
  router.get('/assets/console.css', handle(() => bytes('text/css; charset=utf-8', CONSOLE_CSS + CONSOLE_WORK_CSS + OVERSIGHT_CSS, { headers: { 'Cache-Control': 'public, max-age=3600' } })));

  router.get(
    '/',
    pageRoute(async (req) => {
      const lang = langOf(req);
      const s = await sessionOf(req);
      const stats = (await deps.statistics?.()) as LandingStatistics | undefined;
      return page(lang, renderLanding(lang, s?.principal ?? null, s?.csrfToken, stats));
    }),
  );

  // ---- sign-in

  const consoleHome = (s: ConsoleSession, lang: Lang) => hrefIn(s.principal.kind === 'authority' ? '/console/authority' : '/console', lang);

  router.get(
    '/login',
    pageRoute(async (req) => {
      const lang = langOf(req);
      const s = await sessionOf(req);
      if (s) return redirect(consoleHome(s, lang));
      const { token, cookie } = anonymousToken(req);
      return page(lang, renderLogin({ lang, csrf: token, notice: req.query['signed-out'] !== undefined ? CONSOLE_MESSAGES[lang].signedOut : undefined }), { cookies: cookie });
    }),
  );

  router.post(
    '/login',
    form,
    pageRoute(async (req) => {
      const lang = langOf(req);
      const m = CONSOLE_MESSAGES[lang];
      const f = formOf(req);
      const email = (f.email ?? '').slice(0, 320);
      const again = (status: number, errors: FieldErrors, headers: Record<string, string> = {}) => {
        const { token, cookie } = anonymousToken(req);
        return page(lang, renderLogin({ lang, csrf: token, email, errors }), { status, cookies: cookie, headers });
      };
      if (!anonymousTokenValid(req, f)) {
        // A stale or forged form: a fresh token, and the form again (nothing was tried).
        const t = newToken();
        return page(lang, renderLogin({ lang, csrf: t, email, errors: { form: m.errors.csrf } }), { status: 403, cookies: [csrfCookie(t)] });
      }
      const errors: FieldErrors = {};
      const normalized = normalizeEmail(email);
      if (normalized === '') errors.email = m.errors.required;
      else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(normalized)) errors.email = m.errors.email;
      if (!f.password) errors.password = m.errors.required;
      if (Object.keys(errors).length) return again(422, errors);
      try {
        const signed = await deps.console.signIn({ email: normalized, password: f.password!, ip: req.ip ?? 'unknown', presentedSecret: cookies(req).get(names.session) ?? null });
        return redirect(consoleHome(signed.session, lang), { cookies: [sessionCookie(signed.sessionSecret)] });
      } catch (err) {
        if (!isAppError(err)) throw err;
        if (err.code === 'ERR_RATE_LIMITED') {
          const wait = Number((err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 900);
          return again(429, { form: m.errors.lockedOut(Math.ceil(wait / 60)) }, { 'Retry-After': String(wait) });
        }
        if (err.code === 'ERR_UNAUTHENTICATED') {
          const left = (err.details as { attemptsLeft?: number } | undefined)?.attemptsLeft ?? 1;
          return again(401, { form: left > 0 ? m.errors.credentials : m.errors.lastAttempt });
        }
        throw err;
      }
    }),
    formErrors,
  );

  router.post(
    '/logout',
    form,
    pageRoute(async (req) => {
      const lang = langOf(req);
      const s = await sessionOf(req);
      if (s && !tokensMatch(formOf(req).csrf, s.csrfToken)) throw new AppError('ERR_FORBIDDEN', CONSOLE_MESSAGES[lang].errors.csrf);
      await deps.console.signOut(cookies(req).get(names.session));
      return redirect(hrefIn('/login?signed-out', lang), { cookies: [clear(names.session)] });
    }),
    formErrors,
  );

  // ---- set-password links

  const linkInvalid = (lang: Lang, path: string) => {
    const m = CONSOLE_MESSAGES[lang];
    return page(lang, renderMessagePage({ lang, title: m.linkInvalidTitle, text: m.linkInvalidText, path }), { status: 404 });
  };

  router.get(
    '/console/set-password',
    pageRoute(async (req) => {
      const lang = langOf(req);
      const token = typeof req.query.token === 'string' ? req.query.token : '';
      const view = await deps.console.passwordLinkView(token).catch((err: unknown) => {
        if (isAppError(err) && err.code === 'ERR_NOT_FOUND') return null;
        throw err;
      });
      if (!view) return linkInvalid(lang, '/console/set-password');
      const csrf = anonymousToken(req);
      return page(lang, renderSetPassword({ lang, csrf: csrf.token, token, name: view.name, email: view.email }), { cookies: csrf.cookie });
    }),
  );

  router.post(
    '/console/set-password',
    form,
    pageRoute(async (req) => {
      const lang = langOf(req);
      const m = CONSOLE_MESSAGES[lang];
      const f = formOf(req);
      const token = f.token ?? '';
      const view = await deps.console.passwordLinkView(token).catch(() => null);
      if (!view) return linkInvalid(lang, '/console/set-password');
      const again = (status: number, errors: FieldErrors) => {
        const csrf = anonymousToken(req);
        return page(lang, renderSetPassword({ lang, csrf: csrf.token, token, name: view.name, email: view.email, errors }), { status, cookies: csrf.cookie });
      };
      if (!anonymousTokenValid(req, f)) {
        const t = newToken();
        return page(lang, renderSetPassword({ lang, csrf: t, token, name: view.name, email: view.email, errors: { form: m.errors.csrf } }), { status: 403, cookies: [csrfCookie(t)] });
      }
      if (!f.password) return again(422, { password: m.errors.required });
      try {
        await deps.console.setPassword(token, f.password, f.confirmation ?? '');
      } catch (err) {
        if (isAppError(err) && err.code === 'ERR_VALIDATION') {
          const d = (err.details ?? {}) as { field?: string; reason?: string };
          const text = d.reason === 'too-short' ? m.errors.tooShort : d.reason === 'too-long' ? m.errors.tooLong : d.reason === 'is-email' ? m.errors.isEmail : d.reason === 'mismatch' ? m.errors.mismatch : err.message;
          return again(422, { [d.field === 'confirmation' ? 'confirmation' : 'password']: text });
        }
        if (isAppError(err) && err.code === 'ERR_NOT_FOUND') return linkInvalid(lang, '/console/set-password');
        throw err;
      }
      return page(lang, renderMessagePage({ lang, title: m.passwordSetTitle, text: m.passwordSetText, path: '/console/set-password', link: { href: hrefIn('/login', lang), label: m.signIn } }));
    }),
    formErrors,
  );

  // ---- the console

  /** The signed-in person, or a redirect to sign in. */
  const signedIn = async (req: Request): Promise<ConsoleSession | Reply> => (await sessionOf(req)) ?? redirect(hrefIn('/login', langOf(req)));
  const isReply = <T extends object>(x: T | Reply): x is Reply => 'kind' in x && typeof (x as { kind?: unknown }).kind === 'string';
  /** The authority's person, or the refusal: an authority page does not exist for a body's staff (404, audited). */
  const authorityOnly = async (req: Request, res: Response): Promise<ConsoleSession | Reply> => {
    const s = await signedIn(req);
    if (isReply(s)) return s;
    if (s.principal.kind !== 'authority') {
      res.locals.actor = s.principal.staffId;
      await deps.audit?.({ action: 'auth.denied', actor: s.principal.staffId, bodyId: s.principal.bodyId, subject: `${req.method} ${req.path}`, requestId: String(res.locals.requestId), outcome: 'denied', details: { code: 'ERR_NOT_FOUND' } }).catch(() => {});
      throw new AppError('ERR_NOT_FOUND', 'There is nothing at this address');
    }
    return s;
  };

  router.get(
    '/console',
    pageRoute(async (req) => {
      const lang = langOf(req);
      const s = await signedIn(req);
      if (isReply(s)) return s;
      if (s.principal.kind === 'authority') return redirect(hrefIn('/console/authority', lang));
      const p = s.principal;
      const data = await bodyDashboard(deps.dashboard, { staffId: p.staffId, bodyId: p.bodyId, roles: p.roles });
      return page(lang, renderBodyDashboard({ lang, principal: p, csrf: s.csrfToken, data }));
    }),
  );

  router.get(
    '/console/authority',
    pageRoute(async (req, res) => {
      const lang = langOf(req);
      const s = await authorityOnly(req, res);
      if (isReply(s)) return s;
      return page(lang, renderAuthorityDashboard({ lang, principal: s.principal, csrf: s.csrfToken, data: await authorityDashboard(deps.dashboard) }));
    }),
  );

  // ---- recording and certifying evaluations (a body's evaluators and certifiers)

  /** The signed-in body staff member, or the page's refusal: sign in, 404 for the authority, the API's 403 for a role. */
  const staffWith = async (req: Request, role: 'evaluator' | 'certifier'): Promise<{ s: ConsoleSession; p: StaffPrincipalOf; actor: StaffActor } | Reply> => {
    const s = await signedIn(req);
    if (isReply(s)) return s;
    if (s.principal.kind !== 'staff') throw new AppError('ERR_NOT_FOUND', 'There is nothing at this address');
    const p = s.principal;
    if (!p.roles.includes(role)) throw new AppError('ERR_FORBIDDEN', `This needs the ${role} role; you have ${p.roles.join(', ')}`);
    return { s, p, actor: { staffId: p.staffId, bodyId: p.bodyId, roles: p.roles } };
  };
  const checkSessionToken = (req: Request, s: ConsoleSession) => {
    if (!tokensMatch(formOf(req).csrf, s.csrfToken)) throw new AppError('ERR_FORBIDDEN', CONSOLE_MESSAGES[langOf(req)].errors.csrf);
  };

  /** The standards the body may evaluate today (accredited and in force), as the form's options. */
  const standardOptions = async (bodyId: string) => {
    const now = deps.dashboard.clock();
    const out: Array<{ value: string; label: string }> = [];
    for (const a of await deps.registry.listAccreditations({ bodyId })) {
      if (!isAccreditedAt(a, now)) continue;
      const st = await deps.registry.getStandard(a.standardId);
      out.push({ value: `${st.code}@${st.version}`, label: `${st.code} v${st.version} — ${st.title}` });
    }
    return out.sort((x, y) => x.value.localeCompare(y.value));
  };

  router.get(
    '/console/evaluations/new',
    pageRoute(async (req) => {
      const lang = langOf(req);
      const w = await staffWith(req, 'evaluator');
      if (isReply(w)) return w;
      const recorded = typeof req.query.recorded === 'string' ? await deps.issuance.getEvaluation(w.actor, req.query.recorded).catch(() => null) : null;
      return page(lang, renderEvaluationForm({ lang, principal: w.p, csrf: w.s.csrfToken, standards: await standardOptions(w.p.bodyId), notice: recorded ? CONSOLE_MESSAGES[lang].recorded(recorded.candidate.name) : undefined }));
    }),
  );

  router.post(
    '/console/evaluations',
    form,
    pageRoute(async (req, res) => {
      const lang = langOf(req);
      const m = CONSOLE_MESSAGES[lang];
      const w = await staffWith(req, 'evaluator');
      if (isReply(w)) return w;
      checkSessionToken(req, w.s);
      const f = formOf(req);
      const values = { name: f.name ?? '', curp: (f.curp ?? '').trim().toUpperCase(), email: (f.email ?? '').trim(), standard: f.standard ?? '', centre: f.centre ?? '', evaluatedOn: f.evaluatedOn ?? '', result: f.result ?? '', notes: f.notes ?? '' };
      const [code, version] = values.standard.split('@');
      // The API's request, built from the form and checked by the API's own schema.
      const request = {
        candidate: { name: values.name, curp: values.curp, email: values.email === '' ? null : values.email },
        standard: { code: code ?? '', ...(version && /^\d{1,3}$/.test(version) ? { version: Number(version) } : {}) },
        centre: values.centre,
        evaluatedOn: values.evaluatedOn,
        result: values.result,
        notes: values.notes.trim() === '' ? null : values.notes,
      };
      try {
        const e = await deps.issuance.recordEvaluation(w.actor, parse(NewEvaluation, request));
        return redirect(hrefIn(`/console/evaluations/new?recorded=${encodeURIComponent(e.id)}`, lang));
      } catch (err) {
        if (!isAppError(err)) throw err;
        const reply = problemReplyOf(err, deps.log, String(res.locals.requestId));
        return page(lang, renderEvaluationForm({ lang, principal: w.p, csrf: w.s.csrfToken, standards: await standardOptions(w.p.bodyId), values, errors: evaluationErrors(err, m) }), { status: problemStatus(reply) });
      }
    }),
    formErrors,
  );

  router.get(
    '/console/certify',
    pageRoute(async (req) => {
      const lang = langOf(req);
      const w = await staffWith(req, 'certifier');
      if (isReply(w)) return w;
      return page(lang, renderCertifyList({ lang, principal: w.p, csrf: w.s.csrfToken, ...(await certifyRows(w.actor)) }));
    }),
  );

  const certifyRows = async (actor: StaffActor): Promise<{ rows: CertifyRow[]; total: number }> => {
    const { total, evaluations } = await deps.issuance.awaitingCertification(actor, { limit: 200 });
    const names = new Map<string, string>();
    const standards = new Map<string, string>();
    const rows: CertifyRow[] = [];
    for (const e of evaluations) {
      if (!names.has(e.evaluatorId)) names.set(e.evaluatorId, (await deps.registry.getStaff(e.evaluatorId).catch(() => null))?.name ?? e.evaluatorId);
      if (!standards.has(e.standardId)) standards.set(e.standardId, await deps.registry.getStandard(e.standardId).then((st) => `${st.code} v${st.version}`, () => e.standardId));
      rows.push({ id: e.id, candidateName: e.candidate.name, standard: standards.get(e.standardId)!, centre: e.centre, evaluatedOn: e.evaluatedOn, evaluatorName: names.get(e.evaluatorId)!, selectable: e.certifiableByActor });
    }
    return { rows, total };
  };

  router.post(
    '/console/certify',
    form,
    pageRoute(async (req) => {
      const lang = langOf(req);
      const m = CONSOLE_MESSAGES[lang];
      const w = await staffWith(req, 'certifier');
      if (isReply(w)) return w;
      checkSessionToken(req, w.s);
      const raw = (req.body as Record<string, unknown> | undefined)?.evaluation;
      const ids = [...new Set((Array.isArray(raw) ? raw : [raw]).filter((x): x is string => typeof x === 'string' && x.length > 0 && x.length <= 200))].slice(0, 200);
      if (ids.length === 0) return page(lang, renderCertifyList({ lang, principal: w.p, csrf: w.s.csrfToken, ...(await certifyRows(w.actor)), errors: { form: m.certifyNothingSelected } }), { status: 422 });
      const certified: Array<{ name: string; claimUrl: string }> = [];
      const refused: Array<{ name: string; reason: string }> = [];
      // One by one, as POST /evaluations/{id}/certify does: each refusal is the API's, and the others go on.
      for (const id of ids) {
        const e = await deps.issuance.getEvaluation(w.actor, id).catch(() => null);
        try {
          const c = await deps.issuance.certify(w.actor, id);
          certified.push({ name: e?.candidate.name ?? id, claimUrl: c.claimUrl });
        } catch (err) {
          if (!isAppError(err)) throw err;
          refused.push({ name: e?.candidate.name ?? id, reason: err.message });
        }
      }
      return page(lang, renderCertifyResult({ lang, principal: w.p, csrf: w.s.csrfToken, certified, refused }), { status: certified.length ? 200 : 422 });
    }),
    formErrors,
  );

  /** The signed-in body staff member with one of `roles` (any role when null); the same refusals as `staffWith`. */
  const staffAny = async (req: Request, roles: readonly StaffRole[] | null): Promise<{ s: ConsoleSession; p: StaffPrincipalOf; actor: StaffActor } | Reply> => {
    const s = await signedIn(req);
    if (isReply(s)) return s;
    if (s.principal.kind !== 'staff') throw new AppError('ERR_NOT_FOUND', 'There is nothing at this address');
    const p = s.principal;
    if (roles && !p.roles.some((r) => roles.includes(r))) throw new AppError('ERR_FORBIDDEN', `This needs the ${roles.join(' or ')} role; you have ${p.roles.join(', ')}`);
    return { s, p, actor: { staffId: p.staffId, bodyId: p.bodyId, roles: p.roles } };
  };

  const kit: ConsoleKit = { deps, page, pageRoute, formErrors, form, langOf, staffAny, isReply, checkSessionToken, signedIn, authorityOnly };
  consoleWorkRoutes(router, kit);
  consoleAuthorityRoutes(router, kit);
  if (deps.oversight) consoleOversightRoutes(router, kit, deps.oversight);

  return router;
}

/** What the console's other route files share with this one: the pages' frame, refusals and sign-in checks. */
export interface ConsoleKit {
  deps: ConsoleRouteDeps;
  page: (lang: Lang, body: string, rest?: { status?: number; cookies?: readonly string[]; headers?: Record<string, string> }) => Reply;
  pageRoute: (fn: (req: Request, res: Response) => Promise<Reply>) => ReturnType<typeof handle>;
  formErrors: (err: unknown, req: Request, res: Response, next: NextFunction) => void;
  form: ReturnType<typeof express.urlencoded>;
  langOf: (req: Request) => Lang;
  staffAny: (req: Request, roles: readonly StaffRole[] | null) => Promise<{ s: ConsoleSession; p: StaffPrincipalOf; actor: StaffActor } | Reply>;
  isReply: <T extends object>(x: T | Reply) => x is Reply;
  checkSessionToken: (req: Request, s: ConsoleSession) => void;
  /** The signed-in person of any kind, or a redirect to sign in. */
  signedIn: (req: Request) => Promise<ConsoleSession | Reply>;
  /** The authority's signed-in person, a redirect to sign in, or 404 (audited) for a body's staff. */
  authorityOnly: (req: Request, res: Response) => Promise<ConsoleSession | Reply>;
}

/** The code of a refused form's status, for a client that asked for JSON. */
export const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = { 401: 'ERR_UNAUTHENTICATED', 403: 'ERR_FORBIDDEN', 404: 'ERR_NOT_FOUND', 409: 'ERR_CONFLICT', 422: 'ERR_VALIDATION', 429: 'ERR_RATE_LIMITED' };

export type StaffPrincipalOf = Extract<ConsoleSession['principal'], { kind: 'staff' }>;

/** Where the API's refusal of an evaluation belongs on the form, in the page's language. */
function evaluationErrors(err: AppError, m: ConsoleMessages): FieldErrors {
  const byPath: Record<string, string> = { 'candidate.name': 'name', 'candidate.curp': 'curp', 'candidate.email': 'email', 'standard.code': 'standard', 'standard.version': 'standard', standard: 'standard', centre: 'centre', evaluatedOn: 'evaluatedOn', result: 'result', notes: 'notes' };
  const out: FieldErrors = {};
  switch (err.code) {
    case 'ERR_INVALID_CURP':
      return { curp: m.fieldErrors.curp };
    case 'ERR_NOT_ACCREDITED':
      return { standard: m.fieldErrors.notAccredited };
    case 'ERR_STANDARD_NOT_PUBLISHED':
    case 'ERR_NOT_FOUND':
      return { standard: m.fieldErrors.standardUnknown };
    case 'ERR_CONFLICT':
      return { form: m.fieldErrors.conflict };
    case 'ERR_VALIDATION': {
      const problems = ((err.details as { problems?: Array<{ path: string; message: string }> } | undefined)?.problems ?? []).map((p) => ({ ...p, path: p.path.replace(/^body\./, '') }));
      for (const p of problems) {
        const f = byPath[p.path];
        if (!f || out[f]) continue;
        out[f] = f === 'email' ? m.errors.email : f === 'evaluatedOn' ? m.fieldErrors.date : /contains /.test(p.message) ? m.fieldErrors.characters : /too small|expected string|invalid option|at least/i.test(p.message) ? m.errors.required : p.message;
      }
      if (Object.keys(out).length === 0 && /date/i.test(err.message)) out.evaluatedOn = m.fieldErrors.date;
      if (Object.keys(out).length === 0) out.form = err.message;
      return out;
    }
    default:
      return { form: err.message };
  }
}

import crypto from 'node:crypto';
import express, { type Request, type Router } from 'express';
import { isAppError } from '../../errors.js';
import { tokensMatch } from '../../console/index.js';
import type { WorkerAccessService } from '../../delivery/self-service/index.js';
import { LANGS, LOCALES, pickLang, type Lang } from '../../lang.js';
import { shareLink } from '../../qr/index.js';
import {
  MY_CERTIFICATES_CSP,
  MY_CERTIFICATES_ERRORS,
  MY_CERTIFICATES_MESSAGES,
  SHARE_SCRIPT,
  SHARE_SCRIPT_PATH,
  renderWorkerCode,
  renderWorkerList,
  renderWorkerRequest,
  type FieldErrors,
} from '../../web/index.js';
import { bytes, handle, html, problem, redirect, type Reply } from '../route.js';
import { CODE_BY_STATUS, formOf, parseCookies } from './console.js';

/** The worker's page, in Spanish at its Spanish address and in English at its English one (either follows ?lang). */
const PATHS: Record<string, Lang> = { '/mis-certificados': 'es', '/my-certificates': 'en' };
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface MyCertificatesDeps {
  workers: WorkerAccessService;
  publicUrl: string;
  production: boolean;
}

/**
 * `/mis-certificados` and `/my-certificates`: CURP + e-mail, a code by e-mail, then every certificate of the
 * worker with its claim page, PDF and a share link for employers. Server-rendered forms (a small script only
 * offers the phone's share sheet); the CURP travels only in a POST body, never in an address or a log.
 */
export function myCertificatesRouter(deps: MyCertificatesDeps): Router {
  const router = express.Router();
  const https = deps.publicUrl.startsWith('https://');
  const names = https ? { session: '__Host-avala_worker', csrf: '__Host-avala_worker_csrf' } : { session: 'avala_worker', csrf: 'avala_worker_csrf' };
  const attrs = `Path=/; HttpOnly; SameSite=Lax${https || deps.production ? '; Secure' : ''}`;
  const form = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 });

  const langOf = (req: Request): Lang => pickLang(req.query.lang, PATHS[req.path] ?? req.acceptsLanguages(...LANGS));
  const cookies = (req: Request) => parseCookies(req.headers.cookie);
  /** The page's form token: the browser's own, or a new one to set (double submit; no session before the code). */
  const csrfOf = (req: Request) => {
    const had = cookies(req).get(names.csrf);
    if (had && TOKEN.test(had)) return { token: had, cookie: [] as string[] };
    const token = crypto.randomBytes(32).toString('base64url');
    return { token, cookie: [`${names.csrf}=${token}; ${attrs}; Max-Age=3600`] };
  };
  const page = (lang: Lang, body: string, rest: { status?: number; cookies?: readonly string[] } = {}): Reply =>
    html(body, {
      status: rest.status ?? 200,
      cookies: rest.cookies,
      headers: {
        'Content-Security-Policy': MY_CERTIFICATES_CSP,
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
        'X-Frame-Options': 'DENY',
        'X-Robots-Tag': 'noindex, nofollow',
        'Content-Language': LOCALES[lang],
        Vary: 'Accept-Language, Cookie',
      },
    });

  router.get(SHARE_SCRIPT_PATH, handle(() => bytes('text/javascript; charset=utf-8', SHARE_SCRIPT, { headers: { 'Cache-Control': 'public, max-age=3600' } })));

  for (const path of Object.keys(PATHS)) {
    router.get(
      path,
      handle(async (req) => {
        const lang = langOf(req);
        const csrf = csrfOf(req);
        const list = await deps.workers.certificates(cookies(req).get(names.session));
        if (!list) return page(lang, renderWorkerRequest({ lang, path, csrf: csrf.token }), { cookies: csrf.cookie });
        const certificates = list.map(({ credential: c, state, claimUrl }) => ({
          standardCode: str(achievementOf(c.dataIntegrity)?.humanCode) ?? '',
          standardTitle: str(achievementOf(c.dataIntegrity)?.name) ?? '',
          bodyName: str((c.dataIntegrity?.issuer as { name?: unknown } | undefined)?.name) ?? '',
          state,
          validUntil: c.validUntil,
          claimUrl,
          shareUrl: shareLink(deps.publicUrl, c),
        }));
        return page(lang, renderWorkerList({ lang, path, csrf: csrf.token, certificates }), { cookies: csrf.cookie });
      }),
    );

    router.post(
      path,
      form,
      handle(async (req) => {
        const reply = await post(req, path);
        // A client that does not take HTML (a script) gets a refusal as the API's problem+json, as everywhere else.
        if (req.accepts(['html', 'json']) === 'html' || (reply.status ?? 200) < 400) return reply;
        return problem(CODE_BY_STATUS[reply.status!] ?? 'ERR_VALIDATION', 'This form was refused; the page a browser gets says why');
      }),
    );
  }

  async function post(req: Request, path: string): Promise<Reply> {
    const lang = langOf(req);
    const m = MY_CERTIFICATES_MESSAGES[lang];
    const fe = MY_CERTIFICATES_ERRORS[lang];
    const f = formOf(req);
    const csrf = csrfOf(req);
    const had = cookies(req).get(names.csrf);
    if (!had || !tokensMatch(f.csrf, had)) {
      return page(lang, renderWorkerRequest({ lang, path, csrf: csrf.token, errors: { form: m.errors.csrf } }), { status: 403, cookies: csrf.cookie });
    }
    if (f.step === 'sign-out') {
      await deps.workers.signOut(cookies(req).get(names.session));
      return redirect(path, { status: 303, cookies: [`${names.session}=; ${attrs}; Max-Age=0`] });
    }
    if (f.step === 'code') {
      try {
        const session = await deps.workers.redeemCode(f.request ?? '', f.code ?? '');
        return redirect(path, { status: 303, cookies: [`${names.session}=${session}; ${attrs}`] });
      } catch (e) {
        if (!isAppError(e)) throw e;
        const left = (e.details as { triesLeft?: number } | undefined)?.triesLeft;
        const errors: FieldErrors = { code: left ? fe.triesLeft(left) : fe.code };
        return page(lang, renderWorkerCode({ lang, path, csrf: csrf.token, request: f.request ?? '', errors }), { status: 422 });
      }
    }
    const values = { curp: (f.curp ?? '').slice(0, 40), email: (f.email ?? '').slice(0, 320) };
    try {
      const request = await deps.workers.requestCode({ curp: values.curp, email: values.email, client: req.ip ?? 'unknown' });
      return page(lang, renderWorkerCode({ lang, path, csrf: csrf.token, request }));
    } catch (e) {
      if (!isAppError(e)) throw e;
      const errors: FieldErrors =
        e.code === 'ERR_RATE_LIMITED' ? { form: m.errors.rate } : (e.details as { field?: string } | undefined)?.field === 'email' ? { email: fe.email } : { curp: fe.curp };
      return page(lang, renderWorkerRequest({ lang, path, csrf: csrf.token, values, errors }), { status: e.code === 'ERR_RATE_LIMITED' ? 429 : 422 });
    }
  }
  return router;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const achievementOf = (vc: Record<string, unknown> | null) => (vc?.credentialSubject as { achievement?: Record<string, unknown> } | undefined)?.achievement;

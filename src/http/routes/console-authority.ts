import type { Request, Response, Router } from 'express';
import { AppError, isAppError } from '../../errors.js';
import { normalizeEmail, type ConsoleSession } from '../../console/index.js';
import { AUTHORITY, MIN_BODIES_PER_STANDARD, isAccreditedAt, type Body, type Staff, type StaffRole } from '../../registry/index.js';
import type { Lang } from '../../lang.js';
import {
  CONSOLE_AUTHORITY_MESSAGES,
  hrefIn,
  renderBodies,
  renderBody,
  renderCatalogue,
  renderCompromise,
  renderCoverage,
  renderInvited,
  renderKeys,
  renderStaffList,
  renderStaffMember,
  type AuthorityMessages,
  type BodyLine,
  type FieldErrors,
  type StaffRow,
} from '../../web/index.js';
import { parse } from '../validate.js';
import { problemReplyOf, problemStatus } from '../problem.js';
import { redirect, type Reply } from '../route.js';
import { AccreditationChange, NewAccreditation, NewBody, NewCommittee, NewStaff, NewStandard, StaffRoles } from './registry.js';
import { formOf, type ConsoleKit, type StaffPrincipalOf } from './console.js';

type Form = Record<string, string>;
type StaffWork = { s: ConsoleSession; p: StaffPrincipalOf; actor: { staffId: string; bodyId: string; roles: StaffRole[] } };

const line = (s: Staff): StaffRow => ({ id: s.id, name: s.name, email: s.email, roles: s.roles, state: s.state });

/** A repeated field (checkboxes), its distinct short string values. */
function many(req: Request, name: string): string[] {
  const raw = (req.body as Record<string, unknown> | undefined)?.[name];
  return [...new Set((Array.isArray(raw) ? raw : [raw]).filter((x): x is string => typeof x === 'string' && x.length > 0 && x.length <= 40))];
}

/**
 * Where an API refusal belongs on a form, in the page's language: the schema's problems by field (`fields` maps the
 * request's paths to the form's names), and the domain's codes by what they are about.
 */
function fieldErrors(err: AppError, a: AuthorityMessages, fields: Record<string, string>, byCode: Partial<Record<string, FieldErrors>> = {}): FieldErrors {
  const coded = byCode[err.code];
  if (coded) return coded;
  if (err.code !== 'ERR_VALIDATION') return { form: err.message };
  const out: FieldErrors = {};
  const problems = ((err.details as { problems?: Array<{ path: string; message: string }> } | undefined)?.problems ?? []).map((p) => ({ ...p, path: p.path.replace(/^body\./, '').replace(/\.\d+$/, '') }));
  for (const p of problems) {
    const f = fields[p.path];
    if (!f || out[f]) continue;
    out[f] = /contains /.test(p.message)
      ? a.errors.characters
      : /too big|at most/i.test(p.message)
        ? a.errors.tooLong
        : /too small|expected string|at least|required|received undefined/i.test(p.message)
          ? a.errors.required
          : /email/i.test(p.message)
            ? a.errors.email
            : /invalid option|expected one of/i.test(p.message)
              ? a.errors.choose
              : p.message;
  }
  if (Object.keys(out).length === 0) out.form = err.message;
  return out;
}

/** A date `YYYY-MM-DD` or local date-time `YYYY-MM-DDTHH:MM[:SS]` read in Mexico City's time, as an instant; null if not one. */
export function mexicoCityInstant(local: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const guess = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (guess.getUTCFullYear() !== y || guess.getUTCMonth() !== mo - 1 || guess.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  const offset = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Mexico_City', timeZoneName: 'longOffset' }).formatToParts(guess).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const mm = /GMT([+-])(\d{2}):(\d{2})/.exec(offset);
  const minutes = mm ? (mm[1] === '-' ? -1 : 1) * (Number(mm[2]) * 60 + Number(mm[3])) : 0;
  return new Date(guess.getTime() - minutes * 60_000);
}

/**
 * The body admin's staff pages and the authority's catalogue, bodies and accreditations, coverage report and keys.
 * Every action is the API's: the registry service's very methods with the API's own request schemas, so each
 * refusal is the API's (a body admin reaches only their body's staff, another body's is 404; an evaluator is 403;
 * an authority page is 404 to a body's staff), shown next to its field.
 */
export function consoleAuthorityRoutes(router: Router, kit: ConsoleKit): void {
  const { deps, page, pageRoute, formErrors, form, langOf, staffAny, isReply, checkSessionToken, authorityOnly } = kit;
  const registry = deps.registry;
  const statusOf = (err: unknown, res: Response) => problemStatus(problemReplyOf(err, deps.log, String(res.locals.requestId)));

  // ---- a body's staff (its admins)

  const admin = (req: Request) => staffAny(req, ['admin']) as Promise<StaffWork | Reply>;
  /** A form a body's admin posts: the admin, or the refusal; a form without the session's token is refused too. */
  const adminForm = async (req: Request): Promise<StaffWork | Reply> => {
    const w = await admin(req);
    if (!isReply(w)) checkSessionToken(req, w.s);
    return w;
  };
  const by = (w: StaffWork) => ({ actor: w.p.staffId, bodyId: w.p.bodyId });

  const staffPage = async (lang: Lang, w: StaffWork, extra: { values?: Form; roles?: string[]; errors?: FieldErrors; notice?: string; status?: number } = {}) =>
    page(lang, renderStaffList({ lang, principal: w.p, csrf: w.s.csrfToken, staff: (await registry.listStaff(w.p.bodyId)).map(line), values: extra.values, roles: extra.roles, errors: extra.errors, notice: extra.notice }), { status: extra.status ?? 200 });

  const memberPage = async (lang: Lang, w: StaffWork, id: string, extra: Omit<Parameters<typeof renderStaffMember>[0], 'lang' | 'principal' | 'csrf' | 'person' | 'keys'> = {}) => {
    // Within the admin's own body: another body's staff member is not found, as the API's /body/staff routes answer.
    const keys = await registry.listApiKeys(id, { bodyId: w.p.bodyId });
    const person = await registry.getStaff(id);
    return page(lang, renderStaffMember({ lang, principal: w.p, csrf: w.s.csrfToken, person: line(person), keys, ...extra }), { status: extra.status ?? 200 });
  };

  router.get(
    '/console/staff',
    pageRoute(async (req) => {
      const w = await admin(req);
      if (isReply(w)) return w;
      return staffPage(langOf(req), w);
    }),
  );

  router.post(
    '/console/staff',
    form,
    pageRoute(async (req, res) => {
      const lang = langOf(req);
      const a = CONSOLE_AUTHORITY_MESSAGES[lang];
      const w = await adminForm(req);
      if (isReply(w)) return w;
      const f = formOf(req);
      const values = { name: f.name ?? '', email: (f.email ?? '').trim() };
      const roles = many(req, 'roles');
      const again = (errors: FieldErrors, status = 422) => staffPage(lang, w, { values, roles, errors, status });
      // The API's request (POST /body/staff), checked by its schema; the console also needs the e-mail (the link goes there).
      const errors: FieldErrors = {};
      if (values.email === '') errors.email = a.errors.required;
      if (roles.length === 0) errors.roles = a.errors.roles;
      let request;
      try {
        request = parse(NewStaff, { name: values.name, email: values.email === '' ? null : normalizeEmail(values.email), roles });
      } catch (err) {
        if (!isAppError(err)) throw err;
        return again({ ...fieldErrors(err, a, { name: 'name', email: 'email', roles: 'roles' }), ...errors });
      }
      if (Object.keys(errors).length) return again(errors);
      const email = request.email!;
      if (await deps.console.accountByEmail(email).catch(() => null)) return again({ email: a.errors.emailTaken }, 409);
      let added;
      try {
        added = await registry.addStaff({ bodyId: w.p.bodyId, name: request.name, email, roles: request.roles }, w.p.staffId);
      } catch (err) {
        if (!isAppError(err)) throw err;
        return again(fieldErrors(err, a, { name: 'name', email: 'email', roles: 'roles' }), statusOf(err, res));
      }
      // Their console account and first set-password link, as `avala staff password-link --staff` makes them (e-mailed too).
      const account = await deps.console.staffAccount(added.staff.id, email, w.p.staffId);
      const link = await deps.console.passwordLink(account.id, w.p.staffId);
      return page(lang, renderInvited({ lang, principal: w.p, csrf: w.s.csrfToken, staffId: added.staff.id, name: added.staff.name, link: { url: link.url, expiresAt: link.expiresAt, emailed: link.emailed }, apiKey: added.apiKey }), { status: 201 });
    }),
    formErrors,
  );

  router.get(
    '/console/staff/:id',
    pageRoute(async (req) => {
      const w = await admin(req);
      if (isReply(w)) return w;
      const lang = langOf(req);
      const a = CONSOLE_AUTHORITY_MESSAGES[lang];
      const done = String(req.query.done ?? '');
      const notice = done === 'roles' ? a.rolesSaved : done === 'disable' ? a.disabledDone : done === 'enable' ? a.enabledDone : done.startsWith('revoked:') ? a.keyRevoked(done.slice(8, 40)) : undefined;
      return memberPage(lang, w, String(req.params.id), { notice });
    }),
  );

  router.post(
    '/console/staff/:id/roles',
    form,
    pageRoute(async (req, res) => {
      const lang = langOf(req);
      const a = CONSOLE_AUTHORITY_MESSAGES[lang];
      const w = await adminForm(req);
      if (isReply(w)) return w;
      const id = String(req.params.id);
      const roles = many(req, 'roles');
      try {
        await registry.setStaffRoles(id, parse(StaffRoles, { roles }).roles, by(w));
      } catch (err) {
        if (!isAppError(err) || err.code === 'ERR_NOT_FOUND') throw err;
        const errors = err.code === 'ERR_LAST_ADMIN' ? { roles: a.errors.lastAdmin } : err.code === 'ERR_VALIDATION' ? { roles: a.errors.roles } : { form: err.message };
        return memberPage(lang, w, id, { roles, errors, status: statusOf(err, res) });
      }
      return redirect(hrefIn(`/console/staff/${encodeURIComponent(id)}?done=roles`, lang), { status: 303 });
    }),
    formErrors,
  );

  for (const [verb, state] of [['disable', 'disabled'], ['enable', 'active']] as const) {
    router.post(
      `/console/staff/:id/${verb}`,
      form,
      pageRoute(async (req, res) => {
        const lang = langOf(req);
        const a = CONSOLE_AUTHORITY_MESSAGES[lang];
        const w = await adminForm(req);
        if (isReply(w)) return w;
        const id = String(req.params.id);
        try {
          await registry.setStaffState(id, state, by(w));
        } catch (err) {
          if (!isAppError(err) || err.code !== 'ERR_LAST_ADMIN') throw err;
          return memberPage(lang, w, id, { errors: { state: a.errors.lastAdmin }, status: statusOf(err, res) });
        }
        return redirect(hrefIn(`/console/staff/${encodeURIComponent(id)}?done=${verb}`, lang), { status: 303 });
      }),
      formErrors,
    );
  }

  router.post(
    '/console/staff/:id/password-link',
    form,
    pageRoute(async (req) => {
      const lang = langOf(req);
      const w = await adminForm(req);
      if (isReply(w)) return w;
      const id = String(req.params.id);
      const staff = await registry.listApiKeys(id, { bodyId: w.p.bodyId }).then(() => registry.getStaff(id));
      if (staff.state !== 'active') throw new AppError('ERR_CONFLICT', `Staff member ${staff.id} is disabled; enable them first`);
      const account = await deps.console.staffAccount(staff.id, null, w.p.staffId);
      const link = await deps.console.passwordLink(account.id, w.p.staffId);
      return memberPage(lang, w, id, { newLink: { url: link.url, expiresAt: link.expiresAt, emailed: link.emailed } });
    }),
    formErrors,
  );

  router.post(
    '/console/staff/:id/api-keys',
    form,
    pageRoute(async (req) => {
      const lang = langOf(req);
      const w = await adminForm(req);
      if (isReply(w)) return w;
      const id = String(req.params.id);
      const key = await registry.issueApiKey(id, w.p.staffId, { bodyId: w.p.bodyId });
      return memberPage(lang, w, id, { newKey: key, status: 201 });
    }),
    formErrors,
  );

  router.post(
    '/console/api-keys/:id/revoke',
    form,
    pageRoute(async (req) => {
      const lang = langOf(req);
      const w = await adminForm(req);
      if (isReply(w)) return w;
      const key = await registry.revokeApiKey(String(req.params.id).slice(0, 40), by(w));
      return redirect(hrefIn(`/console/staff/${encodeURIComponent(key.staffId)}?done=revoked:${encodeURIComponent(key.prefix)}`, lang), { status: 303 });
    }),
    formErrors,
  );

  // ---- the authority

  /** A form the authority posts: the person, or the refusal (404 to a body's staff); without the session's token, refused. */
  const authorityForm = async (req: Request, res: Response): Promise<ConsoleSession | Reply> => {
    const s = await authorityOnly(req, res);
    if (!isReply(s)) checkSessionToken(req, s);
    return s;
  };
  /** What the authority's changes are recorded as: the person's console account. */
  const actorOf = (s: ConsoleSession) => s.principal.accountId;
  const names = async (): Promise<Map<string, string>> => {
    const out = new Map<string, string>([[AUTHORITY, 'Autoridad / Authority']]);
    for (const acc of await deps.console.listAccounts()) out.set(acc.id, acc.name);
    return out;
  };

  // -- catalogue

  const cataloguePage = async (req: Request, lang: Lang, s: ConsoleSession, extra: Partial<Parameters<typeof renderCatalogue>[0]> & { status?: number } = {}) => {
    const [committees, standards, sectors] = await Promise.all([registry.listCommittees(), registry.listStandards(), registry.sectors()]);
    const committeeName = new Map(committees.map((c) => [c.id, c.name]));
    const sector = typeof req.query.sector === 'string' ? req.query.sector.slice(0, 100) : '';
    const side = sector
      ? await registry.sectorView(sector).then((v) => ({ sector: v.sector, standards: v.standards.map((st) => ({ code: st.code, version: st.version, title: st.title, level: st.level, committee: st.committee?.name ?? '—', bodies: st.accreditedBodies.map((b) => b.name) })) }))
      : null;
    return page(
      lang,
      renderCatalogue({
        lang,
        principal: s.principal,
        csrf: s.csrfToken,
        committees,
        standards: standards.map((st) => ({ id: st.id, code: st.code, version: st.version, title: st.title, sector: st.sector, level: st.level, state: st.state, committee: committeeName.get(st.committeeId) ?? '—' })),
        sectors,
        side,
        ...extra,
      }),
      { status: extra.status ?? 200 },
    );
  };

  router.get(
    '/console/authority/standards',
    pageRoute(async (req, res) => {
      const s = await authorityOnly(req, res);
      if (isReply(s)) return s;
      const lang = langOf(req);
      const a = CONSOLE_AUTHORITY_MESSAGES[lang];
      const done = typeof req.query.done === 'string' ? req.query.done.slice(0, 20) : '';
      const [what, code = ''] = done.split(':');
      const notice = what === 'published' ? a.published(code) : what === 'withdrawn' ? a.withdrawn(code) : what === 'draft' ? a.draftSaved(code.split('v')[0] ?? code, Number(code.split('v')[1] ?? 1)) : undefined;
      return cataloguePage(req, lang, s, { notice });
    }),
  );

  router.post(
    '/console/authority/standards',
    form,
    pageRoute(async (req, res) => {
      const lang = langOf(req);
      const a = CONSOLE_AUTHORITY_MESSAGES[lang];
      const s = await authorityForm(req, res);
      if (isReply(s)) return s;
      const f = formOf(req);
      const values = { code: (f.code ?? '').trim().toUpperCase(), version: (f.version ?? '').trim(), title: f.title ?? '', description: f.description ?? '', criteria: f.criteria ?? '', sector: f.sector ?? '', level: f.level ?? '', committeeId: f.committeeId ?? '', validityMonths: (f.validityMonths ?? '').trim() };
      const num = (x: string) => (/^\d{1,4}$/.test(x) ? Number(x) : x === '' ? undefined : Number.NaN);
      const request = {
        code: values.code,
        version: num(values.version),
        title: values.title,
        description: values.description,
        criteria: values.criteria.split(/\r?\n/).map((x) => x.trim()).filter(Boolean),
        sector: values.sector,
        level: num(values.level),
        committeeId: values.committeeId,
        validityMonths: values.validityMonths === '' ? null : num(values.validityMonths),
      };
      const fields = { code: 'code', version: 'version', title: 'title', description: 'description', criteria: 'criteria', sector: 'sector', level: 'level', committeeId: 'committeeId', validityMonths: 'validityMonths' };
      try {
        // The API's request (POST /admin/standards), by its schema, into the same service method.
        const st = await registry.createStandard(parse(NewStandard, request), actorOf(s));
        return redirect(hrefIn(`/console/authority/standards?done=draft:${st.code}v${st.version}`, lang), { status: 303 });
      } catch (err) {
        if (!isAppError(err)) throw err;
        let errors = fieldErrors(err, a, fields, { ERR_CONFLICT: { version: a.errors.taken }, ERR_NOT_FOUND: { committeeId: a.errors.choose } });
        if (err.code === 'ERR_VALIDATION') {
          if (errors.code) errors.code = /EC/.test(errors.code) || errors.code === a.errors.required ? (values.code ? a.errors.code : a.errors.required) : errors.code;
          for (const k of ['version', 'level', 'validityMonths'] as const) if (errors[k] && errors[k] !== a.errors.required) errors[k] = a.errors.number;
          if (errors.committeeId) errors.committeeId = a.errors.choose;
          if (/code/i.test(err.message) && !errors.code && Object.keys(errors).includes('form')) errors = { code: a.errors.code };
        }
        return cataloguePage(req, lang, s, { values, errors, status: statusOf(err, res) });
      }
    }),
    formErrors,
  );

  router.post(
    '/console/authority/committees',
    form,
    pageRoute(async (req, res) => {
      const lang = langOf(req);
      const a = CONSOLE_AUTHORITY_MESSAGES[lang];
      const s = await authorityForm(req, res);
      if (isReply(s)) return s;
      const f = formOf(req);
      const values = { committeeName: f.committeeName ?? '', committeeSector: f.committeeSector ?? '', committeeRegion: f.committeeRegion ?? '' };
      try {
        await registry.createCommittee(parse(NewCommittee, { name: values.committeeName, sector: values.committeeSector, region: values.committeeRegion.trim() === '' ? null : values.committeeRegion }), actorOf(s));
      } catch (err) {
        if (!isAppError(err)) throw err;
        return cataloguePage(req, lang, s, { committeeValues: values, committeeErrors: fieldErrors(err, a, { name: 'committeeName', sector: 'committeeSector', region: 'committeeRegion' }), status: statusOf(err, res) });
      }
      return redirect(hrefIn('/console/authority/standards', lang), { status: 303 });
    }),
    formErrors,
  );

  for (const [verb, to] of [['publish', 'published'], ['withdraw', 'withdrawn']] as const) {
    router.post(
      `/console/authority/standards/:id/${verb}`,
      form,
      pageRoute(async (req, res) => {
        const lang = langOf(req);
        const s = await authorityForm(req, res);
        if (isReply(s)) return s;
        try {
          const st = await registry.transitionStandard(String(req.params.id), to, actorOf(s));
          return redirect(hrefIn(`/console/authority/standards?done=${to}:${st.code}`, lang), { status: 303 });
        } catch (err) {
          if (!isAppError(err) || err.code === 'ERR_NOT_FOUND') throw err;
          return cataloguePage(req, lang, s, { errors: { form: err.message }, status: statusOf(err, res) });
        }
      }),
      formErrors,
    );
  }

  // -- bodies and accreditations

  const bodyLine = async (b: Body, now = deps.dashboard.clock()): Promise<BodyLine> => ({
    id: b.id,
    slug: b.slug,
    name: b.name,
    kind: b.kind,
    state: b.state,
    did: b.did,
    didMethod: b.didMethod,
    inForce: (await registry.listAccreditations({ bodyId: b.id })).filter((x) => isAccreditedAt(x, now)).length,
  });

  const bodiesPage = async (lang: Lang, s: ConsoleSession, extra: { values?: Form; errors?: FieldErrors; notice?: string; status?: number } = {}) =>
    page(lang, renderBodies({ lang, principal: s.principal, csrf: s.csrfToken, bodies: await Promise.all((await registry.listBodies()).map((b) => bodyLine(b))), ...extra }), { status: extra.status ?? 200 });

  const bodyPage = async (lang: Lang, s: ConsoleSession, bodyId: string, extra: { values?: Form; errors?: FieldErrors; change?: { id: string; values: Form; errors: FieldErrors }; notice?: string; status?: number } = {}) => {
    const body = await registry.getBody(bodyId);
    const now = deps.dashboard.clock();
    const standards = await registry.listStandards();
    const byId = new Map(standards.map((st) => [st.id, st]));
    const who = await names();
    const accreditations = (await registry.listAccreditations({ bodyId })).map((x) => {
      const st = byId.get(x.standardId);
      return {
        id: x.id,
        standard: st ? `${st.code} v${st.version} — ${st.title}` : x.standardId,
        state: x.state,
        inForce: isAccreditedAt(x, now),
        validFrom: x.validFrom,
        validUntil: x.validUntil,
        history: x.history.map((h) => ({ at: h.at, state: h.state, reason: h.reason, by: who.get(h.actor) ?? h.actor })),
      };
    });
    const options = standards.filter((st) => st.state === 'published').map((st) => ({ value: st.id, label: `${st.code} v${st.version} — ${st.title}` }));
    return page(lang, renderBody({ lang, principal: s.principal, csrf: s.csrfToken, body: await bodyLine(body, now), accreditations, standards: options, ...extra }), { status: extra.status ?? 200 });
  };

  router.get(
    '/console/authority/bodies',
    pageRoute(async (req, res) => {
      const s = await authorityOnly(req, res);
      if (isReply(s)) return s;
      return bodiesPage(langOf(req), s);
    }),
  );

  router.post(
    '/console/authority/bodies',
    form,
    pageRoute(async (req, res) => {
      const lang = langOf(req);
      const a = CONSOLE_AUTHORITY_MESSAGES[lang];
      const s = await authorityForm(req, res);
      if (isReply(s)) return s;
      const f = formOf(req);
      const values = { name: f.name ?? '', slug: (f.slug ?? '').trim(), kind: f.kind ?? '', didMethod: f.didMethod ?? 'web' };
      try {
        const b = await registry.createBody(parse(NewBody, { slug: values.slug, name: values.name, kind: values.kind, didMethod: values.didMethod }), actorOf(s));
        return redirect(hrefIn(`/console/authority/bodies/${encodeURIComponent(b.id)}?done=registered`, lang), { status: 303 });
      } catch (err) {
        if (!isAppError(err)) throw err;
        const errors = fieldErrors(err, a, { slug: 'slug', name: 'name', kind: 'kind', didMethod: 'didMethod' }, { ERR_CONFLICT: { slug: a.errors.slugTaken } });
        if (errors.slug && errors.slug !== a.errors.required && errors.slug !== a.errors.slugTaken) errors.slug = a.errors.slug;
        if (err.code === 'ERR_VALIDATION' && errors.form && /slug/i.test(err.message)) return bodiesPage(lang, s, { values, errors: { slug: a.errors.slug }, status: 422 });
        return bodiesPage(lang, s, { values, errors, status: statusOf(err, res) });
      }
    }),
    formErrors,
  );

  router.get(
    '/console/authority/bodies/:id',
    pageRoute(async (req, res) => {
      const s = await authorityOnly(req, res);
      if (isReply(s)) return s;
      const lang = langOf(req);
      const a = CONSOLE_AUTHORITY_MESSAGES[lang];
      const body = await registry.getBody(String(req.params.id));
      const done = String(req.query.done ?? '');
      const notice = done === 'registered' ? a.bodyRegistered(body.name) : done.startsWith('accredited:') ? a.accredited(done.slice(11, 30)) : done === 'changed' ? a.changed : undefined;
      return bodyPage(lang, s, body.id, { notice });
    }),
  );

  router.post(
    '/console/authority/bodies/:id/accreditations',
    form,
    pageRoute(async (req, res) => {
      const lang = langOf(req);
      const a = CONSOLE_AUTHORITY_MESSAGES[lang];
      const s = await authorityForm(req, res);
      if (isReply(s)) return s;
      const body = await registry.getBody(String(req.params.id));
      const f = formOf(req);
      const values = { standardId: f.standardId ?? '', validFrom: f.validFrom ?? '', validUntil: f.validUntil ?? '' };
      const errors: FieldErrors = {};
      // The form's days are Mexico City's: the period runs from the start of the first to the start of the day after the last.
      const from = mexicoCityInstant(values.validFrom);
      const untilDay = mexicoCityInstant(values.validUntil);
      if (!values.standardId) errors.standardId = a.errors.choose;
      if (!from) errors.validFrom = values.validFrom ? a.errors.date : a.errors.required;
      if (!untilDay) errors.validUntil = values.validUntil ? a.errors.date : a.errors.required;
      if (Object.keys(errors).length) return bodyPage(lang, s, body.id, { values, errors, status: 422 });
      const until = new Date(untilDay!.getTime() + 86_400_000);
      try {
        const request = parse(NewAccreditation, { bodyId: body.id, standardId: values.standardId, validFrom: from!.toISOString(), validUntil: until.toISOString() });
        const acc = await registry.accredit(request, actorOf(s));
        const st = await registry.getStandard(acc.standardId);
        return redirect(hrefIn(`/console/authority/bodies/${encodeURIComponent(body.id)}?done=accredited:${st.code}`, lang), { status: 303 });
      } catch (err) {
        if (!isAppError(err)) throw err;
        const coded = fieldErrors(err, a, { standardId: 'standardId', validFrom: 'validFrom', validUntil: 'validUntil' }, {
          ERR_INVALID_PERIOD: { validUntil: a.errors.period },
          ERR_STANDARD_NOT_PUBLISHED: { standardId: a.errors.notPublished },
          ERR_NOT_FOUND: { standardId: a.errors.choose },
          ERR_BODY_NOT_ACTIVE: { form: a.errors.bodyNotActive },
        });
        return bodyPage(lang, s, body.id, { values, errors: coded, status: statusOf(err, res) });
      }
    }),
    formErrors,
  );

  router.post(
    '/console/authority/accreditations/:id/state',
    form,
    pageRoute(async (req, res) => {
      const lang = langOf(req);
      const a = CONSOLE_AUTHORITY_MESSAGES[lang];
      const s = await authorityForm(req, res);
      if (isReply(s)) return s;
      const acc = await registry.getAccreditation(String(req.params.id));
      const f = formOf(req);
      const values = { state: f.state ?? '', reason: f.reason ?? '' };
      const refuse = (errors: FieldErrors, status: number) => bodyPage(lang, s, acc.bodyId, { change: { id: acc.id, values, errors }, status });
      // A reason is required here: the change is recorded in the accreditation's history for whoever reads it later.
      const errors: FieldErrors = {};
      if (!values.state) errors.state = a.errors.choose;
      if (values.reason.trim() === '') errors.reason = a.errors.reason;
      if (Object.keys(errors).length) return refuse(errors, 422);
      try {
        const request = parse(AccreditationChange, { state: values.state, reason: values.reason });
        await registry.changeAccreditation(acc.id, request.state, request.reason ?? null, actorOf(s));
      } catch (err) {
        if (!isAppError(err)) throw err;
        return refuse(fieldErrors(err, a, { state: 'state', reason: 'reason' }, { ERR_INVALID_TRANSITION: { state: a.errors.transition } }), statusOf(err, res));
      }
      return redirect(hrefIn(`/console/authority/bodies/${encodeURIComponent(acc.bodyId)}?done=changed#acc-${encodeURIComponent(acc.id)}`, lang), { status: 303 });
    }),
    formErrors,
  );

  // -- coverage

  router.get(
    '/console/authority/coverage',
    pageRoute(async (req, res) => {
      const s = await authorityOnly(req, res);
      if (isReply(s)) return s;
      const lang = langOf(req);
      return page(lang, renderCoverage({ lang, principal: s.principal, csrf: s.csrfToken, minimum: MIN_BODIES_PER_STANDARD, rows: await registry.coverageReport() }));
    }),
  );

  // -- keys

  const ownersView = async (lang: Lang) => {
    const a = CONSOLE_AUTHORITY_MESSAGES[lang];
    const keys = await registry.listKeys();
    const bodies = await registry.listBodies();
    const now = deps.dashboard.clock().getTime();
    const view = (owner: string, name: string, canRotate: boolean) => ({
      owner,
      name,
      canRotate,
      keys: keys
        .filter((k) => k.owner === owner)
        .map((k) => ({ id: k.id, activeFrom: k.activeFrom, activeUntil: k.activeUntil, compromisedAt: k.compromisedAt, current: Date.parse(k.activeFrom) <= now + 1000 && (k.activeUntil === null || now < Date.parse(k.activeUntil)) })),
    });
    return [view(AUTHORITY, a.authorityOwner, true), ...bodies.map((b) => view(b.id, b.name, b.didMethod === 'web'))];
  };

  const keysPage = async (lang: Lang, s: ConsoleSession, extra: { notice?: string; errors?: FieldErrors; status?: number } = {}) =>
    page(lang, renderKeys({ lang, principal: s.principal, csrf: s.csrfToken, owners: await ownersView(lang), notice: extra.notice, errors: extra.errors }), { status: extra.status ?? 200 });

  router.get(
    '/console/authority/keys',
    pageRoute(async (req, res) => {
      const s = await authorityOnly(req, res);
      if (isReply(s)) return s;
      const lang = langOf(req);
      const a = CONSOLE_AUTHORITY_MESSAGES[lang];
      const rotated = typeof req.query.rotated === 'string' ? req.query.rotated.slice(0, 500) : '';
      const compromised = typeof req.query.compromised === 'string' ? req.query.compromised.slice(0, 500) : '';
      const at = typeof req.query.at === 'string' ? req.query.at.slice(0, 40) : '';
      const notice = [compromised ? a.compromised(compromised, at) : '', rotated ? a.rotated(rotated) : ''].filter(Boolean).join(' ') || undefined;
      return keysPage(lang, s, { notice });
    }),
  );

  router.post(
    '/console/authority/keys/rotate',
    form,
    pageRoute(async (req, res) => {
      const lang = langOf(req);
      const s = await authorityForm(req, res);
      if (isReply(s)) return s;
      const owner = (formOf(req).owner ?? '').slice(0, 128);
      // POST /admin/bodies/{id}/keys/rotate, or /admin/authority/keys/rotate: the same method, its refusals (did:key 409).
      const key = await registry.rotateKey(owner === AUTHORITY ? AUTHORITY : (await registry.resolveBody(owner)).id, actorOf(s));
      return redirect(hrefIn(`/console/authority/keys?rotated=${encodeURIComponent(key.id)}#owner-${encodeURIComponent(key.owner)}`, lang), { status: 303 });
    }),
    formErrors,
  );

  const compromiseView = async (lang: Lang, keyId: string) => {
    const a = CONSOLE_AUTHORITY_MESSAGES[lang];
    const key = (await registry.listKeys()).find((k) => k.id === keyId);
    if (!key) throw new AppError('ERR_NOT_FOUND', `Key ${keyId} does not exist`);
    const body = key.owner === AUTHORITY ? null : await registry.getBody(key.owner);
    const now = deps.dashboard.clock().getTime();
    return { key, view: { id: key.id, ownerName: body?.name ?? a.authorityOwner, activeFrom: key.activeFrom, activeUntil: key.activeUntil, current: key.activeUntil === null || now < Date.parse(key.activeUntil), canRotate: !body || body.didMethod === 'web' } };
  };

  router.get(
    '/console/authority/keys/compromise',
    pageRoute(async (req, res) => {
      const s = await authorityOnly(req, res);
      if (isReply(s)) return s;
      const lang = langOf(req);
      const { key, view } = await compromiseView(lang, typeof req.query.key === 'string' ? req.query.key.slice(0, 500) : '');
      if (key.compromisedAt) throw new AppError('ERR_CONFLICT', `Key ${key.id} is already marked compromised from ${key.compromisedAt}`);
      return page(lang, renderCompromise({ lang, principal: s.principal, csrf: s.csrfToken, key: view }));
    }),
  );

  router.post(
    '/console/authority/keys/compromise',
    form,
    pageRoute(async (req, res) => {
      const lang = langOf(req);
      const a = CONSOLE_AUTHORITY_MESSAGES[lang];
      const s = await authorityForm(req, res);
      if (isReply(s)) return s;
      const f = formOf(req);
      const { key, view } = await compromiseView(lang, (f.key ?? '').slice(0, 500));
      const values = { at: f.at ?? '', rotate: f.rotate === 'yes' ? 'yes' : 'no' };
      const at = mexicoCityInstant(values.at);
      if (!at) return page(lang, renderCompromise({ lang, principal: s.principal, csrf: s.csrfToken, key: view, values, errors: { at: values.at ? a.errors.dateTime : a.errors.required } }), { status: 422 });
      // Rotate first, so that nothing is signed with the compromised key after this request.
      const rotated = values.rotate === 'yes' && view.current && view.canRotate ? await registry.rotateKey(key.owner, actorOf(s)) : null;
      const marked = await registry.markKeyCompromised(key.id, at.toISOString(), actorOf(s));
      const q = `compromised=${encodeURIComponent(marked.id)}&at=${encodeURIComponent(marked.compromisedAt ?? '')}${rotated ? `&rotated=${encodeURIComponent(rotated.id)}` : ''}`;
      return redirect(hrefIn(`/console/authority/keys?${q}#owner-${encodeURIComponent(key.owner)}`, lang), { status: 303 });
    }),
    formErrors,
  );
}

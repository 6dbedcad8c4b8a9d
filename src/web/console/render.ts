import type { AuthorityDashboard, BodyDashboard, ConsolePrincipal } from '../../console/index.js';
import { LOCALES, otherLang, type Lang } from '../../lang.js';
import { escapeHtml as e, renderPageShell } from '../shell.js';
import { MESSAGES, type ConsoleMessages } from './messages.js';
import { barChart } from './oversight.js';
import { WORK_MESSAGES } from './work-messages.js';
import { AUTHORITY_MESSAGES } from './authority-messages.js';
import { OVERSIGHT_MESSAGES } from './oversight-messages.js';

/**
 * No script at all (the pages work as plain forms), styles from this origin only, forms posting only here, never
 * framed, no referrer (the set-password link carries a token).
 */
export const CONSOLE_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
export const CONSOLE_STYLESHEET = '/assets/console.css';

/** Errors by form field (`form` for the whole form), already in the page's language. */
export type FieldErrors = Partial<Record<string, string>>;

export type ConsoleSection = 'dashboard' | 'evaluation' | 'certify' | 'batches' | 'certificates' | 'staff' | 'catalogue' | 'bodies' | 'coverage' | 'keys' | 'oversight' | 'audit';

export interface Frame {
  lang: Lang;
  title: string;
  /** The page's own address, without `lang` (the language switch adds it). */
  path: string;
  principal?: ConsolePrincipal | null;
  /** The session's form token, for the sign-out form. */
  csrf?: string;
  section?: ConsoleSection;
  narrow?: boolean;
  body: string;
  /** Scripts of this origin the page loads (deferred): only pages whose CSP allows `script-src 'self'`. */
  scripts?: readonly string[];
}

/** `path` in `lang`: Spanish is the default, so only English is written in the address. */
export function hrefIn(path: string, lang: Lang): string {
  if (lang === 'es') return path;
  return `${path}${path.includes('?') ? '&' : '?'}lang=en`;
}

export function frame(f: Frame): string {
  const m = MESSAGES[f.lang];
  const other = otherLang(f.lang);
  const p = f.principal;
  const switchHref = other === 'es' ? f.path : hrefIn(f.path, 'en');
  const actions = p
    ? `<span class="who">${e(p.name)}${p.kind === 'staff' ? ` · ${e(p.bodyName)}` : ''}</span>
<form method="post" action="${e(hrefIn('/logout', f.lang))}"><input type="hidden" name="csrf" value="${e(f.csrf ?? '')}"><button class="pill" type="submit">${e(m.signOut)}</button></form>`
    : f.path === '/login'
      ? ''
      : `<a class="pill" href="${e(hrefIn('/login', f.lang))}">${e(m.signIn)}</a>`;
  const nav = p ? sectionsNav(m, f.lang, p, f.section) : '';
  return renderPageShell({
    htmlLang: LOCALES[f.lang],
    title: `${f.title} · Avala`,
    stylesheet: CONSOLE_STYLESHEET,
    head: `<meta name="color-scheme" content="light">\n<meta name="robots" content="noindex, nofollow">\n<link rel="icon" href="data:,">\n${(f.scripts ?? []).map((src) => `<script src="${e(src)}" defer></script>\n`).join('')}`,
    body: `<a class="skip" href="#main">${e(m.skip)}</a>
<header class="top">
<a class="brand" href="${e(hrefIn('/', f.lang))}"><span class="brand-name">${e(m.brand)}</span><span class="tagline">${e(m.tagline)}</span></a>
<div class="top-actions">
${actions}
<a class="pill" href="${e(switchHref)}" hreflang="${LOCALES[other]}" lang="${LOCALES[other]}" title="${e(m.otherLanguageName)}">${e(m.otherLanguage)}</a>
</div>
</header>
${nav}<main id="main"${f.narrow ? ' class="narrow"' : ''} tabindex="-1">
${f.body}
</main>`,
  });
}

function sectionsNav(m: ConsoleMessages, lang: Lang, p: ConsolePrincipal, current: ConsoleSection | undefined): string {
  const items: Array<[ConsoleSection, string, string]> = [['dashboard', p.kind === 'authority' ? '/console/authority' : '/console', m.navDashboard]];
  if (p.kind === 'staff' && p.roles.includes('evaluator')) items.push(['evaluation', '/console/evaluations/new', m.navEvaluation]);
  if (p.kind === 'staff' && p.roles.includes('certifier')) items.push(['certify', '/console/certify', m.navCertify]);
  if (p.kind === 'staff') items.push(['batches', '/console/batches', WORK_MESSAGES[lang].navBatches]);
  if (p.kind === 'staff' && p.roles.some((r) => r === 'admin' || r === 'certifier')) items.push(['certificates', '/console/certificates', WORK_MESSAGES[lang].navCertificates]);
  const a = AUTHORITY_MESSAGES[lang];
  if (p.kind === 'staff' && p.roles.includes('admin')) items.push(['staff', '/console/staff', a.navStaff]);
  if (p.kind === 'authority')
    items.push(['catalogue', '/console/authority/standards', a.navCatalogue], ['bodies', '/console/authority/bodies', a.navBodies], ['coverage', '/console/authority/coverage', a.navCoverage], ['keys', '/console/authority/keys', a.navKeys]);
  if (p.kind === 'authority') items.push(['oversight', '/console/authority/oversight', OVERSIGHT_MESSAGES[lang].navOversight], ['audit', '/console/authority/audit', OVERSIGHT_MESSAGES[lang].navAudit]);
  return `<nav class="sections" aria-label="${e(m.nav)}"><ul>${items
    .map(([key, href, label]) => `<li><a href="${e(hrefIn(href, lang))}"${key === current ? ' aria-current="page"' : ''}>${e(label)}</a></li>`)
    .join('')}</ul></nav>\n`;
}

interface FieldSpec {
  name: string;
  label: string;
  type: 'email' | 'password' | 'text' | 'date';
  value?: string;
  autocomplete?: string;
  hint?: string;
  error?: string;
  required?: boolean;
  extra?: string;
}

/** A labelled input with its hint and, when refused, its error right under it (and announced with it). */
export function field(f: FieldSpec): string {
  const id = `f-${f.name}`;
  const describedBy = [f.hint ? `${id}-hint` : '', f.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return `<div class="field">
<label for="${id}">${e(f.label)}</label>
<input id="${id}" name="${e(f.name)}" type="${f.type}"${f.value !== undefined && f.type !== 'password' ? ` value="${e(f.value)}"` : ''}${f.autocomplete ? ` autocomplete="${f.autocomplete}"` : ''}${f.required ? ' required' : ''}${f.error ? ' aria-invalid="true"' : ''}${describedBy ? ` aria-describedby="${describedBy}"` : ''}${f.extra ?? ''}>
${f.hint ? `<p class="hint" id="${id}-hint">${e(f.hint)}</p>` : ''}${f.error ? `<p class="field-error" id="${id}-error">${e(f.error)}</p>` : ''}
</div>`;
}

export const alertBox = (text: string | undefined) => (text ? `<p class="alert" role="alert">${e(text)}</p>\n` : '');

// ---- public pages

/** What the landing page shows of the public statistics (`GET /statistics`). */
export interface LandingStatistics {
  total: number;
  byMonth: ReadonlyArray<{ month: string; count: number }>;
  bySector: ReadonlyArray<{ sector: string; count: number }>;
}

/** The transparency card: certificates issued, by month (a server-drawn chart) and by sector (a table). */
function statisticsCard(lang: Lang, s: LandingStatistics): string {
  const m = MESSAGES[lang];
  const months = s.byMonth.slice(-12);
  const number = (n: number) => n.toLocaleString(LOCALES[lang]);
  return `<section class="card" aria-labelledby="stats-title">
<h2 id="stats-title">${e(m.statsTitle)}</h2>
<p>${e(m.statsTotal(number(s.total)))}</p>
${months.length ? barChart({ counts: months.map((x) => x.count), labels: months.map((x) => x.month.slice(2)), label: m.statsChartLabel }) : ''}
${s.bySector.length ? `<table><caption>${e(m.statsBySector)}</caption><thead><tr><th scope="col">${e(m.statsSector)}</th><th scope="col">${e(m.statsCount)}</th></tr></thead><tbody>${s.bySector.slice(0, 6).map((x) => `<tr><td>${e(x.sector)}</td><td>${e(number(x.count))}</td></tr>`).join('')}</tbody></table>` : ''}
</section>`;
}

export function renderLanding(lang: Lang, principal: ConsolePrincipal | null, csrf?: string, stats?: LandingStatistics): string {
  const m = MESSAGES[lang];
  const consoleHref = hrefIn(principal?.kind === 'authority' ? '/console/authority' : principal ? '/console' : '/login', lang);
  return frame({
    lang,
    title: m.landingTitle,
    path: '/',
    principal,
    csrf,
    body: `<h1>${e(m.landingTitle)}</h1>
<p class="lead">${e(m.landingIntro)}</p>
<div class="cards">
<section class="card" aria-labelledby="verify-title">
<h2 id="verify-title">${e(m.verifyTitle)}</h2>
<p>${e(m.verifyText)}</p>
<p><a class="button" href="${e(hrefIn('/verify', lang))}">${e(m.verifyButton)}</a></p>
</section>
<section class="card" aria-labelledby="worker-title">
<h2 id="worker-title">${e(m.workerTitle)}</h2>
<p>${e(m.workerText)}</p>
<p><a class="button secondary" href="${lang === 'es' ? '/mis-certificados' : '/my-certificates'}">${e(m.workerButton)}</a></p>
</section>
<section class="card" aria-labelledby="catalogue-title">
<h2 id="catalogue-title">${e(m.catalogueTitle)}</h2>
<p>${e(m.catalogueText)}</p>
<ul class="links">
<li><a href="/standards" type="application/json">${e(m.catalogueLink)}</a></li>
<li><a href="/bodies" type="application/json">${e(m.bodiesLink)}</a></li>
<li><a href="/statistics" type="application/json">${e(m.statsLink)}</a></li>
</ul>
</section>
<section class="card" aria-labelledby="staff-title">
<h2 id="staff-title">${e(m.staffTitle)}</h2>
<p>${e(m.staffText)}</p>
<p><a class="button secondary" href="${e(consoleHref)}">${e(principal ? m.toConsole : m.signIn)}</a></p>
</section>
${stats ? statisticsCard(lang, stats) : ''}
</div>`,
  });
}

export interface LoginPageInput {
  lang: Lang;
  csrf: string;
  email?: string;
  errors?: FieldErrors;
  notice?: string;
}

export function renderLogin(p: LoginPageInput): string {
  const m = MESSAGES[p.lang];
  const errors = p.errors ?? {};
  return frame({
    lang: p.lang,
    title: m.loginTitle,
    path: '/login',
    narrow: true,
    body: `<h1>${e(m.loginTitle)}</h1>
${p.notice ? `<p class="notice" role="status">${e(p.notice)}</p>\n` : ''}${alertBox(errors.form)}<form class="stack card" method="post" action="${e(hrefIn('/login', p.lang))}" novalidate>
<input type="hidden" name="csrf" value="${e(p.csrf)}">
${field({ name: 'email', label: m.email, type: 'email', value: p.email ?? '', autocomplete: 'username', required: true, error: errors.email, extra: ' spellcheck="false" autocapitalize="off"' })}
${field({ name: 'password', label: m.password, type: 'password', autocomplete: 'current-password', required: true, error: errors.password })}
<button class="button" type="submit">${e(m.signInButton)}</button>
</form>
<p class="muted">${e(m.firstTime)}</p>`,
  });
}

export interface SetPasswordPageInput {
  lang: Lang;
  csrf: string;
  token: string;
  name: string;
  email: string;
  errors?: FieldErrors;
}

export function renderSetPassword(p: SetPasswordPageInput): string {
  const m = MESSAGES[p.lang];
  const errors = p.errors ?? {};
  const path = `/console/set-password?token=${encodeURIComponent(p.token)}`;
  return frame({
    lang: p.lang,
    title: m.setPasswordTitle,
    path,
    narrow: true,
    body: `<h1>${e(m.setPasswordTitle)}</h1>
<p>${e(m.setPasswordFor(p.name, p.email))}</p>
${alertBox(errors.form)}<form class="stack card" method="post" action="${e(hrefIn('/console/set-password', p.lang))}" novalidate>
<input type="hidden" name="csrf" value="${e(p.csrf)}">
<input type="hidden" name="token" value="${e(p.token)}">
<input type="text" name="username" value="${e(p.email)}" autocomplete="username" hidden>
${field({ name: 'password', label: m.password, type: 'password', autocomplete: 'new-password', required: true, hint: m.passwordHint, error: errors.password, extra: ' minlength="12" maxlength="256"' })}
${field({ name: 'confirmation', label: m.confirmation, type: 'password', autocomplete: 'new-password', required: true, error: errors.confirmation })}
<button class="button" type="submit">${e(m.setPasswordButton)}</button>
</form>`,
  });
}

/** A page that only says something: a link spent, a password saved, an error. */
export function renderMessagePage(p: { lang: Lang; title: string; text: string; path: string; principal?: ConsolePrincipal | null; csrf?: string; link?: { href: string; label: string } }): string {
  const m = MESSAGES[p.lang];
  const link = p.link ?? { href: hrefIn('/', p.lang), label: m.backHome };
  return frame({
    lang: p.lang,
    title: p.title,
    path: p.path,
    principal: p.principal,
    csrf: p.csrf,
    narrow: true,
    body: `<h1>${e(p.title)}</h1>\n<p>${e(p.text)}</p>\n<p><a class="button secondary" href="${e(link.href)}">${e(link.label)}</a></p>`,
  });
}

// ---- dashboards

export function formatDate(iso: string, lang: Lang): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeZone: 'America/Mexico_City' }).format(new Date(t));
}

const tile = (value: string, label: string, id: string) => `<li class="tile" id="${id}"><span class="tile-value">${e(value)}</span> <span class="tile-label">${e(label)}</span></li>`;

export function renderBodyDashboard(p: { lang: Lang; principal: Extract<ConsolePrincipal, { kind: 'staff' }>; csrf: string; data: BodyDashboard }): string {
  const m = MESSAGES[p.lang];
  const d = p.data;
  const n = (x: number) => new Intl.NumberFormat(LOCALES[p.lang]).format(x);
  const renewals = d.dueForRenewal;
  const batches = d.batchesInProgress.length
    ? `<div class="table-wrap"><table class="stackable"><thead><tr><th scope="col">${e(m.batchName)}</th><th scope="col">${e(m.batchState)}</th><th scope="col">${e(m.batchRows)}</th></tr></thead><tbody>${d.batchesInProgress
        .map((b) => `<tr><td data-label="${e(m.batchName)}"><bdi>${e(b.fileName ?? b.id)}</bdi></td><td data-label="${e(m.batchState)}"><span class="badge wait">${e(m.batchStates[b.state] ?? b.state)}</span></td><td data-label="${e(m.batchRows)}">${e(m.batchRowsValue(b.rowsTotal, b.rowsBad, b.rowsIssued))}</td></tr>`)
        .join('')}</tbody></table></div>`
    : `<p class="muted">${e(m.noBatches)}</p>`;
  const soonest = renewals.soonest.length
    ? `<div class="table-wrap"><table class="stackable"><thead><tr><th scope="col">${e(m.holder)}</th><th scope="col">${e(m.validUntil)}</th></tr></thead><tbody>${renewals.soonest
        .map((r) => `<tr><td data-label="${e(m.holder)}"><bdi>${e(r.holderName ?? r.credentialId)}</bdi></td><td data-label="${e(m.validUntil)}">${e(formatDate(r.validUntil, p.lang))}</td></tr>`)
        .join('')}</tbody></table></div>`
    : `<p class="muted">${e(m.noRenewals)}</p>`;
  const accreditations = d.accreditations.length
    ? `<div class="table-wrap"><table class="stackable"><thead><tr><th scope="col">${e(m.standard)}</th><th scope="col">${e(m.state)}</th><th scope="col">${e(m.period)}</th></tr></thead><tbody>${d.accreditations
        .map((a) => {
          const badge = a.inForce ? (a.endingSoon ? `<span class="badge wait">${e(m.endingSoon)}</span>` : `<span class="badge ok">${e(m.accreditationStates.active!)}</span>`) : `<span class="badge bad">${e(a.state === 'active' ? m.notInForce : (m.accreditationStates[a.state] ?? a.state))}</span>`;
          return `<tr><td data-label="${e(m.standard)}">${e(a.standardCode)} v${a.standardVersion} — <bdi>${e(a.standardTitle)}</bdi></td><td data-label="${e(m.state)}">${badge}</td><td data-label="${e(m.period)}">${e(formatDate(a.validFrom, p.lang))} – ${e(formatDate(a.validUntil, p.lang))}</td></tr>`;
        })
        .join('')}</tbody></table></div>`
    : `<p class="muted">${e(m.noAccreditations)}</p>`;
  return frame({
    lang: p.lang,
    title: m.dashboardTitle,
    path: '/console',
    principal: p.principal,
    csrf: p.csrf,
    section: 'dashboard',
    body: `<h1>${e(m.dashboardTitle)}</h1>
<p>${e(m.forBody(p.principal.bodyName))} · ${e(m.rolesLabel)}: ${e(p.principal.roles.map((r) => m.roles[r] ?? r).join(', '))}</p>
<ul class="tiles">
${tile(n(d.issuedThisMonth), m.issuedThisMonth, 'issued-this-month')}
${tile(n(d.awaitingCertification), m.awaitingCertification, 'awaiting-certification')}
${tile(n(d.batchesInProgress.length), m.batchesInProgress, 'batches-in-progress')}
${tile(`${n(renewals.count)}${renewals.capped ? ` ${m.capped}` : ''}`, m.dueForRenewal(renewals.withinDays), 'due-for-renewal')}
</ul>
<section class="card" aria-labelledby="batches-title"><h2 id="batches-title">${e(m.batchesTitle)}</h2>${batches}</section>
<section class="card" aria-labelledby="renewals-title"><h2 id="renewals-title">${e(m.renewalsTitle)}</h2>${soonest}</section>
<section class="card" aria-labelledby="accreditations-title"><h2 id="accreditations-title">${e(m.accreditationsTitle)}</h2>${accreditations}</section>`,
  });
}

export function renderAuthorityDashboard(p: { lang: Lang; principal: ConsolePrincipal; csrf: string; data: AuthorityDashboard }): string {
  const m = MESSAGES[p.lang];
  const d = p.data;
  const n = (x: number) => new Intl.NumberFormat(LOCALES[p.lang]).format(x);
  const coverage = d.underCovered.length
    ? `<div class="table-wrap"><table class="stackable"><thead><tr><th scope="col">${e(m.standard)}</th><th scope="col">${e(m.bodiesCount)}</th></tr></thead><tbody>${d.underCovered
        .map((r) => `<tr><td data-label="${e(m.standard)}">${e(r.code)} v${r.version} — <bdi>${e(r.title)}</bdi></td><td data-label="${e(m.bodiesCount)}">${n(r.activeBodies)}</td></tr>`)
        .join('')}</tbody></table></div>`
    : `<p class="muted">${e(m.coverageNone)}</p>`;
  return frame({
    lang: p.lang,
    title: m.authorityTitle,
    path: '/console/authority',
    principal: p.principal,
    csrf: p.csrf,
    section: 'dashboard',
    body: `<h1>${e(m.authorityTitle)}</h1>
<ul class="tiles">
${tile(n(d.activeBodies), m.activeBodies, 'active-bodies')}
${tile(n(d.publishedStandards), m.publishedStandards, 'published-standards')}
${tile(n(d.underCovered.length), m.underCoveredCount, 'under-covered')}
${tile(n(d.accreditationsEndingSoon), m.endingSoonCount, 'accreditations-ending-soon')}
</ul>
<section class="card" aria-labelledby="coverage-title"><h2 id="coverage-title">${e(m.coverageTitle)}</h2>${coverage}</section>`,
  });
}

// ---- evaluation and certification

type StaffPrincipal = Extract<ConsolePrincipal, { kind: 'staff' }>;

export interface EvaluationFormInput {
  lang: Lang;
  principal: StaffPrincipal;
  csrf: string;
  /** The standards the body may evaluate now: value `CODE@version`. */
  standards: Array<{ value: string; label: string }>;
  values?: Partial<Record<'name' | 'curp' | 'email' | 'standard' | 'centre' | 'evaluatedOn' | 'result' | 'notes', string>>;
  errors?: FieldErrors;
  notice?: string;
}

export function renderEvaluationForm(p: EvaluationFormInput): string {
  const m = MESSAGES[p.lang];
  const v = p.values ?? {};
  const errors = p.errors ?? {};
  const err = (name: string) => (errors[name] ? `<p class="field-error" id="f-${name}-error">${e(errors[name]!)}</p>` : '');
  const invalid = (name: string) => (errors[name] ? ` aria-invalid="true" aria-describedby="f-${name}-error"` : '');
  const result = v.result ?? 'competent';
  return frame({
    lang: p.lang,
    title: m.evaluationTitle,
    path: '/console/evaluations/new',
    principal: p.principal,
    csrf: p.csrf,
    section: 'evaluation',
    body: `<h1>${e(m.evaluationTitle)}</h1>
${p.notice ? `<p class="notice" role="status">${e(p.notice)}</p>\n` : ''}${alertBox(errors.form)}<form class="stack card" method="post" action="${e(hrefIn('/console/evaluations', p.lang))}" novalidate>
<input type="hidden" name="csrf" value="${e(p.csrf)}">
${field({ name: 'name', label: m.candidateName, type: 'text', value: v.name ?? '', autocomplete: 'off', required: true, error: errors.name })}
${field({ name: 'curp', label: m.curp, type: 'text', value: v.curp ?? '', autocomplete: 'off', required: true, hint: m.curpHint, error: errors.curp, extra: ' maxlength="18" spellcheck="false" autocapitalize="characters"' })}
${field({ name: 'email', label: m.candidateEmail, type: 'email', value: v.email ?? '', autocomplete: 'off', hint: m.candidateEmailHint, error: errors.email })}
<div class="field">
<label for="f-standard">${e(m.standardField)}</label>
<select id="f-standard" name="standard" required${invalid('standard')}>
${p.standards.map((s) => `<option value="${e(s.value)}"${s.value === v.standard ? ' selected' : ''}>${e(s.label)}</option>`).join('\n')}
</select>
${err('standard')}
</div>
${field({ name: 'centre', label: m.centre, type: 'text', value: v.centre ?? '', required: true, error: errors.centre })}
${field({ name: 'evaluatedOn', label: m.evaluatedOn, type: 'date', value: v.evaluatedOn ?? '', required: true, error: errors.evaluatedOn })}
<fieldset class="field"${errors.result ? ' aria-describedby="f-result-error"' : ''}>
<legend>${e(m.result)}</legend>
<label><input type="radio" name="result" value="competent"${result === 'competent' ? ' checked' : ''}> ${e(m.competent)}</label>
<label><input type="radio" name="result" value="not-yet-competent"${result === 'not-yet-competent' ? ' checked' : ''}> ${e(m.notYetCompetent)}</label>
${err('result')}
</fieldset>
<div class="field">
<label for="f-notes">${e(m.notes)}</label>
<textarea id="f-notes" name="notes" rows="3" maxlength="2000"${invalid('notes')}>${e(v.notes ?? '')}</textarea>
${err('notes')}
</div>
<button class="button" type="submit">${e(m.recordButton)}</button>
</form>`,
  });
}

export interface CertifyRow {
  id: string;
  candidateName: string;
  standard: string;
  centre: string;
  evaluatedOn: string;
  evaluatorName: string;
  /** False for the certifier's own evaluations (separation of duties), which cannot be selected. */
  selectable: boolean;
}

export function renderCertifyList(p: { lang: Lang; principal: StaffPrincipal; csrf: string; rows: CertifyRow[]; total: number; errors?: FieldErrors }): string {
  const m = MESSAGES[p.lang];
  const errors = p.errors ?? {};
  const rows = p.rows
    .map((r) => {
      const box = r.selectable
        ? `<input type="checkbox" name="evaluation" value="${e(r.id)}" id="sel-${e(r.id)}" aria-label="${e(`${m.select}: ${r.candidateName}`)}">`
        : `<input type="checkbox" disabled id="sel-${e(r.id)}" aria-label="${e(`${m.select}: ${r.candidateName}`)}" aria-describedby="own-${e(r.id)}">`;
      return `<tr${r.selectable ? '' : ' class="own"'}><td>${box}</td><td data-label="${e(m.holder)}"><bdi>${e(r.candidateName)}</bdi>${r.selectable ? '' : `<p class="hint" id="own-${e(r.id)}">${e(m.ownEvaluation)}</p>`}</td><td data-label="${e(m.standard)}">${e(r.standard)}</td><td data-label="${e(m.centre)}"><bdi>${e(r.centre)}</bdi></td><td data-label="${e(m.evaluatedOn)}">${e(formatDate(`${r.evaluatedOn}T12:00:00Z`, p.lang))}</td><td data-label="${e(m.evaluatedBy)}"><bdi>${e(r.evaluatorName)}</bdi></td></tr>`;
    })
    .join('');
  const table = p.rows.length
    ? `<form method="post" action="${e(hrefIn('/console/certify', p.lang))}">
<input type="hidden" name="csrf" value="${e(p.csrf)}">
<div class="table-wrap"><table class="stackable"><caption class="muted">${e(m.awaitingCertification)}: ${p.total}</caption><thead><tr><th scope="col">${e(m.select)}</th><th scope="col">${e(m.holder)}</th><th scope="col">${e(m.standard)}</th><th scope="col">${e(m.centre)}</th><th scope="col">${e(m.evaluatedOn)}</th><th scope="col">${e(m.evaluatedBy)}</th></tr></thead><tbody>${rows}</tbody></table></div>
<p><button class="button" type="submit">${e(m.certifyButton)}</button></p>
</form>`
    : `<p class="muted">${e(m.certifyNone)}</p>`;
  return frame({
    lang: p.lang,
    title: m.certifyTitle,
    path: '/console/certify',
    principal: p.principal,
    csrf: p.csrf,
    section: 'certify',
    body: `<h1>${e(m.certifyTitle)}</h1>
<p>${e(m.certifyIntro)}</p>
${alertBox(errors.form)}<section class="card">${table}</section>`,
  });
}

export function renderCertifyResult(p: { lang: Lang; principal: StaffPrincipal; csrf: string; certified: Array<{ name: string; claimUrl: string }>; refused: Array<{ name: string; reason: string }> }): string {
  const m = MESSAGES[p.lang];
  return frame({
    lang: p.lang,
    title: m.certifiedTitle,
    path: '/console/certify',
    principal: p.principal,
    csrf: p.csrf,
    section: 'certify',
    body: `<h1>${e(m.certifiedTitle)}</h1>
${p.certified.length ? `<p class="notice" role="status">${e(m.certifiedCount(p.certified.length))}</p>
<section class="card"><ul class="links">${p.certified.map((c) => `<li><bdi>${e(c.name)}</bdi> — ${e(m.claimLinkLabel)}: <code>${e(c.claimUrl)}</code></li>`).join('')}</ul></section>` : ''}
${p.refused.length ? `<p class="alert" role="alert">${e(m.refusedCount(p.refused.length))}</p>
<section class="card"><ul class="links">${p.refused.map((r) => `<li><bdi>${e(r.name)}</bdi>: ${e(r.reason)}</li>`).join('')}</ul></section>` : ''}
<p><a class="button secondary" href="${e(hrefIn('/console/certify', p.lang))}">${e(m.backToCertify)}</a></p>`,
  });
}

import type { ConsolePrincipal } from '../../console/index.js';
import { LOCALES, type Lang } from '../../lang.js';
import { escapeHtml as e } from '../shell.js';
import { AUTHORITY_MESSAGES } from './authority-messages.js';
import { alertBox, field, formatDate, frame, hrefIn, type ConsoleSection, type FieldErrors } from './render.js';

/**
 * The body admin's staff pages and the authority's catalogue, bodies, coverage and keys pages. Server-rendered forms
 * only (no script); every refusal comes back as the page again with the error next to its field.
 */

/** The staff and authority pages' additions to the console's stylesheet. */
export const CONSOLE_AUTHORITY_CSS = `.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
form.inline{margin:0;display:inline-block}
.card.secret{border:2px solid var(--ok)}
.card.secret code{font-size:.95rem}
h2.spaced{margin-top:1.25rem}
h3{font-size:1.05rem;margin:0 0 .4rem;color:var(--navy)}
h4{font-size:.95rem;margin:.6rem 0 .3rem;color:var(--muted)}
ol.history{margin:0 0 .5rem;padding-left:1.2rem;font-size:.92rem}
ol.history li{margin:.2rem 0}
tr.older td{background:#fafbfc}
.card.compare{box-shadow:none;border:1px solid var(--line)}
`;

type StaffPrincipal = Extract<ConsolePrincipal, { kind: 'staff' }>;
type Values = Partial<Record<string, string>>;

const hidden = (name: string, value: string) => `<input type="hidden" name="${e(name)}" value="${e(value)}">`;
const n = (lang: Lang, x: number) => new Intl.NumberFormat(LOCALES[lang]).format(x);
const badgeClass: Record<string, string> = { active: 'ok', published: 'ok', draft: 'wait', suspended: 'wait', disabled: 'bad', withdrawn: 'bad', closed: 'bad' };
const badge = (state: string, label: string) => `<span class="badge ${badgeClass[state] ?? ''}">${e(label)}</span>`;
export const dateTimeIn = (iso: string, lang: Lang) => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'America/Mexico_City' }).format(new Date(t));
};
const fieldError = (errors: FieldErrors, name: string) => (errors[name] ? `<p class="field-error" id="f-${name}-error">${e(errors[name]!)}</p>` : '');
const invalid = (errors: FieldErrors, name: string, hint = false) =>
  errors[name] ? ` aria-invalid="true" aria-describedby="${hint ? `f-${name}-hint ` : ''}f-${name}-error"` : hint ? ` aria-describedby="f-${name}-hint"` : '';

function select(p: { name: string; label: string; options: Array<{ value: string; label: string }>; value?: string; errors: FieldErrors; required?: boolean; hint?: string; id?: string }): string {
  const id = p.id ?? `f-${p.name}`;
  const errId = `${id}-error`;
  const described = [p.hint ? `${id}-hint` : '', p.errors[p.name] ? errId : ''].filter(Boolean).join(' ');
  return `<div class="field"><label for="${id}">${e(p.label)}</label><select id="${id}" name="${e(p.name)}"${p.required ? ' required' : ''}${p.errors[p.name] ? ' aria-invalid="true"' : ''}${described ? ` aria-describedby="${described}"` : ''}>${p.options
    .map((o) => `<option value="${e(o.value)}"${o.value === p.value ? ' selected' : ''}>${e(o.label)}</option>`)
    .join('')}</select>${p.hint ? `<p class="hint" id="${id}-hint">${e(p.hint)}</p>` : ''}${p.errors[p.name] ? `<p class="field-error" id="${errId}">${e(p.errors[p.name]!)}</p>` : ''}</div>`;
}

function textarea(p: { name: string; label: string; value?: string; errors: FieldErrors; hint?: string; rows?: number; max?: number; required?: boolean }): string {
  return `<div class="field"><label for="f-${p.name}">${e(p.label)}</label><textarea id="f-${p.name}" name="${e(p.name)}" rows="${p.rows ?? 3}" maxlength="${p.max ?? 5000}"${p.required ? ' required' : ''}${invalid(p.errors, p.name, !!p.hint)}>${e(p.value ?? '')}</textarea>${p.hint ? `<p class="hint" id="f-${p.name}-hint">${e(p.hint)}</p>` : ''}${fieldError(p.errors, p.name)}</div>`;
}

function roleBoxes(lang: Lang, name: string, chosen: readonly string[], error: string | undefined, idPrefix = 'role'): string {
  const a = AUTHORITY_MESSAGES[lang];
  return `<fieldset class="field"${error ? ` aria-describedby="${idPrefix}-error"` : ''}><legend>${e(a.roles)}</legend>${(['evaluator', 'certifier', 'admin'] as const)
    .map((r) => `<label><input type="checkbox" name="${e(name)}" value="${r}"${chosen.includes(r) ? ' checked' : ''}> ${e(a.roleNames[r]!)}</label>`)
    .join('')}${error ? `<p class="field-error" id="${idPrefix}-error">${e(error)}</p>` : ''}</fieldset>`;
}

/** A one-button form posting the CSRF token (and any hidden fields) to `action`. */
function buttonForm(lang: Lang, csrf: string, action: string, label: string, opts: { danger?: boolean; secondary?: boolean; fields?: Record<string, string>; describedBy?: string } = {}): string {
  return `<form method="post" action="${e(hrefIn(action, lang))}" class="inline">${hidden('csrf', csrf)}${Object.entries(opts.fields ?? {})
    .map(([k, v]) => hidden(k, v))
    .join('')}<button class="button${opts.danger ? ' danger' : opts.secondary ? ' secondary' : ''}" type="submit"${opts.describedBy ? ` aria-describedby="${e(opts.describedBy)}"` : ''}>${e(label)}</button></form>`;
}

const notice = (text: string | undefined) => (text ? `<p class="notice" role="status">${e(text)}</p>\n` : '');
const shownOnce = (label: string, secret: string, id: string) => `<div class="card secret" id="${id}"><p>${e(label)}</p><p><code>${e(secret)}</code></p></div>`;

// ---- staff (a body's admin)

export interface StaffRow {
  id: string;
  name: string;
  email: string | null;
  roles: string[];
  state: 'active' | 'disabled';
}

export function renderStaffList(p: { lang: Lang; principal: StaffPrincipal; csrf: string; staff: StaffRow[]; values?: Values; roles?: string[]; errors?: FieldErrors; notice?: string }): string {
  const a = AUTHORITY_MESSAGES[p.lang];
  const errors = p.errors ?? {};
  const v = p.values ?? {};
  const rows = p.staff
    .map(
      (s) =>
        `<tr><td data-label="${e(a.name)}"><a href="${e(hrefIn(`/console/staff/${encodeURIComponent(s.id)}`, p.lang))}"><bdi>${e(s.name)}</bdi></a>${s.id === p.principal.staffId ? ` <span class="muted">${e(a.you)}</span>` : ''}</td><td data-label="${e(a.email)}"><bdi>${e(s.email ?? '—')}</bdi></td><td data-label="${e(a.roles)}">${e(s.roles.map((r) => a.roleNames[r] ?? r).join(', '))}</td><td data-label="${e(a.state)}">${badge(s.state, a.staffStates[s.state] ?? s.state)}</td></tr>`,
    )
    .join('');
  return frame({
    lang: p.lang,
    title: a.staffTitle,
    path: '/console/staff',
    principal: p.principal,
    csrf: p.csrf,
    section: 'staff',
    body: `<h1>${e(a.staffTitle)}</h1>
<p>${e(a.staffIntro)}</p>
${notice(p.notice)}${alertBox(errors.form)}<div class="cards two">
<section class="card" aria-labelledby="invite-title"><h2 id="invite-title">${e(a.inviteTitle)}</h2>
<form class="stack" method="post" action="${e(hrefIn('/console/staff', p.lang))}" novalidate>
${hidden('csrf', p.csrf)}
${field({ name: 'name', label: a.name, type: 'text', value: v.name ?? '', autocomplete: 'off', required: true, error: errors.name, extra: ' maxlength="200"' })}
${field({ name: 'email', label: a.email, type: 'email', value: v.email ?? '', autocomplete: 'off', required: true, hint: a.emailHint, error: errors.email, extra: ' maxlength="320" spellcheck="false" autocapitalize="off"' })}
${roleBoxes(p.lang, 'roles', p.roles ?? [], errors.roles)}
<button class="button" type="submit">${e(a.inviteButton)}</button>
</form>
</section>
<section class="card" aria-labelledby="people-title"><h2 id="people-title">${e(a.staffList)}</h2>
${p.staff.length ? `<div class="table-wrap"><table class="stackable" id="staff-table"><thead><tr><th scope="col">${e(a.name)}</th><th scope="col">${e(a.email)}</th><th scope="col">${e(a.roles)}</th><th scope="col">${e(a.state)}</th></tr></thead><tbody>${rows}</tbody></table></div>` : `<p class="muted">${e(a.noStaff)}</p>`}
</section>
</div>`,
  });
}

export interface PasswordLinkShown {
  url: string;
  expiresAt: string;
  emailed: boolean;
}

const linkBlock = (lang: Lang, link: PasswordLinkShown) => {
  const a = AUTHORITY_MESSAGES[lang];
  return `<div class="card secret" id="password-link"><p>${e(a.linkShownOnce)}</p><p><code>${e(link.url)}</code></p><p class="muted">${e(a.validUntil(dateTimeIn(link.expiresAt, lang)))} ${e(link.emailed ? a.linkEmailed : a.linkNotEmailed)}</p></div>`;
};

export function renderInvited(p: { lang: Lang; principal: StaffPrincipal; csrf: string; staffId: string; name: string; link: PasswordLinkShown; apiKey: string }): string {
  const a = AUTHORITY_MESSAGES[p.lang];
  return frame({
    lang: p.lang,
    title: a.invitedTitle,
    path: '/console/staff',
    principal: p.principal,
    csrf: p.csrf,
    section: 'staff',
    body: `<h1>${e(a.invitedTitle)}</h1>
<p class="notice" role="status">${e(a.invited(p.name))}</p>
${linkBlock(p.lang, p.link)}
${shownOnce(a.apiKeyShownOnce, p.apiKey, 'api-key')}
<ul class="actions"><li><a class="button secondary" href="${e(hrefIn(`/console/staff/${encodeURIComponent(p.staffId)}`, p.lang))}">${e(a.open)}: <bdi>${e(p.name)}</bdi></a></li><li><a class="button secondary" href="${e(hrefIn('/console/staff', p.lang))}">${e(a.backToStaff)}</a></li></ul>`,
  });
}

export interface ApiKeyLine {
  id: string;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

export function renderStaffMember(p: {
  lang: Lang;
  principal: StaffPrincipal;
  csrf: string;
  person: StaffRow;
  keys: ApiKeyLine[];
  roles?: string[];
  errors?: FieldErrors;
  notice?: string;
  newKey?: string;
  newLink?: PasswordLinkShown;
  status?: number;
}): string {
  const a = AUTHORITY_MESSAGES[p.lang];
  const errors = p.errors ?? {};
  const s = p.person;
  const base = `/console/staff/${encodeURIComponent(s.id)}`;
  const keys = p.keys.length
    ? `<div class="table-wrap"><table class="stackable" id="api-keys"><thead><tr><th scope="col">${e(a.keyId)}</th><th scope="col">${e(a.created)}</th><th scope="col">${e(a.state)}</th><th scope="col"><span class="visually-hidden">${e(a.revokeKey)}</span></th></tr></thead><tbody>${p.keys
        .map(
          (k) =>
            `<tr><td data-label="${e(a.keyId)}"><code>${e(k.prefix)}</code></td><td data-label="${e(a.created)}">${e(dateTimeIn(k.createdAt, p.lang))}</td><td data-label="${e(a.state)}">${k.revokedAt ? badge('withdrawn', `${a.revoked} ${dateTimeIn(k.revokedAt, p.lang)}`) : badge('active', a.inUse)}</td><td>${k.revokedAt ? '' : buttonForm(p.lang, p.csrf, `/console/api-keys/${encodeURIComponent(k.id)}/revoke`, `${a.revokeKey} ${k.prefix}`, { danger: true, fields: { staff: s.id } })}</td></tr>`,
        )
        .join('')}</tbody></table></div>`
    : `<p class="muted">${e(a.noKeys)}</p>`;
  return frame({
    lang: p.lang,
    title: a.personTitle(s.name),
    path: base,
    principal: p.principal,
    csrf: p.csrf,
    section: 'staff',
    body: `<h1><bdi>${e(s.name)}</bdi></h1>
<p>${e(s.email ?? '—')} · ${badge(s.state, a.staffStates[s.state] ?? s.state)}</p>
${notice(p.notice)}${alertBox(errors.form)}${p.newLink ? linkBlock(p.lang, p.newLink) : ''}${p.newKey ? shownOnce(a.keyIssued, p.newKey, 'api-key') : ''}<div class="cards two">
<section class="card" aria-labelledby="roles-title"><h2 id="roles-title">${e(a.rolesTitle)}</h2>
<form class="stack" method="post" action="${e(hrefIn(`${base}/roles`, p.lang))}" novalidate>
${hidden('csrf', p.csrf)}
${roleBoxes(p.lang, 'roles', p.roles ?? s.roles, errors.roles)}
<button class="button" type="submit">${e(a.rolesButton)}</button>
</form>
</section>
<section class="card" aria-labelledby="state-title"><h2 id="state-title">${e(a.stateTitle)}</h2>
<p class="hint" id="disable-hint">${e(a.disableHint)}</p>
${errors.state ? `<p class="field-error" id="f-state-error">${e(errors.state)}</p>` : ''}
${s.state === 'active' ? buttonForm(p.lang, p.csrf, `${base}/disable`, a.disableButton, { danger: true, describedBy: 'disable-hint' }) : buttonForm(p.lang, p.csrf, `${base}/enable`, a.enableButton)}
<h2 class="spaced" id="link-title">${e(a.linkTitle)}</h2>
<p class="hint" id="link-hint">${e(a.linkHint)}</p>
${s.state === 'active' ? buttonForm(p.lang, p.csrf, `${base}/password-link`, a.linkButton, { secondary: true, describedBy: 'link-hint' }) : ''}
</section>
</div>
<section class="card" aria-labelledby="keys-title"><h2 id="keys-title">${e(a.keysTitle)}</h2>
<p class="hint">${e(a.keysHint)}</p>
${keys}
<p>${buttonForm(p.lang, p.csrf, `${base}/api-keys`, a.issueKey, { secondary: true })}</p>
</section>
<p><a href="${e(hrefIn('/console/staff', p.lang))}">${e(a.backToStaff)}</a></p>`,
  });
}

// ---- the authority: catalogue

type Authority = ConsolePrincipal;

export interface CommitteeLine {
  id: string;
  name: string;
  sector: string;
  region: string | null;
}

export interface StandardLine {
  id: string;
  code: string;
  version: number;
  title: string;
  sector: string;
  level: number;
  state: 'draft' | 'published' | 'withdrawn';
  committee: string;
}

export interface SectorSide {
  sector: string;
  standards: Array<{ code: string; version: number; title: string; level: number; committee: string; bodies: string[] }>;
}

function authorityFrame(p: { lang: Lang; principal: Authority; csrf: string; title: string; path: string; section: ConsoleSection; body: string; narrow?: boolean }): string {
  return frame({ lang: p.lang, title: p.title, path: p.path, principal: p.principal, csrf: p.csrf, section: p.section, body: p.body, narrow: p.narrow });
}

export function renderCatalogue(p: {
  lang: Lang;
  principal: Authority;
  csrf: string;
  committees: CommitteeLine[];
  standards: StandardLine[];
  sectors: Array<{ sector: string; published: number; committees: number }>;
  side: SectorSide | null;
  values?: Values;
  errors?: FieldErrors;
  committeeValues?: Values;
  committeeErrors?: FieldErrors;
  notice?: string;
}): string {
  const a = AUTHORITY_MESSAGES[p.lang];
  const errors = p.errors ?? {};
  const ce = p.committeeErrors ?? {};
  const v = p.values ?? {};
  const cv = p.committeeValues ?? {};
  // Versions of one code together, newest first.
  const byCode = new Map<string, StandardLine[]>();
  for (const s of [...p.standards].sort((x, y) => x.code.localeCompare(y.code) || y.version - x.version)) byCode.set(s.code, [...(byCode.get(s.code) ?? []), s]);
  const standardRows = [...byCode.values()]
    .map((versions) =>
      versions
        .map((s, i) => {
          const actions =
            s.state === 'draft'
              ? buttonForm(p.lang, p.csrf, `/console/authority/standards/${encodeURIComponent(s.id)}/publish`, `${a.publish} ${s.code} v${s.version}`)
              : s.state === 'published'
                ? buttonForm(p.lang, p.csrf, `/console/authority/standards/${encodeURIComponent(s.id)}/withdraw`, `${a.withdraw} ${s.code} v${s.version}`, { danger: true })
                : '';
          return `<tr id="std-${e(s.code)}-v${s.version}"${i > 0 ? ' class="older"' : ''}><td data-label="${e(a.code)}">${i === 0 ? `<strong>${e(s.code)}</strong>` : `<span class="muted">${e(s.code)}</span>`}</td><td data-label="${e(a.version)}">v${s.version}</td><td data-label="${e(a.title)}"><bdi>${e(s.title)}</bdi><p class="hint"><bdi>${e(s.committee)}</bdi> · ${e(a.level)} ${s.level}</p></td><td data-label="${e(a.sector)}"><a href="${e(hrefIn(`/console/authority/standards?sector=${encodeURIComponent(s.sector)}`, p.lang))}#side-by-side"><bdi>${e(s.sector)}</bdi></a></td><td data-label="${e(a.state)}">${badge(s.state, a.standardStates[s.state] ?? s.state)}</td><td>${actions}</td></tr>`;
        })
        .join(''),
    )
    .join('');
  const side = p.side
    ? `<section class="card" aria-labelledby="side-by-side"><h2 id="side-by-side">${e(a.sectorsTitle)}: <bdi>${e(p.side.sector)}</bdi></h2>
${p.side.standards.length ? `<div class="cards">${p.side.standards
        .map(
          (s) =>
            `<article class="card compare"><h3>${e(s.code)} v${s.version}</h3><p><bdi>${e(s.title)}</bdi></p><p class="hint"><bdi>${e(s.committee)}</bdi> · ${e(a.level)} ${s.level}</p><p><strong>${e(a.accreditedBodies)}:</strong> ${s.bodies.length ? s.bodies.map((b) => `<bdi>${e(b)}</bdi>`).join(', ') : e(a.none)}</p></article>`,
        )
        .join('')}</div>` : `<p class="muted">${e(a.noStandards)}</p>`}
</section>`
    : '';
  const committeeOptions = [{ value: '', label: '—' }, ...p.committees.map((c) => ({ value: c.id, label: `${c.name} (${c.sector})` }))];
  return authorityFrame({
    lang: p.lang,
    principal: p.principal,
    csrf: p.csrf,
    title: a.catalogueTitle,
    path: '/console/authority/standards',
    section: 'catalogue',
    body: `<h1>${e(a.catalogueTitle)}</h1>
<p>${e(a.catalogueIntro)}</p>
${notice(p.notice)}${alertBox(errors.form ?? ce.form)}<section class="card" aria-labelledby="standards-title"><h2 id="standards-title">${e(a.standardsTitle)}</h2>
${p.standards.length ? `<div class="table-wrap"><table class="stackable" id="standards"><thead><tr><th scope="col">${e(a.code)}</th><th scope="col">${e(a.version)}</th><th scope="col">${e(a.title)}</th><th scope="col">${e(a.sector)}</th><th scope="col">${e(a.state)}</th><th scope="col"><span class="visually-hidden">${e(a.changeTitle)}</span></th></tr></thead><tbody>${standardRows}</tbody></table></div>` : `<p class="muted">${e(a.noStandards)}</p>`}
</section>
<section class="card" aria-labelledby="sectors-title"><h2 id="sectors-title">${e(a.sectorsTitle)}</h2>
<p>${e(a.sectorsIntro)}</p>
<ul class="links">${p.sectors.map((s) => `<li><a href="${e(hrefIn(`/console/authority/standards?sector=${encodeURIComponent(s.sector)}`, p.lang))}#side-by-side"${p.side?.sector === s.sector ? ' aria-current="true"' : ''}><bdi>${e(s.sector)}</bdi></a> <span class="muted">${e(a.sectorCounts(s.published, s.committees))}</span></li>`).join('')}</ul>
</section>
${side}
<div class="cards two">
<section class="card" aria-labelledby="new-standard-title"><h2 id="new-standard-title">${e(a.addStandardTitle)}</h2>
<form class="stack" method="post" action="${e(hrefIn('/console/authority/standards', p.lang))}" novalidate>
${hidden('csrf', p.csrf)}
${field({ name: 'code', label: a.code, type: 'text', value: v.code ?? '', autocomplete: 'off', required: true, hint: a.codeHint, error: errors.code, extra: ' maxlength="6" spellcheck="false" autocapitalize="characters"' })}
${field({ name: 'version', label: a.version, type: 'text', value: v.version ?? '1', autocomplete: 'off', required: true, error: errors.version, extra: ' inputmode="numeric" maxlength="3"' })}
${field({ name: 'title', label: a.title, type: 'text', value: v.title ?? '', autocomplete: 'off', required: true, error: errors.title, extra: ' maxlength="300"' })}
${textarea({ name: 'description', label: a.description, value: v.description, errors, rows: 3, max: 5000, required: true })}
${textarea({ name: 'criteria', label: a.criteria, value: v.criteria, errors, hint: a.criteriaHint, rows: 4, max: 100_000, required: true })}
${field({ name: 'sector', label: a.sector, type: 'text', value: v.sector ?? '', autocomplete: 'off', required: true, error: errors.sector, extra: ' maxlength="100"' })}
${select({ name: 'level', label: a.level, options: ['1', '2', '3', '4', '5'].map((x) => ({ value: x, label: x })), value: v.level ?? '2', errors })}
${select({ name: 'committeeId', label: a.committee, options: committeeOptions, value: v.committeeId ?? '', errors, required: true })}
${field({ name: 'validityMonths', label: a.validityMonths, type: 'text', value: v.validityMonths ?? '', autocomplete: 'off', hint: a.validityHint, error: errors.validityMonths, extra: ' inputmode="numeric" maxlength="3"' })}
<button class="button" type="submit">${e(a.addStandard)}</button>
</form>
</section>
<section class="card" aria-labelledby="committees-title"><h2 id="committees-title">${e(a.committeesTitle)}</h2>
${p.committees.length ? `<ul class="links">${p.committees.map((c) => `<li><bdi>${e(c.name)}</bdi> <span class="muted">· <bdi>${e(c.sector)}</bdi>${c.region ? ` · <bdi>${e(c.region)}</bdi>` : ''}</span></li>`).join('')}</ul>` : `<p class="muted">${e(a.noCommittees)}</p>`}
<form class="stack" method="post" action="${e(hrefIn('/console/authority/committees', p.lang))}" novalidate>
${hidden('csrf', p.csrf)}
${field({ name: 'committeeName', label: a.committee, type: 'text', value: cv.committeeName ?? '', autocomplete: 'off', required: true, error: ce.committeeName, extra: ' maxlength="200"' })}
${field({ name: 'committeeSector', label: a.sector, type: 'text', value: cv.committeeSector ?? '', autocomplete: 'off', required: true, error: ce.committeeSector, extra: ' maxlength="100"' })}
${field({ name: 'committeeRegion', label: a.region, type: 'text', value: cv.committeeRegion ?? '', autocomplete: 'off', hint: a.regionHint, error: ce.committeeRegion, extra: ' maxlength="100"' })}
<button class="button secondary" type="submit">${e(a.addCommittee)}</button>
</form>
</section>
</div>`,
  });
}

// ---- the authority: bodies and accreditations

export interface BodyLine {
  id: string;
  slug: string;
  name: string;
  kind: string;
  state: string;
  did: string;
  didMethod: 'web' | 'key';
  inForce: number;
}

export function renderBodies(p: { lang: Lang; principal: Authority; csrf: string; bodies: BodyLine[]; values?: Values; errors?: FieldErrors; notice?: string }): string {
  const a = AUTHORITY_MESSAGES[p.lang];
  const errors = p.errors ?? {};
  const v = p.values ?? {};
  const rows = p.bodies
    .map(
      (b) =>
        `<tr><td data-label="${e(a.name)}"><a href="${e(hrefIn(`/console/authority/bodies/${encodeURIComponent(b.id)}`, p.lang))}"><bdi>${e(b.name)}</bdi></a><p class="hint"><code>${e(b.slug)}</code></p></td><td data-label="${e(a.kind)}">${e(a.bodyKinds[b.kind] ?? b.kind)}</td><td data-label="${e(a.state)}">${badge(b.state, a.bodyStates[b.state] ?? b.state)}</td><td data-label="${e(a.accreditationsTitle)}">${e(a.accreditationsCount(b.inForce))}</td></tr>`,
    )
    .join('');
  return authorityFrame({
    lang: p.lang,
    principal: p.principal,
    csrf: p.csrf,
    title: a.bodiesTitle,
    path: '/console/authority/bodies',
    section: 'bodies',
    body: `<h1>${e(a.bodiesTitle)}</h1>
<p>${e(a.bodiesIntro)}</p>
${notice(p.notice)}${alertBox(errors.form)}<section class="card" aria-labelledby="bodies-list-title"><h2 id="bodies-list-title">${e(a.bodiesTitle)}</h2>
${p.bodies.length ? `<div class="table-wrap"><table class="stackable" id="bodies"><thead><tr><th scope="col">${e(a.name)}</th><th scope="col">${e(a.kind)}</th><th scope="col">${e(a.state)}</th><th scope="col">${e(a.accreditationsTitle)}</th></tr></thead><tbody>${rows}</tbody></table></div>` : `<p class="muted">${e(a.noBodies)}</p>`}
</section>
<section class="card" aria-labelledby="register-title"><h2 id="register-title">${e(a.registerBody)}</h2>
<form class="stack" method="post" action="${e(hrefIn('/console/authority/bodies', p.lang))}" novalidate>
${hidden('csrf', p.csrf)}
${field({ name: 'name', label: a.name, type: 'text', value: v.name ?? '', autocomplete: 'off', required: true, error: errors.name, extra: ' maxlength="300"' })}
${field({ name: 'slug', label: a.slug, type: 'text', value: v.slug ?? '', autocomplete: 'off', required: true, hint: a.slugHint, error: errors.slug, extra: ' maxlength="64" spellcheck="false" autocapitalize="off"' })}
${select({ name: 'kind', label: a.kind, options: [{ value: '', label: '—' }, ...Object.entries(a.bodyKinds).map(([k, label]) => ({ value: k, label }))], value: v.kind ?? '', errors, required: true })}
${select({ name: 'didMethod', label: a.didMethod, options: [{ value: 'web', label: a.didWeb }, { value: 'key', label: a.didKey }], value: v.didMethod ?? 'web', errors })}
<button class="button" type="submit">${e(a.registerButton)}</button>
</form>
</section>`,
  });
}

export interface AccreditationView {
  id: string;
  standard: string;
  state: 'active' | 'suspended' | 'withdrawn';
  inForce: boolean;
  validFrom: string;
  validUntil: string;
  history: Array<{ at: string; state: string; reason: string | null; by: string }>;
}

export function renderBody(p: {
  lang: Lang;
  principal: Authority;
  csrf: string;
  body: BodyLine;
  accreditations: AccreditationView[];
  standards: Array<{ value: string; label: string }>;
  values?: Values;
  errors?: FieldErrors;
  /** The accreditation whose change form was refused, with its errors. */
  change?: { id: string; values: Values; errors: FieldErrors };
  notice?: string;
}): string {
  const a = AUTHORITY_MESSAGES[p.lang];
  const errors = p.errors ?? {};
  const v = p.values ?? {};
  const b = p.body;
  const base = `/console/authority/bodies/${encodeURIComponent(b.id)}`;
  const accreditation = (x: AccreditationView) => {
    const refused = p.change?.id === x.id ? p.change : null;
    const ce = refused?.errors ?? {};
    const cv = refused?.values ?? {};
    const targets = x.state === 'active' ? ['suspended', 'withdrawn'] : x.state === 'suspended' ? ['active', 'withdrawn'] : [];
    const pre = `acc-${x.id}`;
    const form = targets.length
      ? `<form class="stack" method="post" action="${e(hrefIn(`/console/authority/accreditations/${encodeURIComponent(x.id)}/state`, p.lang))}" novalidate>
${hidden('csrf', p.csrf)}
${alertBox(ce.form)}${select({ name: 'state', id: `${pre}-state`, label: a.changeTo, options: [{ value: '', label: '—' }, ...targets.map((t) => ({ value: t, label: a.changeActions[t]! }))], value: cv.state ?? '', errors: ce, required: true })}
<div class="field"><label for="${pre}-reason">${e(a.reason)}</label><textarea id="${pre}-reason" name="reason" rows="2" maxlength="1000" required aria-describedby="${pre}-reason-hint${ce.reason ? ` ${pre}-reason-error` : ''}"${ce.reason ? ' aria-invalid="true"' : ''}>${e(cv.reason ?? '')}</textarea><p class="hint" id="${pre}-reason-hint">${e(a.reasonHint)}</p>${ce.reason ? `<p class="field-error" id="${pre}-reason-error">${e(ce.reason)}</p>` : ''}</div>
<button class="button secondary" type="submit">${e(a.changeButton)}</button>
</form>`
      : `<p class="muted">${e(a.withdrawnFinal)}</p>`;
    const state = x.state === 'active' && !x.inForce ? badge('suspended', a.notInForce) : badge(x.state, a.accreditationStates[x.state] ?? x.state);
    return `<article class="card accreditation" id="${e(pre)}" aria-labelledby="${e(pre)}-title"><h3 id="${e(pre)}-title">${e(x.standard)}</h3>
<p>${state} · ${e(a.period)}: ${e(formatDate(x.validFrom, p.lang))} – ${e(formatDate(x.validUntil, p.lang))}</p>
<h4>${e(a.history)}</h4>
<ol class="history">${x.history.map((h) => `<li>${e(dateTimeIn(h.at, p.lang))}: ${badge(h.state, a.accreditationStates[h.state] ?? h.state)}${h.reason ? ` — <bdi>${e(h.reason)}</bdi>` : ''} <span class="muted">${e(a.by)} <bdi>${e(h.by)}</bdi></span></li>`).join('')}</ol>
${form}
</article>`;
  };
  return authorityFrame({
    lang: p.lang,
    principal: p.principal,
    csrf: p.csrf,
    title: b.name,
    path: base,
    section: 'bodies',
    body: `<h1><bdi>${e(b.name)}</bdi></h1>
<p>${e(a.bodyKinds[b.kind] ?? b.kind)} · ${badge(b.state, a.bodyStates[b.state] ?? b.state)} · ${e(a.did)}: <code>${e(b.did)}</code></p>
<p><a href="${e(hrefIn(`/console/authority/keys#owner-${b.id}`, p.lang))}">${e(a.keysLink)}</a></p>
${notice(p.notice)}${alertBox(errors.form)}<section class="card" aria-labelledby="accredit-title"><h2 id="accredit-title">${e(a.accreditTitle)}</h2>
${p.standards.length ? `<form class="stack" method="post" action="${e(hrefIn(`${base}/accreditations`, p.lang))}" novalidate>
${hidden('csrf', p.csrf)}
${select({ name: 'standardId', label: a.standard, options: [{ value: '', label: '—' }, ...p.standards], value: v.standardId ?? '', errors, required: true })}
${field({ name: 'validFrom', label: a.validFrom, type: 'date', value: v.validFrom ?? '', required: true, error: errors.validFrom })}
${field({ name: 'validUntil', label: a.validUntilField, type: 'date', value: v.validUntil ?? '', required: true, error: errors.validUntil })}
<button class="button" type="submit">${e(a.accreditButton)}</button>
</form>` : `<p class="muted">${e(a.noPublished)}</p>`}
</section>
<section aria-labelledby="accreditations-title"><h2 id="accreditations-title">${e(a.accreditationsTitle)}</h2>
${p.accreditations.length ? `<div class="cards two">${p.accreditations.map(accreditation).join('')}</div>` : `<p class="muted">${e(a.noAccreditations)}</p>`}
</section>`,
  });
}

// ---- the authority: coverage

export function renderCoverage(p: { lang: Lang; principal: Authority; csrf: string; minimum: number; rows: Array<{ code: string; version: number; title: string; sector: string; activeBodies: number }> }): string {
  const a = AUTHORITY_MESSAGES[p.lang];
  return authorityFrame({
    lang: p.lang,
    principal: p.principal,
    csrf: p.csrf,
    title: a.coverageTitle,
    path: '/console/authority/coverage',
    section: 'coverage',
    body: `<h1>${e(a.coverageTitle)}</h1>
<p>${e(a.coverageIntro(p.minimum))}</p>
<section class="card">
${p.rows.length ? `<div class="table-wrap"><table class="stackable" id="coverage"><thead><tr><th scope="col">${e(a.standard)}</th><th scope="col">${e(a.sector)}</th><th scope="col">${e(a.bodiesNow)}</th></tr></thead><tbody>${p.rows
      .map((r) => `<tr><td data-label="${e(a.standard)}">${e(r.code)} v${r.version} — <bdi>${e(r.title)}</bdi></td><td data-label="${e(a.sector)}"><bdi>${e(r.sector)}</bdi></td><td data-label="${e(a.bodiesNow)}">${badge(r.activeBodies === 0 ? 'withdrawn' : 'suspended', n(p.lang, r.activeBodies))}</td></tr>`)
      .join('')}</tbody></table></div>` : `<p class="muted">${e(a.coverageNone)}</p>`}
<p><a href="/registry/coverage" type="application/json">${e(a.coverageJson)}</a></p>
</section>`,
  });
}

// ---- the authority: keys

export interface KeyOwnerView {
  owner: string;
  name: string;
  /** did:key owners cannot rotate. */
  canRotate: boolean;
  keys: Array<{ id: string; activeFrom: string; activeUntil: string | null; compromisedAt: string | null; current: boolean }>;
}

export function renderKeys(p: { lang: Lang; principal: Authority; csrf: string; owners: KeyOwnerView[]; notice?: string; errors?: FieldErrors }): string {
  const a = AUTHORITY_MESSAGES[p.lang];
  const errors = p.errors ?? {};
  const owner = (o: KeyOwnerView) =>
    `<section class="card" id="owner-${e(o.owner)}" aria-labelledby="owner-${e(o.owner)}-title"><h2 id="owner-${e(o.owner)}-title"><bdi>${e(o.name)}</bdi></h2>
<div class="table-wrap"><table class="stackable"><thead><tr><th scope="col">${e(a.keyId)}</th><th scope="col">${e(a.activeFrom)}</th><th scope="col">${e(a.activeUntil)}</th><th scope="col">${e(a.state)}</th><th scope="col"><span class="visually-hidden">${e(a.markCompromised)}</span></th></tr></thead><tbody>${o.keys
      .map(
        (k) =>
          `<tr><td data-label="${e(a.keyId)}"><code>${e(k.id)}</code></td><td data-label="${e(a.activeFrom)}">${e(dateTimeIn(k.activeFrom, p.lang))}</td><td data-label="${e(a.activeUntil)}">${k.activeUntil ? e(dateTimeIn(k.activeUntil, p.lang)) : '—'}</td><td data-label="${e(a.state)}">${k.compromisedAt ? badge('withdrawn', a.compromisedBadge(dateTimeIn(k.compromisedAt, p.lang))) : k.current ? badge('active', a.current) : ''}</td><td>${k.compromisedAt ? '' : `<a href="${e(hrefIn(`/console/authority/keys/compromise?key=${encodeURIComponent(k.id)}`, p.lang))}">${e(a.markCompromised)}<span class="visually-hidden"> ${e(k.id)}</span></a>`}</td></tr>`,
      )
      .join('')}</tbody></table></div>
${o.canRotate ? `<p>${buttonForm(p.lang, p.csrf, `/console/authority/keys/rotate`, `${a.rotate}`, { secondary: true, fields: { owner: o.owner } })}</p>` : `<p class="muted">${e(a.didKeyNoRotate)}</p>`}
</section>`;
  return authorityFrame({
    lang: p.lang,
    principal: p.principal,
    csrf: p.csrf,
    title: a.keysPageTitle,
    path: '/console/authority/keys',
    section: 'keys',
    body: `<h1>${e(a.keysPageTitle)}</h1>
<p>${e(a.keysIntro)}</p>
${notice(p.notice)}${alertBox(errors.form)}${p.owners.map(owner).join('\n')}`,
  });
}

export function renderCompromise(p: { lang: Lang; principal: Authority; csrf: string; key: { id: string; ownerName: string; activeFrom: string; activeUntil: string | null; current: boolean; canRotate: boolean }; values?: Values; errors?: FieldErrors }): string {
  const a = AUTHORITY_MESSAGES[p.lang];
  const errors = p.errors ?? {};
  const v = p.values ?? {};
  const k = p.key;
  return authorityFrame({
    lang: p.lang,
    principal: p.principal,
    csrf: p.csrf,
    title: a.compromiseTitle,
    path: `/console/authority/keys/compromise?key=${encodeURIComponent(k.id)}`,
    section: 'keys',
    narrow: true,
    body: `<h1>${e(a.compromiseTitle)}</h1>
<p><bdi>${e(k.ownerName)}</bdi> · <code>${e(k.id)}</code></p>
<p class="muted">${e(a.activeFrom)} ${e(dateTimeIn(k.activeFrom, p.lang))}${k.activeUntil ? ` · ${e(a.activeUntil)} ${e(dateTimeIn(k.activeUntil, p.lang))}` : ''}</p>
${alertBox(errors.form)}<p class="alert" id="what-it-does">${e(a.compromiseWhat)}</p>
${k.current && k.canRotate ? `<p class="alert" id="current-key">${e(a.compromiseCurrent)}</p>` : ''}
<form class="stack card" method="post" action="${e(hrefIn('/console/authority/keys/compromise', p.lang))}" novalidate>
${hidden('csrf', p.csrf)}
${hidden('key', k.id)}
<div class="field"><label for="f-at">${e(a.compromiseAt)}</label><input id="f-at" name="at" type="datetime-local" step="1" value="${e(v.at ?? '')}" required${invalid(errors, 'at', true)}><p class="hint" id="f-at-hint">${e(a.compromiseAtHint)}</p>${fieldError(errors, 'at')}</div>
${k.current && k.canRotate ? `<fieldset class="field"><legend class="visually-hidden">${e(a.rotateToo)}</legend><label><input type="checkbox" name="rotate" value="yes"${v.rotate === 'yes' || v.rotate === undefined ? ' checked' : ''}> ${e(a.rotateToo)}</label></fieldset>` : ''}
<button class="button danger" type="submit" aria-describedby="what-it-does">${e(a.compromiseButton)}</button>
</form>
<p><a href="${e(hrefIn('/console/authority/keys', p.lang))}">${e(a.cancel)}</a></p>`,
  });
}

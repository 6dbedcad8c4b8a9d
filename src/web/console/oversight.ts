import type { AuditEntry, ChainVerification } from '../../audit/index.js';
import type { ConsolePrincipal, Dimension, Flag, Granularity, IssuedFact, Series, Volume } from '../../console/index.js';
import { LOCALES, type Lang } from '../../lang.js';
import { escapeHtml as e } from '../shell.js';
import { OVERSIGHT_MESSAGES } from './oversight-messages.js';
import { alertBox, field, formatDate, frame, hrefIn, type FieldErrors } from './render.js';

/** How many series the chart draws one by one (the table lists them all). */
const CHARTED = 6;
/** Rows of the table per dimension. */
const TABLE_ROWS = 50;

const periodLabel = (key: string, g: Granularity, lang: Lang) =>
  new Intl.DateTimeFormat(LOCALES[lang], g === 'week' ? { day: 'numeric', month: 'short', timeZone: 'UTC' } : { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(new Date(`${key}T12:00:00Z`));
const periodDate = (key: string, lang: Lang) => new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${key}T12:00:00Z`));
const option = (value: string, label: string, current: string) => `<option value="${e(value)}"${value === current ? ' selected' : ''}>${e(label)}</option>`;
const select = (name: string, label: string, options: string, error?: string) =>
  `<div class="field"><label for="f-${name}">${e(label)}</label><select id="f-${name}" name="${name}"${error ? ` aria-invalid="true" aria-describedby="f-${name}-error"` : ''}>${options}</select>${error ? `<p class="field-error" id="f-${name}-error">${e(error)}</p>` : ''}</div>`;
/** A GET form keeps the page's language in a field (its action's query is replaced by the form's). */
const langField = (lang: Lang) => (lang === 'es' ? '' : '<input type="hidden" name="lang" value="en">');

/**
 * A bar chart drawn on the server as SVG (no script, no inline style: presentation attributes only). It is an image
 * with a text label; the table after it carries the same figures for anyone who does not see it.
 */
export function barChart(p: { counts: readonly number[]; labels: readonly string[]; label: string; width?: number; height?: number; compact?: boolean }): string {
  const width = p.width ?? 480;
  const height = p.height ?? 220;
  const top = 18;
  const bottom = p.compact ? 6 : 30;
  const left = 6;
  const slot = (width - left * 2) / Math.max(1, p.counts.length);
  const peak = Math.max(1, ...p.counts);
  const scale = (height - top - bottom) / peak;
  const bars = p.counts
    .map((c, i) => {
      const h = Math.max(c > 0 ? 2 : 0, c * scale);
      const x = left + i * slot + slot * 0.15;
      const y = height - bottom - h;
      const w = slot * 0.7;
      return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" fill="#13315c" rx="2"/>${
        p.compact ? '' : `<text x="${(x + w / 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle" font-size="12" fill="#1b1f24">${c}</text>`
      }${p.compact ? '' : `<text x="${(x + w / 2).toFixed(1)}" y="${height - 10}" text-anchor="middle" font-size="11" fill="#4a5360">${e(p.labels[i] ?? '')}</text>`}`;
    })
    .join('');
  return `<svg role="img" aria-label="${e(p.label)}" viewBox="0 0 ${width} ${height}" width="100%" focusable="false" xmlns="http://www.w3.org/2000/svg"><line x1="${left}" y1="${height - bottom}" x2="${width - left}" y2="${height - bottom}" stroke="#6b7583" stroke-width="1"/>${bars}</svg>`;
}

export interface OversightPageInput {
  lang: Lang;
  principal: ConsolePrincipal;
  csrf: string;
  granularity: Granularity;
  dimension: Dimension;
  volume: Volume;
  flags: Flag[];
}

const flagHref = (f: Flag, g: Granularity, lang: Lang) => hrefIn(`/console/authority/oversight/flags?key=${encodeURIComponent(f.key)}&period=${g}`, lang);

export function renderOversight(p: OversightPageInput): string {
  const m = OVERSIGHT_MESSAGES[p.lang];
  const v = p.volume;
  const n = (x: number) => new Intl.NumberFormat(LOCALES[p.lang]).format(x);
  const pct = (x: number) => new Intl.NumberFormat(LOCALES[p.lang], { style: 'percent', maximumFractionDigits: 1 }).format(x);
  const labels = v.periods.map((k) => periodLabel(k, v.granularity, p.lang));
  const total = v.totals.reduce((a, b) => a + b, 0);
  const from = periodDate(v.periods[0]!, p.lang);
  const until = periodDate(v.periods.at(-1)!, p.lang);
  const dimName = m.dimensions[p.dimension]!;
  const series = v.by[p.dimension];

  const chart = `<figure class="chart">${barChart({ counts: v.totals, labels, label: m.chartLabel(total, from, until, Math.max(0, ...v.totals)) })}<figcaption class="muted">${e(m.chartCaption(v.granularity))}</figcaption></figure>`;
  const multiples = series.length
    ? `<ul class="cards two multiples">${series
        .slice(0, CHARTED)
        .map(
          (s) =>
            `<li class="card"><h3><bdi>${e(s.name)}</bdi> · ${n(s.total)}</h3>${barChart({ counts: s.counts, labels, label: `${s.name}: ${m.chartLabel(s.total, from, until, Math.max(0, ...s.counts))}`, height: 80, compact: true })}</li>`,
        )
        .join('')}</ul>`
    : '';
  const row = (name: string, counts: readonly number[], sum: number, head = false) =>
    `<tr${head ? ' class="sum"' : ''}><th scope="row" data-label="${e(dimName)}"><bdi>${e(name)}</bdi></th>${counts.map((c, i) => `<td data-label="${e(labels[i]!)}">${n(c)}</td>`).join('')}<td data-label="${e(m.total)}">${n(sum)}</td></tr>`;
  const table = `<div class="table-wrap" role="region" aria-labelledby="volume-caption" tabindex="0"><table id="volume-table"><caption id="volume-caption">${e(m.tableCaption(dimName))}</caption><thead><tr><th scope="col">${e(dimName)}</th>${v.periods
    .map((k, i) => `<th scope="col"><abbr title="${e(periodDate(k, p.lang))}">${e(labels[i]!)}</abbr></th>`)
    .join('')}<th scope="col">${e(m.total)}</th></tr></thead><tbody>${row(m.allCertificates, v.totals, total, true)}${series
    .slice(0, TABLE_ROWS)
    .map((s: Series) => row(s.name, s.counts, s.total))
    .join('')}</tbody></table></div>`;

  const revocations = v.by.body.length
    ? `<div class="table-wrap"><table class="stackable" id="revocation-table"><thead><tr><th scope="col">${e(m.body)}</th><th scope="col">${e(m.issued)}</th><th scope="col">${e(m.revoked)}</th><th scope="col">${e(m.rate)}</th></tr></thead><tbody>${v.by.body
        .map((s) => `<tr><td data-label="${e(m.body)}"><bdi>${e(s.name)}</bdi></td><td data-label="${e(m.issued)}">${n(s.total)}</td><td data-label="${e(m.revoked)}">${n(s.revoked)}</td><td data-label="${e(m.rate)}">${pct(s.total ? s.revoked / s.total : 0)}</td></tr>`)
        .join('')}</tbody></table></div>`
    : `<p class="muted">${e(m.nothingIssued)}</p>`;

  const flags = p.flags.length
    ? `<p>${e(m.flagsCount(p.flags.length))}</p><ul class="flags">${p.flags
        .map(
          (f) =>
            `<li class="flag" data-kind="${e(f.kind)}"><span class="badge wait">${e(m.kinds[f.kind] ?? f.kind)}</span> <bdi>${e(f.bodyName)}</bdi><p>${e(m.flagText[f.kind](shownFigures(f, p.lang), f.subject))}</p><p><a href="${e(flagHref(f, p.granularity, p.lang))}">${e(m.seeCertificates(f.credentialIds.length))}</a></p></li>`,
        )
        .join('')}</ul>`
    : `<p class="muted">${e(m.flagsNone)}</p>`;

  return frame({
    lang: p.lang,
    title: m.title,
    path: `/console/authority/oversight?period=${p.granularity}&by=${p.dimension}`,
    principal: p.principal,
    csrf: p.csrf,
    section: 'oversight',
    body: `<h1>${e(m.title)}</h1>
<p>${e(m.intro)}</p>
<form class="stack search filters card" method="get" action="/console/authority/oversight">
${langField(p.lang)}<div class="grid">
${select('period', m.periodField, (['week', 'month'] as const).map((g) => option(g, m.periods[g]!, p.granularity)).join(''))}
${select('by', m.dimensionField, (['body', 'evaluator', 'standard'] as const).map((d) => option(d, m.dimensions[d]!, p.dimension)).join(''))}
</div>
<button class="button" type="submit">${e(m.show)}</button>
</form>
<section class="card" aria-labelledby="flags-title" id="flags"><h2 id="flags-title">${e(m.flagsTitle)}</h2>${flags}</section>
<section class="card" aria-labelledby="volume-title" id="volume"><h2 id="volume-title">${e(m.volumeTitle)}</h2>${total ? `${chart}${multiples}${table}` : `<p class="muted">${e(m.nothingIssued)}</p>`}</section>
<section class="card" aria-labelledby="revocation-title" id="revocations"><h2 id="revocation-title">${e(m.revocationTitle)}</h2>${revocations}</section>`,
  });
}

/** A flag's figures with its dates written for the page. */
function shownFigures(f: Flag, lang: Lang): Record<string, number | string> {
  const out = { ...f.figures };
  if (typeof out.period === 'string') out.period = periodDate(out.period, lang);
  if (typeof out.validUntil === 'string') out.validUntil = formatDate(out.validUntil, lang);
  if (typeof out.average === 'number') out.average = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 1 }).format(out.average);
  return out;
}

export interface FlagPageInput {
  lang: Lang;
  principal: ConsolePrincipal;
  csrf: string;
  granularity: Granularity;
  /** The flag asked for (its page's own address, for the language switch). */
  key: string;
  flag: Flag | null;
  /** The flag's certificates, in its order. */
  certificates: IssuedFact[];
  maskCurp: (curp: string) => string;
}

export function renderFlagCertificates(p: FlagPageInput): string {
  const m = OVERSIGHT_MESSAGES[p.lang];
  const time = (iso: string) => new Intl.DateTimeFormat(LOCALES[p.lang], { dateStyle: 'medium', timeStyle: 'short', timeZone: 'America/Mexico_City' }).format(new Date(iso));
  const back = `<p><a class="button secondary" href="${e(hrefIn(`/console/authority/oversight?period=${p.granularity}`, p.lang))}">${e(m.backToOversight)}</a></p>`;
  const f = p.flag;
  const cols: Array<[string, (c: IssuedFact) => string]> = [
    [m.credentialId, (c) => `<code>${e(c.credentialId)}</code>`],
    [m.holder, (c) => `<bdi>${e(c.holderName ?? '—')}</bdi>`],
    [m.curp, (c) => `<code>${e(p.maskCurp(c.curp))}</code>`],
    [m.body, (c) => `<bdi>${e(c.bodyName)}</bdi>`],
    [m.standard, (c) => e(c.standardCode)],
    [m.evaluator, (c) => `<bdi>${e(c.evaluatorName)}</bdi>`],
    [m.certifier, (c) => `<bdi>${e(c.certifierName ?? '—')}</bdi>`],
    [m.evaluatedOn, (c) => e(formatDate(`${c.evaluatedOn}T12:00:00Z`, p.lang))],
    [m.recordedAt, (c) => e(time(c.recordedAt))],
    [m.issuedAt, (c) => e(time(c.issuedAt))],
    [m.state, (c) => (c.revokedAt ? `<span class="badge bad">${e(m.revokedState)}</span>` : `<span class="badge ok">${e(m.active)}</span>`)],
  ];
  const body = f
    ? `<p><span class="badge wait">${e(m.kinds[f.kind] ?? f.kind)}</span> <bdi>${e(f.bodyName)}</bdi></p>
<p>${e(m.flagText[f.kind](shownFigures(f, p.lang), f.subject))}</p>
<section class="card"><p class="muted">${e(m.readOnly)}</p><div class="table-wrap" role="region" aria-label="${e(m.flagPageTitle)}" tabindex="0"><table class="stackable" id="flag-certificates"><thead><tr>${cols.map(([h]) => `<th scope="col">${e(h)}</th>`).join('')}</tr></thead><tbody>${p.certificates
        .map((c) => `<tr>${cols.map(([h, cell]) => `<td data-label="${e(h)}">${cell(c)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table></div></section>`
    : `<p class="notice" role="status">${e(m.flagGone)}</p>`;
  return frame({ lang: p.lang, title: m.flagPageTitle, path: `/console/authority/oversight/flags?key=${encodeURIComponent(p.key)}&period=${p.granularity}`, principal: p.principal, csrf: p.csrf, section: 'oversight', body: `<h1>${e(m.flagPageTitle)}</h1>\n${body}\n${back}` });
}

export type AuditSearchValues = Record<'body' | 'actor' | 'action' | 'from' | 'until', string>;

export interface AuditPageInput {
  lang: Lang;
  principal: ConsolePrincipal;
  csrf: string;
  bodies: Array<{ id: string; name: string }>;
  values: AuditSearchValues;
  errors?: FieldErrors;
  entries: AuditEntry[];
  chain: ChainVerification;
  /** The seq to continue from for older entries, when there are more. */
  olderThan: number | null;
  /** Whether this page is not the newest one. */
  paged: boolean;
}

export function renderAuditLog(p: AuditPageInput): string {
  const m = OVERSIGHT_MESSAGES[p.lang];
  const v = p.values;
  const errors = p.errors ?? {};
  const names = new Map(p.bodies.map((b) => [b.id, b.name]));
  const time = (iso: string) => new Intl.DateTimeFormat(LOCALES[p.lang], { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'America/Mexico_City' }).format(new Date(iso));
  const query = (extra: Record<string, string>) => {
    const q = new URLSearchParams();
    for (const [k, x] of Object.entries({ ...v, ...extra })) if (x) q.set(k, x);
    if (p.lang === 'en') q.set('lang', 'en');
    const s = q.toString();
    return `/console/authority/audit${s ? `?${s}` : ''}`;
  };
  const chain = p.chain.ok
    ? `<p class="notice" role="status" id="chain-state" data-ok="true">${e(m.chainOk(p.chain.count, p.chain.head?.seq ?? null))}</p>`
    : `<p class="alert" role="alert" id="chain-state" data-ok="false">${e(m.chainBroken(p.chain.firstBroken, p.chain.reason, p.chain.count))}</p>`;
  const outcomeBadge = (o: string) => `<span class="badge ${o === 'ok' ? 'ok' : o === 'denied' ? 'wait' : 'bad'}">${e(m.outcomes[o] ?? o)}</span>`;
  const details = (d: AuditEntry['details']) => {
    const s = d && Object.keys(d).length ? JSON.stringify(d) : '';
    return s.length > 240 ? `${s.slice(0, 240)}…` : s;
  };
  const rows = p.entries
    .map(
      (x) =>
        `<tr><td data-label="${e(m.seq)}">${x.seq}</td><td data-label="${e(m.at)}">${e(time(x.at))}</td><td data-label="${e(m.action)}"><code>${e(x.action)}</code></td><td data-label="${e(m.actor)}"><code>${e(x.actor)}</code></td><td data-label="${e(m.body)}"><bdi>${e(x.bodyId ? (names.get(x.bodyId) ?? x.bodyId) : '—')}</bdi></td><td data-label="${e(m.subject)}"><code>${e(x.subject)}</code></td><td data-label="${e(m.outcome)}">${outcomeBadge(x.outcome)}</td><td data-label="${e(m.details)}"><code>${e(details(x.details))}</code></td></tr>`,
    )
    .join('');
  const pager = `<div class="pager">${p.paged ? `<a class="button secondary" href="${e(query({}))}">${e(m.newest)}</a>` : ''}${p.olderThan !== null ? `<a class="button secondary" href="${e(query({ before: String(p.olderThan) }))}" rel="next">${e(m.older)}</a>` : ''}</div>`;
  const table = p.entries.length
    ? `<div class="table-wrap" role="region" aria-label="${e(m.auditTitle)}" tabindex="0"><table class="stackable" id="audit-entries"><thead><tr><th scope="col">${e(m.seq)}</th><th scope="col">${e(m.at)}</th><th scope="col">${e(m.action)}</th><th scope="col">${e(m.actor)}</th><th scope="col">${e(m.body)}</th><th scope="col">${e(m.subject)}</th><th scope="col">${e(m.outcome)}</th><th scope="col">${e(m.details)}</th></tr></thead><tbody>${rows}</tbody></table></div>${pager}`
    : `<p class="muted">${e(m.noEntries)}</p>${p.paged ? pager : ''}`;
  return frame({
    lang: p.lang,
    title: m.auditTitle,
    path: query({}).replace(/[?&]lang=en/, ''),
    principal: p.principal,
    csrf: p.csrf,
    section: 'audit',
    body: `<h1>${e(m.auditTitle)}</h1>
<p>${e(m.auditIntro)}</p>
${chain}
${alertBox(errors.form)}<form class="stack search filters card" method="get" action="/console/authority/audit" novalidate>
${langField(p.lang)}<div class="grid">
${select('body', m.body, option('', m.anyBody, v.body) + p.bodies.map((b) => option(b.id, b.name, v.body)).join(''), errors.body)}
${field({ name: 'actor', label: m.actorField, type: 'text', value: v.actor, autocomplete: 'off', hint: m.actorHint, error: errors.actor, extra: ' maxlength="200" spellcheck="false" autocapitalize="off"' })}
${field({ name: 'action', label: m.actionField, type: 'text', value: v.action, autocomplete: 'off', hint: m.actionHint, error: errors.action, extra: ' maxlength="100" spellcheck="false" autocapitalize="off"' })}
${field({ name: 'from', label: m.fromField, type: 'date', value: v.from, error: errors.from })}
${field({ name: 'until', label: m.untilField, type: 'date', value: v.until, error: errors.until })}
</div>
<button class="button" type="submit">${e(m.search)}</button>
</form>
<section class="card" aria-label="${e(m.auditTitle)}">${table}</section>`,
  });
}

/** The oversight pages' additions to the console's stylesheet. */
export const OVERSIGHT_CSS = `ul.multiples{list-style:none;padding:0;margin:1rem 0}
ul.multiples h3{font-size:1rem;margin:0 0 .4rem;color:var(--navy)}
ul.flags{list-style:none;padding:0;margin:0}
li.flag{border-top:1px solid var(--line);padding:.6rem 0}
li.flag p{margin:.3rem 0}
figure.chart{margin:0 0 1rem;max-width:48rem}
form.filters .grid .field label{margin-top:.9rem}
#volume-table td,#volume-table th{white-space:nowrap}
figure.chart svg,ul.multiples svg{display:block;max-width:100%;height:auto}
tr.sum th,tr.sum td{font-weight:700}
#audit-entries td:nth-child(3) code{word-break:normal;white-space:nowrap}
th[scope=row]{text-transform:none;letter-spacing:0;font-size:.95rem;color:var(--ink);border-top:1px solid var(--line)}
.table-wrap[tabindex]:focus-visible{outline:3px solid var(--focus)}
`;

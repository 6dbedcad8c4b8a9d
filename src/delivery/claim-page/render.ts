import { otherLang, type Lang } from '../../lang.js';
import { MESSAGES } from './messages.js';

/** What the page says about a certificate, read from the credential the worker was issued. */
export interface CertificateView {
  id: string;
  holderName: string;
  issuerName: string;
  standardCode: string;
  standardVersion: string;
  standardTitle: string;
  level: number | null;
  sector: string | null;
  centre: string | null;
  evaluatedOn: string | null;
  validFrom: string;
  validUntil: string | null;
}

export interface ClaimPageInput {
  lang: Lang;
  /** The claim link's own path (`/claim/<token>`), for the download links and the language switch. */
  basePath: string;
  certificate: CertificateView;
  /** As the status domain reads it now: active, suspended, revoked, expired, superseded. */
  state: string;
  /** The wallet offer, when one could be made: its URI and the same URI as an inline SVG QR code. */
  wallet: { uri: string; qrSvg: string; expiresAt: string } | null;
}

/** Reads the display facts out of an Open Badges 3.0 competency credential; tolerant, since it only displays. */
export function certificateView(credential: Record<string, unknown>, fallback: { id: string; holderName: string | null; validFrom: string; validUntil: string | null }): CertificateView {
  const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
  const subject = obj(credential.credentialSubject);
  const achievement = obj(subject.achievement);
  const identifiers = Array.isArray(subject.identifier) ? subject.identifier.map(obj) : [];
  const nameId = identifiers.find((i) => i.identityType === 'name' && i.hashed === false);
  const evidence = Array.isArray(credential.evidence) ? obj(credential.evidence[0]) : {};
  const level = achievement.nqfLevel;
  return {
    id: str(credential.id) ?? fallback.id,
    holderName: str(nameId?.identityHash) ?? fallback.holderName ?? '—',
    issuerName: str(obj(credential.issuer).name) ?? '—',
    standardCode: str(achievement.humanCode) ?? '—',
    standardVersion: str(achievement.version) ?? '—',
    standardTitle: str(achievement.name) ?? str(credential.name) ?? '—',
    level: typeof level === 'number' && Number.isInteger(level) ? level : null,
    sector: str(achievement.sector),
    centre: str(evidence.evaluationCentre),
    evaluatedOn: str(evidence.evaluatedOn),
    validFrom: str(credential.validFrom) ?? fallback.validFrom,
    validUntil: str(credential.validUntil) ?? fallback.validUntil,
  };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Mexico's civil time: what the worker's documents and clock say. */
const TIME_ZONE = 'America/Mexico_City';

function formatDate(iso: string, locale: string): string {
  // A bare date (YYYY-MM-DD) is a calendar day, not an instant: show it as that day wherever the server runs.
  const bare = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  const t = Date.parse(bare ? `${iso}T12:00:00Z` : iso);
  if (Number.isNaN(t)) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: bare ? 'UTC' : TIME_ZONE }).format(new Date(t));
}

function formatTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: TIME_ZONE, timeZoneName: 'short' }).format(new Date(iso));
}

function page(lang: Lang, title: string, switchHref: string, body: string): string {
  const m = MESSAGES[lang];
  const other = otherLang(lang);
  return `<!doctype html>
<html lang="${m.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · Avala</title>
<link rel="stylesheet" href="/assets/claim-page.css">
</head>
<body>
<header class="top">
<p class="brand">Avala</p>
<a class="lang" href="${escapeHtml(switchHref)}" hreflang="${MESSAGES[other].locale}" lang="${MESSAGES[other].locale}" title="${escapeHtml(m.otherLanguageName)}">${escapeHtml(m.otherLanguage)}</a>
</header>
<main id="main">
${body}
</main>
</body>
</html>
`;
}

/** The claim page: the certificate in plain words, the wallet offer, the downloads and the verification QR. Pure. */
export function renderClaimPage(input: ClaimPageInput): string {
  const { lang, certificate: c, basePath, state, wallet } = input;
  const m = MESSAGES[lang];
  const e = escapeHtml;
  const href = (suffix: string) => e(`${basePath}${suffix}${lang === 'en' ? (suffix.includes('?') ? '&' : '?') + 'lang=en' : ''}`);
  const stateText = m.states[state] ?? state;
  const notice = m.stateNotice[state];
  const row = (label: string, value: string) => `<div><dt>${e(label)}</dt><dd>${e(value)}</dd></div>`;
  // Text someone typed (names, titles, centres) is isolated, so no character in it can reorder what is around it.
  const userRow = (label: string, value: string, before = '') => `<div><dt>${e(label)}</dt><dd>${e(before)}${isolate(value)}</dd></div>`;
  const details = [
    userRow(m.standard, c.standardTitle, `${c.standardCode} · ${m.version(c.standardVersion)} — `),
    c.level === null ? '' : row(m.level, m.levelValue(c.level)),
    c.sector ? userRow(m.sector, c.sector) : '',
    userRow(m.issuer, c.issuerName),
    c.centre ? userRow(m.centre, c.centre) : '',
    c.evaluatedOn ? row(m.evaluatedOn, formatDate(c.evaluatedOn, m.locale)) : '',
    row(m.issuedOn, formatDate(c.validFrom, m.locale)),
    row(m.validUntil, c.validUntil ? formatDate(c.validUntil, m.locale) : m.noExpiry),
    `<div><dt>${e(m.identifier)}</dt><dd class="id">${e(c.id)}</dd></div>`,
  ].join('\n');

  const walletSection = wallet
    ? `<section aria-labelledby="wallet-title" class="card">
<h2 id="wallet-title">${e(m.walletTitle)}</h2>
<p>${e(m.walletSteps)}</p>
<figure class="qr">${labelSvg(wallet.qrSvg, m.walletQrAlt)}</figure>
<p>${e(m.walletSameDevice)}</p>
<p><a class="button" href="${e(wallet.uri)}">${e(m.walletOpen)}</a></p>
<p class="note">${e(m.walletExpiry(formatTime(wallet.expiresAt, m.locale)))}</p>
</section>`
    : state === 'active'
      ? `<section aria-labelledby="wallet-title" class="card"><h2 id="wallet-title">${e(m.walletTitle)}</h2><p>${e(m.walletUnavailable)}</p></section>`
      : '';

  const body = `<h1>${e(m.title)}</h1>
<p class="state state-${e(state)}"><span class="label">${e(m.statusLabel)}:</span> <strong>${e(stateText)}</strong></p>
${notice ? `<p class="notice" role="status">${e(notice)}</p>` : ''}
<p class="summary">${isolatedMessage(m.summary, { name: c.holderName, title: c.standardTitle, code: c.standardCode, issuer: c.issuerName, date: formatDate(c.validFrom, m.locale) }, ['name', 'title', 'issuer'])}</p>
<section aria-labelledby="details-title" class="card">
<h2 id="details-title">${e(m.details)}</h2>
<dl>
${details}
</dl>
</section>
${walletSection}
<section aria-labelledby="downloads-title" class="card">
<h2 id="downloads-title">${e(m.downloadsTitle)}</h2>
<ul class="downloads">
<li><a href="${href('/certificate.pdf')}" type="application/pdf" download>${e(m.pdf)}</a></li>
<li><a href="${e(`${basePath}/credential.json`)}" type="application/vc+ld+json" download>${e(m.json)}</a></li>
<li><a href="${e(`${basePath}/credential.jwt`)}" type="application/vc+jwt" download>${e(m.jwt)}</a></li>
</ul>
</section>
<section aria-labelledby="verify-title" class="card">
<h2 id="verify-title">${e(m.verifyTitle)}</h2>
<p>${e(m.verifyText)}</p>
<figure class="qr"><img src="${e(`${basePath}/qr.svg`)}" alt="${e(m.verifyQrAlt)}" width="240" height="240"></figure>
</section>
<p class="privacy">${e(m.privacy)}</p>`;
  return page(lang, m.title, `${basePath}?lang=${otherLang(lang)}`, body);
}

/** The page for a claim link that is not (or no longer) valid. */
export function renderClaimNotFound(lang: Lang, basePath: string): string {
  const m = MESSAGES[lang];
  return page(lang, m.notFoundTitle, `${basePath}?lang=${otherLang(lang)}`, `<h1>${escapeHtml(m.notFoundTitle)}</h1>\n<p>${escapeHtml(m.notFoundText)}</p>`);
}

/** Escaped user text inside `<bdi>`: shown as written, whatever direction it or its neighbours run. */
export function isolate(text: string): string {
  return `<bdi>${escapeHtml(text)}</bdi>`;
}

/** A message with some of its values (user text) isolated in `<bdi>`, the rest escaped. */
function isolatedMessage<P extends Record<string, string>>(message: (p: P) => string, values: P, isolated: Array<keyof P>): string {
  // Placeholders that escaping leaves alone and that no value holds (control characters are refused in names).
  const marked = { ...values };
  isolated.forEach((k, i) => ((marked as Record<string, string>)[k as string] = `\u0000${i}\u0000`));
  return escapeHtml(message(marked)).replace(/\u0000(\d+)\u0000/g, (_m, i: string) => isolate(values[isolated[Number(i)]!]!));
}

/** Gives the generated QR SVG an accessible name (it is an image, not decoration). */
function labelSvg(svg: string, label: string): string {
  const start = svg.indexOf('<svg');
  if (start < 0) throw new TypeError('not an SVG document');
  return svg.slice(start).replace('<svg', `<svg role="img" aria-label="${escapeHtml(label)}" class="qr-image"`);
}

import type { ClaimPageData } from '../../delivery/claim-page/index.js';
import { LOCALES, otherLang, type Lang } from '../../lang.js';
import { SHARE_SCRIPT_PATH } from '../my-certificates/render.js';
import { escapeHtml, renderPageShell } from '../shell.js';
import { MESSAGES } from './messages.js';

export type ClaimPageInput = Extract<ClaimPageData, { found: true }> & { lang: Lang };

/**
 * No script may run, nothing may be framed, and the page loads only its own stylesheet and images (the verification
 * QR); the wallet QR is inline SVG markup, which CSP does not treat as script.
 */
export const CLAIM_PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The claim page for what delivery found behind a token: the certificate, or the 404 page. */
export function renderClaim(data: ClaimPageData, lang: Lang): { status: 200 | 404; html: string } {
  return data.found ? { status: 200, html: renderClaimPage({ ...data, lang }) } : { status: 404, html: renderClaimNotFound(lang, data.basePath) };
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
  const other = LOCALES[otherLang(lang)];
  return renderPageShell({
    htmlLang: LOCALES[lang],
    title: `${title} · Avala`,
    stylesheet: '/assets/claim-page.css',
    head: '<meta name="robots" content="noindex, nofollow">\n',
    body: `<header class="top">
<p class="brand">Avala</p>
<a class="lang" href="${escapeHtml(switchHref)}" hreflang="${other}" lang="${other}" title="${escapeHtml(m.otherLanguageName)}">${escapeHtml(m.otherLanguage)}</a>
</header>
<main id="main">
${body}
</main>`,
  });
}

/** The claim page: the certificate in plain words, the wallet offer, the downloads and the verification QR. Pure. */
export function renderClaimPage(input: ClaimPageInput): string {
  const { lang, certificate: c, basePath, state, wallet, shareUrl } = input;
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
    c.evaluatedOn ? row(m.evaluatedOn, formatDate(c.evaluatedOn, LOCALES[lang])) : '',
    row(m.issuedOn, formatDate(c.validFrom, LOCALES[lang])),
    row(m.validUntil, c.validUntil ? formatDate(c.validUntil, LOCALES[lang]) : m.noExpiry),
    `<div><dt>${e(m.identifier)}</dt><dd class="id">${e(c.id)}</dd></div>`,
  ].join('\n');

  const walletSection = wallet
    ? `<section aria-labelledby="wallet-title" class="card">
<h2 id="wallet-title">${e(m.walletTitle)}</h2>
<p>${e(m.walletSteps)}</p>
<figure class="qr">${labelSvg(wallet.qrSvg, m.walletQrAlt)}</figure>
<p>${e(m.walletSameDevice)}</p>
<p><a class="button" href="${e(wallet.uri)}">${e(m.walletOpen)}</a></p>
<p class="note">${e(m.walletExpiry(formatTime(wallet.expiresAt, LOCALES[lang])))}</p>
</section>`
    : state === 'active'
      ? `<section aria-labelledby="wallet-title" class="card"><h2 id="wallet-title">${e(m.walletTitle)}</h2><p>${e(m.walletUnavailable)}</p></section>`
      : '';

  const body = `<h1>${e(m.title)}</h1>
<p class="state state-${e(state)}"><span class="label">${e(m.statusLabel)}:</span> <strong>${e(stateText)}</strong></p>
${notice ? `<p class="notice" role="status">${e(notice)}</p>` : ''}
<p class="summary">${isolatedMessage(m.summary, { name: c.holderName, title: c.standardTitle, code: c.standardCode, issuer: c.issuerName, date: formatDate(c.validFrom, LOCALES[lang]) }, ['name', 'title', 'issuer'])}</p>
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
${
  shareUrl
    ? `<p><label for="share-link">${e(m.shareLabel)}</label><br><input id="share-link" class="share" type="url" readonly value="${e(shareUrl)}" aria-describedby="share-hint"></p>
<p class="note" id="share-hint">${e(m.shareHint)}</p>
<p><button class="button" type="button" data-share="${e(shareUrl)}" hidden>${e(m.shareButton)}</button></p>
<script src="${SHARE_SCRIPT_PATH}" defer></script>`
    : ''
}
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

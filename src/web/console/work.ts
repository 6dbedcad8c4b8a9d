import type { ConsolePrincipal } from '../../console/index.js';
import { LOCALES, otherLang, type Lang } from '../../lang.js';
import { escapeHtml as e } from '../shell.js';
import { MESSAGES } from './messages.js';
import { alertBox, field, formatDate, frame, hrefIn, type FieldErrors } from './render.js';
import { WORK_MESSAGES } from './work-messages.js';

/**
 * The batch pages may load one script of this origin (drag and drop, live progress), which polls this origin; the
 * pages work without it. Everything else is the console's CSP.
 */
export const CONSOLE_SCRIPT_CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
export const CONSOLE_BATCH_SCRIPT = '/assets/console-batches.js';

type StaffPrincipal = Extract<ConsolePrincipal, { kind: 'staff' }>;

const n = (lang: Lang, x: number) => new Intl.NumberFormat(LOCALES[lang]).format(x);
const dateTime = (iso: string, lang: Lang) => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeStyle: 'short', timeZone: 'America/Mexico_City' }).format(new Date(t));
};
const badgeClass: Record<string, string> = { active: 'ok', done: 'ok', imported: 'wait', importing: 'wait', certifying: 'wait', suspended: 'wait', superseded: '', expired: 'bad', revoked: 'bad', failed: 'bad' };
const badge = (state: string, label: string) => `<span class="badge ${badgeClass[state] ?? ''}">${e(label)}</span>`;
const hidden = (name: string, value: string) => `<input type="hidden" name="${e(name)}" value="${e(value)}">`;

// ---- batches

export interface BatchLine {
  id: string;
  fileName: string | null;
  state: 'importing' | 'imported' | 'certifying' | 'done' | 'failed';
  failure: string | null;
  rowsTotal: number;
  rowsBad: number;
  rowsIssued: number;
  updatedAt: string;
}

function uploadForm(p: { lang: Lang; csrf: string; errors: FieldErrors; title: string; hint: string; button: string; id: string }): string {
  const w = WORK_MESSAGES[p.lang];
  const error = p.errors.file;
  return `<form class="stack dropzone" id="${p.id}" method="post" action="${e(hrefIn('/console/batches', p.lang))}" enctype="multipart/form-data" novalidate>
${hidden('csrf', p.csrf)}
<div class="field">
<label for="${p.id}-file">${e(p.title)}</label>
<input id="${p.id}-file" name="file" type="file" accept=".csv,text/csv" required aria-describedby="${p.id}-hint${error ? ` ${p.id}-error` : ''}"${error ? ' aria-invalid="true"' : ''}>
<p class="hint" id="${p.id}-hint">${e(p.hint)} <span class="drop-hint" hidden>${e(w.dropHint)}</span></p>
${error ? `<p class="field-error" id="${p.id}-error">${e(error)}</p>` : ''}
</div>
<button class="button" type="submit">${e(p.button)}</button>
</form>`;
}

export function renderBatches(p: { lang: Lang; principal: StaffPrincipal; csrf: string; batches: BatchLine[]; canUpload: boolean; errors?: FieldErrors }): string {
  const w = WORK_MESSAGES[p.lang];
  const m = MESSAGES[p.lang];
  const errors = p.errors ?? {};
  const rows = p.batches
    .map(
      (b) =>
        `<tr><td data-label="${e(w.file)}"><a href="${e(hrefIn(`/console/batches/${encodeURIComponent(b.id)}`, p.lang))}"><bdi>${e(b.fileName ?? b.id)}</bdi></a></td><td data-label="${e(w.state)}">${badge(b.state, m.batchStates[b.state] ?? b.state)}</td><td data-label="${e(w.rows)}">${e(w.rowsValue(b.rowsTotal, b.rowsBad, b.rowsIssued))}</td><td data-label="${e(w.updated)}">${e(dateTime(b.updatedAt, p.lang))}</td></tr>`,
    )
    .join('');
  const list = p.batches.length
    ? `<div class="table-wrap"><table class="stackable"><thead><tr><th scope="col">${e(w.file)}</th><th scope="col">${e(w.state)}</th><th scope="col">${e(w.rows)}</th><th scope="col">${e(w.updated)}</th></tr></thead><tbody>${rows}</tbody></table></div>`
    : `<p class="muted">${e(w.noBatches)}</p>`;
  return frame({
    lang: p.lang,
    title: w.batchesTitle,
    path: '/console/batches',
    principal: p.principal,
    csrf: p.csrf,
    section: 'batches',
    scripts: [CONSOLE_BATCH_SCRIPT],
    body: `<h1>${e(w.batchesTitle)}</h1>
<p>${e(w.batchesIntro)}</p>
${alertBox(errors.form)}<div class="cards two">
<section class="card" aria-labelledby="upload-title"><h2 id="upload-title">${e(w.uploadTitle)}</h2>
${p.canUpload ? uploadForm({ lang: p.lang, csrf: p.csrf, errors, title: w.uploadFile, hint: w.uploadHint, button: w.uploadButton, id: 'upload' }) : `<p class="muted">${e(w.onlyEvaluators)}</p>`}
</section>
<section class="card" aria-labelledby="template-title"><h2 id="template-title">${e(w.templateTitle)}</h2>
<p>${e(w.templateText)}</p>
<ul class="links"><li><a href="${e(hrefIn('/console/batches/template.csv', p.lang))}" download>${e(w.templateLink)}</a></li><li><a href="${e(hrefIn('/console/batches/sample.csv', p.lang))}" download>${e(w.sampleLink)}</a></li></ul>
</section>
</div>
<section class="card" aria-labelledby="list-title"><h2 id="list-title">${e(w.listTitle)}</h2>${list}</section>`,
  });
}

export interface BatchPageInput {
  lang: Lang;
  principal: StaffPrincipal;
  csrf: string;
  batch: BatchLine;
  rowErrors: Array<{ line: number; externalId: string | null; code: string; message: string }>;
  /** After an upload: what the import did. */
  importNotice?: string;
  errors?: FieldErrors;
  /** The evaluator who imported it may upload the corrected file. */
  canUpload: boolean;
  /** Whether this person may certify it, and if not, why (shown, not only enforced). */
  certify: { allowed: true } | { allowed: false; why: string };
  job: { state: 'running' | 'done' | 'failed'; issued: number; total: number; refused: number; failure: string | null; linksAvailable: boolean } | null;
  credentials: number;
}

export function renderBatch(p: BatchPageInput): string {
  const w = WORK_MESSAGES[p.lang];
  const m = MESSAGES[p.lang];
  const b = p.batch;
  const base = `/console/batches/${encodeURIComponent(b.id)}`;
  const errors = p.errors ?? {};
  const report = p.rowErrors.length
    ? `<div class="table-wrap"><table class="stackable" id="row-errors"><thead><tr><th scope="col">${e(w.line)}</th><th scope="col">${e(w.externalId)}</th><th scope="col">${e(w.reason)}</th></tr></thead><tbody>${p.rowErrors
        .map((r) => `<tr><td data-label="${e(w.line)}">${r.line || '—'}</td><td data-label="${e(w.externalId)}"><bdi>${e(r.externalId ?? '—')}</bdi></td><td data-label="${e(w.reason)}">${e(r.message)} <span class="muted">(${e(r.code)})</span></td></tr>`)
        .join('')}</tbody></table></div>
${p.rowErrors.length < b.rowsBad ? `<p class="muted">${e(w.reportShown(p.rowErrors.length, b.rowsBad))}</p>` : ''}
<p><a class="button secondary" href="${e(hrefIn(`${base}/errors.csv`, p.lang))}" download>${e(w.downloadReport)}</a></p>`
    : `<p class="muted">${e(w.reportNone)}</p>`;
  const job = p.job;
  const progress = job
    ? `<section class="card" aria-labelledby="progress-title" id="progress" data-progress-url="${e(`${base}/progress`)}" data-state="${job.state}">
<h2 id="progress-title">${e(w.progressTitle)}</h2>
<label for="certify-progress">${e(w.progressLabel)}</label>
<progress id="certify-progress" max="${Math.max(job.total, 1)}" value="${job.state === 'running' ? job.issued : Math.max(job.total, job.issued, 1)}">${job.issued}</progress>
<p id="progress-text" role="status">${e(job.state === 'running' ? w.progressText(job.issued, job.total) : job.state === 'done' ? w.jobDone(job.issued, job.refused) : `${w.jobFailed} ${job.failure ?? ''}`)}</p>
${job.state === 'running' ? `<p class="muted">${e(w.running)}</p><p><a class="button secondary" href="${e(hrefIn(base, p.lang))}">${e(w.refresh)}</a></p>` : ''}
</section>`
    : '';
  const certify = p.certify.allowed
    ? `<form method="post" action="${e(hrefIn(`${base}/certify`, p.lang))}">${hidden('csrf', p.csrf)}<p>${e(w.certifyText)}</p><button class="button" type="submit">${e(w.certifyButton)}</button></form>`
    : `<p>${e(w.certifyText)}</p><p><button class="button" type="button" disabled aria-describedby="certify-why">${e(w.certifyButton)}</button></p><p class="hint" id="certify-why">${e(p.certify.why)}</p>`;
  const downloads =
    p.credentials > 0 || job?.linksAvailable
      ? `<section class="card" aria-labelledby="downloads-title"><h2 id="downloads-title">${e(w.downloadsTitle)}</h2>
<ul class="links">
${job?.linksAvailable ? `<li><a href="${e(hrefIn(`${base}/claim-links.csv`, p.lang))}" download>${e(w.claimLinks)}</a><p class="hint">${e(w.claimLinksHint)}</p></li>` : `<li><p class="hint">${e(w.claimLinksGone)}</p></li>`}
${p.credentials > 0 ? `<li><a href="${e(hrefIn(`${base}/certificates.zip`, p.lang))}" download>${e(w.pdfZip)}</a> <span class="muted">(${n(p.lang, p.credentials)})</span></li><li><a href="${e(hrefIn(`/console/certificates?batch=${encodeURIComponent(b.id)}`, p.lang))}">${e(w.findInBatch)}</a></li>` : ''}
</ul></section>`
      : '';
  return frame({
    lang: p.lang,
    title: w.batchTitle(b.fileName ?? b.id),
    path: base,
    principal: p.principal,
    csrf: p.csrf,
    section: 'batches',
    scripts: [CONSOLE_BATCH_SCRIPT],
    body: `<h1>${e(w.batchTitle(b.fileName ?? b.id))}</h1>
${p.importNotice ? `<p class="notice" role="status">${e(p.importNotice)}</p>\n` : ''}${alertBox(errors.form)}${b.state === 'failed' && b.failure ? `<p class="alert" role="alert">${e(w.fileRefused)} ${e(b.failure)}</p>\n` : ''}<p>${badge(b.state, m.batchStates[b.state] ?? b.state)} · ${e(dateTime(b.updatedAt, p.lang))}</p>
<ul class="tiles">
<li class="tile" id="rows-total"><span class="tile-value">${n(p.lang, b.rowsTotal)}</span> <span class="tile-label">${e(w.rowsTotal)}</span></li>
<li class="tile" id="rows-bad"><span class="tile-value">${n(p.lang, b.rowsBad)}</span> <span class="tile-label">${e(w.rowsBad)}</span></li>
<li class="tile" id="rows-issued"><span class="tile-value">${n(p.lang, b.rowsIssued)}</span> <span class="tile-label">${e(w.rowsIssued)}</span></li>
</ul>
${progress}${downloads}<section class="card" aria-labelledby="report-title"><h2 id="report-title">${e(w.reportTitle)}</h2><p>${e(w.reportIntro)}</p>${report}</section>
${p.canUpload ? `<section class="card" aria-labelledby="reupload-title"><h2 id="reupload-title">${e(w.reuploadTitle)}</h2>${uploadForm({ lang: p.lang, csrf: p.csrf, errors, title: w.uploadFile, hint: w.reuploadHint, button: w.reuploadButton, id: 'reupload' })}</section>\n` : ''}<section class="card" aria-labelledby="certify-title"><h2 id="certify-title">${e(w.certifyTitle)}</h2>${certify}</section>`,
  });
}

// ---- certificates

export interface SearchValues {
  name: string;
  curp: string;
  externalId: string;
  standard: string;
  batch: string;
  state: string;
  issuedFrom: string;
  issuedTo: string;
}

export interface CertificateLine {
  id: string;
  holderName: string | null;
  standard: string | null;
  externalId: string | null;
  issuedAt: string;
  validUntil: string | null;
  state: string;
}

export function renderCertificateSearch(p: {
  lang: Lang;
  principal: StaffPrincipal;
  csrf: string;
  values: SearchValues;
  errors?: FieldErrors;
  batches: Array<{ value: string; label: string }>;
  result: { total: number; hits: CertificateLine[]; offset: number; limit: number } | null;
}): string {
  const w = WORK_MESSAGES[p.lang];
  const v = p.values;
  const errors = p.errors ?? {};
  const option = (value: string, label: string, current: string) => `<option value="${e(value)}"${value === current ? ' selected' : ''}>${e(label)}</option>`;
  const select = (name: string, label: string, options: string) => `<div class="field"><label for="f-${name}">${e(label)}</label><select id="f-${name}" name="${name}"${errors[name] ? ` aria-invalid="true" aria-describedby="f-${name}-error"` : ''}>${options}</select>${errors[name] ? `<p class="field-error" id="f-${name}-error">${e(errors[name]!)}</p>` : ''}</div>`;
  const r = p.result;
  const hiddenFilters = (offset: number) => `${hidden('csrf', p.csrf)}${Object.entries(v).map(([k, x]) => hidden(k, x)).join('')}${hidden('offset', String(offset))}`;
  const pager = r
    ? `<div class="pager">${r.offset > 0 ? `<form method="post" action="${e(hrefIn('/console/certificates', p.lang))}">${hiddenFilters(Math.max(0, r.offset - r.limit))}<button class="button secondary" type="submit">${e(w.previous)}</button></form>` : ''}${r.offset + r.hits.length < r.total ? `<form method="post" action="${e(hrefIn('/console/certificates', p.lang))}">${hiddenFilters(r.offset + r.limit)}<button class="button secondary" type="submit">${e(w.next)}</button></form>` : ''}</div>`
    : '';
  const results = r
    ? `<section class="card" aria-labelledby="results-title"><h2 id="results-title">${e(w.results(r.total))}</h2>${
        r.hits.length
          ? `<div class="table-wrap"><table class="stackable" id="results"><thead><tr><th scope="col">${e(w.holder)}</th><th scope="col">${e(w.standard)}</th><th scope="col">${e(w.externalId)}</th><th scope="col">${e(w.issued)}</th><th scope="col">${e(w.validUntil)}</th><th scope="col">${e(w.state)}</th></tr></thead><tbody>${r.hits
              .map(
                (h) =>
                  `<tr><td data-label="${e(w.holder)}"><a href="${e(hrefIn(`/console/certificates/${encodeURIComponent(h.id)}`, p.lang))}"><bdi>${e(h.holderName ?? h.id)}</bdi></a></td><td data-label="${e(w.standard)}">${e(h.standard ?? '—')}</td><td data-label="${e(w.externalId)}"><bdi>${e(h.externalId ?? '—')}</bdi></td><td data-label="${e(w.issued)}">${e(formatDate(h.issuedAt, p.lang))}</td><td data-label="${e(w.validUntil)}">${e(h.validUntil ? formatDate(h.validUntil, p.lang) : w.never)}</td><td data-label="${e(w.state)}">${badge(h.state, w.states[h.state] ?? h.state)}</td></tr>`,
              )
              .join('')}</tbody></table></div>${pager}`
          : `<p class="muted">${e(w.noResults)}</p>`
      }</section>`
    : '';
  return frame({
    lang: p.lang,
    title: w.certificatesTitle,
    path: '/console/certificates',
    principal: p.principal,
    csrf: p.csrf,
    section: 'certificates',
    body: `<h1>${e(w.certificatesTitle)}</h1>
${alertBox(errors.form)}<section class="card" aria-labelledby="search-title"><h2 id="search-title">${e(w.searchTitle)}</h2><p>${e(w.searchIntro)}</p>
<form class="stack search" method="post" action="${e(hrefIn('/console/certificates', p.lang))}" novalidate>
${hidden('csrf', p.csrf)}
<div class="grid">
${field({ name: 'name', label: w.name, type: 'text', value: v.name, autocomplete: 'off', error: errors.name })}
${field({ name: 'curp', label: w.curp, type: 'text', value: v.curp, autocomplete: 'off', hint: w.curpHint, error: errors.curp, extra: ' maxlength="18" spellcheck="false" autocapitalize="characters"' })}
${field({ name: 'externalId', label: w.externalId, type: 'text', value: v.externalId, autocomplete: 'off', error: errors.externalId })}
${field({ name: 'standard', label: w.standard, type: 'text', value: v.standard, autocomplete: 'off', hint: w.standardHint, error: errors.standard, extra: ' maxlength="6" spellcheck="false" autocapitalize="characters"' })}
${select('batch', w.batch, option('', w.anyBatch, v.batch) + p.batches.map((b) => option(b.value, b.label, v.batch)).join(''))}
${select('state', w.state, option('', w.anyState, v.state) + ['active', 'suspended', 'revoked', 'expired'].map((s) => option(s, w.states[s]!, v.state)).join(''))}
${field({ name: 'issuedFrom', label: w.issuedFrom, type: 'date', value: v.issuedFrom, error: errors.issuedFrom })}
${field({ name: 'issuedTo', label: w.issuedTo, type: 'date', value: v.issuedTo, error: errors.issuedTo })}
</div>
<button class="button" type="submit">${e(w.searchButton)}</button>
</form>
<p><a href="${e(hrefIn('/console/certificates', p.lang))}">${e(w.clear)}</a></p>
</section>
${results}`,
  });
}

export interface CertificatePageInput {
  lang: Lang;
  principal: StaffPrincipal;
  csrf: string;
  c: {
    id: string;
    holderName: string;
    standard: string;
    issuedAt: string;
    validUntil: string | null;
    externalId: string | null;
    batch: { id: string; name: string } | null;
    centre: string | null;
    evaluatedOn: string | null;
    printable: boolean;
  };
  status: {
    state: string;
    reason: string | null;
    changedAt: string | null;
    history: Array<{ at: string; action: string; reason: string | null; note: string | null; by: string }>;
    renews: Array<{ id: string; label: string }>;
    renewedBy: Array<{ id: string; label: string }>;
  };
  /** The actions this person may take now (none for an evaluator; none but revoke/reinstate as the state allows). */
  actions: string[];
  canChange: boolean;
  newClaimUrl?: string;
  /** A wallet offer just made: its QR code (inline SVG), its link and the PIN to give by another channel. */
  walletOffer?: { uri: string; qrSvg: string; txCode: string | null; expiresAt: string };
  notice?: string;
}

export function renderCertificate(p: CertificatePageInput): string {
  const w = WORK_MESSAGES[p.lang];
  const c = p.c;
  const s = p.status;
  const base = `/console/certificates/${encodeURIComponent(c.id)}`;
  const dl = (label: string, value: string) => `<div><dt>${e(label)}</dt><dd>${value}</dd></div>`;
  const history = s.history.length
    ? `<div class="table-wrap"><table class="stackable" id="history"><thead><tr><th scope="col">${e(w.when)}</th><th scope="col">${e(w.change)}</th><th scope="col">${e(w.reason)}</th><th scope="col">${e(w.note)}</th><th scope="col">${e(w.by)}</th></tr></thead><tbody>${s.history
        .map(
          (h) =>
            `<tr><td data-label="${e(w.when)}">${e(dateTime(h.at, p.lang))}</td><td data-label="${e(w.change)}">${e(w.actions[h.action] ?? h.action)}</td><td data-label="${e(w.reason)}">${e(h.reason ? (w.reasons[h.reason] ?? h.reason) : '—')}</td><td data-label="${e(w.note)}">${e(h.note ?? '—')}</td><td data-label="${e(w.by)}"><bdi>${e(h.by)}</bdi></td></tr>`,
        )
        .join('')}</tbody></table></div>`
    : `<p class="muted">${e(w.historyNone)}</p>`;
  const chainLinks = (list: Array<{ id: string; label: string }>) => list.map((x) => `<a href="${e(hrefIn(`/console/certificates/${encodeURIComponent(x.id)}`, p.lang))}">${e(x.label)}</a>`).join(', ');
  const chain =
    s.renews.length || s.renewedBy.length
      ? `<dl class="facts">${s.renews.length ? dl(w.renews, chainLinks(s.renews)) : ''}${s.renewedBy.length ? dl(w.renewedBy, chainLinks(s.renewedBy)) : ''}</dl>`
      : `<p class="muted">${e(w.renewalNone)}</p>`;
  const other = otherLang(p.lang);
  const actions = p.canChange
    ? p.actions.length
      ? `<ul class="actions">${p.actions.map((a) => `<li><a class="button${a === 'revoke' ? ' danger' : ' secondary'}" href="${e(hrefIn(`${base}/${a}`, p.lang))}">${e(w.actions[a]!)}</a></li>`).join('')}</ul>`
      : `<p class="muted">${e(w.noChange)}</p>`
    : `<p class="muted">${e(w.onlyChangers)}</p>`;
  return frame({
    lang: p.lang,
    title: `${w.certificateTitle}: ${c.holderName}`,
    path: base,
    principal: p.principal,
    csrf: p.csrf,
    section: 'certificates',
    body: `<h1><bdi>${e(c.holderName)}</bdi></h1>
${p.notice ? `<p class="notice" role="status">${e(p.notice)}</p>\n` : ''}<section class="card" aria-labelledby="facts-title"><h2 id="facts-title">${e(w.certificateTitle)}</h2>
<dl class="facts">
${dl(w.stateNow, `${badge(s.state, w.states[s.state] ?? s.state)}${s.changedAt && (s.state === 'revoked' || s.state === 'suspended') ? ` ${e(w.stateSince(dateTime(s.changedAt, p.lang)))}${s.reason ? ` — ${e(w.reasons[s.reason] ?? s.reason)}` : ''}` : ''}`)}
${dl(w.standard, e(c.standard))}
${dl(w.issued, e(formatDate(c.issuedAt, p.lang)))}
${dl(w.validUntil, e(c.validUntil ? formatDate(c.validUntil, p.lang) : w.never))}
${c.externalId ? dl(w.externalId, `<bdi>${e(c.externalId)}</bdi>`) : ''}
${c.batch ? dl(w.batch, `<a href="${e(hrefIn(`/console/batches/${encodeURIComponent(c.batch.id)}`, p.lang))}"><bdi>${e(c.batch.name)}</bdi></a>`) : ''}
${c.centre ? dl(w.centre, `<bdi>${e(c.centre)}</bdi>`) : ''}
${c.evaluatedOn ? dl(w.evaluatedOn, e(formatDate(`${c.evaluatedOn}T12:00:00Z`, p.lang))) : ''}
${dl(w.credentialId, `<code>${e(c.id)}</code>`)}
</dl>
${c.printable ? `<p><a class="button secondary" href="${e(hrefIn(`${base}/certificate.pdf`, p.lang))}">${e(w.pdfLink)}</a> <a href="${e(`${base}/certificate.pdf${other === 'en' ? '?lang=en' : ''}`)}">${e(w.pdfOtherLang)}</a></p>` : ''}
</section>
<section class="card" aria-labelledby="change-title"><h2 id="change-title">${e(w.changeTitle)}</h2>${actions}</section>
<section class="card" aria-labelledby="claim-title"><h2 id="claim-title">${e(w.claimTitle)}</h2>
${p.newClaimUrl ? `<div class="notice" role="status"><p><strong>${e(w.newClaimTitle)}</strong>: ${e(w.newClaimText)}</p><p><code id="new-claim-url">${e(p.newClaimUrl)}</code></p></div>` : ''}<p>${e(w.claimText)}</p>
${p.canChange ? `<form method="post" action="${e(hrefIn(`${base}/claim-link`, p.lang))}">${hidden('csrf', p.csrf)}<button class="button secondary" type="submit">${e(w.claimButton)}</button></form>` : ''}
</section>
<section class="card" aria-labelledby="wallet-title"><h2 id="wallet-title">${e(w.walletTitle)}</h2>
${
  p.walletOffer
    ? `<div class="notice" role="status"><figure class="qr" role="img" aria-label="${e(w.walletQrAlt)}">${p.walletOffer.qrSvg.replace(/<\?xml[^>]*>/, '')}</figure>
<p>${e(w.walletPin)}: <strong id="wallet-pin">${e(p.walletOffer.txCode ?? '—')}</strong></p><p class="hint">${e(w.walletHint(dateTime(p.walletOffer.expiresAt, p.lang)))}</p>
<p><a href="${e(p.walletOffer.uri)}">${e(w.walletLink)}</a></p></div>`
    : `<p>${e(w.walletText)}</p>`
}
${p.canChange && p.status.state === 'active' ? `<form method="post" action="${e(hrefIn(`${base}/wallet-offer`, p.lang))}">${hidden('csrf', p.csrf)}<button class="button secondary" type="submit">${e(w.walletButton)}</button></form>` : ''}
</section>
<section class="card" aria-labelledby="history-title"><h2 id="history-title">${e(w.historyTitle)}</h2>${history}</section>
<section class="card" aria-labelledby="chain-title"><h2 id="chain-title">${e(w.renewalTitle)}</h2>${chain}</section>`,
  });
}

export function renderStatusConfirm(p: { lang: Lang; principal: StaffPrincipal; csrf: string; id: string; holderName: string; action: 'revoke' | 'suspend' | 'reinstate'; values?: { reason?: string; note?: string }; errors?: FieldErrors }): string {
  const w = WORK_MESSAGES[p.lang];
  const base = `/console/certificates/${encodeURIComponent(p.id)}`;
  const errors = p.errors ?? {};
  const v = p.values ?? {};
  const label = w.actions[p.action]!;
  const reason =
    p.action === 'revoke'
      ? `<div class="field"><label for="f-reason">${e(w.reasonField)}</label><select id="f-reason" name="reason" required${errors.reason ? ' aria-invalid="true" aria-describedby="f-reason-error"' : ''}><option value="">—</option>${Object.entries(w.reasons)
          .map(([k, text]) => `<option value="${e(k)}"${k === v.reason ? ' selected' : ''}>${e(text)}</option>`)
          .join('')}</select>${errors.reason ? `<p class="field-error" id="f-reason-error">${e(errors.reason)}</p>` : ''}</div>`
      : '';
  return frame({
    lang: p.lang,
    title: w.confirmTitle(label),
    path: `${base}/${p.action}`,
    principal: p.principal,
    csrf: p.csrf,
    section: 'certificates',
    narrow: true,
    body: `<h1>${e(w.confirmTitle(label))}</h1>
<p><bdi>${e(p.holderName)}</bdi> · <code>${e(p.id)}</code></p>
${alertBox(errors.form)}<p class="${p.action === 'reinstate' ? 'notice' : 'alert'}" id="employer-sees">${e(w.employerSees[p.action]!)}</p>
<p class="muted">${e(w.workerTold)}</p>
<form class="stack card" method="post" action="${e(hrefIn(`${base}/${p.action}`, p.lang))}" novalidate>
${hidden('csrf', p.csrf)}
${reason}
<div class="field"><label for="f-note">${e(w.noteField)}</label><textarea id="f-note" name="note" rows="3" maxlength="2000" aria-describedby="f-note-hint${errors.note ? ' f-note-error' : ''}"${errors.note ? ' aria-invalid="true"' : ''}>${e(v.note ?? '')}</textarea><p class="hint" id="f-note-hint">${e(w.noteHint)}</p>${errors.note ? `<p class="field-error" id="f-note-error">${e(errors.note)}</p>` : ''}</div>
<button class="button${p.action === 'revoke' ? ' danger' : ''}" type="submit">${e(w.confirmButton(label))}</button>
</form>
<p><a href="${e(hrefIn(base, p.lang))}">${e(w.cancel)}</a></p>`,
  });
}

import { LOCALES, type Lang } from '../../lang.js';
import { CONSOLE_CSP, alertBox, field, frame, hrefIn, type FieldErrors } from '../console/render.js';
import { escapeHtml as e } from '../shell.js';
import { MESSAGES } from './messages.js';

/** The console's policy, plus this origin's one small script: the share button (Web Share API) on phones. */
export const MY_CERTIFICATES_CSP = CONSOLE_CSP.replace("default-src 'none';", "default-src 'none'; script-src 'self';");
export const SHARE_SCRIPT_PATH = '/assets/share.js';

/** Shows the share buttons where the browser can share, and shares the link next to each. No script, no button. */
export const SHARE_SCRIPT = `document.querySelectorAll('button[data-share]').forEach(function (b) {
  if (!navigator.share) return;
  b.hidden = false;
  b.addEventListener('click', function () { navigator.share({ url: b.getAttribute('data-share') }).catch(function () {}); });
});
`;

export interface WorkerCertificateView {
  standardCode: string;
  standardTitle: string;
  bodyName: string;
  state: string;
  validUntil: string | null;
  claimUrl: string;
  shareUrl: string | null;
}

interface Common {
  lang: Lang;
  /** `/mis-certificados` or `/my-certificates`: forms post back to the page they are on. */
  path: string;
  csrf: string;
  errors?: FieldErrors;
}

const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${e(value)}">`;
const script = `<script src="${SHARE_SCRIPT_PATH}" defer></script>\n`;

export function renderWorkerRequest(p: Common & { values?: { curp?: string; email?: string } }): string {
  const m = MESSAGES[p.lang];
  const errors = p.errors ?? {};
  return frame({
    lang: p.lang,
    title: m.title,
    path: p.path,
    narrow: true,
    body: `<h1>${e(m.title)}</h1>
<p class="lead">${e(m.intro)}</p>
${alertBox(errors.form)}<form class="stack card" method="post" action="${e(hrefIn(p.path, p.lang))}" novalidate>
${hidden('csrf', p.csrf)}${hidden('step', 'request')}
${field({ name: 'curp', label: m.curp, type: 'text', value: p.values?.curp, hint: m.curpHint, error: errors.curp, autocomplete: 'off', required: true, extra: ' maxlength="18" autocapitalize="characters" spellcheck="false"' })}
${field({ name: 'email', label: m.email, type: 'email', value: p.values?.email, error: errors.email, autocomplete: 'email', required: true })}
<button class="button" type="submit">${e(m.send)}</button>
</form>`,
  });
}

export function renderWorkerCode(p: Common & { request: string }): string {
  const m = MESSAGES[p.lang];
  const errors = p.errors ?? {};
  return frame({
    lang: p.lang,
    title: m.sentTitle,
    path: p.path,
    narrow: true,
    body: `<h1>${e(m.sentTitle)}</h1>
<p class="notice" role="status">${e(m.sent)}</p>
${alertBox(errors.form)}<form class="stack card" method="post" action="${e(hrefIn(p.path, p.lang))}" novalidate>
${hidden('csrf', p.csrf)}${hidden('step', 'code')}${hidden('request', p.request)}
${field({ name: 'code', label: m.code, type: 'text', hint: m.codeHint, error: errors.code, autocomplete: 'one-time-code', required: true, extra: ' inputmode="numeric" maxlength="6" pattern="[0-9]{6}"' })}
<button class="button" type="submit">${e(m.enter)}</button>
</form>
<p><a href="${e(hrefIn(p.path, p.lang))}">${e(m.again)}</a></p>`,
  });
}

export function renderWorkerList(p: Common & { certificates: readonly WorkerCertificateView[] }): string {
  const m = MESSAGES[p.lang];
  const date = (iso: string) => new Date(iso).toLocaleDateString(LOCALES[p.lang], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'America/Mexico_City' });
  const items = p.certificates
    .map((c, i) => {
      const badge = c.state === 'active' ? 'ok' : 'bad';
      const share = c.shareUrl
        ? `<div class="field"><label for="share-${i}">${e(m.share)}</label>
<input id="share-${i}" type="url" readonly value="${e(c.shareUrl)}" aria-describedby="share-${i}-hint">
<p class="hint" id="share-${i}-hint">${e(m.shareHint)}</p>
<button class="button secondary" type="button" data-share="${e(c.shareUrl)}" hidden>${e(m.shareButton)}</button></div>`
        : '';
      return `<li class="card">
<h2><bdi>${e(c.standardCode)}</bdi> — <bdi>${e(c.standardTitle)}</bdi></h2>
<p><span class="badge ${badge}">${e(m.states[c.state] ?? c.state)}</span></p>
<p>${e(m.issuedBy)}: <bdi>${e(c.bodyName)}</bdi><br>${e(m.validUntil)}: ${c.validUntil ? e(date(c.validUntil)) : e(m.noExpiry)}</p>
<p><a class="button" href="${e(hrefIn(c.claimUrl, p.lang))}">${e(m.open)}</a> <a href="${e(`${c.claimUrl}/certificate.pdf?lang=${p.lang}`)}">${e(m.pdf)}</a></p>
${share}
</li>`;
    })
    .join('\n');
  return frame({
    lang: p.lang,
    title: m.title,
    path: p.path,
    body: `${script}<h1>${e(m.title)}</h1>
<p class="lead">${e(m.listIntro(p.certificates.length))}</p>
<ul class="stack plain">
${items}
</ul>
<p class="muted">${e(m.sessionNote)}</p>
<form method="post" action="${e(hrefIn(p.path, p.lang))}">${hidden('csrf', p.csrf)}${hidden('step', 'sign-out')}<button class="pill" type="submit">${e(m.signOut)}</button></form>`,
  });
}

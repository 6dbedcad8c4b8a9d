import type { AnchorKey } from '../../verification/index.js';
import { otherLang, type Lang } from '../../lang.js';
import { renderPageShell } from '../shell.js';
import { UI } from './client/i18n.js';

export interface VerifierPageInput {
  lang: Lang;
  /** The authority keys the page trusts the registry under (from the authority's DID document). */
  anchors: readonly AnchorKey[];
  /**
   * The deployment's URLs of Avala's context (besides the legacy one the bundle knows): the page's verifier maps each
   * to the bundle's copy of the same file, so it still fetches no context.
   */
  avalaContextUrls?: readonly string[];
  /** A hash of the script and style sheet, so a new release is never mixed with a cached old one. */
  assetVersion: string;
}

/**
 * The public verifier page's HTML, rendered in the requested language so nothing flashes; the script switches
 * language in place afterwards. No inline script or style (the page's CSP allows scripts and styles from itself
 * only); asset URLs are relative, so the page works under a path prefix as at `/V` and `/verify`.
 */
export function renderVerifierPage(p: VerifierPageInput): string {
  const t = UI[p.lang];
  const v = encodeURIComponent(p.assetVersion);
  const i18n = (key: keyof typeof t, tag = 'span', attrs = '') => `<${tag} data-i18n="${key}"${attrs}>${esc(String(t[key]))}</${tag}>`;
  return renderPageShell({
    htmlLang: p.lang,
    title: t.htmlTitle,
    stylesheet: `web/verifier.css?v=${v}`,
    head: `<meta name="color-scheme" content="light">
<meta name="avala-anchors" content="${esc(JSON.stringify(p.anchors.map((k) => ({ id: k.id, publicKeyMultibase: k.publicKeyMultibase }))))}">
<meta name="avala-context-urls" content="${esc(JSON.stringify(p.avalaContextUrls ?? []))}">
<link rel="icon" href="web/verifier-icon.svg" type="image/svg+xml">
<link rel="manifest" href="web/verifier.webmanifest">
<meta name="theme-color" content="#13315c">
<script type="module" src="web/verifier.js?v=${v}"></script>
`,
    body: `<a class="skip" href="#inputs" data-i18n="inputsTitle">${esc(t.inputsTitle)}</a>
<header class="top">
  <div class="brand"><span class="brand-name">${esc(t.brand)}</span>${i18n('tagline', 'span', ' class="tagline"')}</div>
  <button id="lang-toggle" class="lang" type="button" lang="${otherLang(p.lang)}" aria-label="${esc(t.otherLanguageLabel)}">${esc(t.otherLanguage)}</button>
</header>
<main>
  <section id="result" class="result" tabindex="-1" data-verdict="idle" aria-labelledby="verdict">
    <div id="verdict" class="verdict" role="status" aria-live="polite" aria-atomic="true">
      ${i18n('readyTitle', 'p', ' class="verdict-word idle"')}
      ${i18n('readyText', 'p', ' class="verdict-sub"')}
    </div>
    <div id="details" class="details"></div>
  </section>
  <section id="inputs" class="inputs" aria-labelledby="inputs-title">
    ${i18n('inputsTitle', 'h2', ' id="inputs-title"')}
    ${i18n('intro', 'p', ' class="intro"')}
    <div class="actions">
      <button id="scan-button" class="primary" type="button" aria-pressed="false" aria-controls="camera" data-i18n="scan">${esc(t.scan)}</button>
      <button id="upload-button" type="button" aria-describedby="upload-hint" data-i18n="upload">${esc(t.upload)}</button>
      <input id="file-input" class="visually-hidden" type="file" accept="application/pdf,.pdf,image/png,image/jpeg,image/webp,image/gif" multiple tabindex="-1" aria-hidden="true">
    </div>
    ${i18n('uploadHint', 'p', ' id="upload-hint" class="hint"')}
    <div id="camera" class="camera" hidden>
      <video id="camera-video" playsinline muted aria-describedby="camera-hint"></video>
      ${i18n('scanHint', 'p', ' id="camera-hint" class="hint"')}
    </div>
    <p id="input-error" class="input-error" role="alert" hidden></p>
    <form id="paste-form" class="paste" novalidate>
      ${i18n('pasteLabel', 'label', ' for="paste-input"')}
      ${i18n('pasteHint', 'p', ' id="paste-hint" class="hint"')}
      <textarea id="paste-input" rows="3" spellcheck="false" autocomplete="off" autocapitalize="off" aria-describedby="paste-hint"></textarea>
      <button type="submit" data-i18n="verifyButton">${esc(t.verifyButton)}</button>
    </form>
  </section>
  ${i18n('privacy', 'p', ' class="privacy"')}
</main>
<noscript><p class="noscript">${esc(t.noscript)}</p></noscript>`,
  });
}

/** Numeric character references only, so the anchors' JSON in its meta tag reads back with one rule. */
function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The public verifier page, in the browser. It verifies with the same library as the server (bundled), against the
 * trust registry and status lists of the page's own origin. The credential itself only ever comes from the address's
 * #fragment, the camera, a file or the clipboard, and is never sent anywhere: no request this page makes carries it.
 */
import contextEntries from 'avala:contexts';
import { AVALA_LEGACY_CONTEXT_URL, decodeQrPayload } from '../../../vc/index.js';
import { createVerifier, type AnchorKey, type VerificationReport } from '../../../verification/index.js';
import { matchCurp } from './curp.js';
import { DEFAULT_LANG, isLang, otherLang, type Lang } from '../../../lang.js';
import { UI } from './i18n.js';
import { payloadFromHash, readInput } from './input.js';
import { readQrFromImage, startCameraScan, type CameraScan } from './scan.js';
import { createTrustSource, sameOriginStatusFetcher, sameOriginSupersessionFetcher, type PageTrust } from './sources.js';
import { describeReport, type ResultView, type Verdict } from './view-model.js';

type State =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'report'; report: VerificationReport; savedAt: string | null }
  | { kind: 'no-trust' };

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new TypeError(`the page has no #${id}`);
  return el as T;
};

let lang: Lang = initialLang();
let state: State = { kind: 'idle' };
let camera: CameraScan | null = null;
/** Each verification gets a number; a slower, older one never overwrites a newer result. */
let run = 0;

const base = new URL(document.baseURI);
const trustSource = createTrustSource({
  url: new URL('registry/trust', base),
  anchors: readAnchors(),
  fetch: (...a) => fetch(...a),
  clock: () => new Date(),
  storage: safeStorage(),
});
const verifier = createVerifier({
  contexts: withAvalaContextUrls(new Map(contextEntries), readContextUrls()),
  trust: async () => (await trustSource.current()).trust,
  statusLists: sameOriginStatusFetcher(base, (...a) => fetch(...a)),
  supersessions: sameOriginSupersessionFetcher(base, (...a) => fetch(...a)),
  decodeQr: decodeQrPayload,
});

/** `?lang=` first, then the person's last choice on this device, then Spanish. */
function initialLang(): Lang {
  const q = new URLSearchParams(location.search).get('lang');
  if (isLang(q)) return q;
  const saved = safeStorage()?.getItem('avala.lang');
  return isLang(saved) ? saved : DEFAULT_LANG;
}

/**
 * The URLs this deployment names Avala's context by (the server lists them in the page): each maps to the bundle's
 * copy of the one file, under the legacy URL. A URL of another context is never remapped.
 */
function readContextUrls(): string[] {
  const raw = document.querySelector('meta[name="avala-context-urls"]')?.getAttribute('content') ?? '[]';
  try {
    const list: unknown = JSON.parse(raw);
    return Array.isArray(list) ? list.filter((u): u is string => typeof u === 'string' && /^https?:\/\//.test(u)) : [];
  } catch {
    return [];
  }
}

function withAvalaContextUrls(contexts: Map<string, unknown>, urls: readonly string[]): Map<string, unknown> {
  const doc = contexts.get(AVALA_LEGACY_CONTEXT_URL);
  if (doc !== undefined) for (const url of urls) if (!contexts.has(url)) contexts.set(url, doc);
  return contexts;
}

/** The authority keys the server pinned into the page: where the page's trust starts. */
function readAnchors(): AnchorKey[] {
  const raw = document.querySelector('meta[name="avala-anchors"]')?.getAttribute('content') ?? '[]';
  try {
    const list: unknown = JSON.parse(raw);
    if (!Array.isArray(list)) return [];
    return list.filter((k): k is AnchorKey => typeof k?.id === 'string' && typeof k?.publicKeyMultibase === 'string');
  } catch {
    return [];
  }
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

// ---- verification

async function verifyText(raw: string, source: 'address' | 'person'): Promise<void> {
  const input = readInput(raw);
  showInputError(null);
  if (input.kind === 'empty') return showInputError(UI[lang].emptyInput);
  if (input.kind === 'foreign-link') return showInputError(UI[lang].notAvalaLink);
  const mine = ++run;
  setState({ kind: 'checking' });
  let trust: PageTrust;
  try {
    trust = await trustSource.current();
  } catch {
    if (mine === run) setState({ kind: 'no-trust' });
    return;
  }
  const report = await verifier.verify(input.text);
  if (mine !== run) return;
  setState({ kind: 'report', report, savedAt: trust.savedAt });
  // A person who pressed a button is taken to the answer; a page opened from a QR code already starts there.
  if (source === 'person') $('result').focus();
}

function setState(next: State): void {
  state = next;
  renderResult();
}

// ---- rendering (text only ever goes in through textContent: a credential is untrusted input)

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { class?: string; text?: string; attrs?: Record<string, string> } = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function renderResult(): void {
  const t = UI[lang];
  const section = $('result');
  const verdict = $('verdict');
  const details = $('details');
  details.replaceChildren();
  section.dataset.state = state.kind;
  // Once a result is on screen, the form below it is for the next certificate.
  $('inputs-title').textContent = state.kind === 'idle' ? t.inputsTitle : t.verifyAnother;
  section.removeAttribute('aria-busy');
  if (state.kind === 'idle') {
    section.dataset.verdict = 'idle';
    verdict.replaceChildren(el('p', { class: 'verdict-word idle', text: t.readyTitle }), el('p', { class: 'verdict-sub', text: t.readyText }));
    return;
  }
  if (state.kind === 'checking') {
    section.dataset.verdict = 'checking';
    section.setAttribute('aria-busy', 'true');
    verdict.replaceChildren(el('p', { class: 'verdict-word checking', text: t.checking }));
    return;
  }
  if (state.kind === 'no-trust') {
    section.dataset.verdict = 'undecided';
    verdict.replaceChildren(icon('undecided'), el('p', { class: 'verdict-word', text: t.cannotCheck }), el('p', { class: 'verdict-sub', text: t.cannotCheckSub }), el('p', { class: 'reason', text: t.trustUnavailable }));
    return;
  }
  const view = describeReport(state.report, lang, state.savedAt ? [t.savedRegistry(t.date(state.savedAt))] : []);
  section.dataset.verdict = view.verdict;
  const banner: Node[] = [icon(view.verdict), el('p', { class: 'verdict-word', text: view.headline }), el('p', { class: 'verdict-sub', text: view.subline })];
  if (view.reason) {
    banner.push(el('p', { class: 'reason' }, el('strong', { text: `${t.reason}: ${view.reason.title}. ` }), document.createTextNode(view.reason.message)));
  }
  verdict.replaceChildren(...banner);
  details.replaceChildren(...detailNodes(view));
}

function detailNodes(view: ResultView): Node[] {
  const t = UI[lang];
  const out: Node[] = [];
  if (view.holderName) out.push(el('p', { class: 'holder-label', text: view.verdict === 'not-competency' ? t.holder : t.worker }), el('p', { class: 'holder', text: view.holderName, attrs: { dir: 'auto' } }));
  if (view.facts.length > 0) {
    const dl = el('dl', { class: 'facts' });
    for (const f of view.facts) dl.append(el('div', { class: f.bad ? 'fact bad' : 'fact' }, el('dt', { text: f.label }), el('dd', { text: f.value, attrs: { dir: 'auto' } })));
    out.push(dl);
  }
  for (const w of view.warnings) out.push(el('p', { class: 'warning', text: w }));
  if (view.curp) out.push(curpBox(view.curp));
  const list = el('ul', { class: 'checks' });
  for (const c of view.checks) {
    list.append(el('li', { class: `check ${c.status}` }, el('span', { class: 'check-mark', text: c.status === 'pass' ? '✓' : c.status === 'fail' ? '✗' : '?', attrs: { 'aria-hidden': 'true' } }), el('span', { class: 'check-name', text: `${c.label} — ${c.statusText}` }), el('span', { class: 'check-message', text: c.message })));
  }
  out.push(el('details', { class: 'all-checks' }, el('summary', { text: t.allChecks(view.checks.length) }), list));
  return out;
}

function icon(kind: Verdict): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 48 48');
  svg.setAttribute('class', 'verdict-icon');
  svg.setAttribute('aria-hidden', 'true');
  const circle = document.createElementNS(ns, 'circle');
  circle.setAttribute('cx', '24');
  circle.setAttribute('cy', '24');
  circle.setAttribute('r', '22');
  const path = document.createElementNS(ns, 'path');
  const d = { valid: 'M13 25 l7 7 l15 -16', invalid: 'M15 15 L33 33 M33 15 L15 33', undecided: 'M24 12 v15 M24 34 v2', 'not-competency': 'M24 22 v14 M24 13 v2', superseded: 'M14 20 h18 l-5 -5 M34 28 h-18 l5 5' };
  path.setAttribute('d', d[kind]);
  svg.append(circle, path);
  return svg;
}

function curpBox(curp: { hash: string; salt: string }): HTMLElement {
  const t = UI[lang];
  const input = el('input', { attrs: { id: 'curp-input', name: 'curp', type: 'text', inputmode: 'text', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', maxlength: '24', 'aria-describedby': 'curp-hint' } });
  const out = el('p', { class: 'curp-result', attrs: { id: 'curp-result', role: 'status', 'aria-live': 'polite' } });
  const form = el(
    'form',
    { class: 'curp', attrs: { id: 'curp-form', novalidate: '' } },
    el('h2', { class: 'curp-title', text: t.curpTitle }),
    el('label', { text: t.curpLabel, attrs: { for: 'curp-input' } }),
    el('p', { class: 'hint', text: t.curpHint, attrs: { id: 'curp-hint' } }),
    el('div', { class: 'row' }, input, el('button', { text: t.curpButton, attrs: { type: 'submit' } })),
    out,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void matchCurp(input.value, curp.hash, curp.salt).then((m) => {
      out.dataset.match = m;
      out.textContent = m === 'match' ? `✓ ${t.curpMatch}` : m === 'no-match' ? `✗ ${t.curpNoMatch}` : t.curpMalformed;
    });
  });
  return form;
}

function showInputError(message: string | null): void {
  const box = $('input-error');
  box.textContent = message ?? '';
  box.hidden = message === null;
}

// ---- language

function applyLanguage(next: Lang): void {
  lang = next;
  const t = UI[lang] as unknown as Record<string, unknown>;
  document.documentElement.lang = lang;
  document.title = UI[lang].htmlTitle;
  for (const node of Array.from(document.querySelectorAll<HTMLElement>('[data-i18n]'))) {
    const v = t[node.dataset.i18n ?? ''];
    if (typeof v === 'string') node.textContent = v;
  }
  const toggle = $('lang-toggle');
  toggle.textContent = UI[lang].otherLanguage;
  toggle.setAttribute('aria-label', UI[lang].otherLanguageLabel);
  toggle.setAttribute('lang', otherLang(lang));
  // Keep the choice in the address (with the fragment untouched) so a reload or a shared link keeps it.
  const url = new URL(location.href);
  url.searchParams.set('lang', lang);
  history.replaceState(history.state, '', url.href);
  try {
    safeStorage()?.setItem('avala.lang', lang);
  } catch {
    // Storage full or refused: the address still carries the choice.
  }
  renderResult();
  if (camera) $('scan-button').textContent = UI[lang].scanStop;
}

// ---- inputs

async function toggleCamera(): Promise<void> {
  const button = $('scan-button');
  if (camera) {
    stopCamera();
    return;
  }
  showInputError(null);
  const box = $('camera');
  box.hidden = false;
  try {
    camera = await startCameraScan($<HTMLVideoElement>('camera-video'), (text) => {
      camera = null;
      box.hidden = true;
      button.textContent = UI[lang].scan;
      button.setAttribute('aria-pressed', 'false');
      void verifyText(text, 'person');
    });
    button.textContent = UI[lang].scanStop;
    button.setAttribute('aria-pressed', 'true');
  } catch (e) {
    box.hidden = true;
    showInputError(e instanceof Error && e.message === 'no-camera-api' ? UI[lang].scanNoCamera : UI[lang].scanDenied);
  }
}

function stopCamera(): void {
  camera?.stop();
  camera = null;
  $('camera').hidden = true;
  const button = $('scan-button');
  button.textContent = UI[lang].scan;
  button.setAttribute('aria-pressed', 'false');
}

async function verifyImage(file: Blob): Promise<void> {
  showInputError(null);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return showInputError(UI[lang].imageUnreadable);
  }
  const text = await readQrFromImage(bitmap);
  bitmap.close();
  if (text === null) return showInputError(UI[lang].noQrInImage);
  await verifyText(text, 'person');
}

function wire(): void {
  $('lang-toggle').addEventListener('click', () => applyLanguage(otherLang(lang)));
  $('scan-button').addEventListener('click', () => void toggleCamera());
  const file = $<HTMLInputElement>('file-input');
  $('upload-button').addEventListener('click', () => file.click());
  file.addEventListener('change', () => {
    const chosen = file.files?.[0];
    file.value = '';
    if (chosen) void verifyImage(chosen);
  });
  $('paste-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void verifyText($<HTMLTextAreaElement>('paste-input').value, 'person');
  });
  // An image pasted anywhere on the page (a screenshot in the clipboard) is read like an uploaded one.
  document.addEventListener('paste', (e) => {
    const image = Array.from(e.clipboardData?.files ?? []).find((f) => f.type.startsWith('image/'));
    if (image) {
      e.preventDefault();
      void verifyImage(image);
    }
  });
  const drop = $('inputs');
  drop.addEventListener('dragover', (e) => e.preventDefault());
  drop.addEventListener('drop', (e) => {
    const image = Array.from(e.dataTransfer?.files ?? []).find((f) => f.type.startsWith('image/'));
    if (image) {
      e.preventDefault();
      void verifyImage(image);
    }
  });
  window.addEventListener('hashchange', () => {
    const payload = payloadFromHash(location.hash);
    if (payload) void verifyText(payload, 'address');
  });
}

wire();
if (lang !== document.documentElement.lang.slice(0, 2)) applyLanguage(lang);
const initial = payloadFromHash(location.hash);
if (initial) void verifyText(initial, 'address');
else {
  renderResult();
  // Fetch the registry early, so the first scan answers at once.
  void trustSource.current().catch(() => undefined);
}
document.documentElement.dataset.ready = 'true';

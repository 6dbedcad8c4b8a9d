/**
 * The public verifier page, in the browser. It verifies with the same library as the server (bundled), against the
 * trust registry and status lists of the page's own origin. The credential itself only ever comes from the address's
 * #fragment, the camera, a file or the clipboard, and is never sent anywhere: no request this page makes carries it.
 */
import contextEntries from 'avala:contexts';
import { AVALA_LEGACY_CONTEXT_URL } from '../../../vc/index.js';
import { avalaQrDecoder, createVerifier, type AnchorKey, type VerificationReport } from '../../../verification/index.js';
import { matchCurp } from './curp.js';
import { DEFAULT_LANG, isLang, otherLang, type Lang } from '../../../lang.js';
import { UI } from './i18n.js';
import { payloadFromHash, readInput } from './input.js';
import { readQrFromImage, startCameraScan, type CameraScan } from './scan.js';
import { createTrustSource, sameOriginStatusFetcher, sameOriginSupersessionFetcher, TrustUnavailable, type PageTrust } from './sources.js';
import { describeReport, verdictOf, type ResultView, type Verdict } from './view-model.js';
import { createDataSource, type DataFetch } from './data.js';
import { dataAsOf, undecidedCause } from './explain.js';
import { isPdf, readQrFromPdf } from './pdf.js';

/** How the credential reached the page, for the receipt. */
type Origin = { kind: 'file'; name: string } | { kind: 'pasted' } | { kind: 'link' } | { kind: 'camera' } | { kind: 'address' };

/** One verification, with everything its receipt names. */
interface Outcome {
  origin: Origin;
  report: VerificationReport;
  trust: PageTrust;
  log: DataFetch[];
  at: string;
}

/** One file of several: its verification, or why it could not be read. */
type BatchItem = { name: string; outcome: Outcome } | { name: string; error: string; trust?: TrustUnavailable };

type State =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'report'; outcome: Outcome }
  | { kind: 'no-trust'; problem: TrustUnavailable | null; at: string; origin: Origin }
  | { kind: 'batch'; items: BatchItem[]; at: string };

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
const assetVersion = new URL((document.querySelector('script[src*="verifier.js"]') as HTMLScriptElement | null)?.src ?? base.href).searchParams.get('v') ?? 'dev';
const online = () => navigator.onLine !== false;
const fetchData = createDataSource({ fetch: (...a) => fetch(...a), clock: () => new Date(), caches: typeof caches === 'undefined' ? null : caches, online });
/** What the trust source fetched last (the registry is reused for a few minutes, so it is not in every run's log). */
const trustLog: DataFetch[] = [];
const trustSource = createTrustSource({
  url: new URL('registry/trust', base),
  anchors: readAnchors(),
  fetch: (url, init) => fetchData(String(url), init ?? {}, 'registry', trustLog),
  clock: () => new Date(),
  storage: safeStorage(),
  online,
});
const contexts = withAvalaContextUrls(new Map(contextEntries), readContextUrls());

/**
 * A verifier per verification, with its own log of what it fetched (for the receipt and the plain cause). No status
 * list cache: each verification asks again (revalidated, cheap), so a revocation is seen at once.
 */
function verifierFor(log: DataFetch[]) {
  return createVerifier({
    contexts,
    trust: async () => (await trustSource.current()).trust,
    statusLists: sameOriginStatusFetcher(base, fetchData, log),
    supersessions: sameOriginSupersessionFetcher(base, fetchData, log),
    decodeQr: avalaQrDecoder, // format 1 (the VC-JWT) and format 2 (the signed claims)
    statusCache: false,
  });
}

/** `?lang=` first, then the person's last choice on this device, then the server's (Accept-Language), then Spanish. */
function initialLang(): Lang {
  const q = new URLSearchParams(location.search).get('lang');
  if (isLang(q)) return q;
  const saved = safeStorage()?.getItem('avala.lang');
  if (isLang(saved)) return saved;
  const served = document.documentElement.lang.slice(0, 2);
  return isLang(served) ? served : DEFAULT_LANG;
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

/** Verifies one credential's text: the outcome, or why the trust registry is not at hand. */
async function check(text: string, origin: Origin): Promise<Outcome | { problem: TrustUnavailable | null }> {
  let trust: PageTrust;
  try {
    trust = await trustSource.current();
  } catch (e) {
    return { problem: e instanceof TrustUnavailable ? e : null };
  }
  const log: DataFetch[] = [];
  const report = await verifierFor(log).verify(text);
  return { origin, report, trust, log: [...trustLog.slice(-1), ...log], at: new Date().toISOString() };
}

async function verifyText(raw: string, source: 'address' | 'person' | 'camera'): Promise<void> {
  const input = readInput(raw);
  showInputError(null);
  if (input.kind === 'empty') return showInputError(UI[lang].emptyInput);
  if (input.kind === 'foreign-link') return showInputError(UI[lang].notAvalaLink);
  const origin: Origin = source === 'address' ? { kind: 'address' } : source === 'camera' ? { kind: 'camera' } : /^https?:\/\//i.test(raw.trim()) ? { kind: 'link' } : { kind: 'pasted' };
  await verifyOne(input.text, origin, source !== 'address');
}

async function verifyOne(text: string, origin: Origin, focus: boolean): Promise<void> {
  const mine = ++run;
  setState({ kind: 'checking' });
  const r = await check(text, origin);
  if (mine !== run) return;
  setState('problem' in r ? { kind: 'no-trust', problem: r.problem, at: new Date().toISOString(), origin } : { kind: 'report', outcome: r });
  // A person who pressed a button is taken to the answer; a page opened from a QR code already starts there.
  if (focus) $('result').focus();
}

/** The QR code's text in a PDF or an image file, or the sentence saying why there is none. */
async function qrOfFile(file: File): Promise<{ text: string } | { error: string }> {
  const t = UI[lang];
  if (await isPdf(file)) {
    const r = await readQrFromPdf(file, base, assetVersion);
    return r.kind === 'found' ? { text: r.text } : { error: r.kind === 'no-qr' ? t.noQrInPdf : t.pdfUnreadable };
  }
  if (file.type && !file.type.startsWith('image/')) return { error: t.fileNotSupported };
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return { error: t.imageUnreadable };
  }
  const text = await readQrFromImage(bitmap);
  bitmap.close();
  return text === null ? { error: t.noQrInImage } : { text };
}

/** One file: verified like a scan. Several: one verdict per file, listed, in the order chosen. */
async function verifyFiles(files: File[]): Promise<void> {
  showInputError(null);
  if (files.length === 0) return;
  if (files.length === 1) {
    const file = files[0]!;
    const qr = await qrOfFile(file);
    if ('error' in qr) return showInputError(qr.error);
    const input = readInput(qr.text);
    if (input.kind !== 'credential') return showInputError(UI[lang].notAvalaLink);
    return verifyOne(input.text, { kind: 'file', name: file.name }, true);
  }
  const mine = ++run;
  setState({ kind: 'checking' });
  const items: BatchItem[] = [];
  // One at a time: a phone has one CPU to spare, and the list fills in the order the files were given.
  for (const file of files) {
    const qr = await qrOfFile(file);
    if ('error' in qr) {
      items.push({ name: file.name, error: qr.error });
      continue;
    }
    const input = readInput(qr.text);
    if (input.kind !== 'credential') {
      items.push({ name: file.name, error: UI[lang].notAvalaLink });
      continue;
    }
    const r = await check(input.text, { kind: 'file', name: file.name });
    items.push('problem' in r ? { name: file.name, error: trustProblemText(r.problem), ...(r.problem ? { trust: r.problem } : {}) } : { name: file.name, outcome: r });
    if (mine !== run) return;
  }
  if (mine !== run) return;
  setState({ kind: 'batch', items, at: new Date().toISOString() });
  $('result').focus();
}

function trustProblemText(p: TrustUnavailable | null): string {
  const c = UI[lang].cause;
  if (!p) return UI[lang].trustUnavailable;
  if (p.reason === 'offline') return c.registryOffline;
  if (p.reason === 'expired') return c.registryExpired(p.expiredOn ? UI[lang].dateTime(p.expiredOn) : '—');
  if (p.reason === 'invalid') return c.registryInvalid;
  return c.registryUnreachable;
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
    verdict.replaceChildren(icon('undecided'), el('p', { class: 'verdict-word', text: t.cannotCheck }), el('p', { class: 'verdict-sub', text: t.cannotCheckSub }), el('p', { class: 'reason', text: trustProblemText(state.problem) }));
    details.replaceChildren(receipt({ at: state.at, entries: [{ what: originText(state.origin), verdict: t.cannotCheck, reason: trustProblemText(state.problem) }], trust: null, log: [] }));
    return;
  }
  if (state.kind === 'batch') {
    section.dataset.verdict = 'batch';
    const outcomes = state.items.filter((i): i is { name: string; outcome: Outcome } => 'outcome' in i);
    const valid = outcomes.filter((i) => verdictOf(i.outcome.report) === 'valid').length;
    verdict.replaceChildren(el('p', { class: 'verdict-word batch', text: t.batchTitle(state.items.length) }), el('p', { class: 'verdict-sub', text: t.batchSummary(valid, state.items.length) }));
    const list = el('ol', { class: 'batch', attrs: { id: 'batch' } });
    const entries: ReceiptEntry[] = [];
    for (const item of state.items) {
      if ('error' in item) {
        list.append(el('li', { class: 'batch-item', attrs: { 'data-verdict': 'error' } }, el('p', { class: 'batch-file', text: item.name, attrs: { dir: 'auto' } }), el('p', { class: 'batch-verdict', text: t.batchFileError }), el('p', { class: 'batch-reason', text: item.error })));
        entries.push({ what: t.receiptFile(item.name), verdict: t.batchFileError, reason: item.error });
        continue;
      }
      const view = viewOf(item.outcome);
      const li = el('li', { class: 'batch-item', attrs: { 'data-verdict': view.verdict } }, el('p', { class: 'batch-file', text: item.name, attrs: { dir: 'auto' } }), el('p', { class: 'batch-verdict' }, icon(view.verdict), document.createTextNode(view.headline)));
      const standard = view.facts.find((f) => f.label === t.standard)?.value;
      if (view.holderName) li.append(el('p', { class: 'batch-holder', text: [view.holderName, standard].filter(Boolean).join(' · '), attrs: { dir: 'auto' } }));
      if (view.reason) li.append(el('p', { class: 'batch-reason', text: `${t.reason}: ${view.reason.title}. ${view.reason.message}` }));
      const asOf = dataAsOf(item.outcome.log, item.outcome.trust.savedAt);
      if (asOf) li.append(el('p', { class: 'as-of', text: t.statusAsOf(t.dateTime(asOf)) }));
      list.append(li);
      entries.push(entryOf(item.outcome, view));
    }
    const last = outcomes[outcomes.length - 1]?.outcome;
    details.replaceChildren(list, receipt({ at: state.at, entries, trust: last?.trust ?? null, log: outcomes.flatMap((o) => o.outcome.log) }));
    return;
  }
  const outcome = state.outcome;
  const view = viewOf(outcome);
  section.dataset.verdict = view.verdict;
  const banner: Node[] = [icon(view.verdict), el('p', { class: 'verdict-word', text: view.headline }), el('p', { class: 'verdict-sub', text: view.subline })];
  if (view.reason) {
    banner.push(el('p', { class: 'reason' }, el('strong', { text: `${t.reason}: ${view.reason.title}. ` }), document.createTextNode(view.reason.message)));
  }
  const asOf = dataAsOf(outcome.log, outcome.trust.savedAt);
  if (asOf) banner.push(el('p', { class: 'as-of', text: t.statusAsOf(t.dateTime(asOf)), attrs: { id: 'as-of' } }));
  verdict.replaceChildren(...banner);
  details.replaceChildren(...detailNodes(view), receipt({ at: outcome.at, entries: [entryOf(outcome, view)], trust: outcome.trust, log: outcome.log }));
}

function viewOf(o: Outcome): ResultView {
  return describeReport(o.report, lang, [], undecidedCause(o.report, o.log, UI[lang]));
}

// ---- the receipt: what was checked, against which data, the verdict, when. Printed on its own (see the style sheet).

interface ReceiptEntry {
  what: string;
  verdict: string;
  reason: string | null;
  holder?: string | null;
  credentialId?: string | null;
}

function originText(o: Origin): string {
  const t = UI[lang];
  return o.kind === 'file' ? t.receiptFile(o.name) : o.kind === 'pasted' ? t.receiptPasted : o.kind === 'link' ? t.receiptLink : o.kind === 'camera' ? t.receiptCamera : t.receiptAddress;
}

function entryOf(o: Outcome, view: ResultView): ReceiptEntry {
  return { what: originText(o.origin), verdict: view.headline, reason: view.reason ? `${view.reason.title}. ${view.reason.message}` : null, holder: view.holderName, credentialId: o.report.facts?.credentialId ?? null };
}

function receipt(r: { at: string; entries: ReceiptEntry[]; trust: PageTrust | null; log: DataFetch[] }): HTMLElement {
  const t = UI[lang];
  const source = (f: { source: string; fetchedAt: string | null }) => (f.source === 'device' ? t.receiptFromDevice(f.fetchedAt ? t.dateTime(f.fetchedAt) : '—') : t.receiptFromNetwork);
  const dl = el('dl', { class: 'receipt-facts' });
  const row = (label: string, ...values: Node[]) => dl.append(el('div', { class: 'receipt-row' }, el('dt', { text: label }), ...values.map((v) => el('dd', {}, v))));
  const txt = (s: string) => document.createTextNode(s);
  row(t.receiptWhen, txt(t.dateTime(r.at)));
  for (const e of r.entries) {
    const what = [e.what, e.holder, e.credentialId].filter(Boolean).join(' · ');
    row(t.receiptWhat, txt(what));
    row(t.receiptVerdict, el('strong', { text: e.verdict }), ...(e.reason ? [txt(e.reason)] : []));
  }
  if (r.trust) {
    const tr = r.trust.trust;
    row(t.receiptRegistry, txt(`${t.receiptRegistryLine(t.dateTime(tr.issuedAt), t.dateTime(tr.expiresAt))} (${r.trust.savedAt ? t.receiptFromDevice(t.dateTime(r.trust.savedAt)) : t.receiptFromNetwork})`));
  }
  // One line per list and version, however many files used it.
  const seen = new Set<string>();
  const lists = r.log.filter((f) => f.kind !== 'registry' && f.source !== 'none').filter((f) => !seen.has(`${f.url} ${f.validFrom}`) && seen.add(`${f.url} ${f.validFrom}`));
  const listNodes = lists.map((f) => txt(`${t.receiptListLine(new URL(f.url).pathname.replace(/^.*\/status\//, ''), f.validFrom ? t.dateTime(f.validFrom) : '—', f.validUntil ? t.dateTime(f.validUntil) : '—')} (${source(f)})`));
  row(t.receiptLists, ...(listNodes.length > 0 ? listNodes : [txt(t.receiptNoLists)]));
  const print = el('button', { class: 'receipt-print', text: t.receiptPrint, attrs: { type: 'button', id: 'receipt-print' } });
  print.addEventListener('click', () => window.print());
  return el('section', { class: 'receipt', attrs: { id: 'receipt', 'aria-labelledby': 'receipt-title' } }, el('h2', { text: t.receiptTitle, attrs: { id: 'receipt-title' } }), dl, el('p', { class: 'hint', text: `${t.receiptNote} ${t.receiptPage(assetVersion)}.` }), print);
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
      void verifyText(text, 'camera');
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

/**
 * The service worker keeps the page and its scripts on this device, so the verifier opens without a network; the
 * data (registry, lists) is kept by the data source above. `data-offline-ready` tells when both are in place.
 */
function registerOffline(): void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker
    .register(new URL('verifier-sw.js', base), { scope: new URL('./', base).href })
    .then(() => navigator.serviceWorker.ready)
    .then(() => {
      document.documentElement.dataset.offlineReady = 'true';
    })
    .catch(() => undefined);
}

function wire(): void {
  $('lang-toggle').addEventListener('click', () => applyLanguage(otherLang(lang)));
  $('scan-button').addEventListener('click', () => void toggleCamera());
  const file = $<HTMLInputElement>('file-input');
  $('upload-button').addEventListener('click', () => file.click());
  file.addEventListener('change', () => {
    const chosen = Array.from(file.files ?? []);
    file.value = '';
    void verifyFiles(chosen);
  });
  $('paste-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void verifyText($<HTMLTextAreaElement>('paste-input').value, 'person');
  });
  // A file pasted anywhere on the page (a screenshot in the clipboard, a copied PDF) is read like an uploaded one.
  document.addEventListener('paste', (e) => {
    const files = Array.from(e.clipboardData?.files ?? []);
    if (files.length > 0) {
      e.preventDefault();
      void verifyFiles(files);
    }
  });
  // Files dropped anywhere on the page: the certificate PDF, photos, or a stack of applications at once.
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', (e) => {
    const files = Array.from(e.dataTransfer?.files ?? []);
    if (files.length > 0) {
      e.preventDefault();
      void verifyFiles(files);
    }
  });
  window.addEventListener('hashchange', () => {
    const payload = payloadFromHash(location.hash);
    if (payload) void verifyText(payload, 'address');
  });
}

wire();
registerOffline();
if (lang !== document.documentElement.lang.slice(0, 2)) applyLanguage(lang);
const initial = payloadFromHash(location.hash);
if (initial) void verifyText(initial, 'address');
else {
  renderResult();
  // Fetch the registry early, so the first scan answers at once.
  void trustSource.current().catch(() => undefined);
}
document.documentElement.dataset.ready = 'true';

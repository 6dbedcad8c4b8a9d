import QRCode from 'qrcode';
import { Readable } from 'node:stream';
import type { Request, Router } from 'express';
import { Zip, ZipPassThrough } from 'fflate';
import { AppError, isAppError } from '../../errors.js';
import { CertificationJobs, tokensMatch, type ConsoleSession } from '../../console/index.js';
import { certificateFacts, renderCertificatePdf } from '../../delivery/pdf/index.js';
import { BATCH_COLUMNS, SEARCH_STATES, curpCheckDigit, type Batch, type CredentialSearch, type IssuedCredential, type StaffActor } from '../../issuance/index.js';
import type { StatusActor } from '../../status/index.js';
import type { Lang } from '../../lang.js';
import { csvCell } from '../../text.js';
import {
  CONSOLE_BATCH_JS,
  CONSOLE_MESSAGES,
  CONSOLE_SCRIPT_CSP,
  CONSOLE_WORK_MESSAGES,
  renderBatch,
  renderBatches,
  renderCertificate,
  type CertificatePageInput,
  renderCertificateSearch,
  renderStatusConfirm,
  type BatchLine,
  type FieldErrors,
  type SearchValues,
} from '../../web/index.js';
import { boundaryOf, parseMultipart, readBody } from '../multipart.js';
import { problemReplyOf, problemStatus } from '../problem.js';
import { bytes, handle, redirect, type Reply } from '../route.js';
import type { ConsoleKit } from './console.js';

/** A CSV of a few thousand rows is well under this; the API's streamed upload stays the way for huge files. */
const UPLOAD_LIMIT = 32 * 1_048_576;
const PAGE = 50;
const STATUS_ACTIONS = ['revoke', 'suspend', 'reinstate'] as const;
type Action = (typeof STATUS_ACTIONS)[number];

const line = (b: Batch): BatchLine => ({ id: b.id, fileName: b.fileName, state: b.state, failure: b.failure, rowsTotal: b.rowsTotal, rowsBad: b.rowsBad, rowsIssued: b.rowsIssued, updatedAt: b.updatedAt });
const csvFile = (name: string, rows: string[][]) =>
  bytes('text/csv; charset=utf-8', `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`, { headers: { 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'private, no-store' } });
/** A file name a browser sends may carry a path (old browsers) or odd characters: the batch is named by its base. */
const baseName = (name: string) => name.split(/[\\/]/).pop()!.trim().slice(0, 200);
const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'certificado';

/**
 * The certifying body's batches and certificates in the console: upload a CSV and read its report, certify a batch
 * with its progress shown, download the claim links and the PDFs; search certificates, open one, replace its claim
 * link, revoke, suspend or reinstate it. Every action is the API's: the same services, the same refusals.
 */
export function consoleWorkRoutes(router: Router, kit: ConsoleKit): void {
  const { deps, page, pageRoute, formErrors, form, langOf, staffAny, isReply, checkSessionToken } = kit;
  const jobs = new CertificationJobs();
  const scripted = { 'Content-Security-Policy': CONSOLE_SCRIPT_CSP };

  router.get('/assets/console-batches.js', handle(() => bytes('text/javascript; charset=utf-8', CONSOLE_BATCH_JS, { headers: { 'Cache-Control': 'public, max-age=3600' } })));

  // ---- batches

  const batchesPage = async (lang: Lang, w: { s: ConsoleSession; p: Parameters<typeof renderBatches>[0]['principal']; actor: StaffActor }, errors?: FieldErrors, status = 200) =>
    page(lang, renderBatches({ lang, principal: w.p, csrf: w.s.csrfToken, batches: (await deps.batches.listBatches(w.actor, 100)).map(line), canUpload: w.p.roles.includes('evaluator'), errors }), { status, headers: scripted });

  const batchPage = async (lang: Lang, w: { s: ConsoleSession; p: Parameters<typeof renderBatch>[0]['principal']; actor: StaffActor }, b: Batch, extra: { importNotice?: string; errors?: FieldErrors; status?: number } = {}) => {
    const wm = CONSOLE_WORK_MESSAGES[lang];
    const job = jobs.get(b.id, b.bodyId);
    const certify: Parameters<typeof renderBatch>[0]['certify'] = !w.p.roles.includes('certifier')
      ? { allowed: false, why: wm.needCertifier }
      : b.createdBy === w.p.staffId
        ? { allowed: false, why: wm.ownBatch }
        : b.state === 'importing' || b.state === 'failed' || job?.state === 'running'
          ? { allowed: false, why: job?.state === 'running' ? wm.running : wm.notReady }
          : { allowed: true };
    return page(
      lang,
      renderBatch({
        lang,
        principal: w.p,
        csrf: w.s.csrfToken,
        batch: line(b),
        rowErrors: await deps.batches.errors(w.actor, b.id, 200),
        importNotice: extra.importNotice,
        errors: extra.errors,
        canUpload: w.p.roles.includes('evaluator') && b.createdBy === w.p.staffId,
        certify,
        job: job ? { state: job.state, issued: job.issued, total: job.total, refused: job.refused, failure: job.failure, linksAvailable: job.state === 'done' && job.accountId === w.s.principal.accountId && job.claimLinks.length > 0 } : null,
        credentials: w.p.roles.some((r) => r === 'admin' || r === 'certifier') ? b.rowsIssued : 0,
      }),
      { status: extra.status ?? 200, headers: scripted },
    );
  };

  router.get(
    '/console/batches',
    pageRoute(async (req) => {
      const w = await staffAny(req, null);
      if (isReply(w)) return w;
      return batchesPage(langOf(req), w);
    }),
  );

  router.get(
    '/console/batches/template.csv',
    pageRoute(async (req) => {
      const w = await staffAny(req, null);
      if (isReply(w)) return w;
      return csvFile('plantilla-lote.csv', [[...BATCH_COLUMNS]]);
    }),
  );

  router.get(
    '/console/batches/sample.csv',
    pageRoute(async (req) => {
      const w = await staffAny(req, null);
      if (isReply(w)) return w;
      // Three rows this body could send today: a standard it is accredited for, a date that has passed, valid CURPs.
      const standards = await deps.registry.listAccreditations({ bodyId: w.actor.bodyId });
      const now = deps.dashboard.clock();
      const active = standards.find((a) => a.state === 'active' && Date.parse(a.validFrom) <= now.getTime() - 86_400_000 && Date.parse(a.validUntil) > now.getTime());
      const code = active ? (await deps.registry.getStandard(active.standardId)).code : 'EC0217';
      const day = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
      const curp = (first17: string) => first17 + curpCheckDigit(first17);
      return csvFile('ejemplo-lote.csv', [
        [...BATCH_COLUMNS],
        ['folio-0001', 'María Fernanda López Ortega', curp('LOOM900215MDFPRR0'), 'maria.lopez@example.mx', code, '', 'Centro de evaluación Norte', day, 'competent', '', ''],
        ['folio-0002', 'José Luis Hernández Ruiz', curp('HERJ851103HJCRZS0'), '', code, '', 'Centro de evaluación Norte', day, 'competent', '', ''],
        ['folio-0003', 'Ana Sofía Ramírez Díaz', curp('RADA950730MNLMZN0'), '', code, '', 'Centro de evaluación Norte', day, 'not-yet-competent', 'Repetirá la evaluación', ''],
      ]);
    }),
  );

  router.post(
    '/console/batches',
    pageRoute(async (req, res) => {
      const lang = langOf(req);
      const wm = CONSOLE_WORK_MESSAGES[lang];
      const m = CONSOLE_MESSAGES[lang];
      // Who is asking is known before a byte of the upload is read.
      const w = await staffAny(req, null);
      if (isReply(w)) return w;
      const boundary = boundaryOf(req.headers['content-type']);
      if (!boundary) throw new AppError('ERR_UNSUPPORTED_MEDIA_TYPE', 'Send the file with the page’s form (multipart/form-data)');
      const parts = parseMultipart(await readBody(req, UPLOAD_LIMIT), boundary);
      const field = (name: string) => parts.find((p) => p.name === name && p.filename === null)?.data.toString('utf8');
      if (!tokensMatch(field('csrf'), w.s.csrfToken)) throw new AppError('ERR_FORBIDDEN', m.errors.csrf);
      if (!w.p.roles.includes('evaluator')) throw new AppError('ERR_FORBIDDEN', 'Importing evaluations needs the evaluator role');
      const file = parts.find((p) => p.name === 'file' && p.filename !== null);
      const name = file ? baseName(file.filename ?? '') : '';
      if (!file || name === '' || file.data.length === 0) return batchesPage(lang, w, { file: wm.noFile }, 422);
      if (!/\.csv$/i.test(name) && !/^text\/(csv|plain)|^application\/(vnd\.ms-excel|csv)/i.test(file.contentType ?? '')) return batchesPage(lang, w, { file: wm.notCsv }, 422);
      try {
        const report = await deps.batches.importCsv(w.actor, Readable.from([file.data]), name);
        return batchPage(lang, w, report.batch, { importNotice: wm.imported(report.imported, report.alreadyImported, report.batch.rowsBad) });
      } catch (err) {
        if (!isAppError(err)) throw err;
        const status = problemStatus(problemReplyOf(err, deps.log, String(res.locals.requestId)));
        // A file refused as a whole leaves its batch `failed` with the reason, which its page shows.
        const batch = await deps.batches.findBatch(w.actor, name);
        if (batch && batch.createdBy === w.actor.staffId && batch.state === 'failed') return batchPage(lang, w, batch, { status });
        return batchesPage(lang, w, { file: err.message }, status);
      }
    }),
    formErrors,
  );

  const batchOf = async (req: Request, actor: StaffActor) => deps.batches.getBatch(actor, String(req.params.id));

  router.get(
    '/console/batches/:id',
    pageRoute(async (req) => {
      const w = await staffAny(req, null);
      if (isReply(w)) return w;
      return batchPage(langOf(req), w, await batchOf(req, w.actor));
    }),
  );

  router.get(
    '/console/batches/:id/progress',
    pageRoute(async (req) => {
      const w = await staffAny(req, null);
      if (isReply(w)) return w;
      const b = await batchOf(req, w.actor);
      const job = jobs.get(b.id, b.bodyId);
      const wm = CONSOLE_WORK_MESSAGES[langOf(req)];
      const state = job?.state ?? (b.state === 'certifying' ? 'interrupted' : 'none');
      return { body: { state, issued: job?.issued ?? b.rowsIssued, total: job?.total ?? 0, text: job ? wm.progressText(job.issued, job.total) : null }, headers: { 'Cache-Control': 'no-store' } };
    }),
  );

  router.post(
    '/console/batches/:id/certify',
    form,
    pageRoute(async (req) => {
      const lang = langOf(req);
      const w = await staffAny(req, null);
      if (isReply(w)) return w;
      checkSessionToken(req, w.s);
      // The service's own refusals (the role, another body's batch, the evaluator who imported it), before it runs.
      const b = await deps.batches.assertCertifiable(w.actor, String(req.params.id));
      const actor = w.actor;
      jobs.start({ batchId: b.id, bodyId: b.bodyId, accountId: w.s.principal.accountId }, async (progress) => {
        progress(0, Math.max(0, b.rowsTotal - b.rowsBad - b.rowsIssued));
        const out = await deps.batches.certify(actor, b.id, (issued, total) => progress(issued, total - b.rowsIssued));
        return { issued: out.issued, refused: out.refused.length, claimLinks: out.claimLinks };
      });
      return redirect(hrefOf(`/console/batches/${encodeURIComponent(b.id)}`, lang), { status: 303 });
    }),
    formErrors,
  );

  router.get(
    '/console/batches/:id/claim-links.csv',
    pageRoute(async (req) => {
      const w = await staffAny(req, ['certifier']);
      if (isReply(w)) return w;
      const b = await batchOf(req, w.actor);
      const job = jobs.get(b.id, b.bodyId);
      if (!job || job.state !== 'done' || job.accountId !== w.s.principal.accountId) throw new AppError('ERR_NOT_FOUND', 'These claim links are no longer held: they are given once, to whoever certified the batch, for an hour');
      // The same file as `avala batch certify --links`; each download of these secrets is on record.
      await deps.audit?.({ action: 'batch.claim-links.downloaded', actor: w.actor.staffId, bodyId: w.actor.bodyId, subject: b.id, details: { links: job.claimLinks.length } });
      return csvFile(`lote-${slug(b.fileName ?? b.id)}-enlaces.csv`, [['external_id', 'name', 'credential_id', 'claim_url'], ...job.claimLinks.map((l) => [l.externalId ?? '', l.holderName, l.credentialId, l.claimUrl])]);
    }),
  );

  router.get(
    '/console/batches/:id/errors.csv',
    pageRoute(async (req) => {
      const w = await staffAny(req, null);
      if (isReply(w)) return w;
      const b = await batchOf(req, w.actor);
      const rows = [['line', 'external_id', 'code', 'message']];
      for await (const x of deps.batches.allErrors(w.actor, b.id)) rows.push([String(x.line), x.externalId ?? '', x.code, x.message]);
      return csvFile(`lote-${slug(b.fileName ?? b.id)}-errores.csv`, rows);
    }),
  );

  router.get(
    '/console/batches/:id/certificates.zip',
    pageRoute(async (req) => {
      const lang = langOf(req);
      const w = await staffAny(req, ['admin', 'certifier']);
      if (isReply(w)) return w;
      const b = await batchOf(req, w.actor);
      if (b.rowsIssued === 0) throw new AppError('ERR_NOT_FOUND', 'This batch has no certificate yet');
      const pdfs = async function* () {
        for await (const c of deps.batches.credentials(w.actor, b.id)) {
          if (c.jwt) yield { name: `${slug(c.holderName ?? '')}-${c.id.replace(/^urn:uuid:/, '').slice(0, 8)}.pdf`, data: await renderCertificatePdf(certificateFacts(c, deps.publicUrl), { lang }) };
        }
      };
      // Streamed: the PDFs of a 2,000-row batch take minutes to draw, and the download shows them coming.
      return { kind: 'stream', type: 'application/zip', body: zipStream(pdfs()), headers: { 'Content-Disposition': `attachment; filename="lote-${slug(b.fileName ?? b.id)}-certificados.zip"`, 'Cache-Control': 'private, no-store' } };
    }),
  );

  // ---- certificates

  const blank: SearchValues = { name: '', curp: '', externalId: '', standard: '', batch: '', state: '', issuedFrom: '', issuedTo: '' };
  const batchOptions = async (actor: StaffActor) => (await deps.batches.listBatches(actor, 100)).map((b) => ({ value: b.id, label: b.fileName ?? b.id }));

  const search = async (req: Request, lang: Lang, w: { s: ConsoleSession; p: Parameters<typeof renderCertificateSearch>[0]['principal']; actor: StaffActor }, values: SearchValues, offset: number): Promise<Reply> => {
    const wm = CONSOLE_WORK_MESSAGES[lang];
    const q: CredentialSearch = {};
    const errors: FieldErrors = {};
    const day = /^\d{4}-\d{2}-\d{2}$/;
    if (values.name.trim()) q.name = values.name.trim();
    if (values.curp.trim()) q.curp = values.curp;
    if (values.externalId.trim()) q.externalId = values.externalId.trim();
    if (values.standard.trim()) q.standardCode = values.standard;
    if (values.batch) q.batchId = values.batch;
    if (values.state) {
      if ((SEARCH_STATES as readonly string[]).includes(values.state)) q.state = values.state as CredentialSearch['state'];
      else errors.state = wm.errors.date;
    }
    for (const k of ['issuedFrom', 'issuedTo'] as const) {
      if (values[k] === '') continue;
      if (day.test(values[k])) q[k] = values[k];
      else errors[k] = wm.errors.date;
    }
    for (const k of ['name', 'externalId'] as const) if (values[k].length > 300) errors[k] = wm.errors.tooLong;
    const render = (result: Parameters<typeof renderCertificateSearch>[0]['result'], errs: FieldErrors, status = 200) =>
      batchOptions(w.actor).then((batches) => page(lang, renderCertificateSearch({ lang, principal: w.p, csrf: w.s.csrfToken, values, errors: errs, batches, result }), { status }));
    if (Object.keys(errors).length) return render(null, errors, 422);
    try {
      const { total, hits } = await deps.issuance.searchCredentials(w.actor, q, { limit: PAGE, offset });
      return render({ total, offset, limit: PAGE, hits: hits.map((h) => ({ id: h.id, holderName: h.holderName, standard: h.standardCode ? `${h.standardCode} v${h.standardVersion}` : null, externalId: h.externalId, issuedAt: h.issuedAt, validUntil: h.validUntil, state: h.state })) }, {});
    } catch (err) {
      if (!isAppError(err) || err.code === 'ERR_FORBIDDEN') throw err;
      const status = problemStatus(problemReplyOf(err, deps.log, String(req.res!.locals.requestId)));
      if (err.code === 'ERR_INVALID_CURP') return render(null, { curp: wm.errors.curp }, status);
      const f = (err.details as { field?: string } | undefined)?.field;
      return render(null, { [f && f in blank ? f : 'form']: err.message }, status);
    }
  };

  router.get(
    '/console/certificates',
    pageRoute(async (req) => {
      const w = await staffAny(req, ['admin', 'certifier']);
      if (isReply(w)) return w;
      // Filters may come in the address (a batch's link to its certificates), but never a CURP: it is read from a form only.
      const qv = (k: string) => (typeof req.query[k] === 'string' ? (req.query[k] as string).slice(0, 400) : '');
      const values: SearchValues = { ...blank, name: qv('name'), externalId: qv('externalId'), standard: qv('standard'), batch: qv('batch'), state: qv('state'), issuedFrom: qv('issuedFrom'), issuedTo: qv('issuedTo') };
      return search(req, langOf(req), w, values, 0);
    }),
  );

  router.post(
    '/console/certificates',
    form,
    pageRoute(async (req) => {
      const w = await staffAny(req, ['admin', 'certifier']);
      if (isReply(w)) return w;
      checkSessionToken(req, w.s);
      const f = formOf(req);
      const values: SearchValues = { ...blank };
      for (const k of Object.keys(blank) as Array<keyof SearchValues>) values[k] = (f[k] ?? '').slice(0, 400);
      const offset = /^\d{1,6}$/.test(f.offset ?? '') ? Number(f.offset) : 0;
      return search(req, langOf(req), w, values, offset);
    }),
    formErrors,
  );

  const statusActor = (a: StaffActor): StatusActor => ({ kind: 'staff', bodyId: a.bodyId, staffId: a.staffId, roles: a.roles });
  const certificateOf = async (req: Request, actor: StaffActor): Promise<IssuedCredential> => {
    const c = await deps.issuance.getCredential(actor, String(req.params.id));
    // Only certificates have a page here; a wallet copy or another credential is its own business.
    if (c.kind !== 'competency') throw new AppError('ERR_NOT_FOUND', `Credential ${c.id} does not exist`);
    return c;
  };

  const certificatePage = async (lang: Lang, w: { s: ConsoleSession; p: Parameters<typeof renderCertificate>[0]['principal']; actor: StaffActor }, c: IssuedCredential, extra: { newClaimUrl?: string; notice?: string; walletOffer?: CertificatePageInput['walletOffer'] } = {}) => {
    const view = await deps.status.read(c.id, statusActor(w.actor));
    const evaluation = c.evaluationId ? await deps.issuance.getEvaluation(w.actor, c.evaluationId).catch(() => null) : null;
    const batch = evaluation?.batchId ? await deps.batches.getBatch(w.actor, evaluation.batchId).catch(() => null) : null;
    const standard = c.standardId ? await deps.registry.getStandard(c.standardId).then((s) => `${s.code} v${s.version} — ${s.title}`, () => c.standardId!) : '—';
    const names = new Map<string, string>();
    for (const h of view.history) if (!names.has(h.actor)) names.set(h.actor, h.actor === 'authority' ? 'Autoridad / Authority' : ((await deps.registry.getStaff(h.actor).catch(() => null))?.name ?? h.actor));
    const label = async (id: string) => {
      const other = await deps.issuance.getCredential(w.actor, id).catch(() => null);
      return { id, label: other ? `${other.holderName ?? id} · ${other.issuedAt.slice(0, 10)}` : id };
    };
    const canChange = w.p.roles.some((r) => r === 'admin' || r === 'certifier');
    const actions: Action[] = view.state === 'revoked' ? [] : view.state === 'suspended' ? ['reinstate', 'revoke'] : ['suspend', 'revoke'];
    return page(
      lang,
      renderCertificate({
        lang,
        principal: w.p,
        csrf: w.s.csrfToken,
        c: { id: c.id, holderName: c.holderName ?? c.id, standard, issuedAt: c.issuedAt, validUntil: c.validUntil, externalId: evaluation?.externalId ?? null, batch: batch ? { id: batch.id, name: batch.fileName ?? batch.id } : null, centre: evaluation?.centre ?? null, evaluatedOn: evaluation?.evaluatedOn ?? null, printable: c.jwt !== null },
        status: {
          state: view.state,
          reason: view.reason,
          changedAt: view.changedAt,
          history: view.history.map((h) => ({ at: h.at, action: h.action, reason: h.reason, note: h.note, by: names.get(h.actor) ?? h.actor })),
          renews: await Promise.all(view.renews.map(label)),
          renewedBy: await Promise.all(view.renewedBy.map(label)),
        },
        actions,
        canChange,
        newClaimUrl: extra.newClaimUrl,
        walletOffer: extra.walletOffer,
        notice: extra.notice,
      }),
    );
  };

  router.get(
    '/console/certificates/:id',
    pageRoute(async (req) => {
      const w = await staffAny(req, ['admin', 'certifier']);
      if (isReply(w)) return w;
      const lang = langOf(req);
      const c = await certificateOf(req, w.actor);
      const done = typeof req.query.done === 'string' && (STATUS_ACTIONS as readonly string[]).includes(req.query.done) ? CONSOLE_WORK_MESSAGES[lang].changed[req.query.done] : undefined;
      return certificatePage(lang, w, c, { notice: done });
    }),
  );

  router.get(
    '/console/certificates/:id/certificate.pdf',
    pageRoute(async (req) => {
      const w = await staffAny(req, ['admin', 'certifier']);
      if (isReply(w)) return w;
      const c = await certificateOf(req, w.actor);
      if (!c.jwt) throw new AppError('ERR_NOT_FOUND', 'This credential has no printable certificate');
      const lang = langOf(req);
      const body = await renderCertificatePdf(certificateFacts(c, deps.publicUrl), { lang });
      return bytes('application/pdf', body, { headers: { 'Content-Disposition': `inline; filename="${lang === 'es' ? 'certificado' : 'certificate'}-${c.id.replace(/^urn:uuid:/, '').slice(0, 8)}.pdf"`, 'Cache-Control': 'private, no-store' } });
    }),
  );

  /** A form posted on a certificate's page by its body's admin or certifier: the person and the certificate. */
  const certificateForm = async (req: Request, what: string) => {
    const w = await staffAny(req, null);
    if (isReply(w)) return w;
    checkSessionToken(req, w.s);
    const c = await certificateOf(req, w.actor);
    if (!w.p.roles.some((r) => r === 'admin' || r === 'certifier')) throw new AppError('ERR_FORBIDDEN', `${what} needs the admin or certifier role`);
    return { w, c };
  };

  router.post(
    '/console/certificates/:id/claim-link',
    form,
    pageRoute(async (req) => {
      const f = await certificateForm(req, 'Replacing a claim link');
      if (isReply(f)) return f;
      const url = await deps.issuance.newClaimLink(f.w.actor, f.c.id);
      return certificatePage(langOf(req), f.w, f.c, { newClaimUrl: url });
    }),
    formErrors,
  );

  router.post(
    '/console/certificates/:id/wallet-offer',
    form,
    pageRoute(async (req) => {
      const f = await certificateForm(req, 'A wallet offer');
      if (isReply(f)) return f;
      const { w, c } = f;
      if (!deps.oid4vci) throw new AppError('ERR_NOT_FOUND', 'Wallet offers are not available here');
      // As the API's staff offer: a PIN (sent by another channel than the QR code) and the offer by reference.
      const offer = await deps.oid4vci.createStaffOffer(w.actor, c.id, { txCode: true });
      const qrSvg = await QRCode.toString(offer.uriByReference, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return certificatePage(langOf(req), w, c, { walletOffer: { uri: offer.uriByReference, qrSvg, txCode: offer.txCode, expiresAt: offer.expiresAt } });
    }),
    formErrors,
  );

  const actionOf = (req: Request): Action => {
    const a = String(req.params.action);
    if (!(STATUS_ACTIONS as readonly string[]).includes(a)) throw new AppError('ERR_NOT_FOUND', 'There is nothing at this address');
    return a as Action;
  };

  router.get(
    '/console/certificates/:id/:action',
    pageRoute(async (req) => {
      const action = actionOf(req);
      const w = await staffAny(req, null);
      if (isReply(w)) return w;
      const c = await certificateOf(req, w.actor);
      // The status service's own refusal for a role that may not change it (an evaluator), before any form is shown.
      await deps.status.read(c.id, statusActor(w.actor));
      if (!w.p.roles.some((r) => r === 'admin' || r === 'certifier')) throw new AppError('ERR_FORBIDDEN', `Changing a credential's status needs the role admin or certifier; you have ${w.p.roles.join(', ')}`);
      const lang = langOf(req);
      return page(lang, renderStatusConfirm({ lang, principal: w.p, csrf: w.s.csrfToken, id: c.id, holderName: c.holderName ?? c.id, action }));
    }),
  );

  router.post(
    '/console/certificates/:id/:action',
    form,
    pageRoute(async (req, res) => {
      const action = actionOf(req);
      const lang = langOf(req);
      const wm = CONSOLE_WORK_MESSAGES[lang];
      const w = await staffAny(req, null);
      if (isReply(w)) return w;
      checkSessionToken(req, w.s);
      const f = formOf(req);
      const values = { reason: f.reason ?? '', note: f.note ?? '' };
      try {
        // The API's change, with the API's refusals: another body's certificate 404, an evaluator 403, a revoked one 409.
        await deps.status.change(String(req.params.id), action, { reason: action === 'revoke' ? values.reason || null : null, note: values.note }, statusActor(w.actor));
      } catch (err) {
        if (!isAppError(err) || err.code === 'ERR_NOT_FOUND' || err.code === 'ERR_FORBIDDEN') throw err;
        const c = await certificateOf(req, w.actor);
        const status = problemStatus(problemReplyOf(err, deps.log, String(res.locals.requestId)));
        const errors: FieldErrors = err.code === 'ERR_VALIDATION' && /reason/i.test(err.message) ? { reason: wm.errors.reason } : err.code === 'ERR_VALIDATION' && /note/i.test(err.message) ? { note: wm.errors.tooLong } : { form: err.message };
        return page(lang, renderStatusConfirm({ lang, principal: w.p, csrf: w.s.csrfToken, id: c.id, holderName: c.holderName ?? c.id, action, values, errors }), { status });
      }
      return redirect(hrefOf(`/console/certificates/${encodeURIComponent(String(req.params.id))}?done=${action}`, lang), { status: 303 });
    }),
    formErrors,
  );
}

const hrefOf = (path: string, lang: Lang) => (lang === 'es' ? path : `${path}${path.includes('?') ? '&' : '?'}lang=en`);

/** A ZIP of the files as they come, each stored as it is (PDFs are compressed already). */
async function* zipStream(files: AsyncIterable<{ name: string; data: Uint8Array }>): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else out.push(chunk);
  });
  for await (const f of files) {
    const entry = new ZipPassThrough(f.name);
    zip.add(entry);
    entry.push(f.data, true);
    if (failure) throw failure;
    while (out.length) yield out.shift()!;
  }
  zip.end();
  if (failure) throw failure;
  while (out.length) yield out.shift()!;
}

/** The form's single string fields. */
function formOf(req: Request): Record<string, string> {
  const body = req.body as Record<string, unknown> | undefined;
  const out: Record<string, string> = {};
  if (body && typeof body === 'object') for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}

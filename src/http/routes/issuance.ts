import { z } from 'zod';
import { AppError } from '../../errors.js';
import { EVALUATION_RESULTS, type BatchService, type IssuanceService, type IssuedCredential, type StaffActor } from '../../issuance/index.js';
import { envelope } from '../../signing/index.js';
import { requireStaff, type Caller } from '../auth.js';
import { csvCell } from '../../text.js';
import { bytes, type RouteTable } from '../route.js';

const text = (max: number) => z.string().trim().min(1).max(max);

/** The API's evaluation: the console's form is read into this very shape and checked by it. */
export const NewEvaluation = z
  .object({
    candidate: z.object({ name: text(300), curp: z.string().trim().max(18), email: z.email().max(320).nullable().optional() }).strict(),
    standard: z.object({ code: z.string().regex(/^EC\d{4}$/, 'must be EC followed by four digits'), version: z.number().int().min(1).max(999).optional() }).strict(),
    centre: text(300),
    evaluatedOn: z.iso.date(),
    result: z.enum(EVALUATION_RESULTS),
    notes: z.string().max(2000).nullable().optional(),
    externalId: text(128).nullable().optional(),
    renewsCredentialId: text(200).nullable().optional(),
  })
  .strict();

const IssueRequest = z.object({
  credential: z.record(z.string(), z.unknown()).optional(),
  options: z
    .object({
      evaluationId: text(64).optional(),
      /** `DataIntegrityProof` (eddsa-rdfc-2022) or `vc+jwt` (VC-JOSE, returned enveloped). */
      securingMechanism: z.enum(['DataIntegrityProof', 'vc+jwt']).optional(),
      credentialStatus: z.boolean().optional(),
    })
    .strict()
    .optional(),
});

const Page = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), after: text(200).optional() });
const Id = z.object({ id: text(200) });
const Token = z.object({ token: z.string().max(100) });

export function staffActor(caller: Caller | null, roles: Parameters<typeof requireStaff>[1]): StaffActor {
  requireStaff(caller, roles);
  return { staffId: caller.staff.id, bodyId: caller.body.id, roles: caller.staff.roles };
}

/** Both secured forms of a stored credential, as its issuer or holder downloads them. */
export function credentialView(c: IssuedCredential) {
  return {
    id: c.id,
    kind: c.kind,
    issuedAt: c.issuedAt,
    validFrom: c.validFrom,
    validUntil: c.validUntil,
    holderName: c.holderName,
    renews: c.renewsId,
    verifiableCredential: c.dataIntegrity,
    jwt: c.jwt,
    envelopedVerifiableCredential: c.jwt ? envelope(c.jwt) : null,
  };
}

export function issuanceRoutes(t: RouteTable, issuance: IssuanceService, batches: BatchService): void {
  t.add({ method: 'post', path: '/evaluations', tag: 'issuance', auth: 'staff', status: 201, summary: 'An evaluator records an evaluation', body: NewEvaluation }, async ({ body, caller }) => {
    const actor = staffActor(caller, ['evaluator']);
    // The validated body is the domain's NewEvaluation: no field-by-field copy.
    const e = await issuance.recordEvaluation(actor, body);
    return { status: 201, body: e };
  });

  t.add({ method: 'get', path: '/evaluations/:id', tag: 'issuance', auth: 'staff', summary: "One of the body's evaluations", params: Id }, async ({ params, caller }) => ({
    body: await issuance.getEvaluation(staffActor(caller, ['admin', 'evaluator', 'certifier']), params.id),
  }));

  t.add({ method: 'post', path: '/evaluations/:id/certify', tag: 'issuance', auth: 'staff', status: 201, summary: 'A certifier (not the evaluator) certifies a competent evaluation: the credential is issued', params: Id }, async ({ params, caller }) => {
    const { credential, claimUrl } = await issuance.certify(staffActor(caller, ['certifier']), params.id);
    return { status: 201, body: { ...credentialView(credential), claimUrl } };
  });

  t.add({ method: 'post', path: '/credentials/issue', tag: 'vc-api', auth: 'staff', status: 201, summary: 'VC-API issue: certify an evaluation (options.evaluationId), or sign a VC 2.0 credential given in full', body: IssueRequest }, async ({ body, caller }) => {
    const actor = staffActor(caller, ['certifier']);
    const mechanism = body.options?.securingMechanism ?? 'DataIntegrityProof';
    if (body.options?.evaluationId) {
      const { credential, claimUrl } = await issuance.certify(actor, body.options.evaluationId);
      const verifiableCredential = mechanism === 'vc+jwt' ? envelope(credential.jwt!) : credential.dataIntegrity;
      return { status: 201, body: { verifiableCredential, claimUrl } };
    }
    if (!body.credential) throw new AppError('ERR_INVALID_CREDENTIAL', 'Give a credential to sign, or options.evaluationId to certify an evaluation');
    const { verifiable } = await issuance.issueOther(actor, body.credential, { securing: mechanism === 'vc+jwt' ? 'jwt' : 'di', withStatus: body.options?.credentialStatus ?? false });
    return { status: 201, body: { verifiableCredential: typeof verifiable === 'string' ? envelope(verifiable) : verifiable } };
  });

  t.add({ method: 'get', path: '/credentials', tag: 'issuance', auth: 'staff', summary: "The body's credentials, a page at a time", query: Page }, async ({ query, caller }) => {
    const list = await issuance.listCredentials(staffActor(caller, ['admin', 'certifier']), { limit: query.limit, after: query.after });
    return { body: { credentials: list.map((c) => ({ id: c.id, kind: c.kind, issuedAt: c.issuedAt, validUntil: c.validUntil, holderName: c.holderName })), next: list.length === query.limit ? list.at(-1)!.id : null } };
  });

  t.add({ method: 'get', path: '/credentials/:id', tag: 'issuance', auth: 'any', summary: 'One credential in both forms (its issuing body or the authority)', params: Id }, async ({ params, caller }) => {
    if (caller?.kind === 'admin') return { body: credentialView(await issuance.getCredential('authority', params.id)) };
    return { body: credentialView(await issuance.getCredential(staffActor(caller, ['admin', 'certifier']), params.id)) };
  });

  t.add({ method: 'post', path: '/credentials/:id/claim-link', tag: 'issuance', auth: 'staff', status: 201, summary: 'Replace the claim link (the old one stops working)', params: Id }, async ({ params, caller }) => ({
    status: 201,
    body: { claimUrl: await issuance.newClaimLink(staffActor(caller, ['admin', 'certifier']), params.id) },
  }));

  t.add({ method: 'get', path: '/claim/:token', tag: 'holder', auth: 'public', summary: "The worker's claim link: the credential in both forms", params: Token }, async ({ params }) => ({
    body: credentialView(await issuance.claim(params.token)),
    // Vary: browsers get the claim page at this address (claimPageRouter).
    headers: { 'Cache-Control': 'private, no-store', 'Referrer-Policy': 'no-referrer', Vary: 'Accept' },
  }));

  t.add({ method: 'get', path: '/claim/:token/credential.json', tag: 'holder', auth: 'public', summary: 'Download the Data Integrity credential', params: Token }, async ({ params }) => {
    const c = await issuance.claim(params.token);
    if (!c.dataIntegrity) throw new AppError('ERR_NOT_FOUND', 'This credential has no Data Integrity form');
    return bytes('application/vc+ld+json', JSON.stringify(c.dataIntegrity, null, 2), {
      headers: { 'Content-Disposition': `attachment; filename="${fileName(c)}.json"`, 'Cache-Control': 'private, no-store' },
    });
  });

  t.add({ method: 'get', path: '/claim/:token/credential.jwt', tag: 'holder', auth: 'public', summary: 'Download the VC-JOSE credential', params: Token }, async ({ params }) => {
    const c = await issuance.claim(params.token);
    if (!c.jwt) throw new AppError('ERR_NOT_FOUND', 'This credential has no VC-JOSE form');
    return bytes('application/vc+jwt', c.jwt, { headers: { 'Content-Disposition': `attachment; filename="${fileName(c)}.jwt"`, 'Cache-Control': 'private, no-store' } });
  });

  t.add(
    { method: 'post', path: '/batches', tag: 'batches', auth: 'staff', status: 201, summary: 'An evaluator uploads a CSV of evaluations (text/csv, streamed); the same name resumes a batch', query: z.object({ name: text(200) }) },
    async ({ query, caller, req }) => {
      const actor = staffActor(caller, ['evaluator']);
      if (!req.is('text/csv')) throw new AppError('ERR_UNSUPPORTED_MEDIA_TYPE', 'Send the batch as text/csv');
      return { status: 201, body: await batches.importCsv(actor, req, query.name) };
    },
  );

  t.add({ method: 'post', path: '/batches/:id/certify', tag: 'batches', auth: 'staff', summary: 'A certifier certifies every pending evaluation of a batch (by id or name; safe to repeat)', params: Id }, async ({ params, caller }) => {
    const actor = staffActor(caller, ['certifier']);
    // The answer holds every worker's claim link, shown this once: never stored by a cache.
    return { body: await batches.certify(actor, (await batches.resolveBatch(actor, params.id)).id), headers: { 'Cache-Control': 'no-store' } };
  });

  t.add({ method: 'get', path: '/batches/:id', tag: 'batches', auth: 'staff', summary: 'A batch (by id or name): counts, state (failed: with its reason) and the rejected rows', params: Id }, async ({ params, caller }) => {
    const actor = staffActor(caller, ['admin', 'evaluator', 'certifier']);
    const batch = await batches.resolveBatch(actor, params.id);
    return { body: { batch, errors: await batches.errors(actor, batch.id) } };
  });

  t.add({ method: 'get', path: '/batches/:id/errors.csv', tag: 'batches', auth: 'staff', summary: 'Every rejected or conflicting row of a batch as CSV: line, external_id, code, message', params: Id }, async ({ params, caller }) => {
    const actor = staffActor(caller, ['admin', 'evaluator', 'certifier']);
    const batch = await batches.resolveBatch(actor, params.id);
    const lines = ['line,external_id,code,message'];
    for await (const e of batches.allErrors(actor, batch.id)) lines.push([String(e.line), e.externalId ?? '', e.code, e.message].map(csvCell).join(','));
    return bytes('text/csv; charset=utf-8', `${lines.join('\r\n')}\r\n`, {
      headers: { 'Content-Disposition': `attachment; filename="batch-${batch.id}-errors.csv"`, 'Cache-Control': 'private, no-store' },
    });
  });
}

function fileName(c: IssuedCredential): string {
  return `certificado-${c.id.replace(/^urn:uuid:/, '').slice(0, 8)}`;
}

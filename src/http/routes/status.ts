import { z } from 'zod';
import { AppError } from '../../errors.js';
import { STAFF_ROLES } from '../../registry/index.js';
import { REVOCATION_REASONS, STATUS_PURPOSES, type StatusActor, type StatusService } from '../../status/index.js';
import { requireStaff, type Caller } from '../auth.js';
import type { Request } from 'express';
import { bytes, type Reply, type RouteTable } from '../route.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const Note = text(2000).nullable().optional();
const CredentialRef = z.object({ id: text(300) });

const Revoke = z.object({ reason: z.enum(REVOCATION_REASONS), note: Note }).strict();
const NoteOnly = z.object({ note: Note }).strict();

/** VC-API clients send the bit as a boolean; some send it as "true"/"false" or "1"/"0". */
const Bit = z.union([z.boolean(), z.enum(['true', 'false', '1', '0']), z.literal(1), z.literal(0)]).transform((v) => v === true || v === 'true' || v === '1' || v === 1);
const VcApiStatus = z
  .object({
    credentialId: text(300),
    credentialStatus: z
      .array(z.object({ type: z.literal('BitstringStatusListEntry'), statusPurpose: z.enum(STATUS_PURPOSES), status: Bit }).loose())
      .min(1)
      .max(2),
    // Our extension: VC-API carries no reason; without one a revocation is recorded as `unspecified`.
    reason: z.enum(REVOCATION_REASONS).optional(),
    note: Note,
  })
  .strict();

const RenewalsQuery = z.object({
  within: z
    .string()
    .regex(/^\d{1,4}d$/, 'a number of days, as 90d')
    .default('90d')
    .transform((v) => Number(v.slice(0, -1))),
  body: text(128).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});

/** The domain's view of the caller: the authority, or a staff member of one body (401 for anyone else). */
function actorOf(caller: Caller | null): StatusActor {
  if (caller?.kind === 'admin') return { kind: 'admin' };
  requireStaff(caller, STAFF_ROLES);
  return { kind: 'staff', bodyId: caller.body.id, staffId: caller.staff.id, roles: caller.staff.roles };
}

/** True when one of the entity tags in an If-None-Match header is `etag` (weak comparison, RFC 9110 §13.1.2). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => bare(t) === bare(etag));
}

/** A signed document verifiers fetch and cache: 304 when their copy (If-None-Match) is still this one. */
export function cachedReply(req: Request, doc: { etag: string; ttlMs: number; contentType: string; body: string }, headers: Record<string, string> = {}): Reply {
  const all = { 'Cache-Control': `public, max-age=${Math.floor(doc.ttlMs / 1000)}`, ETag: doc.etag, ...headers };
  if (matchesEtag(req.get('if-none-match'), doc.etag)) return { kind: 'empty', status: 304, headers: all };
  return bytes(doc.contentType, doc.body, { headers: all });
}

export function statusRoutes(t: RouteTable, status: StatusService): void {
  // ---- public: what verifiers fetch

  t.add(
    { method: 'get', path: '/status/:listId', tag: 'status', auth: 'public', summary: 'A signed Bitstring Status List credential (JSON, or application/vc+jwt by Accept)', params: z.object({ listId: text(128) }) },
    async ({ params, req }) => {
      const format = req.accepts(['application/json', 'application/vc+jwt']) === 'application/vc+jwt' ? 'jwt' : 'json';
      const view = await status.publishedList(params.listId, format);
      return cachedReply(req, { ...view, body: typeof view.body === 'string' ? view.body : JSON.stringify(view.body) }, { Vary: 'Accept' });
    },
  );

  // ---- the issuing body's staff, or the authority

  t.add({ method: 'get', path: '/credentials/:id/status', tag: 'status', auth: 'any', summary: "A credential's status, reason, renewal chain and history", params: CredentialRef }, async ({ params, caller }) => ({
    body: await status.read(params.id, actorOf(caller)),
  }));

  t.add(
    { method: 'post', path: '/credentials/status', tag: 'status', auth: 'any', summary: 'VC-API: set the revocation or suspension status of an issued credential', body: VcApiStatus },
    async ({ body, caller }) => {
      const actor = actorOf(caller);
      let view = await status.read(body.credentialId, actor);
      for (const entry of body.credentialStatus) {
        view = await status.setStatus(body.credentialId, entry.statusPurpose, entry.status, { reason: body.reason, note: body.note }, actor);
      }
      return { body: view };
    },
  );

  t.add({ method: 'post', path: '/credentials/:id/revoke', tag: 'status', auth: 'any', summary: 'Revoke a credential and its wallet copies (final; needs a reason)', params: CredentialRef, body: Revoke }, async ({ params, body, caller }) => ({
    body: await status.change(params.id, 'revoke', body, actorOf(caller)),
  }));

  t.add({ method: 'post', path: '/credentials/:id/suspend', tag: 'status', auth: 'any', summary: 'Suspend a credential and its wallet copies while it is investigated', params: CredentialRef, body: NoteOnly }, async ({ params, body, caller }) => ({
    body: await status.change(params.id, 'suspend', body, actorOf(caller)),
  }));

  t.add({ method: 'post', path: '/credentials/:id/reinstate', tag: 'status', auth: 'any', summary: 'Lift a suspension', params: CredentialRef, body: NoteOnly }, async ({ params, body, caller }) => ({
    body: await status.change(params.id, 'reinstate', body, actorOf(caller)),
  }));

  t.add(
    { method: 'get', path: '/renewals', tag: 'status', auth: 'any', summary: "A body's credentials whose validity ends within a window (within=90d), not revoked or renewed", query: RenewalsQuery },
    async ({ query, caller }) => {
      let bodyId: string;
      if (caller?.kind === 'admin') {
        if (!query.body) throw new AppError('ERR_VALIDATION', 'The authority names the body: ?body=<body id>');
        bodyId = query.body;
      } else {
        requireStaff(caller, ['admin', 'certifier']);
        // Staff see their own body only; naming another is answered as if it did not exist.
        if (query.body && query.body !== caller.body.id && query.body !== caller.body.slug) throw new AppError('ERR_NOT_FOUND', `Body ${query.body} does not exist`);
        bodyId = caller.body.id;
      }
      const credentials = await status.dueForRenewal(bodyId, query.within, { limit: query.limit });
      return { body: { bodyId, withinDays: query.within, credentials } };
    },
  );
}

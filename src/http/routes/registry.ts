import { z } from 'zod';
import { AppError } from '../../errors.js';
import { ACCREDITATION_STATES, AUTHORITY, BODY_KINDS, BODY_STATES, STAFF_ROLES, type RegistryService } from '../../registry/index.js';
import { requireAdmin, requireStaff } from '../auth.js';
import { bytes, type RouteTable } from '../route.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const isoDate = z.iso.datetime({ offset: true }).or(z.iso.date());

export const NewCommittee = z.object({ name: text(200), sector: text(100), region: text(100).nullable().optional() }).strict();
export const NewStandard = z
  .object({
    code: z.string().regex(/^EC\d{4}$/, 'must be EC followed by four digits, as EC0217'),
    version: z.number().int().min(1).max(999),
    title: text(300),
    description: text(5000),
    criteria: z.array(text(1000)).min(1).max(100),
    sector: text(100),
    level: z.number().int().min(1).max(5),
    committeeId: text(64),
    validityMonths: z.number().int().min(1).max(600).nullable(),
  })
  .strict();
const StandardPatch = NewStandard.omit({ code: true, version: true }).partial().strict();
const Transition = z.object({ to: z.enum(['published', 'withdrawn']) }).strict();
export const NewBody = z
  .object({ slug: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'lowercase letters, digits and inner hyphens'), name: text(300), kind: z.enum(BODY_KINDS), didMethod: z.enum(['web', 'key']).optional() })
  .strict();
const BodyState = z.object({ state: z.enum(BODY_STATES) }).strict();
export const NewAccreditation = z.object({ bodyId: text(64), standardId: text(64), validFrom: isoDate, validUntil: isoDate }).strict();
export const AccreditationChange = z.object({ state: z.enum(ACCREDITATION_STATES), reason: text(1000).nullable().optional() }).strict();
export const NewStaff = z.object({ name: text(200), email: z.email().max(320).nullable().optional(), roles: z.array(z.enum(STAFF_ROLES)).min(1).max(3) }).strict();
export const StaffRoles = z.object({ roles: z.array(z.enum(STAFF_ROLES)).min(1).max(3) }).strict();
export const Compromise = z.object({ keyId: text(500), at: z.iso.datetime({ offset: true }) }).strict();
const Id = z.object({ id: text(128) });
const Slug = z.object({ slug: text(128) });
/** An API key's id, or its `avk_<id>` prefix as the key list shows it. */
const KeyId = z.object({ id: z.string().regex(/^(?:avk_)?[A-Za-z0-9_-]{12}$/, 'an API key id: avk_ and 12 characters') });

const CatalogueQuery = z.object({
  sector: text(100).optional(),
  level: z.coerce.number().int().min(1).max(5).optional(),
  committee: text(64).optional(),
  q: text(200).optional(),
  state: z.enum(['published', 'withdrawn']).optional(),
});

export function registryRoutes(t: RouteTable, registry: RegistryService): void {
  // ---- public, read-only

  t.add({ method: 'get', path: '/standards', tag: 'catalogue', auth: 'public', summary: 'The catalogue of published standards (filter by sector, level, committee, text)', query: CatalogueQuery }, async ({ query }) => {
    const standards = await registry.listStandards({ sector: query.sector, level: query.level, committeeId: query.committee, text: query.q, state: query.state ?? 'published' });
    return { body: { standards } };
  });

  t.add({ method: 'get', path: '/standards/:ref', tag: 'catalogue', auth: 'public', summary: 'One standard by id, or by code (its latest published version)', params: z.object({ ref: text(128) }) }, async ({ params }) => {
    const s = /^EC\d{4}$/.test(params.ref) ? await registry.findStandard(params.ref) : await registry.getStandard(params.ref);
    if (s.state === 'draft') throw new AppError('ERR_NOT_FOUND', `Standard ${params.ref} does not exist`);
    return { body: s };
  });

  t.add(
    { method: 'get', path: '/standards/:code/v/:version', tag: 'catalogue', auth: 'public', summary: 'One version of a standard: the URL a credential names as its achievement', params: z.object({ code: z.string().regex(/^EC\d{4}$/), version: z.coerce.number().int().min(1) }) },
    async ({ params }) => {
      const s = await registry.findStandard(params.code, params.version);
      if (s.state === 'draft') throw new AppError('ERR_NOT_FOUND', `Standard ${params.code} v${params.version} does not exist`);
      return { body: s };
    },
  );

  t.add({ method: 'get', path: '/committees/:id', tag: 'catalogue', auth: 'public', summary: 'One committee: the URL a credential names as the standard’s creator', params: Id }, async ({ params }) => {
    const c = (await registry.listCommittees()).find((x) => x.id === params.id);
    if (!c) throw new AppError('ERR_NOT_FOUND', `Committee ${params.id} does not exist`);
    return { body: c };
  });

  t.add({ method: 'get', path: '/sectors', tag: 'catalogue', auth: 'public', summary: 'Sectors with their number of committees and published standards' }, async () => ({ body: { sectors: await registry.sectors() } }));

  t.add({ method: 'get', path: '/sectors/:sector', tag: 'catalogue', auth: 'public', summary: 'Competing standards of one sector side by side', params: z.object({ sector: text(100) }) }, async ({ params }) => ({
    body: await registry.sectorView(params.sector),
  }));

  t.add({ method: 'get', path: '/committees', tag: 'catalogue', auth: 'public', summary: 'Sector committees' }, async () => ({ body: { committees: await registry.listCommittees() } }));

  t.add({ method: 'get', path: '/bodies', tag: 'directory', auth: 'public', summary: 'Certifying bodies with their accreditations' }, async () => ({ body: { bodies: await registry.directory() } }));

  t.add({ method: 'get', path: '/bodies/:slug', tag: 'directory', auth: 'public', summary: 'One certifying body with its accreditations', params: Slug }, async ({ params }) => {
    const b = (await registry.directory()).find((x) => x.slug === params.slug);
    if (!b) throw new AppError('ERR_NOT_FOUND', `Body "${params.slug}" does not exist`);
    return { body: b };
  });

  t.add({ method: 'get', path: '/bodies/:slug/did.json', tag: 'did', auth: 'public', summary: "A body's did:web document", params: Slug }, async ({ params }) => {
    const body = await registry.getBodyBySlug(params.slug);
    const doc = await registry.didDocumentFor(body.did);
    if (!doc || body.didMethod !== 'web') throw new AppError('ERR_NOT_FOUND', `Body "${params.slug}" has no did:web document here`);
    return { body: doc, contentType: 'application/did+json', headers: { 'Cache-Control': 'public, max-age=300' } };
  });

  t.add({ method: 'get', path: '/.well-known/did.json', tag: 'did', auth: 'public', summary: "The authority's did:web document" }, async () => {
    const doc = await registry.didDocumentFor(registry.authorityDid);
    return { body: doc, contentType: 'application/did+json', headers: { 'Cache-Control': 'public, max-age=300' } };
  });

  t.add({ method: 'get', path: '/registry/coverage', tag: 'catalogue', auth: 'public', summary: 'Published standards with fewer than three actively accredited bodies' }, async () => ({
    body: { minimum: 3, standards: await registry.coverageReport() },
  }));

  t.add({ method: 'get', path: '/registry/trust', tag: 'catalogue', auth: 'public', summary: 'The trust registry signed by the authority (compact JWS, application/jwt); what offline verifiers need' }, async () => {
    const { jws } = await registry.signedTrustRegistry();
    return bytes('application/jwt', jws, { headers: { 'Cache-Control': 'public, max-age=300' } });
  });

  // ---- the authority

  t.add({ method: 'post', path: '/admin/committees', tag: 'admin', auth: 'admin', status: 201, summary: 'Register a sector committee', body: NewCommittee }, async ({ body, caller }) => {
    requireAdmin(caller);
    return { status: 201, body: await registry.createCommittee(body) };
  });

  t.add({ method: 'get', path: '/admin/standards', tag: 'admin', auth: 'admin', summary: 'Every standard, drafts included', query: CatalogueQuery.omit({ state: true }) }, async ({ query, caller }) => {
    requireAdmin(caller);
    return { body: { standards: await registry.listStandards({ sector: query.sector, level: query.level, committeeId: query.committee, text: query.q }) } };
  });

  t.add({ method: 'post', path: '/admin/standards', tag: 'admin', auth: 'admin', status: 201, summary: 'Create a draft standard', body: NewStandard }, async ({ body, caller }) => {
    requireAdmin(caller);
    return { status: 201, body: await registry.createStandard(body) };
  });

  t.add({ method: 'patch', path: '/admin/standards/:id', tag: 'admin', auth: 'admin', summary: 'Edit a draft standard', params: Id, body: StandardPatch }, async ({ params, body, caller }) => {
    requireAdmin(caller);
    return { body: await registry.updateStandard(params.id, body) };
  });

  t.add({ method: 'post', path: '/admin/standards/:id/transitions', tag: 'admin', auth: 'admin', summary: 'Publish or withdraw a standard', params: Id, body: Transition }, async ({ params, body, caller }) => {
    requireAdmin(caller);
    return { body: await registry.transitionStandard(params.id, body.to) };
  });

  t.add({ method: 'post', path: '/admin/bodies', tag: 'admin', auth: 'admin', status: 201, summary: 'Register a certifying body (a signing key and DID are created)', body: NewBody }, async ({ body, caller }) => {
    requireAdmin(caller);
    return { status: 201, body: await registry.createBody(body) };
  });

  t.add({ method: 'post', path: '/admin/bodies/:id/state', tag: 'admin', auth: 'admin', summary: "Change a body's state", params: Id, body: BodyState }, async ({ params, body, caller }) => {
    requireAdmin(caller);
    return { body: await registry.setBodyState((await registry.resolveBody(params.id)).id, body.state) };
  });

  t.add({ method: 'post', path: '/admin/bodies/:id/keys/rotate', tag: 'admin', auth: 'admin', status: 201, summary: "Rotate a body's signing key", params: Id }, async ({ params, caller }) => {
    requireAdmin(caller);
    return { status: 201, body: publicKeyView(await registry.rotateKey((await registry.resolveBody(params.id)).id)) };
  });

  t.add({ method: 'post', path: '/admin/authority/keys/rotate', tag: 'admin', auth: 'admin', status: 201, summary: "Rotate the authority's signing key" }, async ({ caller }) => {
    requireAdmin(caller);
    return { status: 201, body: publicKeyView(await registry.rotateKey(AUTHORITY)) };
  });

  t.add({ method: 'post', path: '/admin/keys/compromised', tag: 'admin', auth: 'admin', summary: 'Mark a key compromised from an instant', body: Compromise }, async ({ body, caller }) => {
    requireAdmin(caller);
    return { body: publicKeyView(await registry.markKeyCompromised(body.keyId, new Date(body.at).toISOString())) };
  });

  t.add({ method: 'post', path: '/admin/accreditations', tag: 'admin', auth: 'admin', status: 201, summary: 'Accredit a body for a published standard over a period', body: NewAccreditation }, async ({ body, caller }) => {
    requireAdmin(caller);
    const b = await registry.resolveBody(body.bodyId);
    return { status: 201, body: await registry.accredit({ ...body, bodyId: b.id }) };
  });

  t.add({ method: 'post', path: '/admin/accreditations/:id/state', tag: 'admin', auth: 'admin', summary: 'Suspend, reinstate or withdraw an accreditation', params: Id, body: AccreditationChange }, async ({ params, body, caller }) => {
    requireAdmin(caller);
    return { body: await registry.changeAccreditation(params.id, body.state, body.reason ?? null) };
  });

  t.add({ method: 'post', path: '/admin/bodies/:id/staff', tag: 'admin', auth: 'admin', status: 201, summary: 'Add a staff member to a body; the API key is shown this once', params: Id, body: NewStaff }, async ({ params, body, caller }) => {
    requireAdmin(caller);
    const b = await registry.resolveBody(params.id);
    return { status: 201, body: await registry.addStaff({ bodyId: b.id, ...body }) };
  });

  t.add({ method: 'post', path: '/admin/staff/:id/api-keys', tag: 'admin', auth: 'admin', status: 201, summary: 'Issue another API key for a staff member (shown once)', params: Id }, async ({ params, caller }) => {
    requireAdmin(caller);
    return { status: 201, body: { apiKey: await registry.issueApiKey(params.id) } };
  });

  for (const [verb, state] of [['disable', 'disabled'], ['enable', 'active']] as const) {
    t.add({ method: 'post', path: `/admin/staff/:id/${verb}`, tag: 'admin', auth: 'admin', summary: `${verb === 'disable' ? 'Disable' : 'Enable again'} a staff member of any body (their keys are refused from the next request)`, params: Id }, async ({ params, caller }) => {
      requireAdmin(caller);
      return { body: await registry.setStaffState(params.id, state) };
    });
  }

  t.add({ method: 'put', path: '/admin/staff/:id/roles', tag: 'admin', auth: 'admin', summary: "Change a staff member's roles (the last active admin keeps theirs)", params: Id, body: StaffRoles }, async ({ params, body, caller }) => {
    requireAdmin(caller);
    return { body: await registry.setStaffRoles(params.id, body.roles) };
  });

  t.add({ method: 'get', path: '/admin/staff/:id/api-keys', tag: 'admin', auth: 'admin', summary: "A staff member's API keys by id (never their secrets)", params: Id }, async ({ params, caller }) => {
    requireAdmin(caller);
    return { body: { apiKeys: await registry.listApiKeys(params.id) } };
  });

  t.add({ method: 'post', path: '/admin/api-keys/:id/revoke', tag: 'admin', auth: 'admin', summary: 'Revoke one API key (refused from the next request)', params: KeyId }, async ({ params, caller }) => {
    requireAdmin(caller);
    return { body: await registry.revokeApiKey(params.id) };
  });

  // ---- a body's own staff

  t.add({ method: 'get', path: '/me', tag: 'staff', auth: 'staff', summary: 'Who this API key belongs to' }, async ({ caller }) => {
    requireStaff(caller, STAFF_ROLES);
    return { body: { staff: caller.staff, body: caller.body } };
  });

  t.add({ method: 'get', path: '/body/staff', tag: 'staff', auth: 'staff', summary: "A body admin lists the body's staff" }, async ({ caller }) => {
    requireStaff(caller, ['admin']);
    return { body: { staff: await registry.listStaff(caller.body.id) } };
  });

  t.add({ method: 'post', path: '/body/staff', tag: 'staff', auth: 'staff', status: 201, summary: 'A body admin adds a staff member to the body (API key shown once)', body: NewStaff }, async ({ body, caller }) => {
    requireStaff(caller, ['admin']);
    return { status: 201, body: await registry.addStaff({ bodyId: caller.body.id, ...body }, caller.staff.id) };
  });

  for (const [verb, state] of [['disable', 'disabled'], ['enable', 'active']] as const) {
    t.add({ method: 'post', path: `/body/staff/:id/${verb}`, tag: 'staff', auth: 'staff', summary: `A body admin ${verb}s one of the body's staff`, params: Id }, async ({ params, caller }) => {
      requireStaff(caller, ['admin']);
      return { body: await registry.setStaffState(params.id, state, { actor: caller.staff.id, bodyId: caller.body.id }) };
    });
  }

  t.add({ method: 'put', path: '/body/staff/:id/roles', tag: 'staff', auth: 'staff', summary: "A body admin changes the roles of one of the body's staff", params: Id, body: StaffRoles }, async ({ params, body, caller }) => {
    requireStaff(caller, ['admin']);
    return { body: await registry.setStaffRoles(params.id, body.roles, { actor: caller.staff.id, bodyId: caller.body.id }) };
  });

  t.add({ method: 'post', path: '/body/staff/:id/api-keys', tag: 'staff', auth: 'staff', status: 201, summary: "A body admin issues another API key for one of the body's staff (shown once)", params: Id }, async ({ params, caller }) => {
    requireStaff(caller, ['admin']);
    return { status: 201, body: { apiKey: await registry.issueApiKey(params.id, caller.staff.id, { bodyId: caller.body.id }) } };
  });

  t.add({ method: 'get', path: '/body/staff/:id/api-keys', tag: 'staff', auth: 'staff', summary: "A body admin lists a staff member's API keys by id", params: Id }, async ({ params, caller }) => {
    requireStaff(caller, ['admin']);
    return { body: { apiKeys: await registry.listApiKeys(params.id, { bodyId: caller.body.id }) } };
  });

  t.add({ method: 'post', path: '/body/api-keys/:id/revoke', tag: 'staff', auth: 'staff', summary: "A body admin revokes one API key of the body's staff", params: KeyId }, async ({ params, caller }) => {
    requireStaff(caller, ['admin']);
    return { body: await registry.revokeApiKey(params.id, { actor: caller.staff.id, bodyId: caller.body.id }) };
  });
}

function publicKeyView(k: { id: string; owner: string; publicKeyMultibase: string; activeFrom: string; activeUntil: string | null; compromisedAt: string | null }) {
  return { id: k.id, owner: k.owner, publicKeyMultibase: k.publicKeyMultibase, activeFrom: k.activeFrom, activeUntil: k.activeUntil, compromisedAt: k.compromisedAt };
}

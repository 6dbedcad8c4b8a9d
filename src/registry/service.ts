import { AppError } from '../errors.js';
import { assertDisplayText } from '../text.js';
import { nextSecond, toSecond, type Clock, type IdGenerator } from '../clock.js';
import type { GeneratedKey, KeyStore } from '../keystore/index.js';
import { newApiKey, parseApiKey, secretMatches } from './api-keys.js';
import { buildDidDocument, type DidDocument } from './did-document.js';
import {
  AUTHORITY,
  STAFF_ROLES,
  type Accreditation,
  type AccreditationState,
  type Body,
  type BodyKind,
  type Committee,
  type SigningKey,
  type Staff,
  type StaffRole,
  type Standard,
  type StandardState,
} from './model.js';
import type { ApiKeyRecord, RegistryRepository, StandardFilter } from './ports.js';
import { TRUST_REGISTRY_TYP, type TrustRegistry } from '../vc/index.js';
import { buildTrustRegistry } from './trust-registry.js';
import {
  assertAccreditationTransition,
  assertPeriod,
  assertPublished,
  assertSlug,
  assertStandardCode,
  didWebFor,
  isAccreditedAt,
  transitionStandard,
  underCoveredStandards,
} from './rules.js';

export interface RegistryDeps {
  repo: RegistryRepository;
  keys: KeyStore;
  clock: Clock;
  newId: IdGenerator;
  publicUrl: string;
  /** The URLs of Avala's context this deployment's credentials name; signed into the trust registry for verifiers. */
  contextUrls?: readonly string[];
  /** Called after every committed change (the audit entry is the repository's: it commits with the change). */
  onChange?: () => void;
}

export type NewStandard = Pick<Standard, 'code' | 'version' | 'title' | 'description' | 'criteria' | 'sector' | 'level' | 'committeeId' | 'validityMonths'>;

export interface AuthenticatedStaff {
  staff: Staff;
  body: Body;
  /** The id of the API key the request came with (what rate limits and idempotency records are kept by). */
  apiKeyId: string;
}

/**
 * Who changes a staff member or key, and within which body: a body admin passes its own body, and anything outside
 * it reads as not found (promise 11 of docs/reliability.md: ids of other bodies cannot be probed); the authority passes no body.
 */
export interface StaffAuthority {
  actor?: string;
  bodyId?: string;
}

/** An API key as it may be listed: its id (the `avk_<id>` prefix of the token), never its secret or hash. */
export interface ApiKeyView {
  id: string;
  prefix: string;
  staffId: string;
  createdAt: string;
  revokedAt: string | null;
}

const keyView = (k: ApiKeyRecord): ApiKeyView => ({ id: k.id, prefix: `avk_${k.id}`, staffId: k.staffId, createdAt: k.createdAt, revokedAt: k.revokedAt });

/** The authority's registry: committees, standards, bodies, accreditations, staff, keys and DIDs. */
export class RegistryService {
  constructor(private readonly d: RegistryDeps) {}

  get authorityDid(): string {
    return didWebFor(this.d.publicUrl);
  }

  /** Every instant the registry records is a whole second (see `toSecond`): the precision verifiers compare at. */
  private now(): string {
    return toSecond(this.d.clock()).toISOString();
  }

  /** A key as it starts its period of use (now, unless given), with no end and no compromise. */
  private newSigningKey(id: string, owner: string, gen: GeneratedKey, activeFrom = this.now()): SigningKey {
    return { id, owner, keystoreId: gen.keystoreId, publicKeyMultibase: gen.publicKeyMultibase, activeFrom, activeUntil: null, compromisedAt: null, createdAt: this.now() };
  }


  // ---- committees

  async createCommittee(input: { name: string; sector: string; region?: string | null }, actor = AUTHORITY): Promise<Committee> {
    assertDisplayText('name', input.name);
    assertDisplayText('sector', input.sector);
    assertDisplayText('region', input.region);
    const c: Committee = { id: this.d.newId(), name: input.name, sector: input.sector, region: input.region ?? null, createdAt: this.now() };
    await this.d.repo.insertCommittee(c, { action: 'committee.created', actor, subject: c.id });
    this.d.onChange?.();
    return c;
  }

  listCommittees(): Promise<Committee[]> {
    return this.d.repo.listCommittees();
  }

  // ---- standards

  async createStandard(input: NewStandard, actor = AUTHORITY): Promise<Standard> {
    assertStandardCode(input.code);
    assertDisplayText('title', input.title);
    assertDisplayText('sector', input.sector);
    const committee = await this.d.repo.getCommittee(input.committeeId);
    if (!committee) throw new AppError('ERR_NOT_FOUND', `Committee ${input.committeeId} does not exist`);
    if (await this.d.repo.findStandard(input.code, input.version)) {
      throw new AppError('ERR_CONFLICT', `Standard ${input.code} version ${input.version} already exists`);
    }
    const s: Standard = { ...input, id: this.d.newId(), state: 'draft', publishedAt: null, withdrawnAt: null, createdAt: this.now() };
    await this.d.repo.insertStandard(s, { action: 'standard.created', actor, subject: s.id, details: { code: s.code, version: s.version } });
    this.d.onChange?.();
    return s;
  }

  /** Only a draft can be edited: a published standard is what certificates point to. */
  async updateStandard(id: string, patch: Partial<Omit<NewStandard, 'code' | 'version'>>, actor = AUTHORITY): Promise<Standard> {
    const s = await this.getStandard(id);
    if (s.state !== 'draft') throw new AppError('ERR_INVALID_TRANSITION', `Standard ${s.code} v${s.version} is ${s.state}; only drafts can be edited`);
    assertDisplayText('title', patch.title);
    assertDisplayText('sector', patch.sector);
    if (patch.committeeId && !(await this.d.repo.getCommittee(patch.committeeId))) {
      throw new AppError('ERR_NOT_FOUND', `Committee ${patch.committeeId} does not exist`);
    }
    const next: Standard = { ...s, ...patch };
    await this.d.repo.updateStandard(next, { action: 'standard.updated', actor, subject: s.id });
    this.d.onChange?.();
    return next;
  }

  async transitionStandard(id: string, to: StandardState, actor = AUTHORITY): Promise<Standard> {
    const next = transitionStandard(await this.getStandard(id), to, this.d.clock());
    await this.d.repo.updateStandard(next, { action: `standard.${to}`, actor, subject: id });
    this.d.onChange?.();
    return next;
  }

  async getStandard(id: string): Promise<Standard> {
    const s = await this.d.repo.getStandard(id);
    if (!s) throw new AppError('ERR_NOT_FOUND', `Standard ${id} does not exist`);
    return s;
  }

  /** The latest published version when `version` is omitted. */
  async findStandard(code: string, version?: number): Promise<Standard> {
    const s = await this.d.repo.findStandard(code, version);
    if (!s) throw new AppError('ERR_NOT_FOUND', `Standard ${code}${version ? ` version ${version}` : ''} does not exist`);
    return s;
  }

  listStandards(filter: StandardFilter = {}): Promise<Standard[]> {
    return this.d.repo.listStandards(filter);
  }

  /** Competing standards of a sector side by side, each with the bodies accredited for it now. */
  async sectorView(sector: string): Promise<{ sector: string; standards: Array<Standard & { committee: Committee | null; accreditedBodies: Array<Pick<Body, 'id' | 'slug' | 'name' | 'kind'>> }> }> {
    const standards = await this.d.repo.listStandards({ sector, state: 'published' });
    const committees = new Map((await this.d.repo.listCommittees()).map((c) => [c.id, c]));
    const bodies = new Map((await this.d.repo.listBodies()).map((b) => [b.id, b]));
    const now = this.d.clock();
    const rows = [];
    for (const s of standards) {
      const accs = await this.d.repo.listAccreditations({ standardId: s.id });
      const accreditedBodies = accs
        .filter((a) => isAccreditedAt(a, now))
        .map((a) => bodies.get(a.bodyId))
        .filter((b): b is Body => !!b && b.state === 'active')
        .map((b) => ({ id: b.id, slug: b.slug, name: b.name, kind: b.kind }));
      rows.push({ ...s, committee: committees.get(s.committeeId) ?? null, accreditedBodies });
    }
    return { sector, standards: rows };
  }

  async sectors(): Promise<Array<{ sector: string; published: number; committees: number }>> {
    const standards = await this.d.repo.listStandards({ state: 'published' });
    const committees = await this.d.repo.listCommittees();
    const out = new Map<string, { sector: string; published: number; committees: number }>();
    for (const c of committees) {
      const row = out.get(c.sector) ?? { sector: c.sector, published: 0, committees: 0 };
      row.committees += 1;
      out.set(c.sector, row);
    }
    for (const s of standards) {
      const row = out.get(s.sector) ?? { sector: s.sector, published: 0, committees: 0 };
      row.published += 1;
      out.set(s.sector, row);
    }
    return [...out.values()].sort((a, b) => a.sector.localeCompare(b.sector));
  }

  // ---- bodies and keys

  /**
   * Registers a body with a fresh signing key. `did:web` under our host by default; `did:key` for a body with no
   * web presence of its own (its key can then never rotate, since the DID is the key).
   */
  async createBody(input: { slug: string; name: string; kind: BodyKind; didMethod?: 'web' | 'key' }, actor = AUTHORITY): Promise<Body> {
    assertSlug(input.slug);
    assertDisplayText('name', input.name);
    if (await this.d.repo.getBodyBySlug(input.slug)) throw new AppError('ERR_CONFLICT', `A body with slug "${input.slug}" already exists`);
    const method = input.didMethod ?? 'web';
    const gen = await this.d.keys.generate();
    const did = method === 'web' ? didWebFor(this.d.publicUrl, 'bodies', input.slug) : `did:key:${gen.publicKeyMultibase}`;
    const now = this.now();
    const body: Body = { id: this.d.newId(), slug: input.slug, name: input.name, kind: input.kind, did, didMethod: method, state: 'active', createdAt: now };
    const key = this.newSigningKey(method === 'web' ? `${did}#key-1` : `${did}#${gen.publicKeyMultibase}`, body.id, gen);
    await this.d.repo.insertBody(body, key, { action: 'body.created', actor, bodyId: body.id, subject: body.id, details: { did, key: key.id } });
    this.d.onChange?.();
    return body;
  }

  async setBodyState(id: string, state: Body['state'], actor = AUTHORITY): Promise<Body> {
    const b = await this.getBody(id);
    if (b.state === 'closed') throw new AppError('ERR_INVALID_TRANSITION', `Body ${b.slug} is closed`);
    await this.d.repo.updateBodyState(id, state, { action: `body.${state}`, actor, bodyId: id, subject: id });
    this.d.onChange?.();
    return { ...b, state };
  }

  async getBody(id: string): Promise<Body> {
    const b = await this.d.repo.getBody(id);
    if (!b) throw new AppError('ERR_NOT_FOUND', `Body ${id} does not exist`);
    return b;
  }

  async getBodyBySlug(slug: string): Promise<Body> {
    const b = await this.d.repo.getBodyBySlug(slug);
    if (!b) throw new AppError('ERR_NOT_FOUND', `Body "${slug}" does not exist`);
    return b;
  }

  /** A body by id or by slug, the two ways callers name one. */
  async resolveBody(idOrSlug: string): Promise<Body> {
    return (await this.d.repo.getBody(idOrSlug)) ?? (await this.getBodyBySlug(idOrSlug));
  }

  listBodies(): Promise<Body[]> {
    return this.d.repo.listBodies();
  }

  /** The public directory: every body with its accreditations and the standards they cover. */
  async directory(): Promise<Array<Body & { accreditations: Array<Accreditation & { standard: Pick<Standard, 'code' | 'version' | 'title'> | null }> }>> {
    const bodies = await this.d.repo.listBodies();
    const standards = new Map((await this.d.repo.listStandards()).map((s) => [s.id, s]));
    const out = [];
    for (const b of bodies) {
      const accs = await this.d.repo.listAccreditations({ bodyId: b.id });
      out.push({
        ...b,
        accreditations: accs.map((a) => {
          const s = standards.get(a.standardId);
          return { ...a, standard: s ? { code: s.code, version: s.version, title: s.title } : null };
        }),
      });
    }
    return out;
  }

  /** Ensures the authority has a signing key; run at start-up. */
  async ensureAuthorityKey(): Promise<SigningKey> {
    const current = await this.d.repo.currentSigningKey(AUTHORITY);
    if (current) return current;
    const key = this.newSigningKey(`${this.authorityDid}#key-1`, AUTHORITY, await this.d.keys.generate());
    await this.d.repo.insertSigningKey(key, { action: 'key.created', actor: AUTHORITY, subject: key.id });
    this.d.onChange?.();
    return key;
  }

  /**
   * Adds a new key for `owner` ('authority' or a body id); earlier keys stay. The old key's period ends and the new
   * key's begins at the next whole second after this call, so whatever is signed in the rest of this second (dated
   * to the second, as every signature is) is still signed with the old key: a signer picks the key by the very
   * instant it writes into what it signs (`keyAt`).
   */
  async rotateKey(owner: string, actor = AUTHORITY): Promise<SigningKey> {
    let did = this.authorityDid;
    if (owner !== AUTHORITY) {
      const body = await this.getBody(owner);
      if (body.didMethod === 'key') throw new AppError('ERR_CONFLICT', `Body ${body.slug} uses did:key, whose key cannot rotate; register a did:web body instead`);
      did = body.did;
    }
    const existing = await this.d.repo.listSigningKeys(owner);
    const key = this.newSigningKey(`${did}#key-${existing.length + 1}`, owner, await this.d.keys.generate(), nextSecond(this.d.clock()).toISOString());
    await this.d.repo.rotateSigningKey(owner, key, key.activeFrom, { action: 'key.rotated', actor, bodyId: owner === AUTHORITY ? undefined : owner, subject: key.id });
    this.d.onChange?.();
    return key;
  }

  /**
   * Marks a key compromised from `at`: credentials it signed at or after that instant stop verifying. `at` is
   * rounded down to its second (fail-safe: a signature dated in that second is not trusted).
   */
  async markKeyCompromised(keyId: string, given: string, actor = AUTHORITY): Promise<SigningKey> {
    const key = (await this.d.repo.listSigningKeys()).find((k) => k.id === keyId);
    if (!key) throw new AppError('ERR_NOT_FOUND', `Key ${keyId} does not exist`);
    if (Number.isNaN(Date.parse(given))) throw new AppError('ERR_VALIDATION', `"${given}" is not a date-time`);
    const at = toSecond(new Date(given)).toISOString();
    await this.d.repo.markKeyCompromised(keyId, at, { action: 'key.compromised', actor, bodyId: key.owner === AUTHORITY ? undefined : key.owner, subject: keyId, details: { at } });
    this.d.onChange?.();
    return { ...key, compromisedAt: at };
  }

  listKeys(owner?: string): Promise<SigningKey[]> {
    return this.d.repo.listSigningKeys(owner);
  }

  /**
   * The key `owner` signs with at `at` (default: now), rounded down to its second: the key whose period
   * [activeFrom, activeUntil) holds that second. A signer passes the very instant it dates its signature with, so
   * the key and the date it writes always agree, even within the second of a rotation.
   */
  async currentKey(owner: string, at: Date = this.d.clock()): Promise<SigningKey> {
    const t = toSecond(at).getTime();
    const keys = await this.d.repo.listSigningKeys(owner);
    const k = keys.find((key) => Math.floor(Date.parse(key.activeFrom) / 1000) * 1000 <= t && (key.activeUntil === null || t < Date.parse(key.activeUntil)));
    if (!k) throw new AppError('ERR_KEY_NOT_FOUND', `${owner} has no signing key in use at ${toSecond(at).toISOString()}`);
    return k;
  }

  async didDocumentFor(did: string): Promise<DidDocument | null> {
    if (did === this.authorityDid) return buildDidDocument(did, await this.d.repo.listSigningKeys(AUTHORITY));
    const body = await this.d.repo.getBodyByDid(did);
    if (!body) return null;
    return buildDidDocument(body.did, await this.d.repo.listSigningKeys(body.id));
  }

  // ---- accreditations

  async accredit(input: { bodyId: string; standardId: string; validFrom: string; validUntil: string }, actor = AUTHORITY): Promise<Accreditation> {
    assertPeriod(input.validFrom, input.validUntil);
    const body = await this.getBody(input.bodyId);
    if (body.state !== 'active') throw new AppError('ERR_BODY_NOT_ACTIVE', `Body ${body.slug} is ${body.state}`);
    assertPublished(await this.getStandard(input.standardId));
    const now = this.now();
    const a: Accreditation = {
      id: this.d.newId(),
      bodyId: body.id,
      standardId: input.standardId,
      validFrom: toSecond(new Date(input.validFrom)).toISOString(),
      validUntil: toSecond(new Date(input.validUntil)).toISOString(),
      state: 'active',
      createdAt: now,
      updatedAt: now,
      // The first event is dated at the start of the period: accreditation is granted for that whole period.
      history: [{ at: toSecond(new Date(Math.min(Date.parse(input.validFrom), Date.parse(now)))).toISOString(), state: 'active', reason: 'granted', actor }],
    };
    await this.d.repo.insertAccreditation(a, { action: 'accreditation.granted', actor, bodyId: body.id, subject: a.id, details: { standardId: input.standardId, validFrom: a.validFrom, validUntil: a.validUntil } });
    this.d.onChange?.();
    return a;
  }

  async changeAccreditation(id: string, to: AccreditationState, reason: string | null, actor = AUTHORITY): Promise<Accreditation> {
    const a = await this.getAccreditation(id);
    assertAccreditationTransition(a, to);
    const event = { at: this.now(), state: to, reason, actor };
    await this.d.repo.changeAccreditationState(id, to, event, { action: `accreditation.${to}`, actor, bodyId: a.bodyId, subject: id, details: { reason } });
    this.d.onChange?.();
    return { ...a, state: to, updatedAt: event.at, history: [...a.history, event] };
  }

  async getAccreditation(id: string): Promise<Accreditation> {
    const a = await this.d.repo.getAccreditation(id);
    if (!a) throw new AppError('ERR_NOT_FOUND', `Accreditation ${id} does not exist`);
    return a;
  }

  listAccreditations(filter: { bodyId?: string; standardId?: string } = {}): Promise<Accreditation[]> {
    return this.d.repo.listAccreditations(filter);
  }

  /** Refuses unless the body is active and actively accredited for the standard at `at`. */
  async assertAccredited(bodyId: string, standard: Standard, at: Date): Promise<void> {
    const body = await this.getBody(bodyId);
    if (body.state !== 'active') throw new AppError('ERR_BODY_NOT_ACTIVE', `Body ${body.slug} is ${body.state}`);
    assertPublished(standard);
    const accs = await this.d.repo.listAccreditations({ bodyId, standardId: standard.id });
    if (!accs.some((a) => isAccreditedAt(a, at))) {
      throw new AppError('ERR_NOT_ACCREDITED', `Body ${body.slug} is not accredited for ${standard.code} v${standard.version} on ${at.toISOString().slice(0, 10)}`, {
        details: { body: body.slug, standard: standard.code, version: standard.version, at: at.toISOString() },
      });
    }
  }

  /**
   * The trust registry signed by the authority as a compact JWS (EdDSA). `exp` leaves verifiers a grace
   * week past `nextUpdate` to work offline; after that they must refresh.
   */
  async signedTrustRegistry(refreshMs = 24 * 3600 * 1000): Promise<{ registry: TrustRegistry; jws: string }> {
    const now = this.d.clock();
    const [keys, bodies, accreditations, standards, committees] = await Promise.all([
      this.d.repo.listSigningKeys(),
      this.d.repo.listBodies(),
      this.d.repo.listAccreditations(),
      this.d.repo.listStandards(),
      this.d.repo.listCommittees(),
    ]);
    const registry = buildTrustRegistry({ authorityDid: this.authorityDid, publicUrl: this.d.publicUrl, contextUrls: this.d.contextUrls, issuedAt: now, refreshMs, keys, bodies, accreditations, standards, committees });
    const iat = Math.floor(now.getTime() / 1000);
    const key = await this.currentKey(AUTHORITY, new Date(iat * 1000));
    const payload = { iss: this.authorityDid, iat, nbf: iat, exp: iat + Math.floor(refreshMs / 1000) + 7 * 24 * 3600, registry };
    const jws = await this.d.keys.signCompactJws(key.keystoreId, { alg: 'EdDSA', kid: key.id, typ: TRUST_REGISTRY_TYP }, new TextEncoder().encode(JSON.stringify(payload)));
    return { registry, jws };
  }

  async coverageReport() {
    return underCoveredStandards(await this.d.repo.listStandards(), await this.d.repo.listAccreditations(), this.d.clock());
  }

  // ---- staff

  /** Adds a staff member and returns their API key, which is shown this once and stored only as a hash. */
  async addStaff(input: { bodyId: string; name: string; email?: string | null; roles: StaffRole[] }, actor = AUTHORITY): Promise<{ staff: Staff; apiKey: string }> {
    await this.getBody(input.bodyId);
    assertDisplayText('name', input.name);
    if (input.roles.length === 0) throw new AppError('ERR_VALIDATION', 'A staff member needs at least one role');
    const k = newApiKey();
    const now = this.now();
    const staff: Staff = { id: this.d.newId(), bodyId: input.bodyId, name: input.name, email: input.email ?? null, roles: [...new Set(input.roles)], state: 'active', createdAt: now };
    await this.d.repo.insertStaff(staff, { id: k.id, staffId: staff.id, secretHash: k.secretHash, createdAt: now, revokedAt: null }, { action: 'staff.added', actor, bodyId: input.bodyId, subject: staff.id, details: { roles: staff.roles } });
    this.d.onChange?.();
    return { staff, apiKey: k.token };
  }

  /** Another API key for a staff member (within `by.bodyId` when given: another body's staff is not found). */
  async issueApiKey(staffId: string, actor = AUTHORITY, by: StaffAuthority = {}): Promise<string> {
    const staff = await this.staffWithin(staffId, by);
    const k = newApiKey();
    await this.d.repo.insertApiKey({ id: k.id, staffId: staff.id, secretHash: k.secretHash, createdAt: this.now(), revokedAt: null }, { action: 'staff.key-issued', actor, bodyId: staff.bodyId, subject: staff.id });
    this.d.onChange?.();
    return k.token;
  }

  async getStaff(id: string): Promise<Staff> {
    const s = await this.d.repo.getStaff(id);
    if (!s) throw new AppError('ERR_NOT_FOUND', `Staff member ${id} does not exist`);
    return s;
  }

  listStaff(bodyId: string): Promise<Staff[]> {
    return this.d.repo.listStaff(bodyId);
  }

  /** A staff member within `by.bodyId` when one is given: another body's staff is not found. */
  private async staffWithin(id: string, by: StaffAuthority): Promise<Staff> {
    const s = await this.d.repo.getStaff(id);
    if (!s || (by.bodyId !== undefined && s.bodyId !== by.bodyId)) throw new AppError('ERR_NOT_FOUND', `Staff member ${id} does not exist`);
    return s;
  }

  /**
   * Disables a staff member (every key of theirs is refused from the next request) or enables them again. The last
   * active admin of a body cannot be disabled, by anyone: a body with no admin could not manage its own staff.
   */
  async setStaffState(id: string, state: Staff['state'], by: StaffAuthority = {}): Promise<Staff> {
    const staff = await this.staffWithin(id, by);
    if (staff.state === state) return staff;
    const event = { action: state === 'disabled' ? 'staff.disabled' : 'staff.enabled', actor: by.actor ?? AUTHORITY, bodyId: staff.bodyId, subject: staff.id };
    const changed = await this.d.repo.setStaffState(staff.id, state, event, { keepAnActiveAdmin: state === 'disabled' && staff.roles.includes('admin') });
    if (!changed) throw new AppError('ERR_LAST_ADMIN', `Staff member ${staff.id} is the last active admin of the body; make another admin first`);
    return { ...staff, state };
  }

  /**
   * Changes a staff member's roles (at least one). Taking the admin role from the body's last active admin is
   * refused, as disabling them is.
   */
  async setStaffRoles(id: string, roles: StaffRole[], by: StaffAuthority = {}): Promise<Staff> {
    const staff = await this.staffWithin(id, by);
    const next = STAFF_ROLES.filter((r) => roles.includes(r));
    if (next.length === 0) throw new AppError('ERR_VALIDATION', 'A staff member needs at least one role', { details: { field: 'roles', reason: 'required' } });
    if (next.length === staff.roles.length && next.every((r) => staff.roles.includes(r))) return staff;
    const event = { action: 'staff.roles-changed', actor: by.actor ?? AUTHORITY, bodyId: staff.bodyId, subject: staff.id, details: { from: staff.roles, to: next } };
    const losesAdmin = staff.state === 'active' && staff.roles.includes('admin') && !next.includes('admin');
    const changed = await this.d.repo.setStaffRoles(staff.id, next, event, { keepAnActiveAdmin: losesAdmin });
    if (!changed) throw new AppError('ERR_LAST_ADMIN', `Staff member ${staff.id} is the last active admin of the body; make another admin first`);
    this.d.onChange?.();
    return { ...staff, roles: next };
  }

  /** The staff member's API keys, revoked ones included, by id; secrets are never shown again. */
  async listApiKeys(staffId: string, by: StaffAuthority = {}): Promise<ApiKeyView[]> {
    const staff = await this.staffWithin(staffId, by);
    return (await this.d.repo.listApiKeys(staff.id)).map(keyView);
  }

  /** Revokes one API key by its id (or its `avk_<id>` prefix): refused from the next request on. Repeating is harmless. */
  async revokeApiKey(keyIdOrPrefix: string, by: StaffAuthority = {}): Promise<ApiKeyView> {
    const keyId = keyIdOrPrefix.replace(/^avk_/, '');
    const rec = await this.d.repo.getApiKey(keyId);
    const owner = rec ? await this.d.repo.getStaff(rec.staffId) : null;
    if (!rec || !owner || (by.bodyId !== undefined && owner.bodyId !== by.bodyId)) throw new AppError('ERR_NOT_FOUND', `API key ${keyIdOrPrefix} does not exist`);
    if (rec.revokedAt) return keyView(rec);
    const at = this.now();
    const revoked = await this.d.repo.revokeApiKey(rec.id, at, { action: 'staff.key-revoked', actor: by.actor ?? AUTHORITY, bodyId: owner.bodyId, subject: owner.id, details: { keyId: rec.id } });
    return revoked ? keyView({ ...rec, revokedAt: at }) : keyView((await this.d.repo.getApiKey(rec.id)) ?? rec);
  }

  /** Returns the staff member behind an API key, or null when the key is unknown, revoked or disabled. */
  async authenticateStaff(token: string): Promise<AuthenticatedStaff | null> {
    const parsed = parseApiKey(token);
    if (!parsed) return null;
    const rec = await this.d.repo.getApiKey(parsed.id);
    if (!rec || rec.revokedAt || !secretMatches(parsed.secret, rec.secretHash)) return null;
    const staff = await this.d.repo.getStaff(rec.staffId);
    if (!staff || staff.state !== 'active') return null;
    const body = await this.d.repo.getBody(staff.bodyId);
    if (!body) return null;
    return { staff, body, apiKeyId: rec.id };
  }
}

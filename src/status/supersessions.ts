import crypto from 'node:crypto';
import { AppError } from '../errors.js';
import type { Clock } from '../clock.js';
import type { StatusSigner } from './ports.js';
import { buildSupersessionRegister, supersessionEntries, supersessionRegisterUrl, type SupersessionEntry } from './supersession-register.js';

/** A signed register as stored: the content it covers is named by `contentHash`. */
export interface PublishedRegister {
  bodyId: string;
  version: number;
  contentHash: string;
  validFrom: string;
  validUntil: string;
  jwt: string;
  etag: string;
}

/** Storage for the supersession registers. Async, as every repository. */
export interface SupersessionRepository {
  bodyBySlug(slug: string): Promise<{ id: string; did: string } | null>;
  /**
   * Every credential of the body (certificates and their wallet copies) whose certificate has a renewal that is not
   * revoked, with that renewal: read in one snapshot.
   */
  liveRenewals(bodyId: string): Promise<Array<{ credentialId: string; renewalId: string; renewalIssuedAt: string }>>;
  getPublished(bodyId: string): Promise<PublishedRegister | null>;
  /** Keeps `p` unless a newer version (or the same version valid for longer) is already stored; returns what is kept. */
  savePublished(p: PublishedRegister): Promise<PublishedRegister>;
}


export interface SupersessionOptions {
  ttlMs?: number;
  validityMs?: number;
  refreshBeforeMs?: number;
}

export interface PublishedRegisterView {
  bodySlug: string;
  jwt: string;
  contentType: 'application/vc+jwt';
  etag: string;
  version: number;
  validUntil: string;
  ttlMs: number;
}

const DEFAULTS = { ttlMs: 5 * 60_000, validityMs: 24 * 3_600_000, refreshBeforeMs: 12 * 3_600_000 };

/**
 * Publishes each body's supersession register. The choice made, as for status lists: RE-SIGNED ON READ WHEN STALE.
 * Its content is derived from the credentials (a renewal issued, a renewal revoked, a copy made), so a read computes
 * it, compares its hash with the signed one's, and signs version + 1 when it differs or the signed one is near its
 * validUntil. No write path has to remember to bump anything, and the version only grows.
 */
export class SupersessionService {
  private readonly o: typeof DEFAULTS;
  private readonly signing = new Map<string, Promise<PublishedRegister>>();

  constructor(private readonly d: { repo: SupersessionRepository; signer: StatusSigner; clock: Clock; publicUrl: string; options?: SupersessionOptions }) {
    this.o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(d.options ?? {}).filter(([, v]) => v !== undefined)) };
    if (this.o.refreshBeforeMs >= this.o.validityMs) throw new TypeError('refreshBeforeMs must be shorter than validityMs');
  }

  /** The entries as they are now (what the next signed register will list). */
  async entries(bodyId: string): Promise<SupersessionEntry[]> {
    return supersessionEntries(await this.d.repo.liveRenewals(bodyId));
  }

  async published(bodySlug: string): Promise<PublishedRegisterView> {
    const body = await this.d.repo.bodyBySlug(bodySlug);
    if (!body) throw new AppError('ERR_NOT_FOUND', `Body ${bodySlug} does not exist`);
    const entries = await this.entries(body.id);
    const hash = contentHash(entries);
    let p = await this.d.repo.getPublished(body.id);
    if (!p || p.contentHash !== hash || Date.parse(p.validUntil) - this.d.clock().getTime() <= this.o.refreshBeforeMs) {
      p = await this.resign(body, bodySlug, entries, hash, p);
    }
    return { bodySlug, jwt: p.jwt, contentType: 'application/vc+jwt', etag: p.etag, version: p.version, validUntil: p.validUntil, ttlMs: this.o.ttlMs };
  }

  private resign(body: { id: string; did: string }, slug: string, entries: SupersessionEntry[], hash: string, prior: PublishedRegister | null): Promise<PublishedRegister> {
    const running = this.signing.get(body.id);
    if (running) return running;
    const job = this.sign(body, slug, entries, hash, prior).finally(() => this.signing.delete(body.id));
    this.signing.set(body.id, job);
    return job;
  }

  private async sign(body: { id: string; did: string }, slug: string, entries: SupersessionEntry[], hash: string, prior: PublishedRegister | null): Promise<PublishedRegister> {
    const version = prior ? (prior.contentHash === hash ? prior.version : prior.version + 1) : 1;
    const validFrom = this.d.clock();
    const unsigned = buildSupersessionRegister({
      url: supersessionRegisterUrl(this.d.publicUrl, slug),
      issuerDid: body.did,
      version,
      entries,
      validFrom,
      validUntil: new Date(validFrom.getTime() + this.o.validityMs),
      ttlMs: this.o.ttlMs,
    });
    // A VC-JWT with the body's key in use at validFrom: the status lists' JWT form, the same key rule.
    const { jwt } = await this.d.signer.sign(body.id, unsigned as unknown as Record<string, unknown>, ['jwt'], validFrom);
    if (!jwt) throw new TypeError('the signer returned no JWT for the supersession register');
    return this.d.repo.savePublished({ bodyId: body.id, version, contentHash: hash, validFrom: unsigned.validFrom, validUntil: unsigned.validUntil, jwt, etag: etagOf(jwt) });
  }
}

function contentHash(entries: SupersessionEntry[]): string {
  return crypto.createHash('sha256').update(JSON.stringify(entries)).digest('base64url');
}

function etagOf(content: string): string {
  return `"${crypto.createHash('sha256').update(content).digest('base64url').slice(0, 32)}"`;
}

import type { Accreditation, AccreditationEvent, ApiKeyRecord, Body, Committee, RegistryRepository, SigningKey, Staff, Standard, StandardFilter } from '../registry/index.js';
import type { DomainEvent, Journal } from '../journal.js';
import type { Db } from './database.js';
import { oneRow, prepared } from './statements.js';

type Row = Record<string, unknown>;

const committee = (r: Row): Committee => ({ id: r.id as string, name: r.name as string, sector: r.sector as string, region: (r.region as string) ?? null, createdAt: r.created_at as string });

const standard = (r: Row): Standard => ({
  id: r.id as string,
  code: r.code as string,
  version: r.version as number,
  title: r.title as string,
  description: r.description as string,
  criteria: JSON.parse(r.criteria as string) as string[],
  sector: r.sector as string,
  level: r.level as number,
  committeeId: r.committee_id as string,
  validityMonths: (r.validity_months as number) ?? null,
  state: r.state as Standard['state'],
  publishedAt: (r.published_at as string) ?? null,
  withdrawnAt: (r.withdrawn_at as string) ?? null,
  createdAt: r.created_at as string,
});

const body = (r: Row): Body => ({
  id: r.id as string,
  slug: r.slug as string,
  name: r.name as string,
  kind: r.kind as Body['kind'],
  did: r.did as string,
  didMethod: r.did_method as Body['didMethod'],
  state: r.state as Body['state'],
  createdAt: r.created_at as string,
});

const staffRow = (r: Row): Staff => ({
  id: r.id as string,
  bodyId: r.body_id as string,
  name: r.name as string,
  email: (r.email as string) ?? null,
  roles: JSON.parse(r.roles as string) as Staff['roles'],
  state: r.state as Staff['state'],
  createdAt: r.created_at as string,
});

const apiKeyRow = (r: Row): ApiKeyRecord => ({
  id: r.id as string,
  staffId: r.staff_id as string,
  secretHash: r.secret_hash as string,
  createdAt: r.created_at as string,
  revokedAt: (r.revoked_at as string) ?? null,
});

const key = (r: Row): SigningKey => ({
  id: r.id as string,
  owner: r.owner as string,
  keystoreId: r.keystore_id as string,
  publicKeyMultibase: r.public_key_multibase as string,
  activeFrom: r.active_from as string,
  activeUntil: (r.active_until as string) ?? null,
  compromisedAt: (r.compromised_at as string) ?? null,
  createdAt: r.created_at as string,
});

/** `journal` records each registry change in the transaction that makes it (see `Journal`). */
export function sqliteRegistryRepository(db: Db, journal: Journal): RegistryRepository {
  // A change and its audit entry commit together, or neither does.
  const recorded = (event: DomainEvent, write: () => unknown): void => {
    const afterCommit = db
      .transaction(() => {
        write();
        return journal([event]);
      })
      .immediate();
    afterCommit();
  };
  const eventsOf = prepared(db, 'SELECT at, state, reason, actor FROM accreditation_events WHERE accreditation_id = ? ORDER BY seq');
  const accreditation = (r: Row): Accreditation => ({
    id: r.id as string,
    bodyId: r.body_id as string,
    standardId: r.standard_id as string,
    validFrom: r.valid_from as string,
    validUntil: r.valid_until as string,
    state: r.state as Accreditation['state'],
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
    history: (eventsOf.all(r.id) as Row[]).map((e) => ({ at: e.at as string, state: e.state as AccreditationEvent['state'], reason: (e.reason as string) ?? null, actor: e.actor as string })),
  });
  const insertEvent = prepared(db, 'INSERT INTO accreditation_events (accreditation_id, at, state, reason, actor) VALUES (?, ?, ?, ?, ?)');
  const insertKey = prepared(
    db,
    'INSERT INTO signing_keys (id, owner, keystore_id, public_key_multibase, active_from, active_until, compromised_at, created_at) VALUES (@id, @owner, @keystoreId, @publicKeyMultibase, @activeFrom, @activeUntil, @compromisedAt, @createdAt)',
  );
  // Another active staff member of the same body who holds the admin role.
  const anotherActiveAdmin = prepared(
    db,
    `SELECT 1 FROM staff s, json_each(s.roles) r
     WHERE s.body_id = (SELECT body_id FROM staff WHERE id = @id) AND s.id <> @id AND s.state = 'active' AND r.value = 'admin' LIMIT 1`,
  );
  const insertApiKey = prepared(db, 'INSERT INTO api_keys (id, staff_id, secret_hash, created_at, revoked_at) VALUES (@id, @staffId, @secretHash, @createdAt, @revokedAt)');

  return {
    async insertCommittee(c, event) {
      recorded(event, () => prepared(db, 'INSERT INTO committees (id, name, sector, region, created_at) VALUES (?, ?, ?, ?, ?)').run(c.id, c.name, c.sector, c.region, c.createdAt));
    },
    async getCommittee(id) {
      return oneRow(db, 'SELECT * FROM committees WHERE id = ?', committee, id);
    },
    async listCommittees() {
      return (prepared(db, 'SELECT * FROM committees ORDER BY sector, name').all() as Row[]).map(committee);
    },

    async insertStandard(s, event) {
      recorded(event, () =>
        prepared(
        db,
        `INSERT INTO standards (id, code, version, title, description, criteria, sector, level, committee_id, validity_months, state, published_at, withdrawn_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(s.id, s.code, s.version, s.title, s.description, JSON.stringify(s.criteria), s.sector, s.level, s.committeeId, s.validityMonths, s.state, s.publishedAt, s.withdrawnAt, s.createdAt),
      );
    },
    async updateStandard(s, event) {
      recorded(event, () =>
        prepared(
          db,
          `UPDATE standards SET title = ?, description = ?, criteria = ?, sector = ?, level = ?, committee_id = ?, validity_months = ?, state = ?, published_at = ?, withdrawn_at = ? WHERE id = ?`,
        ).run(s.title, s.description, JSON.stringify(s.criteria), s.sector, s.level, s.committeeId, s.validityMonths, s.state, s.publishedAt, s.withdrawnAt, s.id),
      );
    },
    async getStandard(id) {
      return oneRow(db, 'SELECT * FROM standards WHERE id = ?', standard, id);
    },
    async findStandard(code, version) {
      const r = (
        version === undefined
          ? prepared(db, `SELECT * FROM standards WHERE code = ? ORDER BY (state = 'published') DESC, version DESC LIMIT 1`).get(code)
          : prepared(db, 'SELECT * FROM standards WHERE code = ? AND version = ?').get(code, version)
      ) as Row | undefined;
      return r ? standard(r) : null;
    },
    async listStandards(f: StandardFilter = {}) {
      const where: string[] = [];
      const args: unknown[] = [];
      if (f.sector) (where.push('sector = ?'), args.push(f.sector));
      if (f.level) (where.push('level = ?'), args.push(f.level));
      if (f.committeeId) (where.push('committee_id = ?'), args.push(f.committeeId));
      if (f.state) (where.push('state = ?'), args.push(f.state));
      if (f.text) {
        // LIKE with escaped wildcards: the text is a search term, not a pattern.
        const like = `%${f.text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        where.push(`(lower(code) LIKE ? ESCAPE '\\' OR lower(title) LIKE ? ESCAPE '\\' OR lower(description) LIKE ? ESCAPE '\\')`);
        args.push(like, like, like);
      }
      const sql = `SELECT * FROM standards ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY code, version`;
      return (prepared(db, sql).all(...args) as Row[]).map(standard);
    },

    async insertBody(b, firstKey, event) {
      recorded(event, () => {
        prepared(db, 'INSERT INTO bodies (id, slug, name, kind, did, did_method, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(b.id, b.slug, b.name, b.kind, b.did, b.didMethod, b.state, b.createdAt);
        insertKey.run(firstKey);
      });
    },
    async updateBodyState(id, state, event) {
      recorded(event, () => prepared(db, 'UPDATE bodies SET state = ? WHERE id = ?').run(state, id));
    },
    async getBody(id) {
      return oneRow(db, 'SELECT * FROM bodies WHERE id = ?', body, id);
    },
    async getBodyBySlug(slug) {
      return oneRow(db, 'SELECT * FROM bodies WHERE slug = ?', body, slug);
    },
    async getBodyByDid(did) {
      return oneRow(db, 'SELECT * FROM bodies WHERE did = ?', body, did);
    },
    async listBodies() {
      return (prepared(db, 'SELECT * FROM bodies ORDER BY name').all() as Row[]).map(body);
    },

    async insertAccreditation(a, event) {
      recorded(event, () => {
        prepared(db, 'INSERT INTO accreditations (id, body_id, standard_id, valid_from, valid_until, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
          a.id, a.bodyId, a.standardId, a.validFrom, a.validUntil, a.state, a.createdAt, a.updatedAt,
        );
        for (const e of a.history) insertEvent.run(a.id, e.at, e.state, e.reason, e.actor);
      });
    },
    async changeAccreditationState(id, state, e, event) {
      recorded(event, () => {
        prepared(db, 'UPDATE accreditations SET state = ?, updated_at = ? WHERE id = ?').run(state, e.at, id);
        insertEvent.run(id, e.at, e.state, e.reason, e.actor);
      });
    },
    async getAccreditation(id) {
      return oneRow(db, 'SELECT * FROM accreditations WHERE id = ?', accreditation, id);
    },
    async listAccreditations(f = {}) {
      const where: string[] = [];
      const args: unknown[] = [];
      if (f.bodyId) (where.push('body_id = ?'), args.push(f.bodyId));
      if (f.standardId) (where.push('standard_id = ?'), args.push(f.standardId));
      const sql = `SELECT * FROM accreditations ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at`;
      return (prepared(db, sql).all(...args) as Row[]).map(accreditation);
    },

    async insertStaff(s, k, event) {
      recorded(event, () => {
        prepared(db, 'INSERT INTO staff (id, body_id, name, email, roles, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(s.id, s.bodyId, s.name, s.email, JSON.stringify(s.roles), s.state, s.createdAt);
        insertApiKey.run(k);
      });
    },
    async insertApiKey(k, event) {
      recorded(event, () => insertApiKey.run(k));
    },
    async getStaff(id) {
      return oneRow(db, 'SELECT * FROM staff WHERE id = ?', staffRow, id);
    },
    async listStaff(bodyId) {
      return (prepared(db, 'SELECT * FROM staff WHERE body_id = ? ORDER BY created_at').all(bodyId) as Row[]).map(staffRow);
    },
    async getApiKey(id) {
      return oneRow(db, 'SELECT * FROM api_keys WHERE id = ?', apiKeyRow, id);
    },
    async listApiKeys(staffId) {
      return (prepared(db, 'SELECT * FROM api_keys WHERE staff_id = ? ORDER BY created_at, rowid').all(staffId) as Row[]).map(apiKeyRow);
    },
    async setStaffState(id, state, event, opts) {
      const afterCommit = db
        .transaction(() => {
          if (opts.keepAnActiveAdmin && !anotherActiveAdmin.get({ id })) return null;
          prepared(db, 'UPDATE staff SET state = ? WHERE id = ?').run(state, id);
          return journal([event]);
        })
        .immediate();
      afterCommit?.();
      return afterCommit !== null;
    },
    async setStaffRoles(id, roles, event, opts) {
      const afterCommit = db
        .transaction(() => {
          if (opts.keepAnActiveAdmin && !anotherActiveAdmin.get({ id })) return null;
          prepared(db, 'UPDATE staff SET roles = ? WHERE id = ?').run(JSON.stringify(roles), id);
          return journal([event]);
        })
        .immediate();
      afterCommit?.();
      return afterCommit !== null;
    },
    async revokeApiKey(id, at, event) {
      const afterCommit = db
        .transaction(() => {
          if (prepared(db, 'UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes === 0) return null;
          return journal([event]);
        })
        .immediate();
      afterCommit?.();
      return afterCommit !== null;
    },

    async rotateSigningKey(owner, next, at, event) {
      recorded(event, () => {
        prepared(db, 'UPDATE signing_keys SET active_until = ? WHERE owner = ? AND active_until IS NULL').run(at, owner);
        insertKey.run(next);
      });
    },
    async insertSigningKey(k, event) {
      recorded(event, () => insertKey.run(k));
    },
    async listSigningKeys(owner) {
      const rows = owner === undefined ? prepared(db, 'SELECT * FROM signing_keys ORDER BY owner, active_from').all() : prepared(db, 'SELECT * FROM signing_keys WHERE owner = ? ORDER BY active_from, rowid').all(owner);
      return (rows as Row[]).map(key);
    },
    async currentSigningKey(owner) {
      return oneRow(db, 'SELECT * FROM signing_keys WHERE owner = ? AND active_until IS NULL', key, owner);
    },
    async markKeyCompromised(id, at, event) {
      recorded(event, () => prepared(db, 'UPDATE signing_keys SET compromised_at = ? WHERE id = ?').run(at, id));
    },

    async getSetting(k) {
      return (prepared(db, 'SELECT value FROM settings WHERE key = ?').pluck().get(k) as string | undefined) ?? null;
    },
    async setSetting(k, v) {
      prepared(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(k, v);
    },
  };
}

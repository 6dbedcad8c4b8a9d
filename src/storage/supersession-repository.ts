import { replacesPublished, type PublishedRegister, type SupersessionRepository } from '../status/index.js';
import type { Db } from './database.js';
import { oneRow, prepared } from './statements.js';

type Row = Record<string, unknown>;

const published = (r: Row): PublishedRegister => ({
  bodyId: r.body_id as string,
  version: r.version as number,
  contentHash: r.content_hash as string,
  validFrom: r.valid_from as string,
  validUntil: r.valid_until as string,
  jwt: r.jwt as string,
  etag: r.etag as string,
});

export function sqliteSupersessionRepository(db: Db): SupersessionRepository {
  // A body's renewals (index credentials_renewals) that are not revoked, each with the certificate it renews and
  // that certificate's wallet copies (index credentials_parent).
  const liveRenewals = prepared(
    db,
    `WITH live AS (
       SELECT r.id, r.renews_id, r.issued_at FROM credentials r LEFT JOIN credential_status rs ON rs.credential_id = r.id
       WHERE r.body_id = ? AND r.renews_id IS NOT NULL AND COALESCE(rs.state, 'active') <> 'revoked')
     SELECT live.renews_id AS credential_id, live.id AS renewal_id, live.issued_at AS renewal_issued_at FROM live
     UNION ALL
     SELECT c.id, live.id, live.issued_at FROM live JOIN credentials c ON c.parent_id = live.renews_id`,
  );
  const savePublishedTx = db.transaction((p: PublishedRegister): PublishedRegister => {
    const cur = prepared(db, 'SELECT * FROM supersession_published WHERE body_id = ?').get(p.bodyId) as Row | undefined;
    // Two readers may sign at once; the status domain's rule for signed lists decides which one is kept.
    const kept = cur ? published(cur) : null;
    if (kept && !replacesPublished(kept, p)) return kept;
    prepared(
      db,
      `INSERT INTO supersession_published (body_id, version, content_hash, valid_from, valid_until, jwt, etag) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (body_id) DO UPDATE SET version = excluded.version, content_hash = excluded.content_hash, valid_from = excluded.valid_from,
         valid_until = excluded.valid_until, jwt = excluded.jwt, etag = excluded.etag`,
    ).run(p.bodyId, p.version, p.contentHash, p.validFrom, p.validUntil, p.jwt, p.etag);
    return p;
  });
  return {
    async bodyBySlug(slug) {
      return oneRow(db, 'SELECT id, did FROM bodies WHERE slug = ?', (r) => ({ id: r.id as string, did: r.did as string }), slug);
    },
    async liveRenewals(bodyId) {
      return (liveRenewals.all(bodyId) as Row[]).map((r) => ({ credentialId: r.credential_id as string, renewalId: r.renewal_id as string, renewalIssuedAt: r.renewal_issued_at as string }));
    },
    async getPublished(bodyId) {
      return oneRow(db, 'SELECT * FROM supersession_published WHERE body_id = ?', published, bodyId);
    },
    async savePublished(p) {
      return savePublishedTx.immediate(p);
    },
  };
}

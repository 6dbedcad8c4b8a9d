import type { OutgoingMessage } from '../issuance/index.js';
import type { CodeRequest, WorkerAccessRepository, WorkerSession } from '../delivery/self-service/index.js';
import type { Db } from './database.js';
import { outboxInserter } from './outbox-repository.js';
import { prepared } from './statements.js';

type Row = Record<string, unknown>;

export function sqliteWorkerAccessRepository(db: Db): WorkerAccessRepository {
  const enqueue = outboxInserter(db);
  const insert = prepared(
    db,
    `INSERT INTO worker_codes (id, curp_hash, email_hash, client, code_hash, credential_ids, attempts, expires_at, used_at, created_at)
     VALUES (@id, @curpHash, @emailHash, @client, @codeHash, @credentialIds, 0, @expiresAt, NULL, @createdAt)`,
  );
  const create = db.transaction((r: CodeRequest, message: OutgoingMessage | null) => {
    // Spent and expired requests go as new ones come: older than a day, none counts for a limit any more.
    prepared(db, 'DELETE FROM worker_codes WHERE created_at < ?').run(new Date(Date.parse(r.createdAt) - 86_400_000).toISOString());
    prepared(db, 'DELETE FROM worker_sessions WHERE expires_at <= ?').run(r.createdAt);
    insert.run({ ...r, credentialIds: JSON.stringify(r.credentialIds) });
    if (message) enqueue([message], null, r.createdAt);
  });
  const redeem = db.transaction((id: string, usedAt: string, sessionId: string, s: WorkerSession, now: string): boolean => {
    const spent = prepared(db, 'UPDATE worker_codes SET used_at = ? WHERE id = ? AND used_at IS NULL').run(usedAt, id).changes;
    if (spent === 0) return false;
    prepared(db, 'INSERT INTO worker_sessions (id, credential_ids, expires_at, created_at) VALUES (?, ?, ?, ?)').run(sessionId, JSON.stringify(s.credentialIds), s.expiresAt, now);
    return true;
  });
  const count = (column: string) => prepared(db, `SELECT count(*) FROM worker_codes WHERE ${column} = ? AND created_at >= ?`).pluck();

  return {
    async certificatesOf(curp, email) {
      return prepared(
        db,
        `SELECT c.id FROM evaluations e JOIN credentials c ON c.evaluation_id = e.id
         WHERE e.candidate_curp = ? AND lower(trim(e.candidate_email)) = ? AND c.kind = 'competency' ORDER BY c.issued_at DESC`,
      )
        .pluck()
        .all(curp, email) as string[];
    },
    async recentRequests(since, by) {
      return {
        curp: count('curp_hash').get(by.curpHash, since) as number,
        email: count('email_hash').get(by.emailHash, since) as number,
        client: count('client').get(by.client, since) as number,
      };
    },
    async createRequest(r, message) {
      create.immediate(r, message);
    },
    async getRequest(id) {
      const r = prepared(db, 'SELECT * FROM worker_codes WHERE id = ?').get(id) as Row | undefined;
      if (!r) return null;
      return {
        id: r.id as string,
        curpHash: r.curp_hash as string,
        emailHash: r.email_hash as string,
        client: r.client as string,
        codeHash: r.code_hash as string,
        credentialIds: JSON.parse(r.credential_ids as string) as string[],
        attempts: r.attempts as number,
        expiresAt: r.expires_at as string,
        usedAt: (r.used_at as string | null) ?? null,
        createdAt: r.created_at as string,
      };
    },
    async recordFailure(id) {
      return prepared(db, 'UPDATE worker_codes SET attempts = attempts + 1 WHERE id = ? RETURNING attempts').pluck().get(id) as number;
    },
    async redeem(id, usedAt, sessionId, session, now) {
      return redeem.immediate(id, usedAt, sessionId, session, now);
    },
    async getSession(id, now) {
      const r = prepared(db, 'SELECT credential_ids, expires_at FROM worker_sessions WHERE id = ? AND expires_at > ?').get(id, now) as Row | undefined;
      return r ? { credentialIds: JSON.parse(r.credential_ids as string) as string[], expiresAt: r.expires_at as string } : null;
    },
    async endSession(id) {
      prepared(db, 'DELETE FROM worker_sessions WHERE id = ?').run(id);
    },
  };
}

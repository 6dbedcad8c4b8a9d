import type { Batch, BatchRowError, CredentialHit, Evaluation, IssuanceRepository, IssuedCredential } from '../issuance/index.js';
import type { Journal } from '../journal.js';
import { packJson, packJws, unpackJson, unpackJws } from './credential-codec.js';
import type { Db } from './database.js';
import { oneRow, prepared } from './statements.js';
import { linkStatusEntries } from './status-repository.js';
import { outboxInserter } from './outbox-repository.js';

type Row = Record<string, unknown>;

const evaluation = (r: Row): Evaluation => ({
  id: r.id as string,
  bodyId: r.body_id as string,
  standardId: r.standard_id as string,
  externalId: (r.external_id as string) ?? null,
  batchId: (r.batch_id as string) ?? null,
  candidate: { name: r.candidate_name as string, curp: r.candidate_curp as string, email: (r.candidate_email as string) ?? null },
  centre: r.centre as string,
  evaluatedOn: r.evaluated_on as string,
  result: r.result as Evaluation['result'],
  notes: (r.notes as string) ?? null,
  evaluatorId: r.evaluator_id as string,
  renewsCredentialId: (r.renews_credential_id as string) ?? null,
  createdAt: r.created_at as string,
});

const credential = (r: Row): IssuedCredential => ({
  id: r.id as string,
  bodyId: r.body_id as string,
  kind: r.kind as IssuedCredential['kind'],
  evaluationId: (r.evaluation_id as string) ?? null,
  standardId: (r.standard_id as string) ?? null,
  certifierId: (r.certifier_id as string) ?? null,
  holderName: (r.holder_name as string) ?? null,
  holderDid: (r.holder_did as string) ?? null,
  parentId: (r.parent_id as string) ?? null,
  renewsId: (r.renews_id as string) ?? null,
  keyId: r.key_id as string,
  issuedAt: r.issued_at as string,
  validFrom: r.valid_from as string,
  validUntil: (r.valid_until as string) ?? null,
  dataIntegrity: unpackJson(r.di_json),
  jwt: unpackJws(r.jwt),
  cwt: (r.qr_cwt as string) ?? null,
  claimTokenHash: (r.claim_token_hash as string) ?? null,
  createdAt: r.created_at as string,
});

const batch = (r: Row): Batch => ({
  id: r.id as string,
  bodyId: r.body_id as string,
  createdBy: r.created_by as string,
  fileName: (r.file_name as string) ?? null,
  state: r.state as Batch['state'],
  failure: (r.failure as string) ?? null,
  rowsTotal: r.rows_total as number,
  rowsBad: r.rows_bad as number,
  rowsIssued: r.rows_issued as number,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});

/** `journal` records the issuance events in the transaction that stores the credentials (see `Journal`). */
export function sqliteIssuanceRepository(db: Db, journal: Journal): IssuanceRepository {
  const addMessages = outboxInserter(db);
  const insertEval = prepared(
    db,
    `INSERT INTO evaluations (id, body_id, standard_id, external_id, batch_id, candidate_name, candidate_curp, candidate_email, centre, evaluated_on, result, notes, evaluator_id, renews_credential_id, created_at)
     VALUES (@id, @bodyId, @standardId, @externalId, @batchId, @name, @curp, @email, @centre, @evaluatedOn, @result, @notes, @evaluatorId, @renewsCredentialId, @createdAt)
     ON CONFLICT (body_id, external_id) DO NOTHING`,
  );
  const insertCred = prepared(
    db,
    `INSERT INTO credentials (id, body_id, kind, evaluation_id, standard_id, certifier_id, holder_name, holder_did, parent_id, renews_id, key_id, issued_at, valid_from, valid_until, di_json, jwt, qr_cwt, claim_token_hash, created_at)
     VALUES (@id, @bodyId, @kind, @evaluationId, @standardId, @certifierId, @holderName, @holderDid, @parentId, @renewsId, @keyId, @issuedAt, @validFrom, @validUntil, @di, @jwt, @cwt, @claimTokenHash, @createdAt)`,
  );
  const bumpIssued = prepared(db, 'UPDATE batches SET rows_issued = rows_issued + ?, updated_at = ? WHERE id = (SELECT batch_id FROM evaluations WHERE id = ?)');

  const byExternalId = prepared(db, 'SELECT * FROM evaluations WHERE body_id = ? AND external_id = ?');
  const insertEvaluations = db.transaction((rows: Evaluation[]) => {
    let inserted = 0;
    const duplicates: Array<{ attempted: Evaluation; existing: Evaluation }> = [];
    for (const e of rows) {
      const r = insertEval.run({ ...e, name: e.candidate.name, curp: e.candidate.curp, email: e.candidate.email });
      if (r.changes === 1) inserted += 1;
      else duplicates.push({ attempted: e, existing: evaluation(byExternalId.get(e.bodyId, e.externalId) as Row) });
    }
    return { inserted, duplicates };
  });

  return {
    async insertEvaluation(e) {
      insertEvaluations([e]);
    },
    async insertEvaluations(rows) {
      return insertEvaluations(rows);
    },
    async getEvaluation(id) {
      return oneRow(db, 'SELECT * FROM evaluations WHERE id = ?', evaluation, id);
    },

    async storeCredentials(rows, events) {
      // One commit for many credentials and their audit entries: a durable commit costs ~0.3 ms, so batches share it.
      const afterCommit = db
        .transaction(() => {
          for (const { credential: c, status, messages } of rows) {
            insertCred.run({ ...c, di: packJson(c.dataIntegrity), jwt: packJws(c.jwt) });
            if (status) linkStatusEntries(db, c.id, [status.revocation, status.suspension]);
            if (messages && messages.length > 0) addMessages(messages, c.id, c.createdAt);
            if (c.evaluationId) bumpIssued.run(1, c.createdAt, c.evaluationId);
          }
          return journal(events);
        })
        .immediate();
      afterCommit();
    },
    async getCredential(id) {
      return oneRow(db, 'SELECT * FROM credentials WHERE id = ?', credential, id);
    },
    async getCredentialByEvaluation(evaluationId) {
      return oneRow(db, 'SELECT * FROM credentials WHERE evaluation_id = ?', credential, evaluationId);
    },
    async getCredentialByClaimHash(hash, now) {
      return (
        oneRow(db, 'SELECT * FROM credentials WHERE claim_token_hash = ?', credential, hash) ??
        oneRow(db, 'SELECT c.* FROM claim_access a JOIN credentials c ON c.id = a.credential_id WHERE a.token_hash = ? AND a.expires_at > ?', credential, hash, now)
      );
    },
    async addClaimAccess(credentialId, hash, expiresAt, now) {
      // Expired links go as new ones come: the table holds only what may still be used.
      prepared(db, 'DELETE FROM claim_access WHERE expires_at <= ?').run(now);
      prepared(db, 'INSERT INTO claim_access (token_hash, credential_id, expires_at, created_at) VALUES (?, ?, ?, ?)').run(hash, credentialId, expiresAt, now);
    },
    async setClaimHash(id, hash) {
      prepared(db, 'UPDATE credentials SET claim_token_hash = ? WHERE id = ?').run(hash, id);
    },
    async listCredentials(bodyId, { limit, after }) {
      const rows = after
        ? prepared(db, 'SELECT * FROM credentials WHERE body_id = ? AND id > ? ORDER BY id LIMIT ?').all(bodyId, after, limit)
        : prepared(db, 'SELECT * FROM credentials WHERE body_id = ? ORDER BY id LIMIT ?').all(bodyId, limit);
      return (rows as Row[]).map(credential);
    },
    async searchCredentials(bodyId, q, now, { limit, offset }) {
      const where = ["c.body_id = @bodyId", "c.kind = 'competency'"];
      const params: Record<string, unknown> = { bodyId, now, limit, offset };
      if (q.name) {
        where.push("c.holder_name LIKE @name ESCAPE '\\'");
        params.name = `%${q.name.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      }
      if (q.curp) {
        where.push('e.candidate_curp = @curp');
        params.curp = q.curp;
      }
      if (q.externalId) {
        where.push('e.external_id = @externalId');
        params.externalId = q.externalId;
      }
      if (q.standardCode) {
        where.push('s.code = @standardCode');
        params.standardCode = q.standardCode;
      }
      if (q.batchId) {
        where.push('e.batch_id = @batchId');
        params.batchId = q.batchId;
      }
      if (q.issuedFrom) {
        where.push('c.issued_at >= @issuedFrom');
        params.issuedFrom = `${q.issuedFrom}T00:00:00.000Z`;
      }
      if (q.issuedTo) {
        where.push('c.issued_at < @issuedTo');
        params.issuedTo = new Date(Date.parse(`${q.issuedTo}T00:00:00.000Z`) + 86_400_000).toISOString();
      }
      const stored = "coalesce(cs.state, 'active')";
      if (q.state === 'suspended' || q.state === 'revoked') {
        where.push(`${stored} = @state`);
        params.state = q.state;
      }
      if (q.state === 'active') where.push(`${stored} = 'active' AND (c.valid_until IS NULL OR c.valid_until > @now)`);
      if (q.state === 'expired') where.push(`${stored} = 'active' AND c.valid_until <= @now`);
      const from = `FROM credentials c LEFT JOIN evaluations e ON e.id = c.evaluation_id LEFT JOIN credential_status cs ON cs.credential_id = c.id LEFT JOIN standards s ON s.id = c.standard_id WHERE ${where.join(' AND ')}`;
      const total = db.prepare(`SELECT count(*) ${from}`).pluck().get(params) as number;
      const rows = db
        .prepare(
          `SELECT c.id, c.holder_name, c.issued_at, c.valid_until, e.external_id, e.batch_id, s.code, s.version, ${stored} AS stored,
             EXISTS (SELECT 1 FROM credentials r LEFT JOIN credential_status rs ON rs.credential_id = r.id WHERE r.renews_id = c.id AND coalesce(rs.state, 'active') <> 'revoked') AS renewed
           ${from} ORDER BY c.issued_at DESC, c.id LIMIT @limit OFFSET @offset`,
        )
        .all(params) as Row[];
      const hits = rows.map((r): CredentialHit => {
        const storedState = r.stored as 'active' | 'suspended' | 'revoked';
        const validUntil = (r.valid_until as string) ?? null;
        const state = storedState !== 'active' ? storedState : r.renewed ? 'superseded' : validUntil !== null && validUntil <= now ? 'expired' : 'active';
        return { id: r.id as string, holderName: (r.holder_name as string) ?? null, standardCode: (r.code as string) ?? null, standardVersion: (r.version as number) ?? null, externalId: (r.external_id as string) ?? null, batchId: (r.batch_id as string) ?? null, issuedAt: r.issued_at as string, validUntil, state };
      });
      return { total, hits };
    },
    async batchCredentials(batchId, afterId, limit) {
      const rows = prepared(db, "SELECT c.* FROM credentials c JOIN evaluations e ON e.id = c.evaluation_id WHERE e.batch_id = ? AND c.kind = 'competency' AND c.id > ? ORDER BY c.id LIMIT ?").all(batchId, afterId ?? '', limit) as Row[];
      return rows.map(credential);
    },

    async createBatch(b) {
      prepared(
        db,
        'INSERT INTO batches (id, body_id, created_by, file_name, state, failure, rows_total, rows_bad, rows_issued, created_at, updated_at) VALUES (@id, @bodyId, @createdBy, @fileName, @state, @failure, @rowsTotal, @rowsBad, @rowsIssued, @createdAt, @updatedAt)',
      ).run(b);
    },
    async getBatch(id) {
      return oneRow(db, 'SELECT * FROM batches WHERE id = ?', batch, id);
    },
    async getBatchByName(bodyId, name) {
      return oneRow(db, 'SELECT * FROM batches WHERE body_id = ? AND file_name = ?', batch, bodyId, name);
    },
    async updateBatch(id, p) {
      const cols: Record<string, string> = { state: 'state', failure: 'failure', rowsTotal: 'rows_total', rowsBad: 'rows_bad', rowsIssued: 'rows_issued', updatedAt: 'updated_at' };
      const keys = Object.keys(p).filter((k) => k in cols);
      if (keys.length === 0) return;
      prepared(db, `UPDATE batches SET ${keys.map((k) => `${cols[k]} = @${k}`).join(', ')} WHERE id = @id`).run({ ...p, id });
    },
    async addBatchErrors(batchId, errors: BatchRowError[]) {
      const ins = prepared(db, 'INSERT OR REPLACE INTO batch_errors (batch_id, line, external_id, code, message) VALUES (?, ?, ?, ?, ?)');
      db.transaction(() => {
        for (const e of errors) ins.run(batchId, e.line, e.externalId, e.code, e.message);
      })();
    },
    async clearBatchErrors(batchId) {
      prepared(db, 'DELETE FROM batch_errors WHERE batch_id = ?').run(batchId);
    },
    async listBatchErrors(batchId, limit, afterLine = 0) {
      return (prepared(db, 'SELECT line, external_id, code, message FROM batch_errors WHERE batch_id = ? AND line > ? ORDER BY line LIMIT ?').all(batchId, afterLine, limit) as Row[]).map((r) => ({
        line: r.line as number,
        externalId: (r.external_id as string) ?? null,
        code: r.code as string,
        message: r.message as string,
      }));
    },
    async countIssued(bodyId, from, until) {
      return prepared(db, "SELECT count(*) FROM credentials WHERE body_id = ? AND kind = 'competency' AND issued_at >= ? AND issued_at < ?").pluck().get(bodyId, from, until) as number;
    },
    async awaitingCertification(bodyId, limit) {
      const where = `FROM evaluations e WHERE e.body_id = ? AND e.result = 'competent' AND NOT EXISTS (SELECT 1 FROM credentials c WHERE c.evaluation_id = e.id)`;
      const total = prepared(db, `SELECT count(*) ${where}`).pluck().get(bodyId) as number;
      const rows = prepared(db, `SELECT e.* ${where} ORDER BY e.created_at, e.id LIMIT ?`).all(bodyId, limit) as Row[];
      return { total, evaluations: rows.map(evaluation) };
    },
    async listBatches(bodyId, states, limit) {
      if (states.length === 0) return [];
      const rows = db.prepare(`SELECT * FROM batches WHERE body_id = ? AND state IN (${states.map(() => '?').join(', ')}) ORDER BY created_at DESC LIMIT ?`).all(bodyId, ...states, limit) as Row[];
      return rows.map(batch);
    },
    async pendingEvaluations(batchId, afterId, limit) {
      const rows = db
        .prepare(
          `SELECT e.* FROM evaluations e LEFT JOIN credentials c ON c.evaluation_id = e.id
           WHERE e.batch_id = ? AND e.result = 'competent' AND c.id IS NULL AND e.id > ? ORDER BY e.id LIMIT ?`,
        )
        .all(batchId, afterId ?? '', limit) as Row[];
      return rows.map(evaluation);
    },
  };
}

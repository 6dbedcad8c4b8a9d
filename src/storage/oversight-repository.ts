import type { IssuedFact, OversightSource } from '../console/index.js';
import type { Db } from './database.js';
import { prepared } from './statements.js';

type Row = Record<string, unknown>;

/** A competency certificate with its evaluation, body, standard, evaluator and certifier, and when it was revoked. */
const SELECT = `SELECT c.id, c.body_id, b.name AS body_name, c.standard_id, s.code AS standard_code,
  e.evaluator_id, ev.name AS evaluator_name, c.certifier_id, ce.name AS certifier_name, c.holder_name,
  e.candidate_curp, c.issued_at, e.created_at AS recorded_at, e.evaluated_on, c.valid_until, c.renews_id,
  CASE WHEN cs.state = 'revoked' THEN cs.changed_at END AS revoked_at
FROM credentials c
JOIN evaluations e ON e.id = c.evaluation_id
JOIN bodies b ON b.id = c.body_id
JOIN standards s ON s.id = c.standard_id
JOIN staff ev ON ev.id = e.evaluator_id
LEFT JOIN staff ce ON ce.id = c.certifier_id
LEFT JOIN credential_status cs ON cs.credential_id = c.id
WHERE c.kind = 'competency'`;

const fact = (r: Row): IssuedFact => ({
  credentialId: r.id as string,
  bodyId: r.body_id as string,
  bodyName: r.body_name as string,
  standardId: r.standard_id as string,
  standardCode: r.standard_code as string,
  evaluatorId: r.evaluator_id as string,
  evaluatorName: r.evaluator_name as string,
  certifierId: (r.certifier_id as string | null) ?? null,
  certifierName: (r.certifier_name as string | null) ?? null,
  holderName: (r.holder_name as string | null) ?? null,
  curp: r.candidate_curp as string,
  issuedAt: r.issued_at as string,
  recordedAt: r.recorded_at as string,
  evaluatedOn: r.evaluated_on as string,
  validUntil: (r.valid_until as string | null) ?? null,
  renewsId: (r.renews_id as string | null) ?? null,
  revokedAt: (r.revoked_at as string | null) ?? null,
});

/** The facts the authority's oversight rules read (src/console/oversight.ts), straight from the issuance tables. */
export function sqliteOversightSource(db: Db): OversightSource {
  // credentials_body is (body_id, issued_at); across bodies the window is a range scan of issued_at per body.
  const since = prepared(db, `${SELECT} AND c.issued_at >= ? ORDER BY c.issued_at, c.id`);
  const repeated = prepared(
    db,
    `${SELECT} AND (e.candidate_curp, s.code) IN (
       SELECT e2.candidate_curp, s2.code FROM credentials c2
       JOIN evaluations e2 ON e2.id = c2.evaluation_id JOIN standards s2 ON s2.id = c2.standard_id
       WHERE c2.kind = 'competency' GROUP BY e2.candidate_curp, s2.code HAVING COUNT(*) > 1)
     ORDER BY c.issued_at, c.id`,
  );
  return {
    async issuedSince(iso) {
      return (since.all(iso) as Row[]).map(fact);
    },
    async repeatedCurps() {
      return (repeated.all() as Row[]).map(fact);
    },
  };
}

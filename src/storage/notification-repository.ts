import crypto from 'node:crypto';
import type { ExpiringCertificate, NotificationRepository, RenewalDigest, StatusChange } from '../delivery/notifications/index.js';
import type { Db } from './database.js';
import { prepared } from './statements.js';

type Row = Record<string, unknown>;

const CURSOR_KEY = 'notifications_status_cursor';

// An active certificate (no status row, or one that says active) that no later certificate renews.
const ACTIVE_NOT_RENEWED = `(cs.state IS NULL OR cs.state = 'active') AND NOT EXISTS (SELECT 1 FROM credentials r WHERE r.renews_id = c.id)`;

export function sqliteNotificationRepository(db: Db): NotificationRepository {
  const expiring = prepared(
    db,
    `SELECT c.id, c.holder_name, e.candidate_email AS email, b.name AS body_name, s.code, s.title, c.valid_until
     FROM credentials c
     JOIN evaluations e ON e.id = c.evaluation_id
     JOIN bodies b ON b.id = c.body_id
     JOIN standards s ON s.id = c.standard_id
     LEFT JOIN credential_status cs ON cs.credential_id = c.id
     WHERE c.kind = 'competency' AND c.valid_until IS NOT NULL AND c.valid_until >= @from AND c.valid_until <= @until
       AND e.candidate_email IS NOT NULL AND ${ACTIVE_NOT_RENEWED}
       AND NOT EXISTS (SELECT 1 FROM outbox_messages o WHERE o.dedup_key = 'expiry-30:' || c.id)
     ORDER BY c.valid_until, c.id LIMIT @limit`,
  );
  const changes = prepared(
    db,
    `SELECT ev.seq, ev.credential_id, ev.action, ev.reason, ev.at, c.kind, c.holder_name, c.valid_until, e.candidate_email AS email, b.name AS body_name, s.code, s.title
     FROM credential_status_events ev
     JOIN credentials c ON c.id = ev.credential_id
     JOIN bodies b ON b.id = c.body_id
     LEFT JOIN evaluations e ON e.id = c.evaluation_id
     LEFT JOIN standards s ON s.id = c.standard_id
     WHERE ev.seq > ? ORDER BY ev.seq LIMIT ?`,
  );
  const due = prepared(
    db,
    `SELECT c.body_id, b.name AS body_name, c.id, c.holder_name, s.code, c.valid_until
     FROM credentials c
     JOIN bodies b ON b.id = c.body_id
     JOIN standards s ON s.id = c.standard_id
     LEFT JOIN credential_status cs ON cs.credential_id = c.id
     WHERE c.kind = 'competency' AND c.valid_until IS NOT NULL AND c.valid_until >= @now AND c.valid_until <= @until AND b.state = 'active' AND ${ACTIVE_NOT_RENEWED}
     ORDER BY c.body_id, c.valid_until, c.id`,
  );
  const admins = prepared(db, `SELECT body_id, email FROM staff WHERE state = 'active' AND email IS NOT NULL AND EXISTS (SELECT 1 FROM json_each(staff.roles) WHERE value = 'admin')`);
  const insert = prepared(
    db,
    `INSERT OR IGNORE INTO outbox_messages (id, kind, credential_id, recipient, subject, text_body, html_body, state, next_attempt_at, created_at, dedup_key)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
  );
  const getSetting = () => prepared(db, 'SELECT value FROM settings WHERE key = ?').pluck().get(CURSOR_KEY) as string | undefined;
  const setCursor = (seq: number) => prepared(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(CURSOR_KEY, String(seq));
  const maxSeq = () => (prepared(db, 'SELECT coalesce(max(seq), 0) FROM credential_status_events').pluck().get() as number) ?? 0;

  const enqueue = db.transaction((notices: Parameters<NotificationRepository['enqueue']>[0], now: string, cursor: number | undefined): number => {
    let added = 0;
    for (const n of notices) {
      const m = n.message;
      added += insert.run(crypto.randomUUID(), m.kind, n.credentialId, m.to, m.subject, m.text, m.html, now, now, n.dedupKey).changes;
    }
    if (cursor !== undefined) setCursor(cursor);
    return added;
  });
  // The first scan starts from the present: switching notifications on does not mail a body's whole past.
  const cursorOrStart = db.transaction((): number => {
    const v = getSetting();
    if (v !== undefined) return Number(v);
    const start = maxSeq();
    setCursor(start);
    return start;
  });

  return {
    async expiringCertificates(from, until, limit) {
      return (expiring.all({ from, until, limit }) as Row[]).map(
        (r): ExpiringCertificate => ({
          credentialId: r.id as string,
          holderName: r.holder_name as string,
          email: r.email as string,
          bodyName: r.body_name as string,
          standardCode: r.code as string,
          standardTitle: r.title as string,
          validUntil: r.valid_until as string,
        }),
      );
    },
    async statusChanges(afterSeq, limit) {
      const rows = changes.all(afterSeq, limit) as Row[];
      const lastSeq = rows.length === 0 ? afterSeq : (rows[rows.length - 1]!.seq as number);
      // A wallet copy follows its certificate, whose own entry is the one told; without an address no one is.
      const told = rows.filter((r) => r.kind === 'competency' && typeof r.email === 'string');
      return {
        lastSeq,
        changes: told.map(
          (r): StatusChange => ({
            seq: r.seq as number,
            credentialId: r.credential_id as string,
            action: r.action as StatusChange['action'],
            reason: (r.reason as string | null) ?? null,
            at: r.at as string,
            holderName: r.holder_name as string,
            email: r.email as string,
            bodyName: r.body_name as string,
            standardCode: (r.code as string | null) ?? '',
            standardTitle: (r.title as string | null) ?? '',
            validUntil: (r.valid_until as string | null) ?? null,
          }),
        ),
      };
    },
    async renewalDigests(now, until) {
      const emails = new Map<string, string[]>();
      for (const r of admins.all() as Row[]) emails.set(r.body_id as string, [...(emails.get(r.body_id as string) ?? []), r.email as string]);
      const digests = new Map<string, RenewalDigest & { due: RenewalDigest['due'][number][] }>();
      for (const r of due.all({ now, until }) as Row[]) {
        const bodyId = r.body_id as string;
        const to = emails.get(bodyId);
        if (!to) continue;
        let d = digests.get(bodyId);
        if (!d) digests.set(bodyId, (d = { bodyId, bodyName: r.body_name as string, adminEmails: to, due: [] }));
        d.due.push({ credentialId: r.id as string, holderName: r.holder_name as string, standardCode: r.code as string, validUntil: r.valid_until as string });
      }
      return [...digests.values()];
    },
    async enqueue(notices, now, statusCursor) {
      return enqueue.immediate(notices, now, statusCursor);
    },
    async statusCursor() {
      return cursorOrStart.immediate();
    },
  };
}

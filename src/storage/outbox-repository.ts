import crypto from 'node:crypto';
import type { OutboxMessage, OutboxRepository } from '../delivery/outbox/index.js';
import type { OutgoingMessage } from '../issuance/index.js';
import type { Db } from './database.js';
import { prepared } from './statements.js';

type Row = Record<string, unknown>;

/** Adds messages to the outbox; the caller runs it inside the transaction that stores what they are about. */
export function outboxInserter(db: Db): (messages: readonly OutgoingMessage[], credentialId: string | null, now: string) => void {
  const insert = prepared(
    db,
    `INSERT INTO outbox_messages (id, kind, credential_id, recipient, subject, text_body, html_body, state, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
  );
  return (messages, credentialId, now) => {
    for (const m of messages) insert.run(crypto.randomUUID(), m.kind, credentialId, m.to, m.subject, m.text, m.html, now, now);
  };
}

export function sqliteOutboxRepository(db: Db): OutboxRepository {
  const due = prepared(
    db,
    `SELECT id, kind, recipient, subject, text_body, html_body, attempts, created_at FROM outbox_messages
     WHERE state = 'pending' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
     ORDER BY next_attempt_at LIMIT @limit`,
  );
  const lease = prepared(db, 'UPDATE outbox_messages SET lease_until = ?, attempts = attempts + 1 WHERE id = ?');
  const sent = prepared(db, "UPDATE outbox_messages SET state = 'sent', sent_at = ?, lease_until = NULL, last_error = NULL, text_body = NULL, html_body = NULL WHERE id = ?");
  const retry = prepared(db, 'UPDATE outbox_messages SET next_attempt_at = ?, lease_until = NULL, last_error = ? WHERE id = ?');
  const failed = prepared(db, "UPDATE outbox_messages SET state = 'failed', lease_until = NULL, last_error = ?, text_body = NULL, html_body = NULL WHERE id = ?");
  const byState = prepared(db, 'SELECT state, count(*) AS n FROM outbox_messages GROUP BY state');

  // IMMEDIATE: the write lock is taken before the read, so two senders never lease the same message.
  const leaseDue = db.transaction((now: string, leaseUntil: string, limit: number): OutboxMessage[] => {
    const rows = due.all({ now, limit }) as Row[];
    for (const r of rows) lease.run(leaseUntil, r.id);
    return rows.map((r) => ({
      id: r.id as string,
      kind: r.kind as string,
      recipient: r.recipient as string,
      subject: r.subject as string,
      text: r.text_body as string,
      html: r.html_body as string,
      attempts: (r.attempts as number) + 1,
      createdAt: r.created_at as string,
    }));
  });

  return {
    async leaseDue(now, leaseUntil, limit) {
      return leaseDue.immediate(now, leaseUntil, limit);
    },
    async markSent(id, now) {
      sent.run(now, id);
    },
    async markUndelivered(id, error, nextAttemptAt) {
      if (nextAttemptAt === null) failed.run(error.slice(0, 500), id);
      else retry.run(nextAttemptAt, error.slice(0, 500), id);
    },
    async counts() {
      const out = { pending: 0, sent: 0, failed: 0 };
      for (const r of byState.all() as Array<{ state: keyof typeof out; n: number }>) out[r.state] = r.n;
      return out;
    },
  };
}

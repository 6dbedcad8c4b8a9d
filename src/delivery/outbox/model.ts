/** A message waiting in the outbox, as the sender reads it. */
export interface OutboxMessage {
  id: string;
  kind: string;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  /** Deliveries tried so far, this one included. */
  attempts: number;
  createdAt: string;
}

/** What a transport answers for one message: accepted (with the server's id), or refused for now or for good. */
export type DeliveryResult = { ok: true; serverId: string } | { ok: false; permanent: boolean; error: string };

/** SMTP, or `.eml` files in a folder for development. */
export interface MailTransport {
  /** Where messages go, for the start-up log (never with a password). */
  readonly description: string;
  deliver(message: OutboxMessage): Promise<DeliveryResult>;
  close(): Promise<void>;
}

export interface OutboxRepository {
  /**
   * Leases up to `limit` pending messages that are due: each is handed to one sender only until `leaseUntil`, and
   * counted as an attempt. A sender that dies holding a lease leaves the message to be taken again when it ends.
   */
  leaseDue(now: string, leaseUntil: string, limit: number): Promise<OutboxMessage[]>;
  /** Delivered: the bodies (holding the claim link) are cleared. */
  markSent(id: string, now: string): Promise<void>;
  /** Not delivered this time: tried again at `nextAttemptAt`, or given up (`null`), bodies cleared. */
  markUndelivered(id: string, error: string, nextAttemptAt: string | null): Promise<void>;
  /** Messages by state, for the health of the outbox (its backlog). */
  counts(): Promise<Record<'pending' | 'sent' | 'failed', number>>;
}

/**
 * What a domain tells the audit log about something it did or refused: the audit domain's `AuditEvent`, less the
 * request id the HTTP layer adds. Declared here, beside `Clock` and `AppError`, so the domains share one shape
 * without depending on the audit domain.
 */
export interface DomainEvent {
  action: string;
  actor: string;
  bodyId?: string | null;
  subject: string;
  /** The audit log's outcomes; `ok` when left out. */
  outcome?: 'ok' | 'denied' | 'failed';
  details?: Record<string, unknown>;
}

/**
 * Records events inside the write transaction a repository holds open, so a change and its audit entry commit
 * (or roll back) together: a crash can never leave a change the log does not show. Returns what to do once the
 * transaction has committed (write the log lines).
 */
export type Journal = (events: readonly DomainEvent[]) => () => void;

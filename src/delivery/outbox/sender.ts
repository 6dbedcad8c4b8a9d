import type { Clock } from '../../clock.js';
import type { MailTransport, OutboxRepository } from './model.js';

export interface OutboxSenderOptions {
  /** Messages leased per round. */
  batchSize: number;
  /** How long a leased message is this sender's; past it, another round may take it again. */
  leaseSeconds: number;
  /** Attempts before a message is given up as failed. */
  maxAttempts: number;
  /** The wait before attempt n+1 is `baseRetrySeconds · 2^(n−1)`, capped at `maxRetrySeconds`. */
  baseRetrySeconds: number;
  maxRetrySeconds: number;
  /** Pause between rounds when the outbox is empty. */
  idleMilliseconds: number;
}

export const DEFAULT_OUTBOX_OPTIONS: OutboxSenderOptions = {
  // Small rounds: a sender that dies holds at most this many messages until its lease ends.
  batchSize: 10,
  leaseSeconds: 120,
  maxAttempts: 8,
  baseRetrySeconds: 30,
  maxRetrySeconds: 6 * 3600,
  idleMilliseconds: 2000,
};

export interface RoundResult {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Delivers the outbox. At least once: a message is marked sent only after the server accepted it, so a sender
 * killed in between sends it again when its lease ends — with the same Message-ID, by which mail systems and
 * clients recognise the repeat. The other way round (mark first, then send) could lose a message, which is worse
 * for a worker waiting for their certificate.
 */
export class OutboxSender {
  private readonly o: OutboxSenderOptions;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    private readonly d: { repo: OutboxRepository; transport: MailTransport; clock: Clock; log?: (line: string) => void },
    options: Partial<OutboxSenderOptions> = {},
  ) {
    this.o = { ...DEFAULT_OUTBOX_OPTIONS, ...options };
  }

  get transportDescription(): string {
    return this.d.transport.description;
  }

  /** Messages by state: the outbox's backlog. */
  counts(): Promise<Record<'pending' | 'sent' | 'failed', number>> {
    return this.d.repo.counts();
  }

  /** One round: lease what is due, deliver it, record each outcome. */
  async runOnce(): Promise<RoundResult> {
    const now = this.d.clock();
    const leaseUntil = new Date(now.getTime() + this.o.leaseSeconds * 1000).toISOString();
    const due = await this.d.repo.leaseDue(now.toISOString(), leaseUntil, this.o.batchSize);
    const result: RoundResult = { sent: 0, retried: 0, failed: 0 };
    for (const m of due) {
      const r = await this.d.transport.deliver(m).catch((e: unknown) => ({ ok: false as const, permanent: false, error: e instanceof Error ? e.message : String(e) }));
      const at = this.d.clock();
      if (r.ok) {
        await this.d.repo.markSent(m.id, at.toISOString());
        result.sent++;
      } else if (r.permanent || m.attempts >= this.o.maxAttempts) {
        await this.d.repo.markUndelivered(m.id, r.error, null);
        this.d.log?.(`outbox: message ${m.id} (${m.kind}) given up after ${m.attempts} attempt(s): ${r.error}`);
        result.failed++;
      } else {
        const wait = Math.min(this.o.maxRetrySeconds, this.o.baseRetrySeconds * 2 ** (m.attempts - 1));
        await this.d.repo.markUndelivered(m.id, r.error, new Date(at.getTime() + wait * 1000).toISOString());
        result.retried++;
      }
    }
    return result;
  }

  /** Rounds until the outbox has nothing due (for tests and `avala outbox send`). */
  async drain(): Promise<RoundResult> {
    const total: RoundResult = { sent: 0, retried: 0, failed: 0 };
    for (;;) {
      const r = await this.runOnce();
      total.sent += r.sent;
      total.retried += r.retried;
      total.failed += r.failed;
      if (r.sent + r.retried + r.failed === 0) return total;
    }
  }

  /** Runs rounds in the background until `stop()`: at once while there is work, every idle interval otherwise. */
  start(): void {
    this.stopped = false;
    const tick = () => {
      this.running = this.runOnce()
        .then((r) => (r.sent + r.retried + r.failed > 0 ? 0 : this.o.idleMilliseconds))
        .catch((e: unknown) => {
          this.d.log?.(`outbox: round failed: ${e instanceof Error ? e.message : String(e)}`);
          return this.o.idleMilliseconds;
        })
        .then((wait) => {
          if (!this.stopped) this.timer = setTimeout(tick, wait);
        });
    };
    tick();
  }

  /** Stops after the round in progress, then closes the transport. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await this.d.transport.close();
  }
}

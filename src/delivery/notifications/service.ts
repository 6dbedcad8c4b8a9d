import type { Clock } from '../../clock.js';
import type { NotificationKind, NotificationRepository } from './model.js';
import { daysFrom, EXPIRY_NOTICE_DAYS, planExpiryNotices, planRenewalDigests, planStatusNotices, RENEWAL_WINDOW_DAYS } from './plan.js';

export interface NotificationOptions {
  /** The kinds sent; the others are never planned. */
  kinds: readonly NotificationKind[];
  /** How often the background scan runs. */
  intervalMs: number;
  /** Rows read per query: a scan pages through larger sets. */
  pageSize: number;
}

export type ScanResult = Record<NotificationKind, number>;

/**
 * Turns what happened (a status change) and what is coming (an expiry) into messages in the outbox, which sends
 * them. A scan is idempotent: each notice has a key the outbox holds once, so a crash mid-scan, a scan run twice
 * or two servers scanning at once send each notice once; the status history cursor only saves re-reading.
 */
export class NotificationService {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;

  constructor(
    private readonly d: { repo: NotificationRepository; clock: Clock; log?: (line: string) => void },
    private readonly o: NotificationOptions,
  ) {}

  get kinds(): readonly NotificationKind[] {
    return this.o.kinds;
  }

  /** One scan of every kind switched on; returns the messages added to the outbox, by kind. */
  async runOnce(): Promise<ScanResult> {
    const now = this.d.clock();
    const at = now.toISOString();
    const result: ScanResult = { expiry: 0, status: 0, renewals: 0 };
    if (this.o.kinds.includes('status')) {
      for (let cursor = await this.d.repo.statusCursor(); ; ) {
        const { changes, lastSeq } = await this.d.repo.statusChanges(cursor, this.o.pageSize);
        if (lastSeq <= cursor) break;
        result.status += await this.d.repo.enqueue(planStatusNotices(changes), at, lastSeq);
        cursor = lastSeq;
      }
    }
    if (this.o.kinds.includes('expiry')) {
      const until = daysFrom(now, Math.max(...EXPIRY_NOTICE_DAYS)).toISOString();
      // Already-notified certificates come back on every scan (their key stops them), so page by expiry, not offset.
      let from = at;
      for (;;) {
        const page = await this.d.repo.expiringCertificates(from, until, this.o.pageSize);
        result.expiry += await this.d.repo.enqueue(planExpiryNotices(page, now), at);
        if (page.length < this.o.pageSize) break;
        const last = page[page.length - 1]!.validUntil;
        if (last === from) break; // a page of one instant: the next scan takes the rest
        from = last;
      }
    }
    if (this.o.kinds.includes('renewals')) {
      const digests = await this.d.repo.renewalDigests(at, daysFrom(now, RENEWAL_WINDOW_DAYS).toISOString());
      result.renewals += await this.d.repo.enqueue(planRenewalDigests(digests, now), at);
    }
    return result;
  }

  /** Scans in the background every interval until `stop()`; the first scan runs at once. */
  start(): void {
    if (this.o.kinds.length === 0 || !this.stopped) return;
    this.stopped = false;
    const tick = () => {
      this.running = this.runOnce()
        .catch((e: unknown) => this.d.log?.(`notifications: scan failed: ${e instanceof Error ? e.message : String(e)}`))
        .then(() => {
          if (!this.stopped) (this.timer = setTimeout(tick, this.o.intervalMs)).unref();
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}

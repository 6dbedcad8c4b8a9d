import { AppError } from '../errors.js';
import type { BatchClaimLink } from '../issuance/index.js';

/** A batch being certified from the console, and afterwards what it gave: the claim links, held for a while. */
export interface CertificationJob {
  batchId: string;
  bodyId: string;
  /** The console account that started it: only they may download its claim links. */
  accountId: string;
  state: 'running' | 'done' | 'failed';
  issued: number;
  total: number;
  refused: number;
  /** Each worker's one-time claim link, as `BatchService.certify` returned it; only in memory, never stored. */
  claimLinks: BatchClaimLink[];
  /** Why it stopped (state `failed`), in the service's words. */
  failure: string | null;
  startedAt: number;
  finishedAt: number | null;
}

/** How long a finished job's claim links stay downloadable. */
export const CLAIM_LINKS_KEPT_MS = 60 * 60_000;

/**
 * The console's batch certifications, run in the background of this process so a page can show their progress.
 * The claim links a run returns exist nowhere else (only their hashes are stored), so they are kept here, in
 * memory, for the person who started the run, for an hour; after that a worker's link is replaced from the
 * certificate's page. A process that stops mid-run loses the run, not the certificates: certifying the batch
 * again issues the rest (`BatchService.certify` is safe to repeat).
 */
export class CertificationJobs {
  private readonly jobs = new Map<string, CertificationJob>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Starts `run` for the batch unless one is already running; `run` reports progress through the job. */
  start(
    key: { batchId: string; bodyId: string; accountId: string },
    run: (progress: (issued: number, total: number) => void) => Promise<{ issued: number; refused: number; claimLinks: BatchClaimLink[] }>,
  ): CertificationJob {
    this.sweep();
    const running = this.jobs.get(key.batchId);
    if (running?.state === 'running') throw new AppError('ERR_CONFLICT', 'This batch is already being certified');
    const job: CertificationJob = { ...key, state: 'running', issued: 0, total: 0, refused: 0, claimLinks: [], failure: null, startedAt: this.now(), finishedAt: null };
    this.jobs.set(key.batchId, job);
    run((issued, total) => {
      job.issued = issued;
      job.total = total;
    }).then(
      (out) => {
        Object.assign(job, { state: 'done', issued: out.issued, refused: out.refused, claimLinks: out.claimLinks, finishedAt: this.now() });
      },
      (err: unknown) => {
        Object.assign(job, { state: 'failed', failure: err instanceof AppError ? err.message : 'The certification stopped on an internal error; certify the batch again to issue the rest', finishedAt: this.now() });
      },
    );
    return job;
  }

  /** The batch's job as its body sees it, or null (none, or its links have expired). */
  get(batchId: string, bodyId: string): CertificationJob | null {
    this.sweep();
    const job = this.jobs.get(batchId);
    return job && job.bodyId === bodyId ? job : null;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, job] of this.jobs) if (job.finishedAt !== null && now - job.finishedAt > CLAIM_LINKS_KEPT_MS) this.jobs.delete(id);
  }
}

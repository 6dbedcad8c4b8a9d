import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { AppError } from '../errors.js';
import type { Signer } from '../keystore/index.js';
import type { DocumentLoader } from '../resolver/index.js';
import { fromWire, toWire, type FromWorker, type ToWorker } from './di-wire.js';

export interface DiPoolOptions {
  /** Worker threads; at least 1. */
  workers: number;
  /** Answers what a worker cannot load itself (DID URLs). Local contexts are read by each worker from disk. */
  documentLoader: DocumentLoader;
  /** A job not finished this long after a worker took it fails, and its worker is replaced. */
  jobTimeoutMs?: number;
  /** Jobs one worker holds at once: the second is canonicalized while the first waits for its signature. */
  maxJobsPerWorker?: number;
  /** Heap limits of each worker, so one enormous document fails its job instead of exhausting the process. */
  resourceLimits?: ResourceLimits;
  /** How long a worker may take to load its modules. */
  startTimeoutMs?: number;
  /**
   * Workers copy JSON-LD active contexts sharing their (frozen) term definitions, about 3× faster signing; see
   * `di-jsonld.ts`. Default true; false keeps jsonld.js exactly as shipped.
   */
  shareTermDefinitions?: boolean;
}

export interface DiPoolStats {
  workers: number;
  ready: number;
  queued: number;
  running: number;
  done: number;
  failed: number;
  /** Workers that stopped without being asked to (crash, out of memory, timeout) and were replaced. */
  replaced: number;
  /** Ready workers that share term definitions in JSON-LD context copies. */
  sharing: number;
}

export interface DiPool {
  /** Secures `credential` with a Data Integrity proof signed by `signer`; the key stays on this thread. */
  sign(credential: Record<string, unknown>, signer: Signer, created: Date): Promise<Record<string, unknown>>;
  /** Starts every worker and waits until each has loaded (otherwise they start with the first job). */
  start(): Promise<void>;
  /** Refuses new jobs, lets queued and running ones finish (at most `jobTimeoutMs`), then stops the workers. */
  close(): Promise<void>;
  stats(): DiPoolStats;
}

const DEFAULTS = { jobTimeoutMs: 30_000, maxJobsPerWorker: 2, startTimeoutMs: 60_000, resourceLimits: { maxOldGenerationSizeMb: 512 }, shareTermDefinitions: true };
/** Eddsa-rdfc-2022 verify data: SHA-256 of the proof configuration ‖ SHA-256 of the document. */
const VERIFY_DATA_BYTES = 64;
/** Workers that fail to start this many times in a row stop being restarted until the next job arrives. */
const MAX_START_FAILURES = 3;

interface Job {
  id: number;
  credential: Record<string, unknown>;
  signer: Signer;
  created: string;
  resolve(signed: Record<string, unknown>): void;
  reject(error: Error): void;
  slot?: Slot;
  timer?: NodeJS.Timeout;
  signatureAsked: boolean;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  sharing: boolean;
  /** Set when the pool itself stops the worker, so its exit is not counted as a crash. */
  stopping: boolean;
  jobs: Map<number, Job>;
  lastError?: Error;
  startTimer?: NodeJS.Timeout;
  /** Settles when the worker is ready, or fails if it exits before. */
  started: Promise<void>;
  exited: Promise<void>;
}

/**
 * A pool of worker threads that canonicalize and hash credentials for Data Integrity proofs, while the private
 * keys stay on the main thread: each job's signer is called here, once, with the 64-byte verify data its worker
 * computed. What a worker returns is checked (one proof, by the expected key, over an unchanged credential) before
 * it is handed back.
 *
 * Workers start with the first job and are `unref`'d while idle, so an idle pool never keeps the process alive; a
 * worker that dies fails the jobs it held (`ERR_UNAVAILABLE`) and is replaced.
 */
export function createDiPool(options: DiPoolOptions): DiPool {
  if (!Number.isInteger(options.workers) || options.workers < 1) throw new TypeError(`workers must be an integer ≥ 1, got ${options.workers}`);
  const o = { ...DEFAULTS, ...options };
  const slots = new Set<Slot>();
  const queue: Job[] = [];
  let nextId = 1;
  let closing: Promise<void> | null = null;
  let startFailures = 0;
  const counts = { done: 0, failed: 0, replaced: 0 };
  let idle: (() => void) | null = null;
  /** start() calls waiting for workers to load: like queued jobs, they keep loading workers referenced. */
  let startWaiters = 0;

  function spawn(): Slot {
    const worker = newWorker(o.resourceLimits, { shareTermDefinitions: o.shareTermDefinitions, avalaContextUrls: o.documentLoader.avalaContextUrls ?? [] });
    let markExited!: () => void;
    let markStarted!: (e?: Error) => void;
    const started = new Promise<void>((resolve, reject) => (markStarted = (e) => (e ? reject(e) : resolve())));
    started.catch(() => {}); // only start() waits on it
    const slot: Slot = { worker, ready: false, sharing: false, stopping: false, jobs: new Map(), started, exited: new Promise<void>((r) => (markExited = r)) };
    slot.startTimer = setTimeout(() => {
      slot.lastError = new Error(`did not start within ${o.startTimeoutMs} ms`);
      void worker.terminate();
    }, o.startTimeoutMs);
    slot.startTimer.unref();
    worker.on('message', (m: FromWorker) => onMessage(slot, m));
    worker.on('error', (e: Error) => (slot.lastError = e));
    worker.on('messageerror', (e: Error) => (slot.lastError = e));
    worker.on('message', (m: FromWorker) => m.t === 'ready' && markStarted());
    worker.on('exit', () => {
      markStarted(new AppError('ERR_UNAVAILABLE', `A Data Integrity signing worker could not start: ${slot.lastError?.message ?? 'it exited'}`, { cause: slot.lastError }));
      markExited();
      onExit(slot);
    });
    slots.add(slot);
    refresh();
    return slot;
  }

  function ensureWorkers(): void {
    while (slots.size < o.workers) spawn();
  }

  function onExit(slot: Slot): void {
    clearTimeout(slot.startTimer);
    slots.delete(slot);
    const reason = slot.lastError ? `: ${slot.lastError.message}` : '';
    for (const job of slot.jobs.values()) fail(job, new AppError('ERR_UNAVAILABLE', `The Data Integrity signing worker stopped${reason}; the credential was not signed`, { cause: slot.lastError }));
    slot.jobs.clear();
    if (slot.stopping) return;
    counts.replaced += 1;
    startFailures = slot.ready ? 0 : startFailures + 1;
    if (startFailures >= MAX_START_FAILURES) {
      // Starting keeps failing (a missing file, no memory): fail what waits rather than loop; the next job retries.
      for (const job of queue.splice(0)) fail(job, new AppError('ERR_UNAVAILABLE', `Data Integrity signing workers cannot start${reason}`, { cause: slot.lastError }));
      startFailures = 0;
      settleIdle();
      return;
    }
    if (!closing || queue.length > 0) ensureWorkers();
    dispatch();
  }

  function onMessage(slot: Slot, m: FromWorker): void {
    if (m.t === 'ready') {
      clearTimeout(slot.startTimer);
      slot.ready = true;
      slot.sharing = m.sharing;
      startFailures = 0;
      dispatch();
      return;
    }
    const job = slot.jobs.get(m.id);
    if (!job) return; // timed out or failed already
    switch (m.t) {
      case 'sign':
        return void askSignature(slot, job, m.data);
      case 'load':
        return void answerLoad(slot, m.req, m.url);
      case 'done':
        return finish(job, m.signed);
      case 'failed':
        return fail(job, fromWire(m.error));
    }
  }

  async function askSignature(slot: Slot, job: Job, data: Uint8Array): Promise<void> {
    // One signature per job, over verify data of the expected size: a worker cannot use the key as an oracle.
    if (job.signatureAsked || !(data instanceof Uint8Array) || data.length !== VERIFY_DATA_BYTES) {
      fail(job, new TypeError(`signing worker asked for a ${job.signatureAsked ? 'second signature' : 'signature over unexpected data'}`));
      return post(slot, { t: 'signature-error', id: job.id, error: { message: 'refused' } });
    }
    job.signatureAsked = true;
    try {
      const signature = await job.signer.sign({ data });
      post(slot, { t: 'signature', id: job.id, signature });
    } catch (e) {
      post(slot, { t: 'signature-error', id: job.id, error: toWire(e) });
    }
  }

  async function answerLoad(slot: Slot, req: number, url: string): Promise<void> {
    try {
      post(slot, { t: 'document', req, document: await o.documentLoader(url) });
    } catch (e) {
      post(slot, { t: 'document-error', req, error: toWire(e) });
    }
  }

  function post(slot: Slot, m: ToWorker): void {
    if (slots.has(slot)) slot.worker.postMessage(m);
  }

  function finish(job: Job, signed: Record<string, unknown>): void {
    const problem = checkSigned(job, signed);
    if (problem) return fail(job, new TypeError(`signing worker returned ${problem}`));
    release(job);
    counts.done += 1;
    job.resolve(signed);
  }

  function fail(job: Job, e: Error): void {
    release(job);
    counts.failed += 1;
    job.reject(e);
  }

  function release(job: Job): void {
    clearTimeout(job.timer);
    job.slot?.jobs.delete(job.id);
    job.slot = undefined;
    dispatch();
  }

  function dispatch(): void {
    while (queue.length > 0) {
      let best: Slot | undefined;
      for (const s of slots) if (s.ready && !s.stopping && s.jobs.size < o.maxJobsPerWorker && (!best || s.jobs.size < best.jobs.size)) best = s;
      if (!best) break;
      const job = queue.shift()!;
      job.slot = best;
      best.jobs.set(job.id, job);
      job.timer = setTimeout(() => timeout(job), o.jobTimeoutMs);
      post(best, { t: 'job', id: job.id, credential: job.credential, verificationMethod: job.signer.id, created: job.created });
    }
    refresh();
    settleIdle();
  }

  function timeout(job: Job): void {
    const slot = job.slot;
    fail(job, new AppError('ERR_UNAVAILABLE', `Data Integrity signing took longer than ${o.jobTimeoutMs} ms; the credential was not signed`));
    if (slot) {
      // The worker may be stuck in this job: replace it (its other jobs fail with it).
      slot.lastError = new Error(`a job exceeded ${o.jobTimeoutMs} ms`);
      void slot.worker.terminate();
    }
  }

  // A worker with work, or starting while work waits, keeps the process alive; an idle one does not.
  function refresh(): void {
    for (const s of slots) {
      if (s.jobs.size > 0 || (!s.ready && (queue.length > 0 || startWaiters > 0))) s.worker.ref();
      else s.worker.unref();
    }
  }

  function running(): number {
    let n = 0;
    for (const s of slots) n += s.jobs.size;
    return n;
  }

  function settleIdle(): void {
    if (idle && queue.length === 0 && running() === 0) idle();
  }

  return {
    sign(credential, signer, created) {
      if (closing) return Promise.reject(new AppError('ERR_UNAVAILABLE', 'The Data Integrity signing pool is shutting down'));
      return new Promise<Record<string, unknown>>((resolve, reject) => {
        queue.push({ id: nextId++, credential, signer, created: created.toISOString(), resolve, reject, signatureAsked: false });
        ensureWorkers();
        dispatch();
      });
    },

    async start() {
      if (closing) throw new AppError('ERR_UNAVAILABLE', 'The Data Integrity signing pool is shutting down');
      startWaiters += 1;
      try {
        ensureWorkers();
        refresh();
        await Promise.all([...slots].map((s) => s.started));
      } finally {
        startWaiters -= 1;
        refresh();
      }
    },

    close() {
      closing ??= (async () => {
        if (queue.length > 0 || running() > 0) {
          const drained = new Promise<void>((r) => (idle = r));
          const grace = new Promise<void>((r) => setTimeout(r, o.jobTimeoutMs).unref());
          await Promise.race([drained, grace]);
        }
        for (const job of queue.splice(0)) fail(job, new AppError('ERR_UNAVAILABLE', 'The Data Integrity signing pool shut down'));
        const all = [...slots];
        for (const s of all) {
          s.stopping = true;
          void s.worker.terminate();
        }
        await Promise.all(all.map((s) => s.exited));
      })();
      return closing;
    },

    stats() {
      const ready = [...slots].filter((s) => s.ready);
      return { workers: slots.size, ready: ready.length, queued: queue.length, running: running(), ...counts, sharing: ready.filter((s) => s.sharing).length };
    },
  };
}

/** Why a worker's answer is not accepted, or null. */
function checkSigned(job: Job, signed: Record<string, unknown>): string | null {
  const proof = signed?.proof as Record<string, unknown> | undefined;
  if (!job.signatureAsked) return 'a credential it never asked to sign';
  if (!proof || typeof proof !== 'object' || Array.isArray(proof)) return 'no single proof';
  if (proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== 'eddsa-rdfc-2022') return 'a proof of another kind';
  if (proof.verificationMethod !== job.signer.id) return 'a proof by another key';
  if (typeof proof.proofValue !== 'string') return 'a proof without a value';
  const { proof: _proof, ...content } = signed;
  if (JSON.stringify(content) !== JSON.stringify(job.credential)) return 'a credential that differs from the one submitted';
  return null;
}

const here = import.meta.url;

/**
 * Built code (dist/) starts the compiled worker. Source run through tsx (`npm start`, the tests, the bench)
 * starts the TypeScript file through tsx's require hook: on Node 20 the loader that `--import tsx` registers does
 * not reach worker threads (privatenumber/tsx#354).
 */
function newWorker(resourceLimits: ResourceLimits, workerData: { shareTermDefinitions: boolean; avalaContextUrls: readonly string[] }): Worker {
  if (!here.endsWith('.ts')) return new Worker(new URL('./di-worker.js', here), { resourceLimits, workerData });
  const require = createRequire(here);
  const tsx = require.resolve('tsx/cjs/api');
  const entry = fileURLToPath(new URL('./di-worker.ts', here));
  const boot = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`;
  return new Worker(boot, { eval: true, resourceLimits, workerData });
}

import { MessageChannel, type MessagePort, type ResourceLimits } from 'node:worker_threads';
import { Tinypool } from 'tinypool';
import { AppError } from '../errors.js';
import type { Signer } from '../keystore/index.js';
import type { DocumentLoader } from '../resolver/index.js';
import { fromWire, toWire, type FromWorker, type SigningResult, type SigningTask, type ToWorker } from './wire.js';

export interface DiPoolOptions {
  /** Worker threads; at least 1. */
  workers: number;
  /** Answers what a worker cannot load itself (DID URLs, context aliases). Local contexts each worker reads from disk. */
  documentLoader: DocumentLoader;
  /** A job not finished this long after a worker took it fails, and the workers are replaced. */
  jobTimeoutMs?: number;
  /** Jobs one worker holds at once: the second is canonicalized while the first waits for its signature. */
  maxJobsPerWorker?: number;
  /** Heap limits of each worker, so one enormous document fails its job instead of exhausting the process. */
  resourceLimits?: ResourceLimits;
  /**
   * Workers copy JSON-LD active contexts sharing their (frozen) term definitions, about 3× faster signing; see
   * `jsonld-sharing.ts`. Default true; false keeps jsonld.js exactly as shipped.
   */
  shareTermDefinitions?: boolean;
}

export interface DiPoolStats {
  workers: number;
  queued: number;
  running: number;
  done: number;
  failed: number;
  /** Times workers stopped without being asked to (crash, out of memory, a job over its time) and were replaced. */
  replaced: number;
  /** Whether the workers share term definitions in JSON-LD context copies; null before any worker answered. */
  sharing: boolean | null;
}

export interface DiPool {
  /** Secures `credential` with a Data Integrity proof signed by `signer`; the key stays on this thread. */
  sign(credential: Record<string, unknown>, signer: Signer, created: Date): Promise<Record<string, unknown>>;
  /** Starts the workers and waits until each has loaded (otherwise they start with the first job). */
  start(): Promise<void>;
  /** Refuses new jobs, lets queued and running ones finish (at most `jobTimeoutMs`), then stops the workers. */
  close(): Promise<void>;
  stats(): DiPoolStats;
}

const DEFAULTS = { jobTimeoutMs: 30_000, maxJobsPerWorker: 2, resourceLimits: { maxOldGenerationSizeMb: 512 }, shareTermDefinitions: true };
/** Eddsa-rdfc-2022 verify data: SHA-256 of the proof configuration ‖ SHA-256 of the document. */
const VERIFY_DATA_BYTES = 64;

/**
 * Worker threads (tinypool) that canonicalize and hash credentials for Data Integrity proofs, while the private
 * keys stay on the main thread: each job gets its own MessagePort, over which its worker asks, once, for the
 * signature of the 64-byte verify data it computed. What a worker returns is checked (one proof, by the expected
 * key, over an unchanged credential) before it is handed back.
 *
 * Tinypool queues, spreads jobs over workers and replaces a worker that dies (its job fails `ERR_UNAVAILABLE`);
 * idle workers never keep the process alive. A job over its time cannot be stopped inside a worker that still
 * runs it (tinypool's abort would cost the second job per worker, about half the throughput), so the whole
 * tinypool is retired and a fresh one takes the next jobs.
 */
export function createDiPool(options: DiPoolOptions): DiPool {
  if (!Number.isInteger(options.workers) || options.workers < 1) throw new TypeError(`workers must be an integer ≥ 1, got ${options.workers}`);
  const o = { ...DEFAULTS, ...options };
  let tinypool: Tinypool | null = null;
  let closing: Promise<void> | null = null;
  const inFlight = new Set<Promise<unknown>>();
  const counts = { done: 0, failed: 0, replaced: 0 };
  let sharing: boolean | null = null;

  function threads(): Tinypool {
    tinypool ??= new Tinypool({
      filename: workerFile(),
      minThreads: o.workers,
      maxThreads: o.workers,
      concurrentTasksPerWorker: o.maxJobsPerWorker,
      resourceLimits: o.resourceLimits,
      // The URLs of Avala's context the main thread's loader maps to the local file, and the operator's extra
      // contexts it serves: the workers answer them alike.
      workerData: {
        shareTermDefinitions: o.shareTermDefinitions,
        avalaContextUrls: o.documentLoader.avalaContextUrls ?? [],
        extraContexts: o.documentLoader.extraContexts ?? new Map(),
      },
      // Workers wait for work on messages, not Atomics.wait, which would block a worker that awaits a signature.
      useAtomics: false,
    });
    return tinypool;
  }

  function retire(pool: Tinypool): void {
    if (tinypool !== pool) return;
    tinypool = null;
    counts.replaced += 1;
    void pool.destroy();
  }

  async function run(credential: Record<string, unknown>, signer: Signer, created: Date): Promise<Record<string, unknown>> {
    const pool = threads();
    const { port1, port2 } = new MessageChannel();
    const job = { signatureAsked: false, timedOut: false, timer: undefined as NodeJS.Timeout | undefined };
    let onTimeout!: (e: Error) => void;
    const overrun = new Promise<never>((_, reject) => (onTimeout = reject));
    port1.on('message', (m: FromWorker) => {
      if (m.t === 'started') {
        job.timer = setTimeout(() => {
          job.timedOut = true;
          onTimeout(new AppError('ERR_UNAVAILABLE', `Data Integrity signing took longer than ${o.jobTimeoutMs} ms; the credential was not signed`));
          // The worker may be stuck in this job: retire the pool (its other jobs fail with it).
          retire(pool);
        }, o.jobTimeoutMs);
        return;
      }
      if (m.t === 'sign') return void answerSignature(port1, job, signer, m.data);
      void answerLoad(port1, m.req, m.url);
    });
    const task: SigningTask = { t: 'sign', credential, verificationMethod: signer.id, created: created.toISOString(), port: port2 };
    let result: SigningResult;
    try {
      result = (await Promise.race([pool.run(task, { transferList: [port2] }), overrun])) as SigningResult;
    } catch (e) {
      if (job.timedOut) throw e;
      // Not an answer from the worker: the worker itself stopped (out of memory, a crash, the pool retired).
      if (tinypool === pool) counts.replaced += 1;
      throw new AppError('ERR_UNAVAILABLE', `The Data Integrity signing worker stopped: ${(e as Error)?.message ?? e}; the credential was not signed`, { cause: e });
    } finally {
      clearTimeout(job.timer);
      port1.close();
    }
    sharing = result.sharing;
    if (!result.ok) throw fromWire(result.error);
    const problem = checkSigned(credential, signer.id, job.signatureAsked, result.signed);
    if (problem) throw new TypeError(`signing worker returned ${problem}`);
    return result.signed;
  }

  async function answerSignature(port: MessagePort, job: { signatureAsked: boolean }, signer: Signer, data: Uint8Array): Promise<void> {
    // One signature per job, over verify data of the expected size: a worker cannot use the key as an oracle.
    if (job.signatureAsked || !(data instanceof Uint8Array) || data.length !== VERIFY_DATA_BYTES) {
      return port.postMessage({ t: 'signature-error', error: { message: 'refused: a second signature or unexpected data' } } satisfies ToWorker);
    }
    job.signatureAsked = true;
    try {
      port.postMessage({ t: 'signature', signature: await signer.sign({ data }) } satisfies ToWorker);
    } catch (e) {
      port.postMessage({ t: 'signature-error', error: toWire(e) } satisfies ToWorker);
    }
  }

  async function answerLoad(port: MessagePort, req: number, url: string): Promise<void> {
    try {
      port.postMessage({ t: 'document', req, document: await o.documentLoader(url) } satisfies ToWorker);
    } catch (e) {
      port.postMessage({ t: 'document-error', req, error: toWire(e) } satisfies ToWorker);
    }
  }

  function track<T>(p: Promise<T>): Promise<T> {
    inFlight.add(p);
    const settle = () => inFlight.delete(p);
    p.then(
      () => (counts.done += 1, settle()),
      () => (counts.failed += 1, settle()),
    );
    return p;
  }

  return {
    sign(credential, signer, created) {
      if (closing) return Promise.reject(new AppError('ERR_UNAVAILABLE', 'The Data Integrity signing pool is shutting down'));
      return track(run(credential, signer, created));
    },

    async start() {
      if (closing) throw new AppError('ERR_UNAVAILABLE', 'The Data Integrity signing pool is shutting down');
      const pool = threads();
      const warm: SigningTask = { t: 'warm' };
      const answers = (await Promise.all(Array.from({ length: o.workers }, () => pool.run(warm)))) as SigningResult[];
      sharing = answers.every((a) => a.sharing);
    },

    close() {
      closing ??= (async () => {
        if (inFlight.size > 0) {
          const grace = new Promise<void>((r) => setTimeout(r, o.jobTimeoutMs).unref());
          await Promise.race([Promise.allSettled([...inFlight]), grace]);
        }
        const pool = tinypool;
        tinypool = null;
        await pool?.destroy();
      })();
      return closing;
    },

    stats() {
      const queued = tinypool?.queueSize ?? 0;
      return { workers: tinypool?.threads.length ?? 0, queued, running: Math.max(0, inFlight.size - queued), ...counts, sharing };
    },
  };
}

/** Why a worker's answer is not accepted, or null. */
function checkSigned(credential: Record<string, unknown>, verificationMethod: string, signatureAsked: boolean, signed: Record<string, unknown>): string | null {
  const proof = signed?.proof as Record<string, unknown> | undefined;
  if (!signatureAsked) return 'a credential it never asked to sign';
  if (!proof || typeof proof !== 'object' || Array.isArray(proof)) return 'no single proof';
  if (proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== 'eddsa-rdfc-2022') return 'a proof of another kind';
  if (proof.verificationMethod !== verificationMethod) return 'a proof by another key';
  if (typeof proof.proofValue !== 'string') return 'a proof without a value';
  const { proof: _proof, ...content } = signed;
  if (JSON.stringify(content) !== JSON.stringify(credential)) return 'a credential that differs from the one submitted';
  return null;
}

/** Built code (dist/) runs the compiled worker; source run through tsx runs it through a boot file (see it). */
function workerFile(): string {
  const here = import.meta.url;
  return new URL(here.endsWith('.ts') ? './worker-boot.cjs' : './worker.js', here).href;
}

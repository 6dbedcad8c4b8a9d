import os from 'node:os';
import type { ResourceLimits } from 'node:worker_threads';
import { systemClock, toSecond, type Clock } from '../clock.js';
import type { KeyStore, Signer } from '../keystore/index.js';
import type { RegistryService } from '../registry/index.js';
import type { DocumentLoader } from '../resolver/index.js';
import { signVcJwt } from './credential/index.js';
import { createDiPool, type DiPool, type DiPoolStats } from './di-pool.js';
import { issueDataIntegrity } from './di-sign.js';
import type { Securing } from './model.js';
import type { CredentialSigner, SignedForms } from './ports.js';

export interface BodySignerDeps {
  registry: RegistryService;
  keys: KeyStore;
  documentLoader: DocumentLoader;
}

export interface BodySignerOptions {
  /**
   * Worker threads that canonicalize credentials for Data Integrity proofs; 0 signs on the calling thread.
   * Default: the cores available. Keys never leave this thread either way: workers send back what to sign.
   */
  workers?: number;
  /** A Data Integrity signature not done this long after a worker took it fails with ERR_UNAVAILABLE. */
  jobTimeoutMs?: number;
  /** Heap limits of each worker. */
  resourceLimits?: ResourceLimits;
  /** Workers share (frozen) term definitions when copying JSON-LD contexts (see di-jsonld.ts); default true. */
  shareTermDefinitions?: boolean;
  /** Dates signatures (`created`, `iat`) when the caller gives no instant; pass the services' clock. */
  clock?: Clock;
}

/** A CredentialSigner that owns worker threads: `close()` them at shutdown (idle workers never hold the process). */
export interface BodySigner extends CredentialSigner {
  /** Starts the workers now instead of at the first Data Integrity signature (a benchmark, a warm start). */
  start(): Promise<void>;
  /** Lets queued signatures finish, then stops the workers. Later signatures fail with ERR_UNAVAILABLE. */
  close(): Promise<void>;
  /** The pool's counters; null when signing in-process. */
  stats(): DiPoolStats | null;
}

/**
 * Signs with the body's current key in the securing mechanisms asked for. The keystore signer is kept per key,
 * so the private key is opened once, not at every signature.
 *
 * Data Integrity signing is mostly JSON-LD expansion and canonicalization (pure CPU, ~10 ms a credential with the
 * Open Badges 3.0 context); it runs on a pool of worker threads so that concurrent calls use every core. The JWT
 * (well under a millisecond) is signed here while the worker works.
 */
export function createBodySigner(deps: BodySignerDeps, opts: BodySignerOptions = {}): BodySigner {
  const signers = new Map<string, Signer>();
  const clock = opts.clock ?? systemClock;
  const workers = opts.workers ?? os.availableParallelism();
  if (!Number.isInteger(workers) || workers < 0) throw new TypeError(`workers must be an integer ≥ 0, got ${workers}`);
  const pool: DiPool | null =
    workers === 0
      ? null
      : createDiPool({
          workers,
          documentLoader: deps.documentLoader,
          ...(opts.jobTimeoutMs !== undefined ? { jobTimeoutMs: opts.jobTimeoutMs } : {}),
          ...(opts.resourceLimits !== undefined ? { resourceLimits: opts.resourceLimits } : {}),
          ...(opts.shareTermDefinitions !== undefined ? { shareTermDefinitions: opts.shareTermDefinitions } : {}),
        });

  async function signerFor(keystoreId: string, keyId: string): Promise<Signer> {
    let signer = signers.get(keyId);
    if (!signer) {
      signer = await deps.keys.signer(keystoreId, keyId);
      signers.set(keyId, signer);
    }
    return signer;
  }

  function signDi(unsigned: Record<string, unknown>, signer: Signer, created: Date): Promise<Record<string, unknown>> {
    return pool ? pool.sign(unsigned, signer, created) : issueDataIntegrity(unsigned, signer, deps.documentLoader, created);
  }

  return {
    async sign(bodyId: string, unsigned: Record<string, unknown>, securing: readonly Securing[], at?: Date): Promise<SignedForms> {
      // One instant, to the second, picks the key and dates both proofs: the key's period always holds the date.
      const signedAt = toSecond(at ?? clock());
      const key = await deps.registry.currentKey(bodyId, signedAt);
      const signer = await signerFor(key.keystoreId, key.id);
      const [dataIntegrity, jwt] = await Promise.all([
        securing.includes('di') ? signDi(unsigned, signer, signedAt) : null,
        securing.includes('jwt') ? signVcJwt(unsigned, deps.keys, key.keystoreId, key.id, { signedAt }) : null,
      ]);
      return { keyId: key.id, dataIntegrity, jwt };
    },
    async start() {
      await pool?.start();
    },
    async close() {
      await pool?.close();
    },
    stats() {
      return pool?.stats() ?? null;
    },
  };
}

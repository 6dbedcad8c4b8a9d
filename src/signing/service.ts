import os from 'node:os';
import type { ResourceLimits } from 'node:worker_threads';
import { systemClock, toSecond, type Clock } from '../clock.js';
import type { KeyStore, Signer } from '../keystore/index.js';
import type { DocumentLoader } from '../resolver/index.js';
import { signDataIntegrity } from './data-integrity.js';
import { createDiPool, type DiPool, type DiPoolStats } from './pool.js';
import { signVcJwt } from './vc-jwt.js';
import { signQrCwt } from './qr-cwt.js';

/**
 * The securing mechanisms: a Data Integrity proof (eddsa-rdfc-2022), a VC-JOSE `application/vc+jwt`, and the QR
 * code's compact form (format 2: a COSE_Sign1/CWT of the claims an employer checks, src/vc/qr/FORMAT.md).
 */
export type SecuringForm = 'di' | 'jwt' | 'cwt';

export interface SignedForms {
  keyId: string;
  dataIntegrity: Record<string, unknown> | null;
  jwt: string | null;
  /**
   * The format-2 COSE_Sign1, base64url; null when not asked for, or when the credential cannot be carried in
   * format 2 exactly (its QR code then holds format 1, the whole VC-JWT).
   */
  cwt?: string | null;
}

/** What signing needs from the registry: the key an owner signs with at an instant (RegistryService fits). */
export interface CurrentKeySource {
  currentKey(owner: string, at?: Date): Promise<{ id: string; keystoreId: string }>;
}

/**
 * Signs with the owner's key in use at `at` (rounded down to its second; default: the service's clock now), and
 * dates the signature with that same instant: Data Integrity `proof.created`, VC-JWT `iat`. The key and the date it
 * is judged by so always agree. Credentials, wallet copies, status lists and supersession registers all go
 * through this one function. Private keys stay in the keystore; this only asks it to sign.
 */
export interface Signs {
  sign(owner: string, unsigned: Record<string, unknown>, forms: readonly SecuringForm[], at?: Date): Promise<SignedForms>;
}

export interface SigningDeps {
  keySource: CurrentKeySource;
  keys: KeyStore;
  documentLoader: DocumentLoader;
}

export interface SigningOptions {
  /**
   * Worker threads that canonicalize for Data Integrity proofs; 0 signs on the calling thread. Default: the cores
   * available. Keys never leave this thread either way: workers send back what to sign.
   */
  workers?: number;
  /** A Data Integrity signature not done this long after a worker took it fails with ERR_UNAVAILABLE. */
  jobTimeoutMs?: number;
  /** Heap limits of each worker. */
  resourceLimits?: ResourceLimits;
  /** Workers share (frozen) term definitions when copying JSON-LD contexts (see jsonld-sharing.ts); default true. */
  shareTermDefinitions?: boolean;
  /** Dates signatures when the caller gives no instant; pass the services' clock. */
  clock?: Clock;
}

/** The signing service owns worker threads: `close()` them at shutdown (idle workers never hold the process). */
export interface SigningService extends Signs {
  /** Starts the workers now instead of at the first Data Integrity signature (a benchmark, a warm start). */
  start(): Promise<void>;
  /** Lets queued signatures finish, then stops the workers. Later signatures fail with ERR_UNAVAILABLE. */
  close(): Promise<void>;
  /** The pool's counters; null when signing in-process. */
  stats(): DiPoolStats | null;
}

/**
 * Data Integrity signing is mostly JSON-LD expansion and canonicalization (pure CPU, ~10 ms a credential with the
 * Open Badges 3.0 context); it runs on a pool of worker threads so that concurrent calls use every core. The JWT
 * (well under a millisecond) is signed here while the worker works. The keystore signer is kept per key, so a
 * private key is opened (decrypted) once, not at every signature.
 */
export function createSigningService(deps: SigningDeps, opts: SigningOptions = {}): SigningService {
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

  return {
    async sign(owner, unsigned, forms, at) {
      // One instant, to the second, picks the key and dates both proofs: the key's period always holds the date.
      const signedAt = toSecond(at ?? clock());
      const key = await deps.keySource.currentKey(owner, signedAt);
      const [dataIntegrity, jwt, cwt] = await Promise.all([
        forms.includes('di') ? signerFor(key.keystoreId, key.id).then((signer) => (pool ? pool.sign(unsigned, signer, signedAt) : signDataIntegrity(unsigned, signer, deps.documentLoader, { created: signedAt }))) : null,
        forms.includes('jwt') ? signVcJwt(unsigned, deps.keys, key.keystoreId, key.id, { signedAt }) : null,
        forms.includes('cwt') ? signerFor(key.keystoreId, key.id).then((signer) => signQrCwt(unsigned, signer, signedAt)) : null,
      ]);
      return forms.includes('cwt') ? { keyId: key.id, dataIntegrity, jwt, cwt } : { keyId: key.id, dataIntegrity, jwt };
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

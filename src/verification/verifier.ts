import type { QrDecoder } from './decode.js';
import type { CheckName, PresentationReport, VerificationReport } from './model.js';
import { verifyPresentation, type PresentationOptions } from './presentation.js';
import { createStatusListCache, type StatusListFetcher } from './status.js';
import type { VerifiedTrustRegistry } from './trust-registry.js';
import { verifyCredential, type VerificationContext } from './verify.js';

export interface VerifierDeps {
  /** The JSON-LD contexts the verifier may use, by URL. */
  contexts: ReadonlyMap<string, unknown>;
  /** The current verified trust registry: a fixed one (offline) or a live source (the server). */
  trust: () => VerifiedTrustRegistry | Promise<VerifiedTrustRegistry>;
  statusLists?: StatusListFetcher;
  /** Where supersession registers come from (see `VerificationContext.supersessions`). */
  supersessions?: StatusListFetcher;
  /**
   * Verified status lists are kept for the `ttl` each list states. `false` turns the cache off, for a source that is
   * already local and authoritative (the server reading its own lists), where a cache would only delay a revocation.
   */
  statusCache?: false | { maxEntries?: number };
  decodeQr?: QrDecoder;
  clock?: () => Date;
  maxClockSkewSeconds?: number;
  canonicalizationMs?: number;
}

export interface VerifyOptions {
  checks?: readonly CheckName[];
  /** Verify as of this instant instead of the clock's. */
  now?: Date;
}

export interface Verifier {
  verify(input: unknown, opts?: VerifyOptions): Promise<VerificationReport>;
  verifyPresentation(input: unknown, opts?: VerifyOptions & PresentationOptions): Promise<PresentationReport>;
}

/** A verifier bound to its sources; it keeps only the status list cache between calls. */
export function createVerifier(deps: VerifierDeps): Verifier {
  const clock = deps.clock ?? (() => new Date());
  const statusCache = deps.statusCache === false ? undefined : createStatusListCache(deps.statusCache?.maxEntries);
  const context = async (opts: VerifyOptions): Promise<VerificationContext> => ({
    trust: await deps.trust(),
    contexts: deps.contexts,
    statusLists: deps.statusLists,
    supersessions: deps.supersessions,
    statusCache,
    decodeQr: deps.decodeQr,
    now: opts.now ?? clock(),
    checks: opts.checks,
    maxClockSkewSeconds: deps.maxClockSkewSeconds,
    canonicalizationMs: deps.canonicalizationMs,
  });
  return {
    async verify(input, opts = {}) {
      return verifyCredential(input, await context(opts));
    },
    async verifyPresentation(input, opts = {}) {
      return verifyPresentation(input, { ...(await context(opts)), challenge: opts.challenge, domain: opts.domain });
    },
  };
}

/**
 * The verifier library: browser-safe (no Node-only module), so the public verifier page can bundle it. Node adapters
 * live in `node.ts` (contexts from disk, a directory of status lists) and `server.ts` (the live registry and
 * in-process status lists of the Avala service).
 */
export {
  CHECK_NAMES,
  REASON_CODES,
  type Check,
  type CheckName,
  type CheckStatus,
  type CredentialFacts,
  type CredentialFormat,
  type Message,
  type PresentationReport,
  type ReasonCode,
  type VerificationReport,
  type Warning,
} from './model.js';
export { REASONS, problemDetails } from './reasons.js';
export { isAuthenticNonCompetency } from './competency.js';
export { LIMITS, DEFAULT_MAX_CLOCK_SKEW_SECONDS, jsonDepthExceeds } from './limits.js';
export { VC_JWT_DATA_URL_PREFIX, type QrDecoder } from './decode.js';
export { avalaQrDecoder } from './qr.js';
export {
  anchorKeysFromDidDocument,
  verifyTrustRegistry,
  MAX_TRUST_REGISTRY_BYTES,
  type AnchorKey,
  type TrustRegistryResult,
  type VerifiedTrustRegistry,
} from './trust-registry.js';
export { createStatusListCache, type FetchedStatusList, type StatusListCache, type StatusListFetcher, type VerifiedStatusList } from './status.js';
export { createHttpStatusListFetcher, isPrivateHost, type HttpFetcherOptions } from './http-fetcher.js';
export { verifyCredential, type VerificationContext } from './verify.js';
export { verifyPresentation, type PresentationOptions } from './presentation.js';
export { createVerifier, type Verifier, type VerifierDeps, type VerifyOptions } from './verifier.js';

export { AUDIT_OUTCOMES, CHAIN_BREAKS, type AuditEntry, type AuditEvent, type AuditOutcome, type ChainBreak, type ChainHead, type ChainVerification, type JsonObject, type JsonValue } from './model.js';
export { ZERO_HASH, MAX_DETAILS_CHARS, MAX_FIELD_CHARS, ChainVerifier, canonicalEntry, hashEntry, nextEntry, normaliseDetails, verifyChain } from './chain.js';
export type { AuditFilter, AuditRepository } from './ports.js';
export { AuditService, MAX_LIST_LIMIT, type AuditDeps } from './service.js';
export { escapeControl, formatAuditLine, logValue } from './log-line.js';
export {
  buildStatistics,
  publicStatistics,
  type BodyInfo,
  type IssuanceCount,
  type IssuanceCountSource,
  type PublicStatistics,
  type StandardInfo,
} from './statistics.js';

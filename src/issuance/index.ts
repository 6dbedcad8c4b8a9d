export * from './model.js';
export type { IssuanceRepository, StatusAllocator, StatusPair, StatusRef, CredentialSigner, SignedForms, StoredCredential, OutgoingMessage, ClaimNotice } from './ports.js';
export { IssuanceService, hashClaimToken, type StaffActor, type NewEvaluation, type Certified, type IssuanceDeps } from './service.js';
export { curpCheckDigit } from './curp.js';
export { BatchService, BATCH_COLUMNS, DEFAULT_BATCH_LIMITS, type ImportReport, type BatchLimits, type BatchClaimLink } from './batch.js';
export { validateCurp } from './curp.js';

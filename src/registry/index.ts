export * from './model.js';
export type { RegistryRepository, StandardFilter, ApiKeyRecord} from './ports.js';
export { RegistryService, type RegistryDeps, type NewStandard, type AuthenticatedStaff, type StaffAuthority, type ApiKeyView } from './service.js';
export { buildDidDocument, type DidDocument, type VerificationMethod } from './did-document.js';
export { MIN_BODIES_PER_STANDARD, isAccreditedAt, didWebFor, underCoveredStandards, type CoverageRow } from './rules.js';
export { buildTrustRegistry, type TrustRegistryInput } from './trust-registry.js';

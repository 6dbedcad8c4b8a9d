export { openDatabase, migrate, pendingMigrations, pingDatabase, type Db } from './database.js';
export { sqliteRegistryRepository } from './registry-repository.js';
export { sqliteAuditRepository, sqliteIssuanceCounts } from './audit-repository.js';
export { sqliteStatusRepository, linkStatusEntries } from './status-repository.js';
export { sqliteIssuanceRepository } from './issuance-repository.js';
export { sqliteOid4vciRepository } from './oid4vci-repository.js';
export { sqliteIdempotencyStore } from './idempotency-repository.js';
export { sqliteSupersessionRepository } from './supersession-repository.js';
export { sqliteOutboxRepository } from './outbox-repository.js';

export * from './model.js';
export type { ConsoleRepository, PasswordHasher } from './ports.js';
export { ConsoleService, tokensMatch, type ConsoleDeps, type PasswordLink, type PasswordLinkNotice, type PasswordLinkView } from './service.js';
export { LOCKOUT, PASSWORD_MIN, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, lockoutWait, normalizeEmail, sessionExpiry } from './rules.js';
export { argon2idHasher } from './passwords.js';
export { passwordLinkMessage } from './messages.js';
export { bodyDashboard, authorityDashboard, monthOf, HORIZON_DAYS, type BodyDashboard, type AuthorityDashboard, type AccreditationLine, type DashboardDeps } from './dashboard.js';
export { CertificationJobs, CLAIM_LINKS_KEPT_MS, type CertificationJob } from './batch-jobs.js';

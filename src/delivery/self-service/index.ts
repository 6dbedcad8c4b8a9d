export type { CodeRequest, WorkerAccessRepository, WorkerSession } from './model.js';
export { WorkerAccessService, type WorkerCertificate } from './service.js';
export { CODE_RULES } from './rules.js';

import type { Logger } from 'pino';
import type { Services } from '../compose.js';
import { pendingMigrations, pingDatabase } from '../storage/index.js';
import { Readiness } from './health.js';
import { opsHttp, type OpsHttp } from './http.js';
import type { OpsMetrics } from './metrics.js';
import { authorityKeyProbe, databaseProbe, migrationsProbe } from './probes.js';

export { createMetrics, observeOutbox, type OpsMetrics } from './metrics.js';
export { Readiness, type Probe, type ReadinessReport } from './health.js';
export { opsHttp, opsRouter, requestLog, requestMetrics, type OpsHttp } from './http.js';
export { createLogger, logPath, REDACT_PATHS } from './logger.js';
export { instrumentCredentialSigner, instrumentStatusListSigner, instrumentVerifier } from './instrument.js';
export { authorityKeyProbe, databaseProbe, migrationsProbe } from './probes.js';
export { drainOnSignal, drainServer, type DrainOptions } from './shutdown.js';

/** The readiness of composed services: database reachable, migrations applied, authority key usable. */
export function serviceReadiness(s: Pick<Services, 'db' | 'registry' | 'keys'>): Readiness {
  return new Readiness([databaseProbe(() => pingDatabase(s.db)), migrationsProbe(() => pendingMigrations(s.db)), authorityKeyProbe(s.registry, s.keys)]);
}

/** Everything operations mounts on the app for composed services. */
export function serviceOps(s: Pick<Services, 'db' | 'registry' | 'keys'>, opts: { metrics: OpsMetrics; metricsToken?: string; logger?: Logger; readiness?: Readiness }): OpsHttp & { readiness: Readiness } {
  const readiness = opts.readiness ?? serviceReadiness(s);
  return { ...opsHttp({ readiness, metrics: opts.metrics, metricsToken: opts.metricsToken, logger: opts.logger }), readiness };
}

import path from 'node:path';
import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { loadConfig, type Config } from './config.js';
import { compose, seedDemoIfEmpty, type Services } from './compose.js';
import { createApp } from './http/index.js';
import { createLogger, createMetrics, drainOnSignal, serviceOps } from './ops/index.js';
import { verifierBundle } from './web/index.js';
import { readAuthoritySeal } from './delivery/pdf/index.js';

export async function start(config: Config = loadConfig()): Promise<{ server: Server; services: Services }> {
  // One JSON line per event on stderr (src/ops/logger.ts redacts secrets and CURPs).
  const logger = createLogger({ level: config.logLevel });
  const log = (line: string) => logger.info(line);
  const metrics = createMetrics();
  if (config.usingDevMasterKey) log('WARNING: using the public DEV master key; set AVALA_MASTER_KEY outside development');
  // Read before anything starts: a seal that cannot be read stops the start, not the first certificate.
  const authority = { name: config.authorityName, seal: config.authoritySealPath ? readAuthoritySeal(config.authoritySealPath) : null };
  const services = await compose(config, { metrics });
  if (config.seedDemo) {
    const seeded = await seedDemoIfEmpty(services);
    if (seeded) log(`demo data created; demo staff API keys are in ${path.join(path.dirname(config.dbPath), 'demo-api-keys.json')}`);
  }
  const ops = serviceOps(services, { metrics, metricsToken: config.metricsToken, logger });
  const app = createApp({ ...services, publicUrl: config.publicUrl, adminToken: config.adminToken, production: config.production, authority, log, ops });
  const server = app.listen(config.port, config.host);
  // Longer than the idle timeout of clients and proxies in front, so a reused socket is never closed mid-request.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  // Build the in-browser verifier now rather than on the first visitor's request.
  void verifierBundle().catch((e: unknown) => log(`verifier page bundle not built: ${String(e)}`));
  services.outbox.start();
  services.notifications.start();
  log(`notifications: ${config.notifications.length ? `${config.notifications.join(', ')}, scanned every ${config.notifyIntervalSeconds} s` : 'off (AVALA_NOTIFICATIONS=none)'}`);
  log(`outbox: messages go to ${services.outbox.transportDescription}${config.smtpUrl ? '' : ' (AVALA_SMTP_URL is not set)'}`);
  // The bound port, not the configured one: PORT=0 asks for any free port (tests, several instances on one host).
  const bound = server.address();
  const port = typeof bound === 'object' && bound ? bound.port : config.port;
  logger.info({ port }, `Avala listening on http://${config.host}:${port} (public URL ${config.publicUrl}, database ${config.dbPath})`);
  // SIGTERM drains (src/ops/shutdown.ts): readiness fails, the listener closes, requests in flight finish.
  drainOnSignal(server, {
    readiness: ops.readiness,
    shutdownDelayMs: config.shutdownDelayMs,
    drainTimeoutMs: config.drainTimeoutMs,
    log,
    onDrained: () => services.close(),
  });
  return { server, services };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  start().catch((e: unknown) => {
    process.stderr.write(`Avala could not start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}

import path from 'node:path';
import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { loadConfig, type Config } from './config.js';
import { compose, seedDemoIfEmpty, type Services } from './compose.js';
import { createApp } from './http/index.js';
import { verifierBundle } from './web/index.js';

export async function start(config: Config = loadConfig()): Promise<{ server: Server; services: Services }> {
  const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  if (config.usingDevMasterKey) log('WARNING: using the public DEV master key; set AVALA_MASTER_KEY outside development');
  const services = await compose(config);
  if (config.seedDemo) {
    const seeded = await seedDemoIfEmpty(services);
    if (seeded) log(`demo data created; demo staff API keys are in ${path.join(path.dirname(config.dbPath), 'demo-api-keys.json')}`);
  }
  const app = createApp({ ...services, publicUrl: config.publicUrl, adminToken: config.adminToken, log });
  const server = app.listen(config.port, config.host);
  // Longer than the idle timeout of clients and proxies in front, so a reused socket is never closed mid-request.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  // Build the in-browser verifier now rather than on the first visitor's request.
  void verifierBundle().catch((e: unknown) => log(`verifier page bundle not built: ${String(e)}`));
  log(`Avala listening on http://${config.host}:${config.port} (public URL ${config.publicUrl}, database ${config.dbPath})`);
  const stop = () => {
    server.close(() => {
      void services.close().finally(() => process.exit(0));
    });
    server.closeAllConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return { server, services };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  start().catch((e: unknown) => {
    process.stderr.write(`Avala could not start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}

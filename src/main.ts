import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { systemClock, type Clock } from './clock.js';
import { loadConfig, type Config } from './config.js';
import { createApp } from './http/index.js';
import { openFileKeyStore, type KeyStore } from './keystore/index.js';
import { RegistryService } from './registry/index.js';
import { seedDemoRegistry, type DemoStaffKey } from './registry/demo.js';
import { openDatabase, sqliteRegistryRepository, type Db } from './storage/index.js';

export interface Services {
  config: Config;
  db: Db;
  keys: KeyStore;
  registry: RegistryService;
  close(): void;
}

/** The one composition root: config → database (migrated) → adapters → domain services. */
export async function compose(config: Config, clock: Clock = systemClock): Promise<Services> {
  const db = openDatabase(config.dbPath);
  try {
    const keys = openFileKeyStore(config.keysDir, config.masterKey, { devOnly: config.usingDevMasterKey });
    const registry = new RegistryService({ repo: sqliteRegistryRepository(db), keys, clock, newId: () => crypto.randomUUID(), publicUrl: config.publicUrl });
    await registry.ensureAuthorityKey();
    return { config, db, keys, registry, close: () => db.close() };
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Seeds demo data once, into an empty registry, and writes the demo staff keys beside the database. */
export async function seedDemoIfEmpty(s: Services, clock: Clock = systemClock): Promise<DemoStaffKey[] | null> {
  if ((await s.registry.listBodies()).length > 0) return null;
  const keys = await seedDemoRegistry(s.registry, clock());
  const file = path.join(path.dirname(s.config.dbPath), 'demo-api-keys.json');
  fs.writeFileSync(file, JSON.stringify({ warning: 'DEMO staff API keys for local development only', keys }, null, 2), { mode: 0o600 });
  return keys;
}

export async function start(config: Config = loadConfig()): Promise<{ server: Server; services: Services }> {
  const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  if (config.usingDevMasterKey) log('WARNING: using the public DEV master key; set AVALA_MASTER_KEY outside development');
  const services = await compose(config);
  if (config.seedDemo) {
    const seeded = await seedDemoIfEmpty(services);
    if (seeded) log(`demo data created; demo staff API keys are in ${path.join(path.dirname(config.dbPath), 'demo-api-keys.json')}`);
  }
  const app = createApp({ publicUrl: config.publicUrl, adminToken: config.adminToken, registry: services.registry, log });
  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  log(`Avala listening on http://${config.host}:${config.port} (public URL ${config.publicUrl}, database ${config.dbPath})`);
  const stop = () => {
    server.close(() => {
      services.close();
      process.exit(0);
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

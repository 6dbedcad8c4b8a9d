import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { AppError } from './errors.js';
import { AuditService, publicStatistics, type AuditEvent } from './audit/index.js';
import type { Journal } from './journal.js';
import type { IdempotencyStore } from './http/idempotency.js';
import { currentRequestId } from './request-context.js';
import { instrumentCredentialSigner, instrumentStatusListSigner, instrumentVerifier, observeOutbox, type OpsMetrics } from './ops/index.js';
import { Oid4vciService } from './delivery/oid4vci/index.js';
import { OutboxSender, claimLinkMessage, fileTransport, smtpTransport } from './delivery/outbox/index.js';
import { NotificationService } from './delivery/notifications/index.js';
import { WorkerAccessService } from './delivery/self-service/index.js';
import { sqliteWorkerAccessRepository } from './storage/worker-access-repository.js';
import { sqliteNotificationRepository } from './storage/notification-repository.js';
import { BatchService, IssuanceService } from './issuance/index.js';
import { assertTermsDefined, createSigningService, type SigningService } from './signing/index.js';
import { openFileKeyStore, type KeyStore } from './keystore/index.js';
import { RegistryService } from './registry/index.js';
import { ConsoleService, argon2idHasher, passwordLinkMessage, type OversightSource } from './console/index.js';
import { seedDemoRegistry, type DemoStaffKey } from './demo/registry.js';
import { createDidResolver, createDocumentLoader, readExtraContexts, type DocumentLoader } from './resolver/index.js';
import { StatusService, SupersessionService } from './status/index.js';
import { createServerVerifier, type ServerVerifier } from './verification/server.js';
import { openDatabase, sqliteAuditRepository, sqliteConsoleRepository, sqliteIdempotencyStore, sqliteIssuanceCounts, sqliteOversightSource, sqliteOid4vciRepository, sqliteIssuanceRepository, sqliteOutboxRepository, sqliteRegistryRepository, sqliteStatusRepository, sqliteSupersessionRepository, type Db } from './storage/index.js';

export interface Services {
  config: Config;
  clock: Clock;
  /** The URLs of Avala's JSON-LD context: what new credentials name, and every one served and verified. */
  contexts: AvalaContextUrls;
  db: Db;
  keys: KeyStore;
  documentLoader: DocumentLoader;
  signer: SigningService;
  audit: AuditService;
  registry: RegistryService;
  status: StatusService;
  /** Each body's signed supersession register (renewed certificates). */
  supersessions: SupersessionService;
  issuance: IssuanceService;
  batches: BatchService;
  statistics: () => ReturnType<typeof publicStatistics>;
  /** The facts the authority's oversight page reads. */
  oversight: OversightSource;
  verifier: ServerVerifier;
  oid4vci: Oid4vciService;
  /** Delivers the outbox (claim links by e-mail); `main.ts` starts it, tests drive it with `drain()`. */
  outbox: OutboxSender;
  /** Expiry, status-change and renewal notices into the outbox; `main.ts` starts its scans, tests call `runOnce()`. */
  notifications: NotificationService;
  /** The worker's own page: CURP + e-mail, a code, then all their certificates. */
  workers: WorkerAccessService;
  /** Idempotency-Key records of the creating POSTs. */
  idempotency: IdempotencyStore;
  /** The web console's accounts, sessions and set-password links. */
  console: ConsoleService;
  /** A credential's state as the registry reads it (active, suspended, revoked, superseded, expired). */
  stateOf: (credentialId: string) => Promise<string>;
  close(): Promise<void>;
}

export interface ComposeOptions {
  clock?: Clock;
  /** Status list capacity; only tests go below the 131,072 herd-privacy floor. */
  statusListSize?: number;
  log?: (line: string) => void;
  /** Worker threads for Data Integrity signing (default: the cores available; 0 signs on the calling thread). */
  signingWorkers?: number;
  /**
   * The database remembers the public URL its credentials name (status lists, achievements). `record` (the server,
   * `avala init`) writes it when the database has none yet; `compare` (operator commands) only checks it. Both
   * refuse a config whose public URL differs from the recorded one.
   */
  publicUrl?: 'record' | 'compare';
  /**
   * The same for the URL new credentials name Avala's context by (config `contextUrl`): `record` and `compare` as for
   * the public URL; `adopt` (`avala context-url adopt`, the operator's decision) records the configured one in place
   * of the recorded one, which stays known (served and verified) for the credentials that name it. Default: as
   * `publicUrl`.
   */
  contextUrl?: 'record' | 'compare' | 'adopt';
  /** Prometheus metrics (src/ops/): signatures, verifications and status-list re-signs are counted and timed when given. */
  metrics?: OpsMetrics;
  /** Unpredictable bytes for claim tokens and CURP salts (default node:crypto); a test can make them known. */
  randomBytes?: (n: number) => Uint8Array;
}

/** Refuses to open a database with another public URL than the one its credentials were issued under. */
async function checkPublicUrl(settings: Settings, publicUrl: string, mode: 'record' | 'compare'): Promise<void> {
  const recorded = await settings.getSetting('public_url');
  if (recorded === null) {
    if (mode === 'record') await settings.setSetting('public_url', publicUrl);
    return;
  }
  if (recorded !== publicUrl) {
    throw new AppError(
      'ERR_PUBLIC_URL_MISMATCH',
      `This database was created for the public URL ${recorded}, but this command was given ${publicUrl}; set AVALA_PUBLIC_URL=${recorded} (credentials name that address), or use another database`,
    );
  }
}

type Settings = { getSetting(k: string): Promise<string | null>; setSetting(k: string, v: string): Promise<void> };

/** Every URL of Avala's context this deployment knows besides the legacy one: the first is what new credentials name. */
export interface AvalaContextUrls {
  /** What new credentials name (recorded in the database, and the same as config `contextUrl`). */
  url: string;
  /** `url`, the URLs recorded before it, then config `contextAliases`: each served and verified as the same file. */
  urls: readonly string[];
}

/**
 * Refuses to open a database whose credentials name another context URL than the configured one, unless `adopt`
 * says the operator chose the new one; a URL recorded before stays in `context_urls_before` for good (credentials
 * are forever, and so is every URL they name).
 */
async function checkContextUrl(settings: Settings, config: Pick<Config, 'contextUrl' | 'contextAliases'>, mode: 'record' | 'compare' | 'adopt'): Promise<AvalaContextUrls> {
  const recorded = await settings.getSetting('context_url');
  const before: string[] = JSON.parse((await settings.getSetting('context_urls_before')) ?? '[]') as string[];
  const wanted = config.contextUrl;
  if (recorded === null) {
    if (mode !== 'compare') await settings.setSetting('context_url', wanted);
  } else if (recorded !== wanted) {
    if (mode !== 'adopt') {
      throw new AppError(
        'ERR_CONTEXT_URL_MISMATCH',
        `New credentials of this database name the JSON-LD context ${recorded}, but the configuration gives ${wanted}; set AVALA_CONTEXT_URL=${recorded}, or, to name ${wanted} from now on, run \`avala context-url adopt\` with this configuration (and keep ${recorded} served: see docs/contexts.md)`,
      );
    }
    const next = [...before.filter((u) => u !== wanted && u !== recorded), recorded];
    await settings.setSetting('context_urls_before', JSON.stringify(next));
    await settings.setSetting('context_url', wanted);
    before.splice(0, before.length, ...next);
  }
  return { url: wanted, urls: Object.freeze([...new Set([wanted, ...before, ...config.contextAliases])]) };
}

/** The one composition root: config → database (migrated) → adapters → domain services. */
export async function compose(config: Config, opts: ComposeOptions = {}): Promise<Services> {
  const clock = opts.clock ?? systemClock;
  // Time-ordered (UUIDv7): rows are added at the end of each id index instead of at random places in it, so a
  // batch's commits write a few pages each rather than one per row (100,000 certificates: see bench/README.md).
  const newId = () => uuidv7();
  const db = openDatabase(config.dbPath);
  try {
    const keys = openFileKeyStore(config.keysDir, config.masterKey, { devOnly: config.usingDevMasterKey });
    const audit = new AuditService({ repo: sqliteAuditRepository(db), clock, log: opts.log });
    // Domain events carry no request id of their own; the HTTP layer's context supplies it.
    const withRequest = <E extends object>(e: E & { requestId?: string | null }) => ({ ...e, requestId: e.requestId ?? currentRequestId() });
    const onEvent = (e: AuditEvent) => audit.record(withRequest(e));
    const onEvents = async (es: readonly AuditEvent[]) => void (await audit.appendAll(es.map((e) => withRequest(e))));
    // Registry, issuance and status changes are recorded in the very transaction that makes them (promise 12 of docs/reliability.md).
    const journal: Journal = (es) => audit.appendWithinTransaction(es.map((e) => withRequest(e)));
    // Registry changes reach the verifier at once (it caches the trust registry it builds).
    let verifier: ServerVerifier | undefined;
    const registryRepo = sqliteRegistryRepository(db, journal);
    await checkPublicUrl(registryRepo, config.publicUrl, opts.publicUrl ?? 'record');
    const contexts = await checkContextUrl(registryRepo, config, opts.contextUrl ?? opts.publicUrl ?? 'record');
    const registry = new RegistryService({
      repo: registryRepo,
      keys,
      clock,
      newId,
      publicUrl: config.publicUrl,
      contextUrls: contexts.urls,
      onChange: () => verifier?.invalidateTrust(),
    });
    // Our did:web documents come from our own registry: resolving them never leaves the process.
    const didResolver = createDidResolver({ web: (did) => registry.didDocumentFor(did), cache: false });
    // The operator's extra contexts, read once: a fault in the folder stops the start.
    const extraContexts = config.extraContextsDir ? readExtraContexts(config.extraContextsDir) : new Map();
    const documentLoader = createDocumentLoader({ didResolver, avalaContextUrls: contexts.urls, extraContexts });
    const signing = createSigningService({ keySource: registry, keys, documentLoader }, { clock, workers: opts.signingWorkers });
    const signer = instrumentCredentialSigner(signing, opts.metrics);
    const status = new StatusService({
      repo: sqliteStatusRepository(db, journal),
      signer: instrumentStatusListSigner(signing, opts.metrics),
      clock,
      randomInt: (max) => crypto.randomInt(max),
      newId,
      publicUrl: config.publicUrl,
      options: opts.statusListSize ? { listSize: opts.statusListSize, allowSmallListsForTests: true } : {},
      onEvent,
    });
    const supersessions = new SupersessionService({ repo: sqliteSupersessionRepository(db), signer: signing, clock, publicUrl: config.publicUrl });
    verifier = instrumentVerifier(createServerVerifier({ registry, status, supersessions, clock, publicUrl: config.publicUrl, avalaContextUrls: contexts.urls, extraContexts }), opts.metrics);
    const issuanceRepo = sqliteIssuanceRepository(db, journal);
    const issuance = new IssuanceService({
      repo: issuanceRepo,
      registry,
      status,
      signer,
      clock,
      newId,
      randomBytes: opts.randomBytes ?? crypto.randomBytes,
      publicUrl: config.publicUrl,
      contextUrl: contexts.url,
      onEvents,
      assertTermsDefined: (credential) => assertTermsDefined(credential, documentLoader),
      ...(config.mailClaimLinks ? { claimMessage: claimLinkMessage } : {}),
    });
    const mail = { from: config.mailFrom, domain: new URL(config.publicUrl).hostname };
    const outbox = new OutboxSender({
      repo: sqliteOutboxRepository(db),
      transport: config.smtpUrl ? smtpTransport(config.smtpUrl, mail) : fileTransport(config.outboxDir, mail),
      clock,
      log: opts.log,
    }, { leaseSeconds: config.outboxLeaseSeconds });
    if (opts.metrics) observeOutbox(opts.metrics, () => outbox.counts());
    const notifications = new NotificationService(
      { repo: sqliteNotificationRepository(db), clock, log: opts.log },
      { kinds: config.notifications, intervalMs: config.notifyIntervalSeconds * 1000, pageSize: 500 },
    );
    const batches = new BatchService({ repo: issuanceRepo, issuance, clock, newId, onEvents });
    const stateOf = async (credentialId: string) => (await status.read(credentialId, { kind: 'admin' })).state;
    const workers = new WorkerAccessService({
      repo: sqliteWorkerAccessRepository(db),
      issuance,
      stateOf,
      clock,
      randomInt: (max) => crypto.randomInt(max),
      randomBytes: opts.randomBytes ?? crypto.randomBytes,
      onEvents,
    });
    const oid4vci = new Oid4vciService({
      repo: sqliteOid4vciRepository(db),
      credentials: issuanceRepo,
      issuance,
      stateOf,
      clock,
      newId,
      publicUrl: config.publicUrl,
      contextUrl: contexts.url,
      onEvents,
    });
    const consoleService = new ConsoleService({
      repo: sqliteConsoleRepository(db, journal),
      hasher: argon2idHasher,
      registry,
      clock,
      newId,
      publicUrl: config.publicUrl,
      passwordLinkMessage,
      onEvents,
    });
    await registry.ensureAuthorityKey();
    const statistics = () => publicStatistics({ source: sqliteIssuanceCounts(db), catalogue: registry, clock });
    return { config, clock, db, contexts, idempotency: sqliteIdempotencyStore(db), console: consoleService, oversight: sqliteOversightSource(db), keys, documentLoader, signer, audit, registry, status, supersessions, issuance, batches, statistics, verifier, oid4vci, outbox, notifications, workers, stateOf, close: async () => {
      // The round in progress and queued signatures finish before the database they are stored in closes.
      await notifications.stop();
      await outbox.stop();
      await signer.close();
      db.close();
    } };
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

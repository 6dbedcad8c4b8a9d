import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { notFound, problemHandler, RouteTable } from '../../src/http/route.js';
import { pageRoutes } from '../../src/http/routes/pages.js';
import { registryRoutes } from '../../src/http/routes/registry.js';
import { statusRoutes } from '../../src/http/routes/status.js';
import { supersessionRoutes } from '../../src/http/routes/supersessions.js';
import { ADMIN_TOKEN, PUBLIC_URL, startTestService, testClock, type TestService } from '../helpers/harness.js';

export interface PageService {
  svc: TestService;
  /** The loopback origin serving the page routes, the registry (trust registry) and the status lists. */
  url: string;
  close(): Promise<void>;
}

/**
 * The real services (SQLite, keystore, demo registry) behind an app of their own with the routes the verifier page
 * needs — the page, its assets, the PDFs, `/registry/trust` and `/status/:listId` — so these tests do not depend
 * on how app.ts registers routes.
 */
export async function startPageService(opts: { clock?: ReturnType<typeof testClock> } = {}): Promise<PageService> {
  const svc = await startTestService({ clock: opts.clock });
  const app = express();
  app.disable('x-powered-by');
  const router = express.Router();
  const table = new RouteTable(router, { adminToken: ADMIN_TOKEN, registry: svc.services.registry });
  pageRoutes(table, { issuance: svc.services.issuance, registry: svc.services.registry, publicUrl: PUBLIC_URL });
  registryRoutes(table, svc.services.registry);
  statusRoutes(table, svc.services.status);
  supersessionRoutes(table, svc.services.supersessions);
  app.use(router);
  app.use(notFound);
  app.use(problemHandler(() => {}));
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    svc,
    url,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await svc.close();
    },
  };
}

/** The QR URL of a credential, moved from the public origin to the test server's (the fragment is the payload). */
export function onTestOrigin(qrUrl: string, base: string): string {
  const at = qrUrl.indexOf('#');
  return `${base}/V${qrUrl.slice(at)}`;
}

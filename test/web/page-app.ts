import { pageRoutes } from '../../src/http/routes/pages.js';
import { registryRoutes } from '../../src/http/routes/registry.js';
import { statusRoutes } from '../../src/http/routes/status.js';
import { supersessionRoutes } from '../../src/http/routes/supersessions.js';
import { PUBLIC_URL, startTestService, testClock, type TestService } from '../helpers/harness.js';
import { listenRoutes } from '../helpers/routes-app.js';

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
  const routes = await listenRoutes(svc.services.registry, (t) => {
    pageRoutes(t, { issuance: svc.services.issuance, registry: svc.services.registry, publicUrl: PUBLIC_URL });
    registryRoutes(t, svc.services.registry);
    statusRoutes(t, svc.services.status);
    supersessionRoutes(t, svc.services.supersessions);
  });
  return {
    svc,
    url: routes.url,
    async close() {
      await routes.close();
      await svc.close();
    },
  };
}

/** The QR URL of a credential, moved from the public origin to the test server's (the fragment is the payload). */
export function onTestOrigin(qrUrl: string, base: string): string {
  const at = qrUrl.indexOf('#');
  return `${base}/V${qrUrl.slice(at)}`;
}

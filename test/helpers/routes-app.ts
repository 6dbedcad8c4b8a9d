import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { notFound, problemHandler, RouteTable } from '../../src/http/route.js';
import type { RegistryService } from '../../src/registry/index.js';
import { ADMIN_TOKEN } from './config.js';

export interface RoutesApp {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Route modules on an app of their own, listening on loopback: the real auth (the services' registry), the JSON body
 * parser, a 404 problem and the real problem handler around them. For tests that must not depend on how app.ts
 * registers routes, or that need other options than the app gives a module.
 */
export async function listenRoutes(registry: RegistryService, register: (t: RouteTable) => void): Promise<RoutesApp> {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '256kb', type: ['application/json', 'application/*+json'] }));
  const router = express.Router();
  register(new RouteTable(router, { adminToken: ADMIN_TOKEN, registry }));
  app.use(router);
  app.use(notFound);
  app.use(problemHandler(() => {}));
  const server: Server = app.listen(0, '127.0.0.1');
  // Longer than clients' idle reuse, so a kept-alive socket is never closed under a request (ECONNRESET).
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.once('listening', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

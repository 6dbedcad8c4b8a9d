/**
 * The server side of the HTTP rows, in its own process so the load generator does not share its event loop: the
 * Avala app exactly as `start()` builds it, and an express hello-world beside it, both on loopback. Prints one
 * JSON line (addresses, a certifier key, evaluations to certify, a credential to verify), then serves until its
 * standard input closes.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createApp } from '../src/http/index.js';
import { BODY, openBench, recordEvaluations } from './fixtures.js';

const evaluations = Number(process.argv[2] ?? 2000);
const b = await openBench();
const s = b.services;
const certifierKey = b.demo.find((d) => d.body === BODY && d.roles.join(',') === 'certifier')!.apiKey;
const recorded = await recordEvaluations(b, evaluations + 1);
const [sample] = await s.issuance.certifyMany(b.certifier, [recorded.pop()!], { skipCertified: false });

// The load generator is one client on loopback standing for many: it is the configured proxy (so its
// X-Forwarded-For names each simulated employer), and the write limit is lifted for its single certifier key.
const config = { ...s.config, trustProxy: ['loopback'], rateWritePerMinute: 1_000_000 };
const avala = createApp({ ...s, config, publicUrl: s.config.publicUrl, adminToken: s.config.adminToken, log: () => {} });
const hello = express();
hello.disable('x-powered-by');
hello.get('/hello', (_req, res) => {
  res.json({ hello: 'world' });
});

const listen = (app: express.Express) =>
  new Promise<ReturnType<express.Express['listen']>>((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
    server.keepAliveTimeout = 65_000;
  });
const [avalaServer, helloServer] = await Promise.all([listen(avala), listen(hello)]);
const url = (srv: typeof avalaServer) => `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;

process.stdout.write(
  `${JSON.stringify({
    avala: url(avalaServer),
    hello: url(helloServer),
    certifierKey,
    evaluationIds: recorded.map((e) => e.id),
    jwt: sample!.credential.jwt,
    dataIntegrity: sample!.credential.dataIntegrity,
    pool: (s.signer as { stats?: () => unknown }).stats?.() ?? null,
  })}\n`,
);

const stop = async () => {
  avalaServer.closeAllConnections();
  helloServer.closeAllConnections();
  await Promise.all([new Promise((r) => avalaServer.close(r)), new Promise((r) => helloServer.close(r))]);
  await b.close();
  process.exit(0);
};
process.stdin.on('end', () => void stop());
process.stdin.on('close', () => void stop());
process.stdin.resume();
process.once('SIGTERM', () => void stop());

/**
 * Over HTTP on loopback: autocannon against the Avala app and an express hello-world served by one child process
 * (bench/http-server.ts). Rounds alternate hello, issue, verify, so all three see the same machine. Counted: 2xx
 * answers per second; anything else is reported beside the figure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { spread } from './measure.js';
import type { Scale } from './raw.js';
import type { Row } from './report.js';

interface ServerInfo {
  avala: string;
  hello: string;
  certifierKey: string;
  evaluationIds: string[];
  jwt: string;
  dataIntegrity: Record<string, unknown>;
}

const TSX = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));

export function startChild(script: string, args: string[]): { child: ChildProcess; firstLine: Promise<string> } {
  const child = spawn(process.execPath, [TSX, fileURLToPath(new URL(script, import.meta.url)), ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const firstLine = new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before answering`)));
  });
  return { child, firstLine };
}

/** A distinct client address per request, in 10/8: only the rate limiter ever reads it. */
function clientAddress(n: number): string {
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

export async function httpRows(scale: Scale, log: (s: string) => void): Promise<Row[]> {
  const duration = scale.quick ? 2 : 6;
  const rounds = 3;
  const connections = 8;
  // Enough evaluations for the fastest issuance this machine could reach; a certified one cannot be certified again.
  const { child, firstLine } = startChild('./http-server.ts', [String(rounds * duration * 400)]);
  try {
    const info = JSON.parse(await firstLine) as ServerInfo;
    let next = 0;
    let verifyClients = 0;
    const verifyBody = JSON.stringify({ verifiableCredential: info.dataIntegrity });
    const probe = await fetch(`${info.avala}/credentials/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: verifyBody });
    const verifyPending = probe.status === 404 ? 'pending: POST /credentials/verify is not wired into createApp yet' : null;

    const runs: Record<'hello' | 'issue' | 'verify', Array<{ rate: number; ok: number; other: number; errors: number; latencyP50: number; latencyP99: number }>> = { hello: [], issue: [], verify: [] };
    const once = async (name: keyof typeof runs, opts: autocannon.Options) => {
      const r = await autocannon({ connections, duration, ...opts });
      const ok = r['2xx'];
      runs[name].push({ rate: ok / r.duration, ok, other: r.non2xx, errors: r.errors + r.timeouts, latencyP50: r.latency.p50, latencyP99: r.latency.p99 });
    };
    for (let round = 0; round < rounds; round++) {
      log(`HTTP round ${round + 1}/${rounds}`);
      await once('hello', { url: `${info.hello}/hello` });
      await once('issue', {
        url: info.avala,
        requests: [
          {
            method: 'POST',
            headers: { authorization: `Bearer ${info.certifierKey}` },
            setupRequest: (req) => ({ ...req, path: `/evaluations/${info.evaluationIds[next++ % info.evaluationIds.length]}/certify` }),
          },
        ],
      });
      if (!verifyPending) {
        await once('verify', {
          url: info.avala,
          requests: [
            {
              method: 'POST',
              path: '/credentials/verify',
              body: verifyBody,
              // The public verifier is rate-limited per client address, and the bench server trusts X-Forwarded-For
              // from loopback (a configured proxy): each request comes "from" another client, as employers' phones would.
              setupRequest: (req) => ({ ...req, headers: { 'content-type': 'application/json', 'x-forwarded-for': clientAddress(verifyClients++) } }),
            },
          ],
        });
      }
    }
    const sum = (xs: Array<{ ok: number; other: number; errors: number; latencyP50: number; latencyP99: number }>) => ({
      ok: xs.reduce((a, x) => a + x.ok, 0),
      non2xx: xs.reduce((a, x) => a + x.other, 0),
      errors: xs.reduce((a, x) => a + x.errors, 0),
      latencyP50ms: xs.map((x) => x.latencyP50),
      latencyP99ms: xs.map((x) => x.latencyP99),
    });
    const result = (name: keyof typeof runs) => spread(runs[name].map((x) => x.rate), runs[name].reduce((a, x) => a + x.ok, 0));
    const note = `${connections} connections, ${duration} s per round, loopback, server in one child process`;
    return [
      { id: 'http.hello', section: 'http', name: 'express hello-world GET', unit: 'req/s', result: result('hello'), extra: sum(runs.hello), note },
      {
        id: 'http.issue',
        section: 'http',
        name: 'POST /evaluations/:id/certify (both forms)',
        unit: 'req/s',
        result: result('issue'),
        baseline: 'http.hello',
        target: { minRatio: 0.5, text: '≥ 50 % of hello-world' },
        extra: { ...sum(runs.issue), evaluationsUsed: Math.min(next, info.evaluationIds.length) },
      },
      verifyPending
        ? { id: 'http.verify', section: 'http', name: 'POST /credentials/verify (Data Integrity)', unit: 'req/s', baseline: 'http.hello', pending: verifyPending }
        : { id: 'http.verify', section: 'http', name: 'POST /credentials/verify (Data Integrity)', unit: 'req/s', result: result('verify'), baseline: 'http.hello', extra: sum(runs.verify) },
    ];
  } finally {
    child.stdin!.end();
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
  }
}

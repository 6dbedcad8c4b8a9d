import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/config.js';
import { spawnService, type ServiceProcess } from '../helpers/process.js';

/** A request whose body is sent in two parts, so it stays in flight until `finish` is called. */
function slowRequest(url: string) {
  const body = JSON.stringify({ jwt: 'not.a.jwt' });
  const req = http.request(`${url}/verify`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } });
  const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.once('response', (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.once('error', reject);
  });
  req.write(body.slice(0, 5));
  return { answered, finish: () => req.end(body.slice(5)) };
}

async function statusOf(url: string): Promise<number | string> {
  try {
    return (await fetch(url, { headers: { connection: 'close' } })).status;
  } catch (e) {
    return ((e as { cause?: { code?: string } }).cause?.code ?? String(e));
  }
}

async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

let svc: ServiceProcess | undefined;
afterEach(() => {
  svc?.child.kill('SIGKILL');
});

describe('SIGTERM', () => {
  it('fails readiness first, then refuses new connections, and lets the request in flight finish', async () => {
    svc = await spawnService(['--import', 'tsx', 'src/main.ts'], tempDir(), { AVALA_SHUTDOWN_DELAY_MS: '1500', AVALA_DRAIN_TIMEOUT_MS: '20000' });
    expect(await statusOf(`${svc.url}/readyz`)).toBe(200);
    const slow = slowRequest(svc.url);
    // The request has reached the server (its headers are parsed) before the signal.
    await new Promise((r) => setTimeout(r, 200));

    svc.child.kill('SIGTERM');
    // While the load balancer is given time to notice, readiness fails but the listener still accepts.
    expect(await until(() => statusOf(`${svc!.url}/readyz`), (s) => s === 503, 1000)).toBe(503);
    expect(await statusOf(`${svc.url}/healthz`)).toBe(200);
    // Then the listener closes: new connections are refused.
    expect(await until(() => statusOf(`${svc!.url}/healthz`), (s) => s === 'ECONNREFUSED', 4000)).toBe('ECONNREFUSED');
    // The process is still there, waiting for the request in flight, which finishes and is answered in full.
    expect(svc.child.exitCode).toBeNull();
    slow.finish();
    const answer = await slow.answered;
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ verified: false });
    expect(await svc.exited).toBe(0);
    expect(svc.stderr()).toContain('every request in flight finished');
  });

  it('cuts a request that outlasts the drain timeout, and still exits cleanly', async () => {
    svc = await spawnService(['--import', 'tsx', 'src/main.ts'], tempDir(), { AVALA_SHUTDOWN_DELAY_MS: '0', AVALA_DRAIN_TIMEOUT_MS: '500' });
    const slow = slowRequest(svc.url);
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    svc.child.kill('SIGTERM');
    await expect(slow.answered).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(await svc.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(svc.stderr()).toContain('drain timeout (500 ms)');
  });
});

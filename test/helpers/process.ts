import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ADMIN_TOKEN } from './config.js';

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote to stderr so far (its JSON log). */
  stderr(): string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
}

/**
 * Starts the real service as its own process (`node <args>`), on a temp database and port 0, and waits for the
 * log line that names the port it bound.
 */
export async function spawnService(args: string[], dir: string, env: Record<string, string> = {}, opts: { cwd?: string; timeoutMs?: number } = {}): Promise<ServiceProcess> {
  const child = spawn(process.execPath, args, {
    cwd: opts.cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'test',
      AVALA_DB: path.join(dir, 'avala.db'),
      AVALA_KEYS_DIR: path.join(dir, 'keys'),
      AVALA_MASTER_KEY: 'test-master-key-not-secret',
      AVALA_ADMIN_TOKEN: ADMIN_TOKEN,
      AVALA_DEMO: 'false',
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  child.stdout!.resume();
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the service did not start in time:\n${err}`)), opts.timeoutMs ?? 60_000);
    const onData = () => {
      const m = /"port":(\d+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        child.stderr!.off('data', onData);
        resolve(Number(m[1]));
      }
    };
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the service exited (${code}) before listening:\n${err}`));
    });
  });
  return { child, url: `http://127.0.0.1:${port}`, stderr: () => err, exited };
}

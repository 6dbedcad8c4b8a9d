import { Readable } from 'node:stream';
import type { Command } from 'commander';
import { Option } from 'commander';

/** A refusal from the service (its problem+json), or the service not being there: printed, never a stack trace. */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface ClientOptions {
  url?: string;
  key?: string;
}

export interface Service {
  readonly url: string;
  json<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  text(path: string): Promise<string>;
  /** Streams `input` as the request body (the file is never held whole in memory). */
  upload<T = unknown>(path: string, input: Readable, type: string): Promise<T>;
}

export const DEFAULT_URL = 'http://localhost:3000';

/** `--url` and `--key`, on every command that is a client of the running service. */
export function clientOptions(c: Command, keyHelp = 'a staff API key (or AVALA_API_KEY)'): Command {
  return c.addOption(new Option('--url <url>', `the Avala service (or AVALA_URL; default ${DEFAULT_URL})`)).addOption(new Option('--key <apiKey>', keyHelp));
}

/** The certifier's tools speak to the running service over HTTP, as the staff member whose API key they hold. */
export function connect(o: ClientOptions, token: string | undefined = o.key ?? process.env.AVALA_API_KEY): Service {
  const url = (o.url ?? process.env.AVALA_URL ?? DEFAULT_URL).replace(/\/+$/, '');
  if (!token) throw new ServiceError('Give a staff API key with --key or AVALA_API_KEY', 'ERR_UNAUTHENTICATED', 0);
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json, application/problem+json' };
  const send = async (path: string, init: RequestInit & { duplex?: 'half' }): Promise<Response> => {
    let res: Response;
    try {
      res = await fetch(`${url}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new ServiceError(`The Avala service is not reachable at ${url} (${cause?.code ?? cause?.message ?? String(e)}); start it, or give its address with --url or AVALA_URL`, 'ERR_UNREACHABLE', 0);
    }
    if (!res.ok) throw await problemOf(res);
    return res;
  };
  return {
    url,
    async json<T>(method: string, path: string, body?: unknown) {
      const res = await send(path, body === undefined ? { method } : { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      return (await res.json()) as T;
    },
    async text(path: string) {
      return (await send(path, { method: 'GET', headers: { accept: 'text/csv, application/problem+json' } })).text();
    },
    async upload<T>(path: string, input: Readable, type: string) {
      const body = Readable.toWeb(input) as unknown as ReadableStream<Uint8Array>;
      const res = await send(path, { method: 'POST', body, duplex: 'half', headers: { 'content-type': type } });
      return (await res.json()) as T;
    },
  };
}

async function problemOf(res: Response): Promise<ServiceError> {
  const text = await res.text().catch(() => '');
  try {
    const p = JSON.parse(text) as { code?: string; detail?: string; title?: string };
    return new ServiceError(p.detail ?? p.title ?? `HTTP ${res.status}`, p.code ?? `HTTP_${res.status}`, res.status);
  } catch {
    return new ServiceError(`The service answered HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`, `HTTP_${res.status}`, res.status);
  }
}

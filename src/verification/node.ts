/**
 * Node-only adapters of the verifier: the local contexts read from disk, and status lists read from a directory
 * (`avala export`'s `status/`). Kept apart from `index.ts` so the browser bundle of the library never sees fs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { localContexts, type ExtraContexts } from '../resolver/index.js';
import { LIMITS } from './limits.js';
import type { StatusListFetcher } from './status.js';

/**
 * The files of `contexts/`, by URL: the only JSON-LD contexts the verifier uses. `avalaContextUrls` are the further
 * URLs a deployment names Avala's context by (see `localContexts`), each the same file; `extra` the operator's own
 * contexts (`readExtraContexts`).
 */
export function nodeContexts(avalaContextUrls: readonly string[] = [], extra?: ExtraContexts): ReadonlyMap<string, unknown> {
  return localContexts(avalaContextUrls, extra);
}

const LIST_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;

/**
 * Status lists from a directory, for offline use: the list at `…/status/<listId>` is read from `<dir>/<listId>.jwt`
 * (preferred) or `<dir>/<listId>.json`. The id is taken from the URL's last segment and must be a plain file name,
 * so a crafted URL cannot name a file outside the directory.
 */
export function createDirectoryStatusListFetcher(dir: string): StatusListFetcher {
  const root = path.resolve(dir);
  return async (url) => {
    const segment = new URL(url).pathname.split('/').filter(Boolean).at(-1) ?? '';
    const id = decodeURIComponent(segment);
    if (!LIST_ID.test(id)) throw new Error('not a status list id');
    for (const ext of ['.jwt', '.json']) {
      const file = path.join(root, `${id}${ext}`);
      const text = readBoundedFile(file, LIMITS.credentialBytes);
      if (text !== null) return { body: text, contentType: ext === '.jwt' ? 'application/vc+jwt' : 'application/json' };
    }
    throw new Error(`no file for status list ${id}`);
  };
}

const REGISTER_PATH = /\/status\/([^/]+)\/supersessions$/;

/**
 * Supersession registers from a directory (`avala export`'s `status/`): the register at `…/status/<slug>/supersessions`
 * is read from `<dir>/<slug>-supersessions.jwt`, the slug a plain file name, at most `LIMITS.supersessionRegisterBytes`.
 */
export function createDirectorySupersessionFetcher(dir: string): StatusListFetcher {
  const root = path.resolve(dir);
  return async (url) => {
    const m = REGISTER_PATH.exec(new URL(url).pathname);
    const slug = m ? decodeURIComponent(m[1]!) : '';
    if (!LIST_ID.test(slug)) throw new Error('not a supersession register address');
    const text = readBoundedFile(path.join(root, `${slug}-supersessions.jwt`), LIMITS.supersessionRegisterBytes);
    if (text === null) throw new Error(`no supersession register for ${slug}`);
    return { body: text, contentType: 'application/vc+jwt' };
  };
}

/** A UTF-8 file of at most `max` bytes; null when it does not exist. Throws when it is larger. */
export function readBoundedFile(file: string, max: number): string | null {
  const r = readFilePrefix(file, max);
  if (r && r.truncated) throw new Error(`${path.basename(file)} is larger than ${max} bytes`);
  return r?.text ?? null;
}

/**
 * At most the first `max` + 1 bytes of a file (so a caller can tell it is over the limit without reading it all);
 * null when it does not exist. Reads rather than trusting stat: a FIFO or a growing file has no honest size.
 */
export function readFilePrefix(file: string, max: number): { text: string; truncated: boolean } | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const buf = Buffer.alloc(max + 1);
    let n = 0;
    for (let r; n < buf.length && (r = fs.readSync(fd, buf, n, buf.length - n, null)) > 0; ) n += r;
    return { text: buf.subarray(0, n).toString('utf8'), truncated: n > max };
  } finally {
    fs.closeSync(fd);
  }
}

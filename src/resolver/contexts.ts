import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AVALA_CONTEXT_FILE, CONTEXT_FILES, contextFilesWith } from '../vc/index.js';

// src/resolver and dist/resolver both sit two levels below the project root.
const CONTEXTS_DIR = fileURLToPath(new URL('../../contexts/', import.meta.url));

/** Parsed and frozen, once per file: every URL of a file shares one document. */
const byFile = new Map<string, Readonly<Record<string, unknown>>>();
let base: ReadonlyMap<string, Readonly<Record<string, unknown>>> | undefined;

/** Contexts the operator adds to the built-in ones (`readExtraContexts`): URL → parsed, frozen document. */
export type ExtraContexts = ReadonlyMap<string, Readonly<Record<string, unknown>>>;

/**
 * Every local context by URL, read from disk on first use and frozen: the JSON-LD processor caches by URL, so a
 * document changed in place after the first load would make two credentials disagree about what a term means.
 * `avalaContextUrls` are further URLs of Avala's own context (the deployment's, and old origins'), each mapped to
 * the same document as `AVALA_LEGACY_CONTEXT_URL`. `extra` are the operator's own contexts (config
 * `AVALA_EXTRA_CONTEXTS_DIR`); none of them may take the URL of a built-in context or of Avala's.
 */
export function localContexts(avalaContextUrls: readonly string[] = [], extra: ExtraContexts = new Map()): ReadonlyMap<string, Readonly<Record<string, unknown>>> {
  if (avalaContextUrls.length === 0 && extra.size === 0 && base) return base;
  const table = avalaContextUrls.length === 0 ? CONTEXT_FILES : contextFilesWith(avalaContextUrls);
  const map = new Map<string, Readonly<Record<string, unknown>>>();
  for (const [url, file] of Object.entries(table)) map.set(url, documentOf(file));
  for (const [url, doc] of extra) {
    if (map.has(url)) throw new TypeError(`${url} is the URL of a context Avala holds itself; an extra context cannot replace it`);
    map.set(url, doc);
  }
  if (avalaContextUrls.length === 0 && extra.size === 0) base = map;
  return map;
}

/** The file in an extra-contexts folder that says which URL each of its files answers for. */
export const EXTRA_CONTEXTS_MANIFEST = 'contexts.json';
const MAX_EXTRA_CONTEXTS = 64;
const MAX_EXTRA_CONTEXT_BYTES = 1_000_000;

/**
 * Reads an operator's folder of JSON-LD contexts (config `AVALA_EXTRA_CONTEXTS_DIR`): `contexts.json` maps each
 * context URL to a file name in the same folder, e.g. `{"https://www.w3.org/ns/credentials/examples/v2":
 * "credentials-examples-v2.jsonld"}`. The URLs are never fetched: each is answered with its file, read once here
 * and frozen. Throws (the service does not start) on any fault: a bad URL, a file outside the folder, a document
 * that is not a JSON-LD context, a URL of a context Avala already holds.
 */
export function readExtraContexts(dir: string): ExtraContexts {
  const root = path.resolve(dir);
  const problem = (what: string) => new Error(`Extra contexts (${path.join(root, EXTRA_CONTEXTS_MANIFEST)}): ${what}`);
  let manifest: unknown;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(root, EXTRA_CONTEXTS_MANIFEST), 'utf8'));
  } catch (e) {
    throw problem(`cannot be read as JSON (${(e as Error).message})`);
  }
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) throw problem('must be an object mapping each context URL to a file name');
  const entries = Object.entries(manifest as Record<string, unknown>);
  if (entries.length > MAX_EXTRA_CONTEXTS) throw problem(`lists ${entries.length} contexts; at most ${MAX_EXTRA_CONTEXTS}`);
  const map = new Map<string, Readonly<Record<string, unknown>>>();
  for (const [url, file] of entries) {
    if (!isContextUrl(url)) throw problem(`${url} is not an absolute http(s) URL without a fragment`);
    if (CONTEXT_FILES[url] !== undefined) throw problem(`${url} is a context Avala holds itself (contexts/${CONTEXT_FILES[url]}); it cannot be replaced`);
    if (typeof file !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/.test(file) || file === EXTRA_CONTEXTS_MANIFEST) throw problem(`the file of ${url} must be a plain file name in the folder`);
    const full = path.join(root, file);
    let text: string;
    try {
      if (fs.statSync(full).size > MAX_EXTRA_CONTEXT_BYTES) throw new Error(`larger than ${MAX_EXTRA_CONTEXT_BYTES} bytes`);
      text = fs.readFileSync(full, 'utf8');
    } catch (e) {
      throw problem(`${file} (for ${url}) cannot be read: ${(e as Error).message}`);
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw problem(`${file} (for ${url}) is not JSON: ${(e as Error).message}`);
    }
    const context = (doc as { '@context'?: unknown } | null)?.['@context'];
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || context === null || typeof context !== 'object') {
      throw problem(`${file} (for ${url}) is not a JSON-LD context: an object whose "@context" is an object or an array`);
    }
    map.set(url, deepFreeze(doc as Record<string, unknown>));
  }
  return map;
}

function isContextUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hash === '' && u.href === v;
  } catch {
    return false;
  }
}

function documentOf(file: string): Readonly<Record<string, unknown>> {
  let doc = byFile.get(file);
  if (!doc) {
    doc = deepFreeze(JSON.parse(fs.readFileSync(`${CONTEXTS_DIR}${file}`, 'utf8')) as Record<string, unknown>);
    byFile.set(file, doc);
  }
  return doc;
}

export interface PublishedContext {
  /** The file's bytes, exactly as in `contexts/`: what is served, and what the digests are of. */
  bytes: Buffer;
  /** VC DM 2.0 §5.3: multibase (base64url, no padding) of the sha2-256 multihash of the bytes: `uEiA…`. */
  digestMultibase: string;
  /** The same digest as Subresource Integrity metadata: `sha256-…`. */
  digestSRI: string;
}

let published: PublishedContext | undefined;

/** Avala's context as served over HTTP, with the digests a verifier can pin it by. */
export function publishedAvalaContext(): PublishedContext {
  if (published) return published;
  const bytes = fs.readFileSync(`${CONTEXTS_DIR}${AVALA_CONTEXT_FILE}`);
  // The bytes must be the document the loaders use, or the digest would vouch for something else.
  if (JSON.stringify(JSON.parse(bytes.toString('utf8'))) !== JSON.stringify(documentOf(AVALA_CONTEXT_FILE))) throw new Error(`${AVALA_CONTEXT_FILE} changed on disk`);
  const sha = crypto.createHash('sha256').update(bytes).digest();
  published = Object.freeze({
    bytes,
    digestMultibase: `u${Buffer.concat([Buffer.from([0x12, 0x20]), sha]).toString('base64url')}`,
    digestSRI: `sha256-${sha.toString('base64')}`,
  });
  return published;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

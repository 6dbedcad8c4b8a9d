import crypto from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AVALA_CONTEXT_FILE, CONTEXT_FILES, contextFilesWith } from '../vc/index.js';

// src/resolver and dist/resolver both sit two levels below the project root.
const CONTEXTS_DIR = fileURLToPath(new URL('../../contexts/', import.meta.url));

/** Parsed and frozen, once per file: every URL of a file shares one document. */
const byFile = new Map<string, Readonly<Record<string, unknown>>>();
let base: ReadonlyMap<string, Readonly<Record<string, unknown>>> | undefined;

/**
 * Every local context by URL, read from disk on first use and frozen: the JSON-LD processor caches by URL, so a
 * document changed in place after the first load would make two credentials disagree about what a term means.
 * `avalaContextUrls` are further URLs of Avala's own context (the deployment's, and old origins'), each mapped to
 * the same document as `AVALA_LEGACY_CONTEXT_URL`.
 */
export function localContexts(avalaContextUrls: readonly string[] = []): ReadonlyMap<string, Readonly<Record<string, unknown>>> {
  if (avalaContextUrls.length === 0 && base) return base;
  const table = avalaContextUrls.length === 0 ? CONTEXT_FILES : contextFilesWith(avalaContextUrls);
  const map = new Map<string, Readonly<Record<string, unknown>>>();
  for (const [url, file] of Object.entries(table)) map.set(url, documentOf(file));
  if (avalaContextUrls.length === 0) base = map;
  return map;
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

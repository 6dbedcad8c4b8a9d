import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONTEXT_FILES } from '../vc/index.js';

// src/resolver and dist/resolver both sit two levels below the project root.
const CONTEXTS_DIR = fileURLToPath(new URL('../../contexts/', import.meta.url));

let loaded: ReadonlyMap<string, Readonly<Record<string, unknown>>> | undefined;

/**
 * Every local context, read from disk on first use and frozen: the JSON-LD processor caches by URL, so a document
 * changed in place after the first load would make two credentials disagree about what a term means.
 */
export function localContexts(): ReadonlyMap<string, Readonly<Record<string, unknown>>> {
  if (loaded) return loaded;
  const map = new Map<string, Readonly<Record<string, unknown>>>();
  for (const [url, file] of Object.entries(CONTEXT_FILES)) {
    const doc = JSON.parse(fs.readFileSync(`${CONTEXTS_DIR}${file}`, 'utf8')) as Record<string, unknown>;
    map.set(url, deepFreeze(doc));
  }
  loaded = map;
  return map;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where Avala's own vocabulary lives. The context file `contexts/avala-v1.jsonld` spells its term IRIs under this
 * same base (a test keeps them in step), so changing the host means changing both, before the first credential
 * is issued: a signed credential pins the URL and the content of every context it names.
 */
export const AVALA_BASE_URL = 'https://avala.example';
export const AVALA_CONTEXT_V1_URL = `${AVALA_BASE_URL}/contexts/avala/v1`;

export const VC_CONTEXT_V2_URL = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT_V3_URL = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const DID_CONTEXT_V1_URL = 'https://www.w3.org/ns/did/v1';
export const MULTIKEY_CONTEXT_V1_URL = 'https://w3id.org/security/multikey/v1';
export const DATA_INTEGRITY_CONTEXT_V2_URL = 'https://w3id.org/security/data-integrity/v2';

/** URL → file in `contexts/`. The only documents the loader will ever hand to a JSON-LD processor. */
export const CONTEXT_FILES: Readonly<Record<string, string>> = Object.freeze({
  [VC_CONTEXT_V2_URL]: 'credentials-v2.jsonld',
  [OB_CONTEXT_V3_URL]: 'ob-v3p0-context-3.0.3.json',
  [DID_CONTEXT_V1_URL]: 'did-v1.jsonld',
  [MULTIKEY_CONTEXT_V1_URL]: 'multikey-v1.jsonld',
  [DATA_INTEGRITY_CONTEXT_V2_URL]: 'data-integrity-v2.jsonld',
  [AVALA_CONTEXT_V1_URL]: 'avala-v1.jsonld',
});

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

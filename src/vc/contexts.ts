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

/** The `@context` of every DID document Avala builds or reads: the DID core context and the Multikey one. */
export const DID_CONTEXTS = Object.freeze([DID_CONTEXT_V1_URL, MULTIKEY_CONTEXT_V1_URL] as const);

/**
 * URL → file in `contexts/`. The only documents the loader will ever hand to a JSON-LD processor. Reading the files
 * is the caller's job (`localContexts()` in `src/resolver/` on Node; the browser bundle inlines them at build time),
 * so this list stays free of any file system.
 */
export const CONTEXT_FILES: Readonly<Record<string, string>> = Object.freeze({
  [VC_CONTEXT_V2_URL]: 'credentials-v2.jsonld',
  [OB_CONTEXT_V3_URL]: 'ob-v3p0-context-3.0.3.json',
  [DID_CONTEXT_V1_URL]: 'did-v1.jsonld',
  [MULTIKEY_CONTEXT_V1_URL]: 'multikey-v1.jsonld',
  [DATA_INTEGRITY_CONTEXT_V2_URL]: 'data-integrity-v2.jsonld',
  [AVALA_CONTEXT_V1_URL]: 'avala-v1.jsonld',
});

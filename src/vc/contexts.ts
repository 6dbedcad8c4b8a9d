/**
 * Avala's own vocabulary. Its term IRIs (`contexts/avala-v1.jsonld`) are names under this base, never fetched: they
 * are part of what every signature covers, so they stay as they are for good (a test keeps file and constant in
 * step). The URL a credential names the context by is another matter (see `AVALA_LEGACY_CONTEXT_URL`).
 */
export const AVALA_BASE_URL = 'https://avala.example';

/**
 * The URL the first credentials named Avala's context by. `.example` never resolves (RFC 2606), so new credentials
 * name a real URL of the deployment instead (config `AVALA_CONTEXT_URL`); this one stays mapped to the same file in
 * every loader of ours, so credentials already issued under it still verify.
 */
export const AVALA_LEGACY_CONTEXT_URL = `${AVALA_BASE_URL}/contexts/avala/v1`;

/** The file every URL of Avala's context maps to. */
export const AVALA_CONTEXT_FILE = 'avala-v1.jsonld';

/** Where a deployment serves its context unless configured otherwise: `<public URL>/contexts/avala/v1`. */
export const AVALA_CONTEXT_PATH = '/contexts/avala/v1';

export function defaultAvalaContextUrl(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${AVALA_CONTEXT_PATH}`;
}

export const VC_CONTEXT_V2_URL = 'https://www.w3.org/ns/credentials/v2';
/**
 * VC Data Model 1.1. Verified, never issued: wallets still hold 1.1 credentials (Data Integrity `eddsa-rdfc-2022`),
 * and a verifier of ours reads them (`issuanceDate` / `expirationDate` as the validity window); every credential
 * Avala signs is VC 2.0 (issuance refuses an `@context` that does not start with `VC_CONTEXT_V2_URL`).
 */
export const VC_CONTEXT_V1_URL = 'https://www.w3.org/2018/credentials/v1';
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
  [VC_CONTEXT_V1_URL]: 'credentials-v1.jsonld',
  [OB_CONTEXT_V3_URL]: 'ob-v3p0-context-3.0.3.json',
  [DID_CONTEXT_V1_URL]: 'did-v1.jsonld',
  [MULTIKEY_CONTEXT_V1_URL]: 'multikey-v1.jsonld',
  [DATA_INTEGRITY_CONTEXT_V2_URL]: 'data-integrity-v2.jsonld',
  [AVALA_LEGACY_CONTEXT_URL]: AVALA_CONTEXT_FILE,
});

/**
 * `CONTEXT_FILES` plus further URLs of Avala's context (the deployment's own, and old origins it still answers for),
 * each mapped to the same file. The content is what a signature covers, not the URL: a credential verifies under any
 * of them, and a JSON-LD processor never sees a difference.
 */
export function contextFilesWith(avalaContextUrls: readonly string[]): Readonly<Record<string, string>> {
  const table: Record<string, string> = { ...CONTEXT_FILES };
  for (const url of avalaContextUrls) {
    const known = table[url];
    if (known !== undefined && known !== AVALA_CONTEXT_FILE) throw new TypeError(`${url} is already the URL of ${known}, not of Avala's context`);
    table[url] = AVALA_CONTEXT_FILE;
  }
  return Object.freeze(table);
}

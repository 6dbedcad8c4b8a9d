// The Digital Bazaar libraries ship JavaScript without type declarations; these are the parts Avala uses.
declare module 'base58-universal' {
  export function encode(input: Uint8Array, maxline?: number): string;
  export function decode(input: string): Uint8Array;
}

declare module 'jsonld' {
  type Loader = (url: string) => Promise<{ contextUrl: string | null; documentUrl: string; document: unknown }>;
  interface Options {
    documentLoader?: Loader;
    /** Throws on any term or value that would be dropped instead of dropping it silently. */
    safe?: boolean;
    base?: string | null;
    [k: string]: unknown;
  }
  const jsonld: {
    expand(input: unknown, options?: Options): Promise<Record<string, unknown>[]>;
    compact(input: unknown, ctx: unknown, options?: Options): Promise<Record<string, unknown>>;
    canonize(input: unknown, options?: Options & { algorithm?: string; format?: string }): Promise<string>;
  };
  export default jsonld;
}

declare module '@digitalbazaar/vc' {
  export class CredentialIssuancePurpose {
    constructor(options?: { controller?: unknown; date?: Date | string; maxTimestampDelta?: number });
  }
  export function issue(options: {
    credential: Record<string, unknown>;
    suite: unknown;
    purpose?: unknown;
    documentLoader: (url: string) => Promise<unknown>;
    now?: Date | string;
  }): Promise<Record<string, unknown>>;
  export interface VerifyCredentialResult {
    verified: boolean;
    error?: Error & { errors?: Error[] };
    results?: Array<{ verified: boolean; error?: Error; [k: string]: unknown }>;
    statusResult?: { verified: boolean; [k: string]: unknown };
  }
  export function verifyCredential(options: {
    /** Anything: a value that is not a credential verifies as false rather than throwing. */
    credential: unknown;
    suite: unknown;
    documentLoader: (url: string) => Promise<unknown>;
    purpose?: unknown;
    now?: Date | string;
    maxClockSkew?: number;
    checkStatus?: (options: unknown) => Promise<{ verified: boolean; [k: string]: unknown }>;
  }): Promise<VerifyCredentialResult>;
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { signer?: { id: string; algorithm: string; sign(input: { data: Uint8Array }): Promise<Uint8Array> }; date?: Date | string; cryptosuite: unknown });
    verificationMethod?: string;
  }
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: { name: 'eddsa-rdfc-2022'; requiredAlgorithm: string; [k: string]: unknown };
}

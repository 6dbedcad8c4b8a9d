// The part of @digitalbazaar/vc's API the presentation verifier uses, added to the declarations in src/types/.
declare module '@digitalbazaar/vc' {
  export function verify(options: {
    presentation: Record<string, unknown>;
    suite: unknown;
    documentLoader: (url: string) => Promise<unknown>;
    challenge?: string;
    domain?: string;
    now?: Date | string;
    checkStatus?: (options: unknown) => Promise<{ verified: boolean; [k: string]: unknown }>;
  }): Promise<{ verified: boolean; presentationResult?: { verified: boolean; error?: unknown }; error?: unknown }>;
}

// The Digital Bazaar libraries ship JavaScript without type declarations; these are the parts Avala uses.
declare module 'base58-universal' {
  export function encode(input: Uint8Array, maxline?: number): string;
  export function decode(input: string): Uint8Array;
}

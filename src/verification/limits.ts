/** promise 4 of docs/reliability.md: every input the verifier reads is bounded before any real work is done on it. */
export const LIMITS = Object.freeze({
  /** A credential (JSON or JWT), a decompressed QR payload, and a status list credential as fetched. */
  credentialBytes: 256 * 1024,
  /** The text scanned from a QR code, before it is decoded. */
  qrBytes: 4 * 1024,
  jsonDepth: 32,
  /** A status list's bitstring once decompressed. */
  statusListBytes: 2 * 1024 * 1024,
  /** Wall-clock budget for one RDF canonicalization (rdf-canonize checks it during its deep iterations). */
  canonicalizationMs: 1000,
  /** Credentials in one presentation. */
  presentationCredentials: 20,
  /** Proofs in one proof set (each is canonicalized and verified). */
  proofSet: 4,
  /** A body's supersession register as fetched (about 25,000 entries). */
  supersessionRegisterBytes: 4 * 1024 * 1024,
  /** Wall-clock budget for fetching one supersession register, whatever the fetcher's own timeout. */
  supersessionRegisterMs: 5000,
});

/** promise 13 of docs/reliability.md. */
export const DEFAULT_MAX_CLOCK_SKEW_SECONDS = 300;

const encoder = new TextEncoder();

/** Is this text longer than `max` bytes as UTF-8? */
export function exceedsBytes(s: string, max: number): boolean {
  // Cheap bounds first: a UTF-16 unit is 1 to 3 UTF-8 bytes.
  if (s.length > max) return true;
  if (s.length * 3 <= max) return false;
  return encoder.encode(s).length > max;
}

/** Iterative, so a hostile nesting cannot exhaust the stack of the code that measures it. */
export function jsonDepthExceeds(value: unknown, max = LIMITS.jsonDepth): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > max) return true;
    for (const child of Object.values(v as object)) stack.push([child, d + 1]);
  }
  return false;
}

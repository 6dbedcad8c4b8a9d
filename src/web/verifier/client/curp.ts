/**
 * Does a CURP typed from an ID card match the credential's salted hash? The same formula as issuance's `hashCurp`
 * (`sha256$` + hex SHA-256 of the trimmed, upper-case CURP followed by the salt, UTF-8), computed with WebCrypto so
 * the CURP never leaves the device.
 */
export type CurpMatch = 'match' | 'no-match' | 'malformed';

const CURP_SHAPE = /^[A-ZÑ0-9]{18}$/;

export async function matchCurp(typed: string, identityHash: string, salt: string, subtle: SubtleCrypto = globalThis.crypto.subtle): Promise<CurpMatch> {
  const curp = typed.replace(/\s+/g, '').toUpperCase();
  if (!CURP_SHAPE.test(curp)) return 'malformed';
  const digest = new Uint8Array(await subtle.digest('SHA-256', new TextEncoder().encode(curp + salt)));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  return `sha256$${hex}` === identityHash.toLowerCase() ? 'match' : 'no-match';
}

import zlib from 'node:zlib';

/**
 * How a credential's two signed forms are kept: each deflated (raw DEFLATE) behind a one-byte format tag, about 40 %
 * of their size (a competency certificate: Data Integrity JSON 2.6 KB → 1.0 KB; VC-JWT 3.3 KB → 1.1 KB, its payload
 * stored decoded so the JSON compresses, and re-encoded byte for byte on read). Rows written before are TEXT and
 * read as they are; a value that would not come back identical is kept as TEXT too.
 */
const DEFLATED_JSON = 1;
const DEFLATED_JWS = 2;

export function packJson(value: Record<string, unknown> | null): Buffer | null {
  return value === null ? null : tagged(DEFLATED_JSON, Buffer.from(JSON.stringify(value), 'utf8'));
}

export function unpackJson(stored: unknown): Record<string, unknown> | null {
  if (stored === null || stored === undefined) return null;
  const text = typeof stored === 'string' ? stored : untag(stored as Buffer, DEFLATED_JSON).toString('utf8');
  return JSON.parse(text) as Record<string, unknown>;
}

/** A compact JWS as `header.<payload JSON>.signature`, deflated; the string itself when that would not round-trip. */
export function packJws(jws: string | null): Buffer | string | null {
  if (jws === null) return null;
  const [h, p, s, extra] = jws.split('.');
  if (h === undefined || p === undefined || s === undefined || extra !== undefined) return jws;
  const payload = Buffer.from(p, 'base64url');
  if (payload.toString('base64url') !== p) return jws; // not canonical base64url: keep the exact text
  return tagged(DEFLATED_JWS, Buffer.concat([Buffer.from(`${h}.`), payload, Buffer.from(`.${s}`)]));
}

export function unpackJws(stored: unknown): string | null {
  if (stored === null || stored === undefined) return null;
  if (typeof stored === 'string') return stored;
  const raw = untag(stored as Buffer, DEFLATED_JWS);
  // The header and signature are base64url (no '.'), so the first and the last '.' delimit the payload.
  const first = raw.indexOf(0x2e);
  const last = raw.lastIndexOf(0x2e);
  return `${raw.subarray(0, first).toString('latin1')}.${raw.subarray(first + 1, last).toString('base64url')}.${raw.subarray(last + 1).toString('latin1')}`;
}

function tagged(tag: number, bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), zlib.deflateRawSync(bytes, { level: 6 })]);
}

function untag(stored: Buffer, tag: number): Buffer {
  if (!Buffer.isBuffer(stored) || stored[0] !== tag) throw new TypeError(`a stored credential form has format tag ${Buffer.isBuffer(stored) ? stored[0] : typeof stored}, not ${tag}`);
  return zlib.inflateRawSync(stored.subarray(1));
}

/**
 * Is this 32-byte string an Ed25519 public key worth trusting? Node's verifier accepts any 32 bytes, including
 * encodings that are not on the curve and the small-order points, for which a "signature" can verify over many
 * messages at once. Decoding follows RFC 8032 §5.1.3; the small-order test multiplies by the cofactor 8.
 * BigInt arithmetic is slow but this runs once per key, and the resolver caches the result.
 */
const P = 2n ** 255n - 19n;
const D = mod(-121665n * inverse(121666n));
const SQRT_M1 = pow(2n, (P - 1n) / 4n);

export function isAcceptableEd25519PublicKey(raw: Uint8Array): boolean {
  if (!(raw instanceof Uint8Array) || raw.length !== 32) return false;
  const point = decode(raw);
  if (point === null) return false;
  return !isSmallOrder(point);
}

interface Extended {
  x: bigint;
  y: bigint;
  z: bigint;
}

function decode(raw: Uint8Array): Extended | null {
  let y = 0n;
  for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(raw[i] ?? 0);
  const sign = y >> 255n;
  y &= (1n << 255n) - 1n;
  if (y >= P) return null; // non-canonical encoding
  const y2 = mod(y * y);
  const u = mod(y2 - 1n);
  const v = mod(D * y2 + 1n);
  // x = u v^3 (u v^7)^((p-5)/8): a square root of u/v when one exists
  const v3 = mod(v * v * v);
  let x = mod(u * v3 * pow(mod(u * v3 * v3 * v), (P - 5n) / 8n));
  const vx2 = mod(v * x * x);
  if (vx2 === u) {
    // x is a root
  } else if (vx2 === mod(-u)) {
    x = mod(x * SQRT_M1);
  } else {
    return null; // not on the curve
  }
  if (x === 0n && sign === 1n) return null;
  if ((x & 1n) !== sign) x = P - x;
  return { x, y, z: 1n };
}

function isSmallOrder(p: Extended): boolean {
  let q = p;
  for (let i = 0; i < 3; i++) q = double(q);
  return q.x === 0n && q.y === q.z;
}

// Doubling in extended coordinates for a = -1 (RFC 8032 §5.1.4); T is not needed to double again.
function double({ x, y, z }: Extended): Extended {
  const a = mod(x * x);
  const b = mod(y * y);
  const c = mod(2n * z * z);
  const h = mod(a + b);
  const e = mod(h - mod((x + y) * (x + y)));
  const g = mod(a - b);
  const f = mod(c + g);
  return { x: mod(e * f), y: mod(g * h), z: mod(f * g) };
}

function mod(a: bigint): bigint {
  const r = a % P;
  return r >= 0n ? r : r + P;
}

function pow(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = mod(result * b);
    b = mod(b * b);
    e >>= 1n;
  }
  return result;
}

function inverse(a: bigint): bigint {
  return pow(a, P - 2n);
}

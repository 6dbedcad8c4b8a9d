import crypto from 'node:crypto';

/** Staff API keys look like `avk_<id>.<secret>`; only a SHA-256 of the 256-bit secret is stored. */
export function newApiKey(): { id: string; secret: string; token: string; secretHash: string } {
  const id = crypto.randomBytes(9).toString('base64url');
  const secret = crypto.randomBytes(32).toString('base64url');
  return { id, secret, token: `avk_${id}.${secret}`, secretHash: hashSecret(secret) };
}

export function parseApiKey(token: string): { id: string; secret: string } | null {
  const m = /^avk_([A-Za-z0-9_-]{12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  return m ? { id: m[1]!, secret: m[2]! } : null;
}

export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}

/** Constant-time comparison, so a key cannot be guessed byte by byte from response times. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

import crypto from 'node:crypto';

/** How the worker's sign-in code behaves (issue 15 §2). */
export const CODE_RULES = {
  digits: 6,
  ttlMs: 10 * 60_000,
  maxAttempts: 5,
  /** Codes per CURP, per address and per client within the window. */
  window: 60 * 60_000,
  perCurp: 5,
  perEmail: 5,
  perClient: 20,
  sessionMs: 30 * 60_000,
} as const;

export const sha256 = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest('hex');


/** The code's hash is bound to its request, so one table of six-digit hashes does not open every request. */
export const codeHash = (requestId: string, code: string) => sha256(`${requestId}:${code}`);

/** A code of `digits` digits, leading zeros kept, from `randomInt` (uniform below its bound). */
export function newCode(randomInt: (max: number) => number, digits: number = CODE_RULES.digits): string {
  return String(randomInt(10 ** digits)).padStart(digits, '0');
}

/** The three rate limits; the first exceeded, or null. */
export function limitExceeded(counts: { curp: number; email: number; client: number }): 'curp' | 'email' | 'client' | null {
  if (counts.curp >= CODE_RULES.perCurp) return 'curp';
  if (counts.email >= CODE_RULES.perEmail) return 'email';
  if (counts.client >= CODE_RULES.perClient) return 'client';
  return null;
}

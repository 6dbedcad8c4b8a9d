import type { z } from 'zod';
import { AppError } from '../errors.js';

/** Validates at the edge; the message names each failing field so a person can fix the request. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params' = 'body'): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const problems = r.error.issues.slice(0, 20).map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message }));
  throw new AppError('ERR_VALIDATION', `Invalid request: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, { details: { problems } });
}

const MAX_DEPTH = 32;

/** JSON nested deeper than this is refused before any handler walks it (RELIABILITY promise 4). */
export function jsonDepthExceeds(value: unknown, max = MAX_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > max) return true;
    for (const child of Object.values(v as object)) stack.push([child, d + 1]);
  }
  return false;
}

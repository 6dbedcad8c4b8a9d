import type { z } from 'zod';
import { AppError } from '../errors.js';

/** Validates at the edge; the message names each failing field so a person can fix the request. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params' = 'body'): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const problems = r.error.issues.slice(0, 20).map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message }));
  throw new AppError('ERR_VALIDATION', `Invalid request: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, { details: { problems } });
}

// One depth rule for every JSON Avala reads (promise 4 of docs/reliability.md): the verifier's.
export { jsonDepthExceeds } from '../verification/index.js';

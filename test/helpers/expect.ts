import { expect } from 'vitest';
import { AppError } from '../../src/errors.js';

/** An API refusal in our shape: the status, the stable code, problem+json, and a message a person reads. */
export function expectProblem(r: { status: number; json: any; headers: Headers }, status: number, code: string): void {
  expect({ status: r.status, code: r.json?.code }).toEqual({ status, code });
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(typeof r.json.detail).toBe('string');
}

/** The code of the AppError `f` throws; undefined when it throws nothing, and says so when it throws something else. */
export function errorCodeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof AppError ? e.code : `not an AppError: ${String(e)}`;
  }
  return undefined;
}

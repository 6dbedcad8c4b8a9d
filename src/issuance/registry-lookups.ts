import type { Standard } from '../registry/index.js';

/** The registry questions issuance asks: which standard, and is the body accredited for it at a time. */
export interface RegistryLookups {
  findStandard(code: string, version?: number): Promise<Standard>;
  getStandard(id: string): Promise<Standard>;
  assertAccredited(bodyId: string, standard: Standard, at: Date): Promise<void>;
}

/**
 * The same answers, each asked once, for one unit of work: a chunk being certified or a file being imported
 * names a few standards thousands of times. A refusal is remembered too (the same row data gets the same
 * error). Keep one only as long as its unit of work: a change in the registry is seen by the next one.
 */
export function memoizedLookups(registry: RegistryLookups): RegistryLookups {
  const answers = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, ask: () => Promise<T>): Promise<T> => {
    let p = answers.get(key) as Promise<T> | undefined;
    if (!p) answers.set(key, (p = ask()));
    return p;
  };
  return {
    findStandard: (code, version) => once(`find ${code} ${version ?? 'latest'}`, () => registry.findStandard(code, version)),
    getStandard: (id) => once(`get ${id}`, () => registry.getStandard(id)),
    assertAccredited: (bodyId, standard, at) => once(`accredited ${bodyId} ${standard.id} ${at.toISOString()}`, () => registry.assertAccredited(bodyId, standard, at)),
  };
}

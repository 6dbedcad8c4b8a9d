import { createRequire } from 'node:module';

/**
 * The one jsonld.js release this was read against. Another version keeps the library's own behaviour until someone
 * re-reads `lib/context.js` (the `_cloneActiveContext` it replaces, and every write to a term definition).
 */
export const JSONLD_VERSION_CHECKED = '9.0.0';

interface ActiveContext {
  mappings: Map<string, object>;
  protected: Record<string, boolean>;
  previousContext?: ActiveContext;
  inverse: unknown;
  clone(this: ActiveContext): ActiveContext;
  [k: string]: unknown;
}

/**
 * Makes jsonld.js copy active contexts without deep-copying their term definitions — for the thread that calls it.
 *
 * Why: jsonld.js copies the whole active context, every term definition and every scoped context inside them, each
 * time it enters or leaves a type-scoped context (digitalbazaar/jsonld.js#414, open). The Open Badges 3.0 context
 * is made of type-scoped contexts, so one competency credential costs ~50 such copies of ~900 values: two thirds
 * of the Data Integrity signing time, and most of its garbage.
 *
 * Why it is the same result: in 9.0.0 a term definition is written only while `createTermDefinition` builds it, as
 * a new object that no other context holds yet; afterwards it is only read. So a copy may share it. To hold that
 * to account rather than trust it, every definition is frozen when its context is first copied: a later write
 * would throw (jsonld.js is strict mode) and fail the signature loudly instead of changing what gets signed.
 *
 * Called only in the signing workers (`worker.ts`): verification and everything else on the main thread keep
 * the stock library, so a difference could only make our own new credentials fail to verify, never make one pass.
 * Tests check that a worker's proofs are byte for byte those of in-process signing.
 *
 * Returns false (and changes nothing) for a jsonld.js version other than the one checked.
 */
export function shareTermDefinitionsInCopies(): boolean {
  const require = createRequire(import.meta.url);
  const { version } = require('jsonld/package.json') as { version: string };
  if (version !== JSONLD_VERSION_CHECKED) return false;
  const context = require('jsonld/lib/context.js') as { getInitialContext(options: { processingMode?: string }): ActiveContext };
  // Every active context descends from a cached initial context and inherits its `clone`; these are the two that
  // the options jsonld.js is given here can select (no processingMode, or 1.1).
  for (const processingMode of [undefined, 'json-ld-1.1']) {
    const initial = context.getInitialContext(processingMode === undefined ? {} : { processingMode });
    initial.clone = copySharingDefinitions;
  }
  return true;
}

/** `_cloneActiveContext` of jsonld.js 9.0.0, field for field, with the term definitions shared (and frozen). */
function copySharingDefinitions(this: ActiveContext): ActiveContext {
  for (const definition of this.mappings.values()) if (!Object.isFrozen(definition)) Object.freeze(definition);
  const child = { mappings: new Map(this.mappings), clone: this.clone, inverse: null, getInverse: this.getInverse, protected: { ...this.protected } } as ActiveContext;
  if (this.previousContext) child.previousContext = this.previousContext.clone();
  child.revertToPreviousContext = this.revertToPreviousContext;
  if ('@base' in this) child['@base'] = this['@base'];
  if ('@language' in this) child['@language'] = this['@language'];
  if ('@vocab' in this) child['@vocab'] = this['@vocab'];
  return child;
}

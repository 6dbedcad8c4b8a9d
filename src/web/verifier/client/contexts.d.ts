/**
 * The JSON-LD contexts of `contexts/`, by URL: a virtual module the bundler fills from the same files the server
 * uses (`src/web/build.ts`), so the browser verifier never fetches a context.
 */
declare module 'avala:contexts' {
  const contexts: ReadonlyArray<readonly [string, unknown]>;
  export default contexts;
}

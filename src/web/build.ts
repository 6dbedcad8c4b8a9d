/**
 * Builds the public verifier page's script: the browser code in `client/` with the verification library, the QR
 * payload decoder, jsQR and the JSON-LD contexts of `contexts/`, bundled by esbuild into one ES module.
 *
 *   npm run build:web        writes dist/web/verifier.js (+ its list of inputs, to tell when it is stale)
 *
 * The server serves `verifierBundle()`: the built file when it is newer than every input, else a build made on the
 * first request (and written for next time), so a fresh clone works after `npm install && npm start`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { localContexts } from '../resolver/index.js';
import { CONTEXT_FILES } from '../vc/index.js';

// src/web and dist/web both sit two levels below the project root.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY = path.join(ROOT, 'src/web/verifier/client/main.ts');
export const VERIFIER_BUNDLE_DIR = path.join(ROOT, 'dist/web');
const BUNDLE_FILE = path.join(VERIFIER_BUNDLE_DIR, 'verifier.js');
const INPUTS_FILE = path.join(VERIFIER_BUNDLE_DIR, 'verifier.inputs.json');
const CONTEXTS_MODULE = 'avala:contexts';

export interface VerifierBundle {
  js: string;
  /** A short content hash, for cache-busting asset URLs. */
  hash: string;
  /** Where it came from: a fresh build, or the file an earlier build wrote. */
  source: 'built' | 'file';
}

/** Bundles the page script with esbuild. `write` also saves it (atomically: parallel starts may race). */
export async function buildVerifierBundle(opts: { write?: boolean; minify?: boolean } = {}): Promise<VerifierBundle> {
  // Imported on demand: a deployment that ships a prebuilt bundle needs no bundler at run time.
  const esbuild = await import('esbuild');
  const contextsDir = path.join(ROOT, 'contexts');
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome100', 'safari15', 'firefox100'],
    minify: opts.minify ?? true,
    sourcemap: false,
    legalComments: 'eof',
    write: false,
    metafile: true,
    logLevel: 'silent',
    // Libraries written for both Node and browsers test `process.env.NODE_ENV`; the page has no `process`.
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [
      {
        name: 'avala-contexts',
        setup(b) {
          b.onResolve({ filter: /^avala:contexts$/ }, () => ({ path: CONTEXTS_MODULE, namespace: 'avala' }));
          b.onLoad({ filter: /.*/, namespace: 'avala' }, () => ({
            contents: `export default ${JSON.stringify([...localContexts()])};`,
            loader: 'js',
            // So the staleness check sees a changed context file.
            watchFiles: Object.values(CONTEXT_FILES).map((f) => path.join(contextsDir, f)),
          }));
        },
      },
    ],
  });
  const js = result.outputFiles[0]!.text;
  const bundle: VerifierBundle = { js, hash: hashOf(js), source: 'built' };
  if (opts.write ?? false) {
    const inputs = [...Object.keys(result.metafile.inputs).filter((p) => !p.startsWith('avala:') && !p.startsWith('(disabled):')).map((p) => path.resolve(ROOT, p)), ...Object.values(CONTEXT_FILES).map((f) => path.join(contextsDir, f))];
    fs.mkdirSync(VERIFIER_BUNDLE_DIR, { recursive: true });
    writeAtomic(BUNDLE_FILE, js);
    writeAtomic(INPUTS_FILE, JSON.stringify(inputs.map((p) => path.relative(ROOT, p))));
  }
  return bundle;
}

/**
 * The bundle to serve: the file on disk when it is at least as new as every input it was built from, else a new
 * build (saved for next time when the folder is writable). Throws only when there is neither a usable file nor a
 * bundler.
 */
export async function loadVerifierBundle(): Promise<VerifierBundle> {
  const onDisk = freshBundleOnDisk();
  if (onDisk) return onDisk;
  try {
    return await buildVerifierBundle({ write: true });
  } catch (e) {
    if (e instanceof Error && /EACCES|EROFS|EPERM/.test(e.message)) return buildVerifierBundle({ write: false });
    throw e;
  }
}

let shared: Promise<VerifierBundle> | null = null;

/**
 * The bundle this process serves: loaded (or built) on first use and kept; a failed attempt is forgotten, so the next
 * call tries again. Lazy, so a process that never serves the page (a CLI, most tests) never runs the bundler.
 */
export function verifierBundle(): Promise<VerifierBundle> {
  shared ??= loadVerifierBundle().catch((e: unknown) => {
    shared = null;
    throw e;
  });
  return shared;
}

/** The page's style sheet, read from the source tree (it needs no build). */
export function readVerifierCss(): string {
  return fs.readFileSync(path.join(ROOT, 'src/web/verifier/verifier.css'), 'utf8');
}

function freshBundleOnDisk(): VerifierBundle | null {
  let built: number;
  let inputs: string[];
  try {
    built = fs.statSync(BUNDLE_FILE).mtimeMs;
    inputs = JSON.parse(fs.readFileSync(INPUTS_FILE, 'utf8')) as string[];
  } catch {
    return null;
  }
  for (const rel of inputs) {
    // Not a file: a module esbuild left out for the browser (written by older builds).
    if (rel.startsWith('(disabled):')) continue;
    let m: number;
    try {
      m = fs.statSync(path.join(ROOT, rel)).mtimeMs;
    } catch {
      return null; // an input has gone: rebuild
    }
    if (m > built) return null;
  }
  const js = fs.readFileSync(BUNDLE_FILE, 'utf8');
  return { js, hash: hashOf(js), source: 'file' };
}

function hashOf(text: string): string {
  return crypto.createHash('sha256').update(text).digest('base64url').slice(0, 12);
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const started = Date.now();
  buildVerifierBundle({ write: true }).then(
    (b) => process.stdout.write(`dist/web/verifier.js: ${(b.js.length / 1024).toFixed(0)} KiB (${b.hash}) in ${Date.now() - started} ms\n`),
    (e: unknown) => {
      process.stderr.write(`the verifier bundle could not be built: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}

import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve('src');
const DOMAINS = ['vc', 'registry', 'issuance', 'status', 'verification', 'keystore', 'resolver', 'signing', 'qr', 'delivery', 'audit', 'console'];

/**
 * The verifier's Node-only adapters, the only files of verification/ that may reach past the credential core:
 * - server.ts runs the verifier inside the service (the live trust registry and status lists read in-process from
 *   the registry and status services, on the service clock), so it takes those services' types;
 * - node.ts reads the contexts from disk (resolver's localContexts) and status lists from a directory (node:fs).
 * Neither is exported from verification/index.ts, so the browser bundle never sees them.
 */
/**
 * Entry points of a domain besides its index.ts, each for a named reason:
 * - vc/qr/format2.ts (QR format 2) needs `cborg`, an ES-module-only package, and the Data Integrity signing workers
 *   load vc/index.ts under tsx's CommonJS hook (src/signing/worker-boot.cjs), which cannot require it.
 */
const SECOND_ENTRIES = ['vc/qr/format2.ts'];

const VERIFIER_NODE_ADAPTERS = ['verification/server.ts', 'verification/node.ts'];

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return filesUnder(p);
    return /\.ts$/.test(d.name) ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
}

/** Which top-level folder of src/ a relative import from `file` lands in. */
function targetFolder(file: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const rel = path.relative(SRC, path.resolve(path.dirname(file), spec));
  return rel.split(path.sep)[0] ?? null;
}

/** A file that imports Node built-ins (or the database) is not pure and not for the browser. */
function nodeOnly(file: string, seen = new Set<string>()): boolean {
  if (seen.has(file) || !fs.existsSync(file)) return false;
  seen.add(file);
  return importsOf(file).some((spec) => {
    if (spec.startsWith('node:') || spec === 'better-sqlite3' || spec === 'express') return true;
    return spec.startsWith('.') && nodeOnly(path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts'), seen);
  });
}

describe('architecture', () => {
  it('keeps domain code free of HTTP, CLI, storage, demo data and the composition root', () => {
    const violations: string[] = [];
    for (const domain of DOMAINS) {
      for (const file of filesUnder(path.join(SRC, domain))) {
        for (const spec of importsOf(file)) {
          const target = targetFolder(file, spec);
          if (target && ['http', 'cli', 'storage', 'demo', 'main.ts', 'compose.ts', 'config.ts'].includes(target)) violations.push(`${path.relative(SRC, file)} imports ${spec}`);
          if (spec === 'better-sqlite3' || spec === 'express') violations.push(`${path.relative(SRC, file)} imports ${spec}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('lets route handlers answer only by returning a Reply (src/http/route.ts alone writes the response)', () => {
    const writes = /\bres\s*\.\s*(status|json|send|sendStatus|end|type|set|setHeader|header|vary|write|redirect|append|cookie)\s*\(/;
    const offenders = filesUnder(path.join(SRC, 'http', 'routes'))
      .filter((f) => writes.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(SRC, f));
    expect(offenders).toEqual([]);
  });

  it('keeps the web pages a room of their own, which domains do not import and which imports no server adapter', () => {
    const violations: string[] = [];
    for (const domain of DOMAINS) {
      for (const file of filesUnder(path.join(SRC, domain))) {
        for (const spec of importsOf(file)) if (targetFolder(file, spec) === 'web') violations.push(`${path.relative(SRC, file)} imports ${spec}`);
      }
    }
    for (const file of filesUnder(path.join(SRC, 'web'))) {
      for (const spec of importsOf(file)) {
        const target = targetFolder(file, spec);
        if (target && ['http', 'cli', 'storage', 'demo', 'main.ts', 'compose.ts', 'config.ts'].includes(target)) violations.push(`${path.relative(SRC, file)} imports ${spec}`);
        if (spec === 'express' || spec === 'better-sqlite3') violations.push(`${path.relative(SRC, file)} imports ${spec}`);
      }
    }
    // The server reaches the pages through web/index.ts, as it reaches a domain.
    for (const file of [...filesUnder(path.join(SRC, 'http')), path.join(SRC, 'main.ts'), path.join(SRC, 'compose.ts')]) {
      for (const spec of fs.existsSync(file) ? importsOf(file) : []) {
        if (targetFolder(file, spec) === 'web' && path.resolve(path.dirname(file), spec) !== path.join(SRC, 'web', 'index.js')) violations.push(`${path.relative(SRC, file)} imports ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("keeps the verifier page's browser code free of Node built-ins (transitively)", () => {
    const client = filesUnder(path.join(SRC, 'web', 'verifier', 'client'));
    expect(client.length).toBeGreaterThan(0);
    expect(client.filter((f) => nodeOnly(f)).map((f) => path.relative(SRC, f))).toEqual([]);
  });

  it('lets only storage/ import better-sqlite3', () => {
    const offenders = filesUnder(SRC)
      .filter((f) => !f.startsWith(path.join(SRC, 'storage')))
      .filter((f) => importsOf(f).includes('better-sqlite3'))
      .map((f) => path.relative(SRC, f));
    expect(offenders).toEqual([]);
  });

  it('reaches into another domain only through its index.ts', () => {
    const violations: string[] = [];
    for (const file of filesUnder(SRC)) {
      const own = path.relative(SRC, file).split(path.sep)[0];
      if (['main.ts', 'compose.ts', 'storage', 'http', 'cli'].includes(own!)) continue; // adapters, the composition root and the server start
      for (const spec of importsOf(file)) {
        const target = targetFolder(file, spec);
        if (!target || target === own || !DOMAINS.includes(target)) continue;
        const resolved = path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts');
        if (SECOND_ENTRIES.includes(path.relative(SRC, resolved))) continue;
        if (path.basename(resolved) !== 'index.ts') violations.push(`${path.relative(SRC, file)} imports ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps the credential core to itself and errors.ts, and free of Node built-ins (transitively)', () => {
    const violations: string[] = [];
    for (const file of filesUnder(path.join(SRC, 'vc'))) {
      const rel = path.relative(SRC, file);
      for (const spec of importsOf(file)) {
        if (spec.startsWith('node:')) violations.push(`${rel} imports ${spec}`);
        if (!spec.startsWith('.')) continue;
        const target = path.relative(SRC, path.resolve(path.dirname(file), spec)).split(path.sep)[0];
        if (target !== 'vc' && target !== 'errors.js') violations.push(`${rel} imports ${spec}`);
      }
      if (nodeOnly(file)) violations.push(`${rel} reaches a Node built-in`);
    }
    expect(violations).toEqual([]);
  });

  it('bundles the credential core for the browser, npm packages included', async () => {
    // esbuild refuses node:zlib and the like for the browser platform, so this also fails the day a package the core
    // uses starts needing Node.
    const r = await build({ entryPoints: ['src/vc/index.ts'], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent' });
    const inputs = Object.keys(r.metafile.inputs);
    expect(inputs.filter((i) => i.startsWith('src/') && !i.startsWith('src/vc/') && i !== 'src/errors.ts')).toEqual([]);
    expect(inputs.filter((i) => i.startsWith('node:'))).toEqual([]);
  });

  it('lets verification/ import only the credential core and errors.ts, apart from its named Node-only adapters', () => {
    const violations: string[] = [];
    for (const file of filesUnder(path.join(SRC, 'verification'))) {
      const rel = path.relative(SRC, file);
      if (VERIFIER_NODE_ADAPTERS.includes(rel)) continue;
      for (const spec of importsOf(file)) {
        if (spec.startsWith('node:')) violations.push(`${rel} imports ${spec}`);
        if (!spec.startsWith('.')) continue;
        const target = path.relative(SRC, path.resolve(path.dirname(file), spec)).split(path.sep)[0];
        if (!['verification', 'vc', 'errors.js'].includes(target!)) violations.push(`${rel} imports ${spec}`);
      }
    }
    expect(violations).toEqual([]);
    // The named adapters exist: an exception for a file that is gone would hide the next one given its name.
    for (const adapter of VERIFIER_NODE_ADAPTERS) expect(fs.existsSync(path.join(SRC, adapter)), adapter).toBe(true);
  });

  it('gives signing one room that issuance, status and delivery use, and that uses no domain above it', () => {
    const violations: string[] = [];
    const importers = new Set<string>();
    for (const file of filesUnder(SRC)) {
      const rel = path.relative(SRC, file);
      const own = rel.split(path.sep)[0]!;
      for (const spec of importsOf(file)) {
        const target = targetFolder(file, spec);
        if (own === 'signing' && target && !['signing', 'keystore', 'resolver', 'vc', 'errors.ts', 'errors.js', 'clock.js', 'clock.ts'].includes(target)) violations.push(`${rel} imports ${spec}`);
        if (own === 'status' && target === 'issuance') violations.push(`${rel} imports ${spec}`);
        if (target === 'signing' && own !== 'signing') importers.add(own);
        // Nothing but the signing room runs the Data Integrity suite or writes a JWS.
        if (own !== 'signing' && DOMAINS.includes(own) && own !== 'verification' && /^@digitalbazaar\/(data-integrity|eddsa-rdfc-2022-cryptosuite)$|^tinypool$/.test(spec)) violations.push(`${rel} imports ${spec}`);
      }
    }
    expect(violations).toEqual([]);
    expect([...importers].filter((d) => DOMAINS.includes(d)).sort()).toEqual(['issuance']);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve('src');
const DOMAINS = ['registry', 'issuance', 'status', 'verification', 'keystore', 'resolver', 'qr', 'delivery', 'audit'];

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

  it('lets only storage/ import better-sqlite3', () => {
    const offenders = filesUnder(SRC)
      .filter((f) => !f.startsWith(path.join(SRC, 'storage')))
      .filter((f) => importsOf(f).includes('better-sqlite3'))
      .map((f) => path.relative(SRC, f));
    expect(offenders).toEqual([]);
  });

  it('reaches into another domain through its index.ts, or a pure file the browser bundle can take', () => {
    const violations: string[] = [];
    for (const file of filesUnder(SRC)) {
      const own = path.relative(SRC, file).split(path.sep)[0];
      if (['main.ts', 'compose.ts', 'storage', 'http', 'cli'].includes(own!)) continue; // adapters, the composition root and the server start
      for (const spec of importsOf(file)) {
        const target = targetFolder(file, spec);
        if (!target || target === own || !DOMAINS.includes(target)) continue;
        const resolved = path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts');
        if (path.basename(resolved) === 'index.ts') continue;
        // The in-browser verifier cannot take a domain's index (it drags in Node-only services), so it may use a
        // domain's pure files directly, and only those: a file that does no I/O of its own.
        if (nodeOnly(resolved)) violations.push(`${path.relative(SRC, file)} imports ${spec}, which is not a pure file`);
      }
    }
    expect(violations).toEqual([]);
  });
});

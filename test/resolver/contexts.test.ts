import crypto from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AVALA_BASE_URL, AVALA_LEGACY_CONTEXT_URL, CONTEXT_FILES } from '../../src/vc/index.js';

const dir = new URL('../../contexts/', import.meta.url);
const read = (file: string) => fs.readFileSync(new URL(file, dir));

// The official contexts are copies that must never change: a credential signed today must mean the same later.
const PINNED_SHA256: Record<string, string> = {
  'credentials-v2.jsonld': '8a9f494a89ecc51d',
  'credentials-v1.jsonld': '00d7dd6d3ad8b920',
  'ob-v3p0-context-3.0.3.json': '01d87cc8b5357af5',
  'did-v1.jsonld': '62c1054bf404d6dd',
  'multikey-v1.jsonld': 'c5f3806f82869205',
  'data-integrity-v2.jsonld': '0f77743daf5b4e8f',
};

describe('contexts/', () => {
  it('keeps the official contexts byte for byte as copied', () => {
    for (const [file, sha] of Object.entries(PINNED_SHA256)) {
      expect([file, crypto.createHash('sha256').update(read(file)).digest('hex').slice(0, 16)]).toEqual([file, sha]);
    }
  });

  it('names in its README every file and URL the loader serves', () => {
    const readme = read('README.md').toString('utf8');
    for (const [url, file] of Object.entries(CONTEXT_FILES)) {
      expect(readme).toContain(url);
      expect(readme).toContain(file);
    }
  });

  it('spells Avala\'s term IRIs under the configured base URL, every term protected', () => {
    expect(AVALA_LEGACY_CONTEXT_URL).toBe(`${AVALA_BASE_URL}/contexts/avala/v1`);
    const ctx = (JSON.parse(read('avala-v1.jsonld').toString('utf8')) as { '@context': Record<string, unknown> })['@context'];
    expect(ctx['@protected']).toBe(true);
    const terms = Object.entries(ctx).filter(([k]) => !k.startsWith('@'));
    expect(terms.map(([k]) => k).sort()).toEqual(['certifierId', 'evaluatedOn', 'evaluationCentre', 'evaluatorId', 'nqfLevel', 'renews', 'sector']);
    for (const [term, def] of terms) expect((def as { '@id': string })['@id']).toBe(`${AVALA_LEGACY_CONTEXT_URL}#${term}`);
  });
});

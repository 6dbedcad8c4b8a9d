import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { anchorKeysFromDidDocument, createVerifier, verifyTrustRegistry, type Verifier } from '../../src/verification/index.js';
import { createDirectoryStatusListFetcher, createDirectorySupersessionFetcher, nodeContexts } from '../../src/verification/node.js';
import { buildCorpus, FIXTURES_DIR, REFERENCE_TIME } from '../fixtures/make-fixtures.js';
import { runAvalaVerify } from '../helpers/cli.js';
import { ALL_PASS, UNKNOWN_AFTER_PROOF, verdicts } from './helpers.js';

/**
 * The committed corpus of test/fixtures/ (see its README), verified by the pure library verifier with the offline
 * sources a third party has — the signed registry pinned to the authority's DID document, the status/ folder, the
 * local contexts — and no server. The clock is frozen at the corpus's reference time, so expiry never moves.
 */

const NOW = new Date(REFERENCE_TIME);
const read = (rel: string) => fs.readFileSync(path.join(FIXTURES_DIR, rel), 'utf8');

let verifier: Verifier;

beforeAll(async () => {
  const anchors = anchorKeysFromDidDocument(JSON.parse(read('authority-did.json')));
  const trusted = await verifyTrustRegistry(read('trust-registry.jwt'), anchors, NOW);
  if (!trusted.ok) throw new TypeError(`fixture registry refused: ${trusted.message}`);
  const status = path.join(FIXTURES_DIR, 'status');
  verifier = createVerifier({
    contexts: nodeContexts(),
    trust: () => trusted.trust,
    statusLists: createDirectoryStatusListFetcher(status),
    supersessions: createDirectorySupersessionFetcher(status),
    statusCache: false,
    clock: () => NOW,
  });
});

const NOT_READ = { proof: ['unknown', null], ...UNKNOWN_AFTER_PROOF } as const;
const NOT_COMPETENCY = ['fail', 'NOT_A_COMPETENCY_CERTIFICATE'] as const;

/** Every fixture's whole verdict, per securing form where the two differ. */
const EXPECTED: Record<string, { json: Record<string, unknown>; jwt?: Record<string, unknown> }> = {
  valid: { json: ALL_PASS },
  expired: { json: { ...ALL_PASS, validity_window: ['fail', 'EXPIRED'] } },
  'not-yet-valid': { json: { ...ALL_PASS, validity_window: ['fail', 'NOT_YET_VALID'] } },
  // The Data Integrity proof and the JWS signature fail under their own specifications' names.
  'tampered-subject': {
    json: { ...ALL_PASS, ...UNKNOWN_AFTER_PROOF, proof: ['fail', 'PROOF_VERIFICATION_ERROR'] },
    jwt: { ...ALL_PASS, ...UNKNOWN_AFTER_PROOF, proof: ['fail', 'CRYPTOGRAPHIC_SECURITY_ERROR'] },
  },
  'wrong-issuer-key': {
    json: { ...ALL_PASS, ...UNKNOWN_AFTER_PROOF, proof: ['fail', 'PROOF_VERIFICATION_ERROR'] },
    jwt: { ...ALL_PASS, ...UNKNOWN_AFTER_PROOF, proof: ['fail', 'CRYPTOGRAPHIC_SECURITY_ERROR'] },
  },
  'other-body-key': { json: { ...ALL_PASS, ...UNKNOWN_AFTER_PROOF, proof: ['fail', 'ISSUER_MISMATCH'] } },
  'key-after-rotation': { json: { ...ALL_PASS, key_valid_at_issuance: ['fail', 'KEY_NOT_VALID_AT_ISSUANCE'] } },
  'out-of-scope-standard': { json: { ...ALL_PASS, issuer_accredited: ['fail', 'OUT_OF_ACCREDITATION_SCOPE'] } },
  revoked: { json: { ...ALL_PASS, revocation: ['fail', 'REVOKED'] } },
  suspended: { json: { ...ALL_PASS, suspension: ['fail', 'SUSPENDED'] } },
  superseded: { json: { ...ALL_PASS, superseded: ['fail', 'SUPERSEDED'] } },
  'unknown-context': { json: { ...ALL_PASS, ...NOT_READ, format: ['fail', 'CONTEXT_NOT_ALLOWED'] } },
  attendance: { json: { ...ALL_PASS, competency_certificate: NOT_COMPETENCY, issuer_accredited: NOT_COMPETENCY, standard_known: NOT_COMPETENCY } },
};

const CASES = Object.entries(EXPECTED).flatMap(([name, e]) => [
  { file: `${name}.json`, format: 'data-integrity', expected: e.json },
  { file: `${name}.jwt`, format: 'vc-jwt', expected: e.jwt ?? e.json },
]);

describe('the fixture corpus, verified offline by the library', () => {
  it.each(CASES)('$file', async ({ file, format, expected }) => {
    const r = await verifier.verify(read(`credentials/${file}`));
    expect(verdicts(r)).toEqual(expected);
    expect(r.verified).toBe(expected === ALL_PASS);
    // A fixture refused before its proof could be read has no format; every other names its own.
    expect(r.format).toBe(file.startsWith('unknown-context') ? null : format);
  });

  it('names the renewal that superseded a certificate, and the renewal is the valid fixture', async () => {
    const valid = JSON.parse(read('credentials/valid.json')) as { id: string; renews: string };
    const r = await verifier.verify(read('credentials/superseded.jwt'));
    expect(r.facts?.supersession).toEqual({ supersededAt: '2026-04-01T10:00:00Z', supersededBy: valid.id });
    expect(valid.renews).toBe(r.facts?.credentialId);
  });

  it('has an expected verdict for every credential file, and a credential file for every expected verdict', () => {
    expect(fs.readdirSync(path.join(FIXTURES_DIR, 'credentials')).sort()).toEqual(CASES.map((c) => c.file).sort());
  });

  it('lists in its README every fixture with the check it fails and the reason code', () => {
    const readme = read('README.md');
    for (const [name, e] of Object.entries(EXPECTED)) {
      const failing = [e.json, e.jwt ?? {}].flatMap((v) => Object.entries(v)).filter(([, v]) => (v as unknown[])[0] === 'fail');
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${name}\``));
      expect(row, name).toBeDefined();
      for (const [check, [, code]] of failing as Array<[string, [string, string]]>) expect(row, name).toContain(`\`${check}\` ${code}`);
    }
  });
});

describe('the fixture corpus, both forms', () => {
  it.each(Object.keys(EXPECTED))('%s: the .json and .jwt forms are one credential (the JWT adds only its time claims)', (name) => {
    const { proof: _proof, ...json } = JSON.parse(read(`credentials/${name}.json`)) as Record<string, unknown>;
    const { nbf: _nbf, exp: _exp, iat: _iat, ...jwt } = JSON.parse(Buffer.from(read(`credentials/${name}.jwt`).split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(jwt).toEqual(json);
  });
});

/** `avala verify <args>` with no server at all: a command that asks for the database fails the test. */
const avala = (...args: string[]) =>
  runAvalaVerify(() => {
    throw new TypeError('the fixture corpus is verified offline, without services');
  }, args);

describe('avala verify on the fixture corpus, offline', () => {
  const offline = ['--registry', path.join(FIXTURES_DIR, 'trust-registry.jwt'), '--anchor', path.join(FIXTURES_DIR, 'authority-did.json'), '--status-dir', path.join(FIXTURES_DIR, 'status'), '--now', REFERENCE_TIME];

  it.each(CASES)('$file', async ({ file, expected }) => {
    const r = await avala('verify', path.join(FIXTURES_DIR, 'credentials', file), ...offline, '--json');
    expect(r.code, r.out).toBe(expected === ALL_PASS ? 0 : 1);
    expect(verdicts(JSON.parse(r.out))).toEqual(expected);
  });
});

describe('the fixture generator', () => {
  it('rebuilds the committed corpus byte for byte from the fixed keys and the frozen dates', async () => {
    const built = await buildCorpus();
    const committed = ['trust-registry.jwt', 'authority-did.json', ...['credentials', 'status'].flatMap((d) => fs.readdirSync(path.join(FIXTURES_DIR, d)).map((f) => `${d}/${f}`))];
    expect([...built.keys()].sort()).toEqual(committed.sort());
    for (const [rel, content] of built) expect(content, rel).toBe(read(rel));
  });
});

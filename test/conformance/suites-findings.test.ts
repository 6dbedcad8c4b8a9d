/**
 * What the W3C / CCG conformance suites found (conformance/README.md), one regression test per class of defect:
 * the operator's extra contexts reach every loader (signing workers included), VC 1.1 credentials verify but are
 * never issued, inline contexts are read, and the VC-API verify endpoint refuses a credential given as JSON text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExtraContexts } from '../../src/resolver/index.js';
import { DATA_INTEGRITY_CONTEXT_V2_URL, VC_CONTEXT_V1_URL, VC_CONTEXT_V2_URL } from '../../src/vc/index.js';
import { startTestService, tempDir, type TestService } from '../helpers/harness.js';
import { startWorld, verdicts, type World } from '../verification/helpers.js';

const TRAINING_URL = 'https://contexts.example.org/training/v1';
const TRAINING = { '@context': { '@protected': true, hoursOfTraining: 'https://contexts.example.org/training#hoursOfTraining' } };

function contextsDir(manifest: unknown, files: Record<string, unknown> = {}): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'contexts.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  for (const [name, doc] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), typeof doc === 'string' ? doc : JSON.stringify(doc));
  return dir;
}

async function certifier(svc: TestService, slug = 'cecati-42') {
  const staff = svc.demo.find((d) => d.body === slug && d.roles.join(',') === 'certifier');
  if (!staff) throw new TypeError(`no demo certifier at ${slug}`);
  return { staffId: staff.staffId, bodyId: (await svc.services.registry.getBodyBySlug(slug)).id, roles: staff.roles };
}

const training = () => ({
  '@context': [VC_CONTEXT_V2_URL, TRAINING_URL],
  type: ['VerifiableCredential'],
  credentialSubject: { id: 'did:example:asistente', hoursOfTraining: 12 },
});

describe('extra contexts (AVALA_EXTRA_CONTEXTS_DIR)', () => {
  it('reads a folder: each URL the manifest names answers with its file, frozen', () => {
    const map = readExtraContexts(contextsDir({ [TRAINING_URL]: 'training.jsonld' }, { 'training.jsonld': TRAINING }));
    expect([...map.keys()]).toEqual([TRAINING_URL]);
    expect(map.get(TRAINING_URL)).toEqual(TRAINING);
    expect(Object.isFrozen(map.get(TRAINING_URL)!['@context'])).toBe(true);
  });

  it.each([
    ['no manifest', () => tempDir(), /cannot be read as JSON/],
    ['a manifest that is a list', () => contextsDir([TRAINING_URL]), /must be an object/],
    ['a URL that is not http(s)', () => contextsDir({ 'file:///etc/passwd': 'training.jsonld' }, { 'training.jsonld': TRAINING }), /not an absolute http\(s\) URL/],
    ['a URL of a context Avala holds', () => contextsDir({ [VC_CONTEXT_V2_URL]: 'training.jsonld' }, { 'training.jsonld': TRAINING }), /Avala holds itself/],
    ['a file outside the folder', () => contextsDir({ [TRAINING_URL]: '../training.jsonld' }), /plain file name/],
    ['a missing file', () => contextsDir({ [TRAINING_URL]: 'absent.jsonld' }), /cannot be read/],
    ['a file that is not JSON', () => contextsDir({ [TRAINING_URL]: 'training.jsonld' }, { 'training.jsonld': '{"@context": ' }), /is not JSON/],
    ['a document without an @context', () => contextsDir({ [TRAINING_URL]: 'training.jsonld' }, { 'training.jsonld': { hoursOfTraining: 'x' } }), /is not a JSON-LD context/],
  ])('refuses to start on %s', (_, make, message) => {
    expect(() => readExtraContexts(make())).toThrow(message);
  });

  describe('on a running service', () => {
    let withFolder: TestService;
    let without: TestService;
    beforeAll(async () => {
      const dir = contextsDir({ [TRAINING_URL]: 'training.jsonld' }, { 'training.jsonld': TRAINING });
      withFolder = await startTestService({ env: { AVALA_EXTRA_CONTEXTS_DIR: dir } });
      without = await startTestService();
    });
    afterAll(async () => {
      await withFolder.close();
      await without.close();
    });

    it('signs a Data Integrity credential under an extra context (in a signing worker) and verifies it', async () => {
      const { verifiable } = await withFolder.services.issuance.issueOther(await certifier(withFolder), training(), { securing: 'di', withStatus: false });
      expect((verifiable as { '@context': unknown })['@context']).toEqual([VC_CONTEXT_V2_URL, TRAINING_URL]);
      const report = await withFolder.services.verifier.verify(verifiable, { checks: ['proof'] });
      expect(verdicts(report)).toEqual({ format: ['pass', null], proof: ['pass', null] });
    });

    it('signs a VC-JWT under it too, and its verifier reads the JWT it issued', async () => {
      const { verifiable } = await withFolder.services.issuance.issueOther(await certifier(withFolder), training(), { securing: 'jwt', withStatus: false });
      const report = await withFolder.services.verifier.verify(verifiable, { checks: ['proof'] });
      expect(verdicts(report)).toEqual({ format: ['pass', null], proof: ['pass', null] });
    });

    it('without the folder, a credential under an unknown context is refused, in either form', async () => {
      // Another URL than TRAINING_URL: jsonld.js keeps contexts a loader marked static in a cache shared by the whole
      // process, so one this process already loaded (for the other service) would not reach the loader again.
      const credential = { ...training(), '@context': [VC_CONTEXT_V2_URL, 'https://contexts.example.org/unknown/v1'] };
      for (const securing of ['di', 'jwt'] as const) {
        await expect(without.services.issuance.issueOther(await certifier(without), credential, { securing, withStatus: false })).rejects.toMatchObject({ code: 'ERR_CONTEXT_NOT_ALLOWED' });
      }
    });
  });
});

describe('VC 1.1: verified, never issued', () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld();
  });
  afterAll(async () => w.close());

  const v1 = (issuer: string, extra: Record<string, unknown> = {}) => ({
    '@context': [VC_CONTEXT_V1_URL, DATA_INTEGRITY_CONTEXT_V2_URL],
    id: 'urn:uuid:6f2f5f1e-3d51-4d1c-a7a5-1b0e64f9b0a1',
    type: ['VerifiableCredential'],
    issuer,
    issuanceDate: '2026-05-01T00:00:00Z',
    credentialSubject: { id: 'did:example:titular' },
    ...extra,
  });

  async function signedV1(extra: Record<string, unknown> = {}) {
    const key = await w.key('cecati-42');
    const issuer = key.id.slice(0, key.id.indexOf('#'));
    const signer = await w.svc.services.keys.signer(key.keystoreId, key.id);
    const { signDataIntegrity } = await import('../../src/signing/index.js');
    return signDataIntegrity(v1(issuer, extra), signer, w.svc.services.documentLoader, { created: new Date('2026-05-01T00:00:00Z') });
  }

  it('verifies a Data Integrity 1.1 credential, its issuanceDate and expirationDate as the validity window', async () => {
    const report = await w.verifier().verify(await signedV1({ expirationDate: '2027-05-01T00:00:00Z' }), { checks: ['proof', 'validity_window'] });
    expect(verdicts(report)).toEqual({ format: ['pass', null], proof: ['pass', null], validity_window: ['pass', null] });
    expect(report.facts).toMatchObject({ validFrom: '2026-05-01T00:00:00Z', validUntil: '2027-05-01T00:00:00Z' });
  });

  it('reports a 1.1 credential past its expirationDate as expired', async () => {
    const report = await w.verifier().verify(await signedV1({ expirationDate: '2026-05-15T00:00:00Z' }), { checks: ['proof', 'validity_window'] });
    expect(verdicts(report).validity_window?.[0]).toBe('fail');
  });

  it('refuses a 1.1 credential changed after signing', async () => {
    const vc = await signedV1();
    const report = await w.verifier().verify({ ...vc, issuanceDate: '2020-01-01T00:00:00Z' }, { checks: ['proof'] });
    expect(verdicts(report).proof?.[0]).toBe('fail');
  });

  it('refuses a 1.1 credential without issuanceDate, or with the 2.0 names', async () => {
    const vc = v1('did:example:x');
    const { issuanceDate: _, ...noDate } = vc;
    for (const bad of [noDate, { ...vc, validFrom: '2026-05-01T00:00:00Z' }]) {
      const report = await w.verifier().verify({ ...bad, proof: { type: 'DataIntegrityProof' } }, { checks: ['proof'] });
      expect(verdicts(report).format).toEqual(['fail', 'MALFORMED_VALUE_ERROR']);
    }
  });

  it('never issues a 1.1 credential', async () => {
    const actor = await certifier(w.svc);
    const { issuanceDate: _, ...credential } = v1('did:example:x');
    await expect(w.svc.services.issuance.issueOther(actor, credential, { securing: 'di', withStatus: false })).rejects.toMatchObject({ code: 'ERR_INVALID_CREDENTIAL' });
  });

  it('reads an unsigned presentation with an inline context in its @context', async () => {
    const report = await w.verifier().verifyPresentation(
      {
        '@context': [VC_CONTEXT_V2_URL, { ExamplePresentation: 'https://example.org/#ExamplePresentation' }],
        type: ['VerifiablePresentation', 'ExamplePresentation'],
        verifiableCredential: [await signedV1()],
      },
      { checks: ['proof'] },
    );
    expect(report.checks.map((c) => [c.name, c.status])).toEqual([['format', 'pass'], ['proof', 'pass']]);
    expect(report.credentials.map((r) => r.verified)).toEqual([true]);
  });

  it('the VC-API verify endpoint refuses a credential given as JSON text in a string (not a map)', async () => {
    const text = JSON.stringify(await signedV1());
    const res = await fetch(`${w.svc.url}/credentials/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verifiableCredential: text, options: { checks: ['proof'] } }) });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'ERR_VALIDATION' });
  });
});

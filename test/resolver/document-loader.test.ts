import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAppError } from '../../src/errors.js';
import { createDidResolver, createDocumentLoader } from '../../src/resolver/index.js';
import { CONTEXT_FILES } from '../../src/vc/index.js';

const SPEC_DID = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';

async function errorOf(p: Promise<unknown>) {
  const e = await p.then(() => undefined, (err: unknown) => err);
  if (!isAppError(e)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
}

afterEach(() => vi.restoreAllMocks());

describe('createDocumentLoader', () => {
  it('serves every local context by its URL, exactly as the file says', async () => {
    const load = createDocumentLoader();
    for (const [url, file] of Object.entries(CONTEXT_FILES)) {
      const onDisk = JSON.parse(fs.readFileSync(new URL(`../../contexts/${file}`, import.meta.url), 'utf8')) as unknown;
      expect(await load(url)).toEqual({ contextUrl: null, documentUrl: url, document: onDisk, tag: 'static' });
    }
  });

  it.each([
    ['another host', 'https://evil.example/ctx'],
    ['a file', 'file:///etc/passwd'],
    ['a local file named like a context', 'file:///work/main/contexts/credentials-v2.jsonld'],
    ['plain http for a known context', 'http://www.w3.org/ns/credentials/v2'],
    ['a known URL with a trailing slash', 'https://www.w3.org/ns/credentials/v2/'],
    ['a known URL with a query', 'https://www.w3.org/ns/credentials/v2?x=1'],
    // (VC 1.1's https://www.w3.org/2018/credentials/v1 is held: 1.1 credentials are verified, never issued.)
    ['an older security context', 'https://w3id.org/security/v2'],
    ['a loopback address', 'http://127.0.0.1:8080/ctx'],
    ['a DID when no resolver is given', SPEC_DID],
  ])('refuses a context that is not a local file: %s', async (_what, url) => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const e = await errorOf(createDocumentLoader()(url));
    expect(e.code).toBe('ERR_CONTEXT_NOT_ALLOWED');
    expect(e.message).toContain(url);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('cuts a very long refused URL short in its message', async () => {
    const e = await errorOf(createDocumentLoader()(`https://evil.example/${'a'.repeat(10_000)}`));
    expect(e.message.length).toBeLessThan(400);
  });

  it('hands out context documents that cannot be changed in place', async () => {
    const { document } = await createDocumentLoader()('https://www.w3.org/ns/credentials/v2');
    expect(() => {
      (document as { '@context': Record<string, unknown> })['@context'].name = 'https://evil.example/name';
    }).toThrow(TypeError);
  });

  it('serves a DID document and one of its verification methods through the resolver', async () => {
    const load = createDocumentLoader({ didResolver: createDidResolver() });
    const doc = await load(SPEC_DID);
    expect((doc.document as { id: string }).id).toBe(SPEC_DID);
    const vmUrl = `${SPEC_DID}#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK`;
    expect(await load(vmUrl)).toEqual({
      contextUrl: null,
      documentUrl: vmUrl,
      document: {
        '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
        id: vmUrl,
        type: 'Multikey',
        controller: SPEC_DID,
        publicKeyMultibase: 'z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
      },
    });
  });

  it('answers ERR_DID_NOT_FOUND for a fragment the document does not have', async () => {
    const e = await errorOf(createDocumentLoader({ didResolver: createDidResolver() })(`${SPEC_DID}#key-2`));
    expect(e.code).toBe('ERR_DID_NOT_FOUND');
  });

  it('answers ERR_DID_NOT_FOUND for a DID that does not resolve', async () => {
    const load = createDocumentLoader({ didResolver: createDidResolver({ web: async () => null }) });
    const e = await errorOf(load('did:web:avala.test:bodies:nobody#key-1'));
    expect(e).toMatchObject({ code: 'ERR_DID_NOT_FOUND', details: { did: 'did:web:avala.test:bodies:nobody', error: 'notFound' } });
  });

  it('refuses a DID URL with a path or query', async () => {
    const load = createDocumentLoader({ didResolver: createDidResolver() });
    expect((await errorOf(load(`${SPEC_DID}/whois`))).code).toBe('ERR_DID_NOT_FOUND');
    expect((await errorOf(load(`${SPEC_DID}?service=files`))).code).toBe('ERR_DID_NOT_FOUND');
  });
});

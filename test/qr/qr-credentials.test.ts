import crypto from 'node:crypto';
import { compactVerify, importJWK } from 'jose';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import { RouteTable } from '../../src/http/route.js';
import { qrRoutes } from '../../src/http/routes/qr.js';
import { rawFromPublicKeyMultibase } from '../../src/vc/index.js';
import { credentialQrPayload, decodeQrPayload, encodeQrPayload, payloadFromVerifierUrl, qrVersion, renderQrPng, renderQrSvg, verifierUrl } from '../../src/qr/index.js';
import { ADMIN_TOKEN, PUBLIC_URL, startTestService, type TestService } from '../helpers/harness.js';
import { listenRoutes, type RoutesApp } from '../helpers/routes-app.js';
import { DEMO_CASES, issueDemoCredential, type IssuedDemo } from './demo-credentials.js';

let svc: TestService;
let reference: IssuedDemo;
let other: IssuedDemo;

beforeAll(async () => {
  svc = await startTestService();
  reference = await issueDemoCredential(svc, DEMO_CASES[0]);
  other = await issueDemoCredential(svc, DEMO_CASES.find((c) => c.body === 'cecati-42')!);
});
afterAll(async () => {
  await app?.close();
  await svc?.close();
});

/** The issuing body's public key for the JWT's `kid`, from the body's DID document in the registry. */
async function bodyKey(jwt: string) {
  const header = JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as { kid: string };
  const doc = await svc.services.registry.didDocumentFor(header.kid.split('#')[0]!);
  const vm = (doc?.verificationMethod as Array<{ id: string; publicKeyMultibase: string }> | undefined)?.find((v) => v.id === header.kid);
  if (!vm) throw new TypeError(`no verification method ${header.kid}`);
  return importJWK({ kty: 'OKP', crv: 'Ed25519', x: Buffer.from(rawFromPublicKeyMultibase(vm.publicKeyMultibase)!).toString('base64url') }, 'EdDSA');
}

// jsqr is CommonJS whose typings declare an ES default export; at run time the module is the function itself.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as unknown as typeof jsQRModule.default;

/** Reads a PNG with decoders that share no code with the encoder (pngjs + jsQR). */
function readPng(png: Buffer): string | null {
  const img = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height)?.data ?? null;
}

function withPayload(jwt: string, change: (p: Record<string, any>) => void): string {
  const [h, p, s] = jwt.split('.') as [string, string, string];
  const json = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, any>;
  change(json);
  return `${h}.${Buffer.from(JSON.stringify(json)).toString('base64url')}.${s}`;
}

describe('QR payload of a real certificate', () => {
  it('decodes to exactly the VC-JWT the service issued, which verifies against the issuing body key', async () => {
    for (const issued of [reference, other]) {
      const jwt = decodeQrPayload(encodeQrPayload(issued.jwt));
      expect(jwt).toBe(issued.jwt);
      const { protectedHeader, payload } = await compactVerify(jwt, await bodyKey(jwt), { algorithms: ['EdDSA'] });
      expect(protectedHeader).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt', kid: expect.stringMatching(new RegExp(`^${issued.bodyDid}#`)) });
      expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({ id: issued.id, issuer: { id: issued.bodyDid } });
    }
  });

  it('puts the payload in the fragment of an upper-case verifier URL, and reads it back from there', () => {
    const url = verifierUrl(PUBLIC_URL, encodeQrPayload(reference.jwt));
    expect(url).toMatch(/^HTTPS:\/\/AVALA\.TEST\/V#1\d+$/);
    expect(decodeQrPayload(payloadFromVerifierUrl(url))).toBe(reference.jwt);
    expect(verifierUrl('https://gob.example/avala/', '1')).toBe('HTTPS://GOB.EXAMPLE/avala/V#1');
  });

  // Issue 6 requires version 20 at most at error correction M; naming the criteria by URL (not a narrative) keeps
  // the reference certificate there.
  it('fits the reference certificate in QR version 20 at error correction M', () => {
    expect(qrVersion(verifierUrl(PUBLIC_URL, encodeQrPayload(reference.jwt)))).toBeLessThanOrEqual(20);
  });

  it('keeps every certificate as issued today within version 20 (a guard against growth)', () => {
    for (const issued of [reference, other]) expect(qrVersion(verifierUrl(PUBLIC_URL, encodeQrPayload(issued.jwt)))).toBeLessThanOrEqual(20);
  });
});

describe('QR images', () => {
  it('renders a PNG that an independent decoder reads back as the same URL', async () => {
    const url = verifierUrl(PUBLIC_URL, encodeQrPayload(reference.jwt));
    const png = await renderQrPng(url);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const read = readPng(png);
    expect(read).toBe(url);
    expect(decodeQrPayload(payloadFromVerifierUrl(read!))).toBe(reference.jwt);
  });

  it('renders an SVG of the same symbol (side = 17 + 4 × version modules, plus the 4-module quiet zone)', async () => {
    const url = verifierUrl(PUBLIC_URL, encodeQrPayload(reference.jwt));
    const svg = await renderQrSvg(url);
    const side = 17 + 4 * qrVersion(url) + 8;
    expect(svg).toMatch(new RegExp(`^<svg[^>]*viewBox="0 0 ${side} ${side}"`));
    expect(svg).not.toMatch(/<script|href=/i);
  });
});

// The route module is registered in app.ts by its owner; here it runs in an app of its own.
let app: RoutesApp | undefined;
async function qrApp() {
  app ??= await listenRoutes(svc.services.registry, (t) => qrRoutes(t, { issuance: svc.services.issuance, publicUrl: PUBLIC_URL }));
  return app;
}
async function getBytes(path: string, token?: string) {
  const res = await fetch(`${(await qrApp()).url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, type: res.headers.get('content-type'), headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

describe('GET /credentials/:id/qr.png|svg and /claim/:token/qr.png|svg', () => {
  const id = () => encodeURIComponent(reference.id);

  it("gives the issuing body's certifier a PNG of the credential's verifier URL", async () => {
    const res = await getBytes(`/credentials/${id()}/qr.png`, svc.staffKey('universidad-del-valle', 'certifier'));
    expect(res.status).toBe(200);
    expect(res.type).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    // The code holds format 2, the compact claims signed at issuance (format 1 is tested above).
    expect(payloadFromVerifierUrl(readPng(res.body)!)).toBe(credentialQrPayload(reference));
    expect(credentialQrPayload(reference)).toMatch(/^2\d+$/);
  });

  it('gives the body admin an SVG, and the authority too', async () => {
    for (const token of [svc.staffKey('universidad-del-valle', 'admin'), ADMIN_TOKEN]) {
      const res = await getBytes(`/credentials/${id()}/qr.svg`, token);
      expect(res.status).toBe(200);
      expect(res.type).toMatch(/^image\/svg\+xml/);
      expect(res.body.toString()).toMatch(/^<svg/);
    }
  });

  it("answers 404 to another body's staff and for an unknown id, 401 without a key, 403 to an evaluator", async () => {
    expect((await getBytes(`/credentials/${id()}/qr.png`, svc.staffKey('cecati-42', 'certifier'))).status).toBe(404);
    expect((await getBytes(`/credentials/${encodeURIComponent('urn:uuid:00000000-0000-4000-8000-000000000000')}/qr.png`, svc.staffKey('universidad-del-valle', 'certifier'))).status).toBe(404);
    expect((await getBytes(`/credentials/${id()}/qr.png`)).status).toBe(401);
    expect((await getBytes(`/credentials/${id()}/qr.png`, svc.staffKey('universidad-del-valle', 'evaluator'))).status).toBe(403);
  });

  it('gives the holder PNG and SVG from the claim link, private and without referrer', async () => {
    const path = new URL(reference.claimUrl).pathname;
    const png = await getBytes(`${path}/qr.png`);
    expect(png.status).toBe(200);
    expect(png.headers.get('referrer-policy')).toBe('no-referrer');
    expect(png.headers.get('cache-control')).toBe('private, no-store');
    expect(payloadFromVerifierUrl(readPng(png.body)!)).toBe(credentialQrPayload(reference));
    expect((await getBytes(`${path}/qr.svg`)).status).toBe(200);
  });

  it('answers 404 for a wrong or malformed claim token, 422 for one too long to be a token', async () => {
    expect((await getBytes(`/claim/${'A'.repeat(43)}/qr.png`)).status).toBe(404);
    expect((await getBytes(`/claim/${'A'.repeat(43)}/qr.svg`)).status).toBe(404);
    expect((await getBytes('/claim/nope/qr.png')).status).toBe(404);
    expect((await getBytes(`/claim/${'x'.repeat(5000)}/qr.png`)).status).toBe(422);
  });

  it('answers 404 for a credential that has no VC-JWT form, or one too large for any QR code', async () => {
    const body = (await svc.services.registry.listBodies()).find((b) => b.slug === 'universidad-del-valle')!;
    const certifier = svc.demo.find((d) => d.body === 'universidad-del-valle' && d.roles.join(',') === 'certifier')!;
    const actor = { staffId: certifier.staffId, bodyId: body.id, roles: certifier.roles };
    const other = (subject: Record<string, unknown>, securing: 'di' | 'jwt') =>
      svc.services.issuance.issueOther(actor, { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], credentialSubject: subject }, { securing, withStatus: false });
    const noJwt = (await other({ id: 'did:example:asistente' }, 'di')).credential;
    const huge = (await other({ id: 'did:example:asistente', name: crypto.randomBytes(6000).toString('base64url') }, 'jwt')).credential;
    for (const c of [noJwt, huge]) {
      const res = await getBytes(`/credentials/${encodeURIComponent(c.id)}/qr.png`, svc.staffKey('universidad-del-valle', 'certifier'));
      expect(res.status).toBe(404);
      expect(JSON.parse(res.body.toString())).toMatchObject({ code: 'ERR_NOT_FOUND' });
    }
  });

  it('is described in the route table like every other route', () => {
    const table = new RouteTable(express.Router(), { adminToken: ADMIN_TOKEN, registry: svc.services.registry });
    qrRoutes(table, { issuance: svc.services.issuance, publicUrl: PUBLIC_URL });
    expect(table.routes.map((r) => `${r.spec.method} ${r.spec.path} ${r.spec.auth}`)).toEqual([
      'get /credentials/:id/qr.png any',
      'get /claim/:token/qr.png public',
      'get /credentials/:id/qr.svg any',
      'get /claim/:token/qr.svg public',
    ]);
  });
});

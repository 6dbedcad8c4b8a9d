import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../helpers/harness.js';
import { actor, curpFor } from '../../helpers/people.js';
import { codeByReference } from './harness.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService({ publicUrlIsOwnAddress: true });
});
afterAll(async () => {
  await svc.close();
});

// Runs once main.ts composes `oid4vci` (see the integration note in the OpenID4VCI issue): until then the real app
// has no wallet endpoints, and the other tests here mount them themselves.
it('is wired into the real app: metadata, claim page, token endpoint, staff offers, JSON claim route untouched', async (ctx) => {
  if (!('oid4vci' in svc.services)) ctx.skip();
  const md = await fetch(`${svc.url}/.well-known/openid-credential-issuer`);
  expect(md.status).toBe(200);
  const e = await svc.services.issuance.recordEvaluation(actor(svc, 'cecati-42', 'evaluator'), { candidate: { name: 'Ana', curp: curpFor(1), email: null }, standard: { code: 'EC0217' }, centre: 'C', evaluatedOn: '2026-05-20', result: 'competent' });
  const { claimUrl, credential } = await svc.services.issuance.certify(actor(svc, 'cecati-42', 'certifier'), e.id);
  const token = claimUrl.split('/').at(-1)!;
  const page = await fetch(`${svc.url}/claim/${token}`, { headers: { accept: 'text/html' } });
  expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
  const html = await page.text();
  const link = /href="(openid-credential-offer:\/\/[^"]+)"/.exec(html)![1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  const code = await codeByReference(link);
  const t = await fetch(`${svc.url}/oid4vci/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': code }) });
  expect(t.status).toBe(200);
  const json = await fetch(`${svc.url}/claim/${token}`, { headers: { accept: 'application/json' } });
  expect(((await json.json()) as any).id).toBe(credential.id);
  const offer = await fetch(`${svc.url}/credentials/${encodeURIComponent(credential.id)}/wallet-offer`, { method: 'POST', headers: { authorization: `Bearer ${svc.staffKey('cecati-42', 'certifier')}` } });
  expect(offer.status).toBe(201);
  const api404 = await fetch(`${svc.url}/nothing-here`);
  expect(api404.headers.get('content-type')).toMatch(/problem\+json/);
  const oa = await (await fetch(`${svc.url}/openapi.json`)).json() as any;
  expect(Object.keys(oa.paths)).toContain('/credentials/{id}/wallet-offer');
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signVcJwt } from '../../src/signing/index.js';
import type { IssuedCredential } from '../../src/issuance/index.js';
import { buildSupersessionRegister, supersessionRegisterUrl } from '../../src/status/index.js';
import { createDirectoryStatusListFetcher, createDirectorySupersessionFetcher } from '../../src/verification/node.js';
import { serviceStatusListFetcher } from '../../src/verification/server.js';
import type { StatusListFetcher } from '../../src/verification/index.js';
import { runAvalaVerify } from '../helpers/cli.js';
import { ALL_PASS, PUBLIC_URL, curp, form, startWorld, verdict, verdicts, type World } from '../verification/helpers.js';

let w: World;
let old: IssuedCredential;
let renewal: IssuedCredential;
const registerUrl = supersessionRegisterUrl(PUBLIC_URL, 'cecati-42');

/** `avala <args>` with the verify commands, in process, against the test service. */
const avala = (...args: string[]) => runAvalaVerify((fn) => fn(w.svc.services), args);

async function staff(slug: string, roles: string) {
  const s = w.svc.demo.find((d) => d.body === slug && d.roles.join(',') === roles)!;
  return { staffId: s.staffId, bodyId: await w.bodyId(slug), roles: s.roles };
}

beforeAll(async () => {
  w = await startWorld('2027-03-03T15:00:00.000Z');
  old = await w.issue('cecati-42', { curp: curp('GOMA850315MDFRRN0') });
  w.advance(86_400_000);
  const e = await w.svc.services.issuance.recordEvaluation(await staff('cecati-42', 'evaluator'), {
    candidate: { name: 'Ana Pérez López', curp: curp('GOMA850315MDFRRN0'), email: null },
    standard: { code: 'EC0217' },
    centre: 'Centro de evaluación 1',
    evaluatedOn: w.now().toISOString().slice(0, 10),
    result: 'competent',
    renewsCredentialId: old.id,
  });
  renewal = (await w.svc.services.issuance.certify(await staff('cecati-42', 'certifier'), e.id)).credential;
});
afterAll(async () => w.close());

describe('superseded certificates', () => {
  it('says a renewed certificate was superseded, when and by which id (API, library offline, CLI)', async () => {
    const supersession = { supersededAt: renewal.issuedAt, supersededBy: renewal.id };
    // The library, on the live service.
    for (const f of ['di', 'jwt'] as const) {
      const r = await w.verifier().verify(form(old, f));
      expect(r.verified).toBe(false);
      expect(verdicts(r)).toEqual({ ...ALL_PASS, superseded: ['fail', 'SUPERSEDED'] });
      expect(r.facts?.supersession).toEqual(supersession);
      // The renewal itself is current.
      expect(verdicts(await w.verifier().verify(form(renewal, f)))).toEqual(ALL_PASS);
    }
    // The public API: the old certificate is not verified as a current certificate.
    const res = await fetch(`${w.svc.url}/verify`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: old.jwt! });
    const body = (await res.json()) as any;
    expect(body.verified).toBe(false);
    expect(body.facts.supersession).toEqual(supersession);
    // The register as served: signed JWT, cacheable, 304 on its ETag.
    const reg = await fetch(`${w.svc.url}/status/cecati-42/supersessions`);
    expect(reg.status).toBe(200);
    expect(reg.headers.get('content-type')).toMatch(/^application\/vc\+jwt/);
    expect(reg.headers.get('cache-control')).toBe('public, max-age=300');
    const again = await fetch(`${w.svc.url}/status/cecati-42/supersessions`, { headers: { 'if-none-match': reg.headers.get('etag')! } });
    expect(again.status).toBe(304);
    // Offline: from a folder, as `avala export` writes it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'avala-supersede-'));
    fs.writeFileSync(path.join(dir, 'cecati-42-supersessions.jwt'), await reg.text());
    for (const s of old.dataIntegrity!.credentialStatus as Array<{ statusListCredential: string }>) {
      const listId = s.statusListCredential.split('/').at(-1)!;
      fs.writeFileSync(path.join(dir, `${listId}.jwt`), String((await w.svc.services.status.publishedList(listId, 'jwt')).body));
    }
    const offline = w.verifier({ statusLists: createDirectoryStatusListFetcher(dir), supersessions: createDirectorySupersessionFetcher(dir) });
    const r = await offline.verify(old.jwt);
    expect(verdicts(r)).toEqual({ ...ALL_PASS, superseded: ['fail', 'SUPERSEDED'] });
    expect(r.facts?.supersession).toEqual(supersession);
    // The CLI, offline, from what `avala export` writes.
    const out = path.join(dir, 'export');
    expect((await avala('export', '--out', out)).code).toBe(0);
    expect(fs.existsSync(path.join(out, 'status', 'cecati-42-supersessions.jwt'))).toBe(true);
    fs.writeFileSync(path.join(dir, 'old.jwt'), old.jwt!);
    const cli = await avala('verify', path.join(dir, 'old.jwt'), '--registry', path.join(out, 'trust-registry.jwt'), '--anchor', path.join(out, 'authority-did.json'), '--status-dir', path.join(out, 'status'));
    expect(cli.code).toBe(1);
    expect(cli.out).toMatch(/✘ superseded\s+SUPERSEDED/);
    expect(cli.out).toContain(`SUPERSEDED on ${renewal.issuedAt} by certificate ${renewal.id}`);
    expect(cli.out.trim().split('\n').at(-1)).toBe('NOT VERIFIED');
  });

  it('fails closed when the supersession register cannot be fetched or is not signed by the issuer', async () => {
    const down: StatusListFetcher = async () => {
      throw new Error('unreachable');
    };
    expect(verdict(await w.verifier({ supersessions: down }).verify(old.jwt), 'superseded')).toEqual(['unknown', 'STATUS_RETRIEVAL_ERROR']);
    expect(verdict(await w.verifier({ supersessions: undefined }).verify(old.jwt), 'superseded')).toEqual(['unknown', 'STATUS_RETRIEVAL_ERROR']);
    // The served register with its signature replaced: unsigned in effect.
    const served = (await w.svc.services.supersessions.published('cecati-42')).jwt;
    const [h, p] = served.split('.');
    const empty = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), credentialSubject: { type: 'SupersessionRegister', version: 9, entries: [] } })).toString('base64url');
    const forged: StatusListFetcher = async () => ({ body: `${h}.${empty}.${served.split('.')[2]}` });
    const r = await w.verifier({ supersessions: forged }).verify(old.jwt);
    expect(verdict(r, 'superseded')).toEqual(['unknown', 'STATUS_VERIFICATION_ERROR']);
    expect(r.verified).toBe(false);
    // Stale: a register past its validity.
    w.advance(3 * 86_400_000);
    const staleJwt = served;
    const r2 = await w.verifier({ supersessions: async () => ({ body: staleJwt }), statusLists: serviceStatusListFetcher(w.svc.services.status, PUBLIC_URL) }).verify(renewal.jwt);
    expect(verdict(r2, 'superseded')).toEqual(['unknown', 'STATUS_STALE']);
    w.advance(-3 * 86_400_000);
  });

  it("a register signed by another body's key is refused", async () => {
    const other = await w.key('universidad-del-valle');
    const issuerDid = (await w.svc.services.registry.getBodyBySlug('cecati-42')).did;
    const unsigned = buildSupersessionRegister({ url: registerUrl, issuerDid, version: 99, entries: [], validFrom: w.now(), validUntil: new Date(w.now().getTime() + 86_400_000), ttlMs: 300_000 });
    const jwt = await signVcJwt(unsigned as unknown as Record<string, unknown>, w.svc.services.keys, other.keystoreId, other.id);
    const r = await w.verifier({ supersessions: async () => ({ body: jwt }) }).verify(old.jwt);
    expect(verdict(r, 'superseded')).toEqual(['unknown', 'STATUS_VERIFICATION_ERROR']);
    expect(r.verified).toBe(false);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedCredential } from '../../src/issuance/index.js';
import { encodeQrPayload, renderQrPng, verifierUrl } from '../../src/qr/index.js';
import { runAvalaVerify } from '../helpers/cli.js';
import { tempDir } from '../helpers/harness.js';
import { PUBLIC_URL, startWorld, type World } from './helpers.js';

let w: World;
let c: IssuedCredential;
let dir: string;

/** Runs `avala <args>` with the verify commands, against the test service when a command needs the database. */
const avala = (...args: string[]) => runAvalaVerify((fn) => fn(w.svc.services), args);

const file = (name: string, content: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
};

beforeAll(async () => {
  w = await startWorld('2026-06-01T12:00:00.000Z');
  c = await w.issue('cecati-42');
  dir = tempDir('avala-cli-');
});
afterAll(async () => {
  await w.close();
});

describe('avala export', () => {
  it('writes the signed registry, the authority DID document and every status list', async () => {
    const r = await avala('export', '--out', path.join(dir, 'out'));
    expect(r.code).toBe(0);
    const out = path.join(dir, 'out');
    expect(fs.readFileSync(path.join(out, 'trust-registry.jwt'), 'utf8')).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'authority-did.json'), 'utf8')).id).toBe('did:web:avala.test');
    const lists = fs.readdirSync(path.join(out, 'status'));
    const entries = c.dataIntegrity!.credentialStatus as Array<{ statusListCredential: string }>;
    expect(lists).toEqual(expect.arrayContaining(entries.map((e) => `${e.statusListCredential.split('/').at(-1)}.jwt`)));
    expect(lists.every((l) => l.endsWith('.jwt'))).toBe(true);
  });
});

describe('avala verify, offline', () => {
  const offline = () => ['--registry', path.join(dir, 'out', 'trust-registry.jwt'), '--anchor', path.join(dir, 'out', 'authority-did.json'), '--status-dir', path.join(dir, 'out', 'status')];

  it('verifies a JWT, a Data Integrity JSON file and a QR payload with no database, and exits 0', async () => {
    const payload = encodeQrPayload(c.jwt!);
    for (const f of [file('c.jwt', `${c.jwt}\n`), file('c.json', JSON.stringify(c.dataIntegrity, null, 2)), file('c.qr.txt', verifierUrl(PUBLIC_URL, payload))]) {
      const r = await avala('verify', f, ...offline());
      expect(r.code, r.out).toBe(0);
      expect(r.out).toMatch(/✔ proof/);
      expect(r.out).toMatch(/Holder: Ana Pérez López/);
      expect(r.out.trim().split('\n').at(-1)).toBe('VERIFIED');
    }
  });

  it('reads the QR code from a PNG image of it', async () => {
    const png = path.join(dir, 'c.qr.png');
    fs.writeFileSync(png, await renderQrPng(verifierUrl(PUBLIC_URL, encodeQrPayload(c.jwt!))));
    const r = await avala('verify', png, ...offline());
    expect(r.code, r.out).toBe(0);
    expect(r.out.trim().split('\n').at(-1)).toBe('VERIFIED');
    const blank = path.join(dir, 'blank.png');
    fs.writeFileSync(blank, Buffer.from('89504e470d0a1a0a', 'hex'));
    await expect(avala('verify', blank, ...offline())).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
  });

  it('prints the report as JSON, or in Spanish', async () => {
    const json = await avala('verify', file('c.jwt', c.jwt!), ...offline(), '--json');
    expect(JSON.parse(json.out)).toMatchObject({ verified: true, format: 'vc-jwt', facts: { credentialId: c.id } });
    const es = await avala('verify', file('c.jwt', c.jwt!), ...offline(), '--lang', 'es');
    expect(es.out).toMatch(/Titular: Ana Pérez López/);
    expect(es.out.trim().split('\n').at(-1)).toBe('VERIFICADA');
  });

  it('sees a revocation once the status lists are exported again, and exits 1', async () => {
    const revoked = await w.issue('cecati-42');
    await w.svc.services.status.change(revoked.id, 'revoke', { reason: 'fraud' }, { kind: 'admin' });
    await avala('export', '--out', path.join(dir, 'out'));
    const r = await avala('verify', file('r.jwt', revoked.jwt!), ...offline());
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✘ revocation\s+REVOKED/);
    expect(r.out.trim().split('\n').at(-1)).toBe('NOT VERIFIED');
  });

  it('exits 1 with revocation unknown when no status lists are given', async () => {
    const r = await avala('verify', file('c.jwt', c.jwt!), '--registry', path.join(dir, 'out', 'trust-registry.jwt'), '--anchor', path.join(dir, 'out', 'authority-did.json'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/\? revocation\s+STATUS_RETRIEVAL_ERROR/);
  });

  it('refuses a registry the anchor did not sign, and a registry without an anchor', async () => {
    const otherDoc = await w.svc.services.registry.didDocumentFor((await w.svc.services.registry.getBodyBySlug('cecati-42')).did);
    const wrongAnchor = file('wrong-anchor.json', JSON.stringify(otherDoc));
    await expect(avala('verify', file('c.jwt', c.jwt!), '--registry', path.join(dir, 'out', 'trust-registry.jwt'), '--anchor', wrongAnchor)).rejects.toThrow(/trust registry was refused/);
    await expect(avala('verify', file('c.jwt', c.jwt!), '--registry', path.join(dir, 'out', 'trust-registry.jwt'))).rejects.toThrow(/--anchor/);
  });

  it('reports a file over 256 KiB as too large (RESOURCE_LIMIT) without reading it all', async () => {
    const r = await avala('verify', file('big.json', `{"pad":"${'x'.repeat(400 * 1024)}"}`), ...offline(), '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).checks[0]).toMatchObject({ name: 'format', status: 'fail', code: 'RESOURCE_LIMIT' });
  });
});

describe('avala verify, on this installation', () => {
  it("uses the live registry and the service's own status lists", async () => {
    const r = await avala('verify', file('c.jwt', c.jwt!), '--checks', 'proof,revocation');
    expect(r.code, r.out).toBe(0);
    expect(r.out.match(/^✔/gm)).toHaveLength(3);
  });

  it('exits 1 for a credential that is not a competency certificate, and prints that result by name', async () => {
    const attendance = await w.attendance('cecati-42', 'jwt');
    const en = await avala('verify', file('attendance.jwt', attendance.jwt!));
    expect(en.code, en.out).toBe(1);
    expect(en.out).toMatch(/✘ competency_certificate\s+NOT_A_COMPETENCY_CERTIFICATE/);
    expect(en.out.trim().split('\n').at(-1)).toBe('AUTHENTIC, BUT NOT A COMPETENCY CERTIFICATE');
    const es = await avala('verify', file('attendance.jwt', attendance.jwt!), '--lang', 'es');
    expect(es.code).toBe(1);
    expect(es.out.trim().split('\n').at(-1)).toBe('AUTÉNTICA, PERO NO ES UN CERTIFICADO DE COMPETENCIA LABORAL');
  });
});

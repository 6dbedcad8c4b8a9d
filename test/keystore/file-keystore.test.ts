import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { compactVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { openFileKeyStore } from '../../src/keystore/index.js';
import { rawFromPublicKeyMultibase } from '../../src/vc/index.js';
import { tempDir } from '../helpers/harness.js';

const publicKeyOf = (multibase: string) =>
  crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(rawFromPublicKeyMultibase(multibase)!).toString('base64url') }, format: 'jwk' });

describe('file keystore', () => {
  it('keeps no private key bytes in the clear on disk', async () => {
    const dir = tempDir();
    const ks = openFileKeyStore(dir, 'master-key-for-test', { devOnly: false });
    const k = await ks.generate();
    const signer = await ks.signer(k.keystoreId, 'did:example:1#key-1');
    // Recover the raw seed through a second store to compare against every file's bytes.
    const files = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
    const sig = await signer.sign({ data: Buffer.from('x') });
    expect(crypto.verify(null, Buffer.from('x'), publicKeyOf(k.publicKeyMultibase), sig)).toBe(true);
    const keyFile = JSON.parse(files.find((f) => f.includes('avala-key/1'))!);
    expect(Object.keys(keyFile).sort()).toEqual(['createdAt', 'devOnly', 'format', 'id', 'publicKeyMultibase', 'sealed', 'type']);
    expect(JSON.stringify(keyFile)).not.toMatch(/"d"\s*:|PRIVATE KEY/);
    expect(fs.statSync(path.join(dir, `${k.keystoreId}.key.json`)).mode & 0o077).toBe(0);
  });

  it('reopens with the same master key and signs with the stored key', async () => {
    const dir = tempDir();
    const k = await openFileKeyStore(dir, 'master-key-for-test', { devOnly: false }).generate();
    const again = openFileKeyStore(dir, 'master-key-for-test', { devOnly: false });
    const jws = await again.signCompactJws(k.keystoreId, { alg: 'EdDSA', kid: 'k' }, new TextEncoder().encode('{"a":1}'));
    const { payload } = await compactVerify(jws, publicKeyOf(k.publicKeyMultibase), { algorithms: ['EdDSA'] });
    expect(new TextDecoder().decode(payload)).toBe('{"a":1}');
  });

  it('refuses a wrong master key with a clear error', async () => {
    const dir = tempDir();
    await openFileKeyStore(dir, 'master-key-for-test', { devOnly: false }).generate();
    let err: unknown;
    try {
      openFileKeyStore(dir, 'another-master-key', { devOnly: false });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('ERR_KEY_DECRYPT');
    expect((err as AppError).message).toMatch(/AVALA_MASTER_KEY/);
  });

  it('detects a key file swapped for another (sealed to its own id)', async () => {
    const dir = tempDir();
    const ks = openFileKeyStore(dir, 'master-key-for-test', { devOnly: false });
    const a = await ks.generate();
    const b = await ks.generate();
    fs.copyFileSync(path.join(dir, `${b.keystoreId}.key.json`), path.join(dir, `${a.keystoreId}.key.json`));
    const fresh = openFileKeyStore(dir, 'master-key-for-test', { devOnly: false });
    await expect(fresh.signer(a.keystoreId, 'x')).rejects.toMatchObject({ code: 'ERR_KEY_DECRYPT' });
  });

  it('labels keys sealed with the dev master key', async () => {
    const dir = tempDir();
    const k = await openFileKeyStore(dir, 'dev-master-key-dev', { devOnly: true }).generate();
    expect(JSON.parse(fs.readFileSync(path.join(dir, `${k.keystoreId}.key.json`), 'utf8')).devOnly).toBe(true);
  });
});

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CompactSign } from 'jose';
import { AppError } from '../errors.js';
import { publicKeyMultibaseFromRaw } from '../vc/index.js';

/** What the rest of Avala may do with a private key: use it, never see it. */
export interface KeyStore {
  generate(): Promise<GeneratedKey>;
  /** A signer as `@digitalbazaar/data-integrity` suites expect it. */
  signer(keystoreId: string, verificationMethod: string): Promise<Signer>;
  /** A compact JWS over `payload` with the given protected header (the header must name alg EdDSA). */
  signCompactJws(keystoreId: string, header: Record<string, unknown>, payload: Uint8Array): Promise<string>;
}

export interface GeneratedKey {
  keystoreId: string;
  publicKeyMultibase: string;
  publicKeyJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string };
}

export interface Signer {
  id: string;
  algorithm: 'Ed25519';
  sign(input: { data: Uint8Array }): Promise<Uint8Array>;
}

interface Sealed {
  iv: string;
  tag: string;
  ciphertext: string;
}

interface KeystoreHeader {
  format: 'avala-keystore/1';
  kdf: { name: 'scrypt'; salt: string; N: number; r: number; p: number };
  check: Sealed;
  /** Set when the public dev master key sealed this keystore: such keys protect demo data only. */
  devOnly: boolean;
}

interface KeyFile {
  format: 'avala-key/1';
  id: string;
  type: 'Ed25519';
  publicKeyMultibase: string;
  createdAt: string;
  devOnly: boolean;
  sealed: Sealed;
}

const CHECK_PLAINTEXT = 'avala-keystore-check';
const SCRYPT = { N: 1 << 15, r: 8, p: 1 } as const;

/**
 * Ed25519 keys sealed with AES-256-GCM under a key derived once (scrypt) from the master key. Each key file is
 * bound to its id through the GCM additional data, so files cannot be swapped. Decrypted keys are cached as
 * non-extractable-in-practice KeyObjects inside this module and never returned.
 */
export function openFileKeyStore(dir: string, masterKey: string, opts: { devOnly: boolean }): KeyStore {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const headerPath = path.join(dir, 'keystore.json');
  let header: KeystoreHeader;
  let kek: Buffer;
  if (fs.existsSync(headerPath)) {
    header = JSON.parse(fs.readFileSync(headerPath, 'utf8')) as KeystoreHeader;
    kek = deriveKek(masterKey, header.kdf);
    try {
      if (open(kek, header.check, 'check').toString('utf8') !== CHECK_PLAINTEXT) throw new Error('mismatch');
    } catch (cause) {
      throw new AppError('ERR_KEY_DECRYPT', `The master key does not open the keystore in ${dir} (wrong AVALA_MASTER_KEY?)`, { cause });
    }
  } else {
    const kdf = { name: 'scrypt' as const, salt: crypto.randomBytes(16).toString('base64url'), ...SCRYPT };
    kek = deriveKek(masterKey, kdf);
    header = { format: 'avala-keystore/1', kdf, check: seal(kek, Buffer.from(CHECK_PLAINTEXT), 'check'), devOnly: opts.devOnly };
    writeFileAtomic(headerPath, JSON.stringify(header, null, 2));
  }

  const cache = new Map<string, crypto.KeyObject>();

  function privateKey(keystoreId: string): crypto.KeyObject {
    const hit = cache.get(keystoreId);
    if (hit) return hit;
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(keystoreId)) throw new TypeError(`bad keystore id ${keystoreId}`);
    const file = path.join(dir, `${keystoreId}.key.json`);
    if (!fs.existsSync(file)) throw new AppError('ERR_KEY_NOT_FOUND', `Signing key ${keystoreId} is not in the keystore`);
    const kf = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
    let der: Buffer;
    try {
      // The id asked for, not the one the file claims: a file copied over another's name fails here.
      der = open(kek, kf.sealed, keystoreId);
    } catch (cause) {
      throw new AppError('ERR_KEY_DECRYPT', `Signing key ${keystoreId} cannot be decrypted with this master key`, { cause });
    }
    const key = crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    der.fill(0);
    cache.set(keystoreId, key);
    return key;
  }

  return {
    async generate() {
      const { privateKey: priv, publicKey } = crypto.generateKeyPairSync('ed25519');
      const keystoreId = crypto.randomBytes(12).toString('base64url');
      const jwk = publicKey.export({ format: 'jwk' }) as { x: string };
      const raw = Buffer.from(jwk.x, 'base64url');
      const publicKeyMultibase = publicKeyMultibaseFromRaw(raw);
      const der = priv.export({ format: 'der', type: 'pkcs8' });
      const kf: KeyFile = {
        format: 'avala-key/1',
        id: keystoreId,
        type: 'Ed25519',
        publicKeyMultibase,
        createdAt: new Date().toISOString(),
        devOnly: header.devOnly,
        sealed: seal(kek, der, keystoreId),
      };
      der.fill(0);
      writeFileAtomic(path.join(dir, `${keystoreId}.key.json`), JSON.stringify(kf, null, 2));
      cache.set(keystoreId, priv);
      return { keystoreId, publicKeyMultibase, publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x } };
    },

    async signer(keystoreId, verificationMethod) {
      const key = privateKey(keystoreId);
      return {
        id: verificationMethod,
        algorithm: 'Ed25519',
        async sign({ data }) {
          return new Uint8Array(crypto.sign(null, data, key));
        },
      };
    },

    async signCompactJws(keystoreId, headerFields, payload) {
      if (headerFields.alg !== 'EdDSA') throw new TypeError('only EdDSA headers are signed by this keystore');
      return new CompactSign(payload).setProtectedHeader(headerFields as { alg: string }).sign(privateKey(keystoreId));
    },
  };
}

function deriveKek(masterKey: string, kdf: KeystoreHeader['kdf']): Buffer {
  return crypto.scryptSync(masterKey, Buffer.from(kdf.salt, 'base64url'), 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * 1024 * 1024 });
}

function seal(kek: Buffer, plaintext: Buffer, aad: string): Sealed {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', kek, iv);
  c.setAAD(Buffer.from(aad));
  const ciphertext = Buffer.concat([c.update(plaintext), c.final()]);
  return { iv: iv.toString('base64url'), tag: c.getAuthTag().toString('base64url'), ciphertext: ciphertext.toString('base64url') };
}

function open(kek: Buffer, s: Sealed, aad: string): Buffer {
  const d = crypto.createDecipheriv('aes-256-gcm', kek, Buffer.from(s.iv, 'base64url'));
  d.setAAD(Buffer.from(aad));
  d.setAuthTag(Buffer.from(s.tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(s.ciphertext, 'base64url')), d.final()]);
}

function writeFileAtomic(file: string, data: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

import crypto from 'node:crypto';
import { compactVerify, importJWK } from 'jose';
import type { KeyStore } from '../keystore/index.js';
import { AUTHORITY, type RegistryService } from '../registry/index.js';
import { rawFromPublicKeyMultibase } from '../vc/index.js';
import type { Probe } from './health.js';

/** The database answers a trivial query. */
export function databaseProbe(ping: () => Promise<void>): Probe {
  return { name: 'database', check: ping };
}

/** Every migration this code knows is applied (an instance of newer code on an older schema must not serve). */
export function migrationsProbe(pending: () => Promise<number[]>): Probe {
  return {
    name: 'migrations',
    async check() {
      const missing = await pending();
      if (missing.length > 0) throw new Error(`migrations not applied: ${missing.join(', ')}`);
    },
  };
}

/**
 * The authority key can be opened and signs: a random nonce signed through the keystore verifies under the public
 * key the registry publishes. A wrong master key, a missing key file or a corrupted seal fail here, at readiness,
 * rather than at the first issuance.
 */
export function authorityKeyProbe(registry: Pick<RegistryService, 'currentKey'>, keys: Pick<KeyStore, 'signCompactJws'>): Probe {
  return {
    name: 'authority-key',
    async check() {
      const key = await registry.currentKey(AUTHORITY);
      const raw = rawFromPublicKeyMultibase(key.publicKeyMultibase);
      if (!raw) throw new Error('the authority key in the registry is not an Ed25519 multikey');
      const nonce = crypto.randomBytes(16);
      const jws = await keys.signCompactJws(key.keystoreId, { alg: 'EdDSA' }, nonce);
      const publicKey = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, 'EdDSA');
      const { payload } = await compactVerify(jws, publicKey, { algorithms: ['EdDSA'] });
      if (!Buffer.from(payload).equals(nonce)) throw new TypeError('the authority key signed something other than the nonce');
    },
  };
}

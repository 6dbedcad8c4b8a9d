import crypto from 'node:crypto';
import { importJWK, type JWK } from 'jose';

/**
 * A fresh key pair for a test's own signer (a wallet, an attacker). Made synchronously on purpose: on Node 20, a key
 * from the asynchronous generator (jose's `generateKeyPair`, WebCrypto `generateKey`) that is exported to a JWK while
 * the garbage collector finalizes its key-generation job can deadlock the process (KeyGenJob's destructor waits on
 * the key's mutex that ExportJWK holds; seen as a CI run that hung with that native stack).
 */
export async function testKeyPair(alg: 'EdDSA' | 'ES256'): Promise<{ publicKey: CryptoKey; privateKey: CryptoKey; publicJwk: JWK; privateJwk: JWK }> {
  const pair = alg === 'EdDSA' ? crypto.generateKeyPairSync('ed25519') : crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicJwk = pair.publicKey.export({ format: 'jwk' }) as JWK;
  const privateJwk = pair.privateKey.export({ format: 'jwk' }) as JWK;
  const publicKey = (await importJWK(publicJwk, alg, { extractable: true })) as CryptoKey;
  const privateKey = (await importJWK(privateJwk, alg, { extractable: true })) as CryptoKey;
  return { publicKey, privateKey, publicJwk, privateJwk };
}

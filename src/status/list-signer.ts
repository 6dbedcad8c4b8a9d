import { signDataIntegrity, signVcJwt } from '../issuance/credential/index.js';
import type { KeyStore, Signer } from '../keystore/index.js';
import type { DocumentLoader } from '../resolver/index.js';
import type { StatusListSigner } from './ports.js';
import type { RegisterSigner } from './supersessions.js';

/** What the signer needs from the registry: the body's current key (RegistryService fits). */
export interface CurrentKeySource {
  /** The key `owner` signs with at `at` (default now), as RegistryService.currentKey answers. */
  currentKey(owner: string, at?: Date): Promise<{ id: string; keystoreId: string }>;
}

/**
 * Signs status lists with the issuing body's CURRENT key, in both securing mechanisms, so a verifier checks a
 * list with the same machinery (and the same key rules) as the credentials it covers: Data Integrity
 * `eddsa-rdfc-2022` for the JSON form, VC-JOSE `application/vc+jwt` (EdDSA, nbf/exp mirrored) for the JWT form.
 * Both forms are signed with one key read, so they never disagree on the signer.
 */
export function createStatusListSigner(deps: { registry: CurrentKeySource; keys: KeyStore; documentLoader: DocumentLoader }): StatusListSigner {
  // Opening a key costs a decryption; keep the keystore signer per verification method.
  const signers = new Map<string, Signer>();
  return {
    async sign(bodyId, unsigned) {
      const credential = unsigned as Record<string, unknown>;
      // The proof is dated at the list's validFrom: the instant the status service (and its clock) signed it. The key
      // is the one in use at that instant, so the two agree even within the second of a rotation.
      const created = typeof credential.validFrom === 'string' ? new Date(credential.validFrom) : undefined;
      const key = await deps.registry.currentKey(bodyId, created);
      let signer = signers.get(key.id);
      if (!signer) {
        signer = await deps.keys.signer(key.keystoreId, key.id);
        signers.set(key.id, signer);
      }
      const [json, jwt] = await Promise.all([
        signDataIntegrity(credential, signer, deps.documentLoader, created ? { created } : {}),
        signVcJwt(credential, deps.keys, key.keystoreId, key.id, created ? { signedAt: created } : {}),
      ]);
      return { json, jwt };
    },
  };
}

/** Signs a body's supersession register as a VC-JWT with its CURRENT key, as the status lists' JWT form is. */
export function createRegisterSigner(deps: { registry: CurrentKeySource; keys: KeyStore }): RegisterSigner {
  return {
    async signJwt(bodyId, unsigned) {
      const key = await deps.registry.currentKey(bodyId);
      return signVcJwt(unsigned as Record<string, unknown>, deps.keys, key.keystoreId, key.id);
    },
  };
}

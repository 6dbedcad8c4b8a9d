import type { KeyStore, Signer } from '../keystore/index.js';
import type { RegistryService } from '../registry/index.js';
import type { DocumentLoader } from '../resolver/index.js';
import { signDataIntegrity, signVcJwt } from './credential/index.js';
import type { Securing } from './model.js';
import type { CredentialSigner, SignedForms } from './ports.js';

/**
 * Signs with the body's current key in the securing mechanisms asked for. The keystore signer is kept per key,
 * so the private key is opened once, not at every signature.
 */
export function createBodySigner(deps: { registry: RegistryService; keys: KeyStore; documentLoader: DocumentLoader }): CredentialSigner {
  const signers = new Map<string, Signer>();
  return {
    async sign(bodyId: string, unsigned: Record<string, unknown>, securing: readonly Securing[]): Promise<SignedForms> {
      const key = await deps.registry.currentKey(bodyId);
      let signer = signers.get(key.id);
      if (!signer) {
        signer = await deps.keys.signer(key.keystoreId, key.id);
        signers.set(key.id, signer);
      }
      const [dataIntegrity, jwt] = await Promise.all([
        securing.includes('di') ? signDataIntegrity(unsigned, signer, deps.documentLoader) : null,
        securing.includes('jwt') ? signVcJwt(unsigned, deps.keys, key.keystoreId, key.id) : null,
      ]);
      return { keyId: key.id, dataIntegrity, jwt };
    },
  };
}

import { hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from './ports.js';

/**
 * argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): about 30 ms a hash on one core. The
 * PHC string records the parameters, so stronger ones later still verify the old hashes.
 */
const ARGON2ID = 2; // Algorithm.Argon2id: the package declares a const enum, which isolated modules cannot read.
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const argon2idHasher: PasswordHasher = {
  hash: (password) => hash(password, OPTIONS as Parameters<typeof hash>[1]),
  async verify(phc, password) {
    try {
      return await verify(phc, password);
    } catch {
      // A stored value that is not a PHC string verifies nothing.
      return false;
    }
  },
};

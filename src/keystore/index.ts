export { openFileKeyStore, type KeyStore, type GeneratedKey, type Signer } from './file-keystore.js';

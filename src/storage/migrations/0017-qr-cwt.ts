import type { Migration } from './index.js';

export const qrCwt: Migration = {
  version: 17,
  name: 'qr-cwt',
  sql: `
-- The QR code's compact signed form (format 2, src/vc/qr/FORMAT.md): a COSE_Sign1/CWT of the claims an employer
-- checks, signed at issuance with the credential's key at the credential's instant, base64url. Signed then, not
-- at render time, so that it carries the same signing instant and key as the VC-JWT and DI forms and rendering a
-- code needs no private key. NULL for credentials issued before it (and any it cannot carry): their code stays format 1.
ALTER TABLE credentials ADD COLUMN qr_cwt TEXT;
`,
};

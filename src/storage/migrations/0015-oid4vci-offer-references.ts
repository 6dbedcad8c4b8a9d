import type { Migration } from './index.js';

export const oid4vciOfferReferences: Migration = {
  version: 15,
  name: 'oid4vci-offer-references',
  sql: `
-- Credential offers by reference (OpenID4VCI 1.0 §4.1.3): the offer object a wallet fetches from
-- /oid4vci/offers/{reference}. The reference is a secret: only its hash is kept, and the offer (which carries the
-- pre-authorized code) is sealed under a key derived from it (src/delivery/oid4vci/offer-reference.ts).
CREATE TABLE oid4vci_offer_references (
  reference_hash TEXT PRIMARY KEY,
  offer_id TEXT NOT NULL UNIQUE REFERENCES oid4vci_offers(id) ON DELETE CASCADE,
  sealed_offer TEXT NOT NULL
);
`,
};

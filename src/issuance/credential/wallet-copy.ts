import { type BitstringStatusListEntry } from '../../vc/index.js';

/**
 * The wallet copy of a certificate: the same signed content, bound to the holder's DID (`credentialSubject.id`),
 * with its own id and its own status entries. `validFrom`/`validUntil` stay the certificate's, so an employer sees
 * the original certification date. It is signed afresh by the body, with the key in use when the copy is made and
 * dated then (proof `created`, JWT `iat`); the status domain links it to the original (`parent_id`), so revoking or
 * suspending either reaches both. Pure.
 */
export function buildWalletCopy(original: Record<string, unknown>, input: { id: string; holderDid: string; credentialStatus: BitstringStatusListEntry[] }): Record<string, unknown> {
  const { proof: _proof, credentialStatus: _status, ...content } = original;
  const subject = original.credentialSubject;
  if (typeof subject !== 'object' || subject === null || Array.isArray(subject)) throw new TypeError('the certificate has no single credentialSubject');
  if (input.credentialStatus.length === 0) throw new TypeError('a wallet copy needs its own status entries');
  const { id: _previousHolder, ...claims } = subject as Record<string, unknown>;
  return {
    ...content,
    id: input.id,
    credentialSubject: { id: input.holderDid, ...claims },
    credentialStatus: input.credentialStatus.map((s) => ({ ...s })),
  };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, form, GRANT, newWalletKey, postJson, proofJwt, startWalletTestService, type WalletTestService } from './harness.js';

let svc: WalletTestService;

beforeAll(async () => {
  svc = await startWalletTestService();
});
afterAll(async () => {
  await svc.close();
});

/** A small deterministic PRNG, so a failure names its case and can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s % n;
  };
}

function mutate(text: string, r: (n: number) => number): string {
  const chars = [...text];
  const edits = 1 + r(4);
  for (let i = 0; i < edits; i++) {
    const at = r(chars.length + 1);
    const op = r(3);
    const c = String.fromCharCode(r(3) === 0 ? r(0x3000) : 32 + r(95));
    if (op === 0) chars.splice(at, 1);
    else if (op === 1) chars.splice(at, 0, c);
    else chars[at] = c;
  }
  return chars.join('');
}

describe('hostile input to the wallet endpoints', () => {
  it('never answers 5xx to mutated token requests, proofs and credential requests', async () => {
    const { credential } = await svc.certify(1);
    const code = codeOf((await svc.oid4vci.createOffer(credential, { source: 'claim-page', txCode: false })).uri);
    const access = (await form(`${svc.url}/oid4vci/token`, { grant_type: GRANT, 'pre-authorized_code': code })).json.access_token as string;
    const key = await newWalletKey();
    const r = rng(7);
    const validForm = new URLSearchParams({ grant_type: GRANT, 'pre-authorized_code': 'x'.repeat(43), tx_code: '123456' }).toString();
    for (let i = 0; i < 120; i++) {
      const body = mutate(validForm, r);
      const res = await fetch(`${svc.url}/oid4vci/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      expect({ i, body, status: res.status < 500 }).toEqual({ i, body, status: true });
      expect(((await res.json()) as { error?: string }).error).toBeTypeOf('string');
    }
    for (let i = 0; i < 120; i++) {
      const nonce = (await postJson(`${svc.url}/oid4vci/nonce`, '')).json.c_nonce as string;
      const jwt = mutate(await proofJwt(key, { aud: svc.url, nonce }), r);
      const request = i % 2 ? JSON.stringify({ credential_configuration_id: 'competency_certificate_ldp_vc', proofs: { jwt: [jwt] } }) : mutate(JSON.stringify({ credential_configuration_id: 'competency_certificate_ldp_vc', proofs: { jwt: [jwt] } }), r);
      const res = await fetch(`${svc.url}/oid4vci/credential`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${access}` }, body: request });
      expect({ i, request: request.slice(0, 80), status: res.status < 500 }).toEqual({ i, request: request.slice(0, 80), status: true });
    }
  });
});

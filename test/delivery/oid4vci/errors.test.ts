import { testKeyPair } from '../../helpers/keys.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, form, GRANT, newWalletKey, postJson, proofJwt, startWalletTestService, type WalletTestService } from './harness.js';

let svc: WalletTestService;

beforeAll(async () => {
  svc = await startWalletTestService();
});
afterAll(async () => {
  await svc.close();
});

let n = 100;
async function offer(opts: { source?: 'claim-page' | 'staff'; txCode?: boolean } = {}) {
  const { credential } = await svc.certify(n++);
  const o = await svc.oid4vci.createOffer(credential, { source: opts.source ?? 'claim-page', txCode: opts.txCode ?? false });
  return { credential, offer: o, code: codeOf(o.uri) };
}

const token = (fields: Record<string, string>) => form(`${svc.url}/oid4vci/token`, fields);

async function accessToken(): Promise<string> {
  const { code } = await offer();
  const r = await token({ grant_type: GRANT, 'pre-authorized_code': code });
  expect(r.status).toBe(200);
  return r.json.access_token as string;
}

async function nonce(): Promise<string> {
  const r = await postJson(`${svc.url}/oid4vci/nonce`, '');
  expect(r.status).toBe(200);
  expect(r.headers.get('cache-control')).toContain('no-store');
  return r.json.c_nonce as string;
}

const credential = (access: string, body: unknown) => postJson(`${svc.url}/oid4vci/credential`, body, { authorization: `Bearer ${access}` });
const jwtRequest = (jwt: string) => ({ credential_configuration_id: 'competency_certificate_jwt_vc_json', proofs: { jwt: [jwt] } });

/** Every refusal on these endpoints is OAuth error JSON: an `error` code and an ASCII description, never a problem. */
function expectOAuthError(r: { status: number; headers: Headers; json: any }, status: number, error: string) {
  expect({ status: r.status, error: r.json?.error }).toEqual({ status, error });
  expect(r.headers.get('content-type')).toMatch(/^application\/json/);
  expect(r.json.error_description ?? '').toMatch(/^[\x20\x21\x23-\x5B\x5D-\x7E]*$/);
}

describe('metadata', () => {
  it('publishes issuer metadata with both configurations and Spanish and English names', async () => {
    const r = await fetch(`${svc.url}/.well-known/openid-credential-issuer`);
    const m = (await r.json()) as any;
    expect(m).toMatchObject({ credential_issuer: svc.url, credential_endpoint: `${svc.url}/oid4vci/credential`, nonce_endpoint: `${svc.url}/oid4vci/nonce` });
    expect(Object.keys(m.credential_configurations_supported).sort()).toEqual(['competency_certificate_jwt_vc_json', 'competency_certificate_ldp_vc']);
    expect(m.credential_configurations_supported.competency_certificate_jwt_vc_json).toMatchObject({
      format: 'jwt_vc_json',
      credential_definition: { type: ['VerifiableCredential', 'OpenBadgeCredential'] },
      proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['EdDSA', 'ES256'] } },
    });
    expect(m.credential_configurations_supported.competency_certificate_ldp_vc.credential_definition['@context'][0]).toBe('https://www.w3.org/ns/credentials/v2');
    const locales = m.credential_configurations_supported.competency_certificate_ldp_vc.credential_metadata.display.map((d: any) => d.locale);
    expect(locales).toEqual(['es-MX', 'en']);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('publishes authorization server metadata for anonymous pre-authorized access', async () => {
    const m = (await (await fetch(`${svc.url}/.well-known/oauth-authorization-server`)).json()) as any;
    expect(m).toMatchObject({ issuer: svc.url, token_endpoint: `${svc.url}/oid4vci/token`, 'pre-authorized_grant_anonymous_access_supported': true, grant_types_supported: [GRANT] });
  });
});

describe('token endpoint', () => {
  it('refuses a reused code with invalid_grant', async () => {
    const { code } = await offer();
    expect((await token({ grant_type: GRANT, 'pre-authorized_code': code })).status).toBe(200);
    expectOAuthError(await token({ grant_type: GRANT, 'pre-authorized_code': code }), 400, 'invalid_grant');
  });

  it('lets exactly one of two simultaneous redemptions of a code succeed', async () => {
    for (let round = 0; round < 5; round++) {
      const { code } = await offer();
      const results = await Promise.all([1, 2, 3].map(() => token({ grant_type: GRANT, 'pre-authorized_code': code })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400]);
      for (const r of results.filter((x) => x.status === 400)) expect(r.json.error).toBe('invalid_grant');
    }
  });

  it('refuses an expired code with invalid_grant', async () => {
    const { code } = await offer();
    svc.clock.advance(15 * 60_000 + 1000);
    try {
      expectOAuthError(await token({ grant_type: GRANT, 'pre-authorized_code': code }), 400, 'invalid_grant');
    } finally {
      svc.clock.advance(-(15 * 60_000 + 1000));
    }
  });

  it('refuses unknown and malformed codes alike', async () => {
    expectOAuthError(await token({ grant_type: GRANT, 'pre-authorized_code': 'A'.repeat(43) }), 400, 'invalid_grant');
    expectOAuthError(await token({ grant_type: GRANT, 'pre-authorized_code': '../../etc/passwd' }), 400, 'invalid_grant');
  });

  it('counts wrong PINs and burns the code after five, even for the right PIN afterwards', async () => {
    const { offer: o, code } = await offer({ source: 'staff', txCode: true });
    const wrong = o.txCode === '000000' ? '111111' : '000000';
    for (let left = 4; left >= 1; left--) {
      const r = await token({ grant_type: GRANT, 'pre-authorized_code': code, tx_code: wrong });
      expectOAuthError(r, 400, 'invalid_grant');
      expect(r.json.error_description).toContain(`${left} attempt`);
    }
    expectOAuthError(await token({ grant_type: GRANT, 'pre-authorized_code': code, tx_code: wrong }), 400, 'invalid_grant');
    const after = await token({ grant_type: GRANT, 'pre-authorized_code': code, tx_code: o.txCode! });
    expectOAuthError(after, 400, 'invalid_grant');
    expect(after.json.error_description).toContain('Too many');
  });

  it('accepts the right PIN after a wrong one', async () => {
    const { offer: o, code } = await offer({ source: 'staff', txCode: true });
    expectOAuthError(await token({ grant_type: GRANT, 'pre-authorized_code': code, tx_code: '12345678' }), 400, 'invalid_grant');
    expect((await token({ grant_type: GRANT, 'pre-authorized_code': code, tx_code: o.txCode! })).status).toBe(200);
  });

  it('answers invalid_request for a missing PIN, or a PIN nobody asked for, without spending the code', async () => {
    const withPin = await offer({ source: 'staff', txCode: true });
    expectOAuthError(await token({ grant_type: GRANT, 'pre-authorized_code': withPin.code }), 400, 'invalid_request');
    expect((await token({ grant_type: GRANT, 'pre-authorized_code': withPin.code, tx_code: withPin.offer.txCode! })).status).toBe(200);
    const without = await offer();
    expectOAuthError(await token({ grant_type: GRANT, 'pre-authorized_code': without.code, tx_code: '123456' }), 400, 'invalid_request');
    expect((await token({ grant_type: GRANT, 'pre-authorized_code': without.code })).status).toBe(200);
  });

  it('refuses other grants, missing parameters, repeated parameters and bodies that are not a form', async () => {
    expectOAuthError(await token({ grant_type: 'authorization_code', code: 'x' }), 400, 'unsupported_grant_type');
    expectOAuthError(await token({ grant_type: 'password', username: 'a', password: 'b' }), 400, 'unsupported_grant_type');
    expectOAuthError(await token({ grant_type: GRANT }), 400, 'invalid_request');
    expectOAuthError(await token({}), 400, 'invalid_request');
    const { code } = await offer();
    const repeated = await fetch(`${svc.url}/oid4vci/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `grant_type=${encodeURIComponent(GRANT)}&pre-authorized_code=${code}&pre-authorized_code=${code}` });
    expect({ status: repeated.status, error: ((await repeated.json()) as any).error }).toEqual({ status: 400, error: 'invalid_request' });
    expectOAuthError(await postJson(`${svc.url}/oid4vci/token`, { grant_type: GRANT, 'pre-authorized_code': code }), 400, 'invalid_request');
    expectOAuthError(await form(`${svc.url}/oid4vci/token`, { grant_type: GRANT, 'pre-authorized_code': 'x'.repeat(40_000) }), 400, 'invalid_request');
    // None of that spent the code.
    expect((await token({ grant_type: GRANT, 'pre-authorized_code': code })).status).toBe(200);
  });

  it('forgets offers and access tokens a week after they expired, not before', async () => {
    const count = () =>
      svc.services.db
        .prepare('SELECT (SELECT count(*) FROM oid4vci_offers) AS offers, (SELECT count(*) FROM oid4vci_access_tokens) AS tokens, (SELECT count(*) FROM oid4vci_issued) AS issued')
        .get() as { offers: number; tokens: number; issued: number };
    const access = await accessToken();
    const key = await newWalletKey();
    expect((await credential(access, jwtRequest(await proofJwt(key, { aud: svc.url, nonce: await nonce() })))).status).toBe(200);
    const { code: expiredCode } = await offer();
    const before = count();
    expect(before.tokens).toBeGreaterThan(0);
    expect(before.issued).toBeGreaterThan(0);
    const DAY = 86_400_000;
    svc.clock.advance(6 * DAY);
    try {
      await offer(); // six days on: nothing is old enough to go, and a late wallet hears "expired"
      expect(count()).toEqual({ ...before, offers: before.offers + 1 });
      expectOAuthError(await token({ grant_type: GRANT, 'pre-authorized_code': expiredCode }), 400, 'invalid_grant');
      svc.clock.advance(2 * DAY);
      // eight days on: every offer, token and replay guard that expired over a week ago goes (staff offers of the
      // earlier tests last three days, so some are younger than that and stay)
      const weekAgo = new Date(svc.clock().getTime() - 7 * DAY).toISOString();
      const expiredLongAgo = () => svc.services.db.prepare('SELECT count(*) FROM oid4vci_offers WHERE expires_at < ?').pluck().get(weekAgo) as number;
      const going = expiredLongAgo();
      expect(going).toBeGreaterThanOrEqual(2);
      await offer();
      expect(expiredLongAgo()).toBe(0);
      expect(count()).toEqual({ offers: before.offers + 2 - going, tokens: 0, issued: 0 });
    } finally {
      svc.clock.advance(-8 * DAY);
    }
  });
});

describe('credential endpoint', () => {
  it('refuses a missing or unknown access token with 401 invalid_token and a Bearer challenge', async () => {
    const none = await postJson(`${svc.url}/oid4vci/credential`, jwtRequest('x'));
    expectOAuthError(none, 401, 'invalid_token');
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const unknown = await credential('B'.repeat(43), jwtRequest('x'));
    expectOAuthError(unknown, 401, 'invalid_token');
    expect(unknown.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token", error_description="[^"]+"$/);
    expectOAuthError(await postJson(`${svc.url}/oid4vci/credential`, jwtRequest('x'), { authorization: 'Basic abc' }), 401, 'invalid_token');
  });

  it('refuses an expired access token', async () => {
    const access = await accessToken();
    svc.clock.advance(11 * 60_000);
    try {
      expectOAuthError(await credential(access, jwtRequest('x')), 401, 'invalid_token');
    } finally {
      svc.clock.advance(-11 * 60_000);
    }
  });

  it('refuses a request without a proof with invalid_proof', async () => {
    const access = await accessToken();
    expectOAuthError(await credential(access, { credential_configuration_id: 'competency_certificate_ldp_vc' }), 400, 'invalid_proof');
    expectOAuthError(await credential(access, { credential_configuration_id: 'competency_certificate_ldp_vc', proofs: { jwt: [] } }), 400, 'invalid_proof');
  });

  it('refuses wrong proofs with invalid_proof', async () => {
    const access = await accessToken();
    const key = await newWalletKey();
    const other = await testKeyPair('EdDSA');
    const aud = svc.url;
    const cases: Array<[string, Promise<string>]> = [
      ['signed by a key other than kid', proofJwt(key, { aud, nonce: await nonce() }, {}, other.privateKey as CryptoKey)],
      ['for another issuer', proofJwt(key, { aud: 'https://other.example', nonce: await nonce() })],
      ['with the wrong typ', proofJwt(key, { aud, nonce: await nonce() }, { typ: 'JWT' })],
      ['without a nonce', proofJwt(key, { aud })],
      ['dated in the future', proofJwt(key, { aud, nonce: await nonce(), iat: Math.floor(Date.now() / 1000) + 3600 })],
      ['naming a did:web key', proofJwt(key, { aud, nonce: await nonce() }, { kid: 'did:web:evil.example#key-1' })],
      ['carrying an x5c chain', proofJwt(key, { aud, nonce: await nonce() }, { x5c: ['MIIB'] })],
      ['carrying a private jwk', proofJwt(key, { aud, nonce: await nonce() }, { kid: undefined, jwk: { ...key.publicJwk, d: 'AAAA' } })],
    ];
    for (const [why, jwt] of cases) {
      const r = await credential(access, jwtRequest(await jwt));
      expect({ why, status: r.status, error: r.json?.error }).toEqual({ why, status: 400, error: 'invalid_proof' });
    }
    expectOAuthError(await credential(access, jwtRequest('not.a.jwt')), 400, 'invalid_proof');
    expectOAuthError(await credential(access, { credential_configuration_id: 'competency_certificate_jwt_vc_json', proofs: { attestation: ['x'] } }), 400, 'invalid_proof');
    // After all that the token still works: refused proofs consume nothing.
    const ok = await credential(access, jwtRequest(await proofJwt(key, { aud, nonce: await nonce() })));
    expect(ok.status).toBe(200);
  });

  it('refuses an unknown, reused or expired nonce with invalid_nonce', async () => {
    const access = await accessToken();
    const key = await newWalletKey();
    expectOAuthError(await credential(access, jwtRequest(await proofJwt(key, { aud: svc.url, nonce: 'made-up' }))), 400, 'invalid_nonce');
    const stale = await nonce();
    svc.clock.advance(5 * 60_000 + 1000);
    try {
      expectOAuthError(await credential(access, jwtRequest(await proofJwt(key, { aud: svc.url, nonce: stale }))), 400, 'invalid_nonce');
    } finally {
      svc.clock.advance(-(5 * 60_000 + 1000));
    }
    const c = await nonce();
    expect((await credential(access, jwtRequest(await proofJwt(key, { aud: svc.url, nonce: c })))).status).toBe(200);
    const ldp = { credential_configuration_id: 'competency_certificate_ldp_vc', proofs: { jwt: [await proofJwt(key, { aud: svc.url, nonce: c })] } };
    expectOAuthError(await credential(access, ldp), 400, 'invalid_nonce');
  });

  it('refuses unsupported formats and unknown configurations by their spec names', async () => {
    const access = await accessToken();
    const key = await newWalletKey();
    const proofs = async () => ({ jwt: [await proofJwt(key, { aud: svc.url, nonce: await nonce() })] });
    expectOAuthError(await credential(access, { format: 'mso_mdoc', doctype: 'org.iso.18013.5.1.mDL', proofs: await proofs() }), 400, 'unsupported_credential_format');
    expectOAuthError(await credential(access, { credential_configuration_id: 'UniversityDegree', proofs: await proofs() }), 400, 'unknown_credential_configuration');
    expectOAuthError(await credential(access, { credential_identifier: 'x', proofs: await proofs() }), 400, 'unknown_credential_identifier');
    expectOAuthError(await credential(access, { proofs: await proofs() }), 400, 'invalid_credential_request');
    expectOAuthError(await credential(access, { ...jwtRequest('x'), credential_response_encryption: { jwk: {}, enc: 'A256GCM' } }), 400, 'invalid_encryption_parameters');
  });

  it('refuses malformed bodies as invalid_credential_request, never a 5xx', async () => {
    const access = await accessToken();
    const auth = { authorization: `Bearer ${access}` };
    const bodies: Array<[string, string]> = [
      ['application/json', '{"credential_configuration_id":'],
      ['application/json', '[]'],
      ['application/json', 'null'],
      ['application/json', '"x"'],
      ['application/json', '{"credential_configuration_id":42}'],
      ['application/json', '{"credential_configuration_id":"competency_certificate_ldp_vc","proofs":{"jwt":"x"}}'],
      ['application/json', '{"credential_configuration_id":"competency_certificate_ldp_vc","proofs":{"jwt":[42]}}'],
      ['application/json', JSON.stringify({ a: JSON.parse('['.repeat(40) + ']'.repeat(40)) })],
      ['application/json', JSON.stringify({ x: 'y'.repeat(70_000) })],
      ['text/plain', 'hello'],
    ];
    for (const [type, body] of bodies) {
      const r = await fetch(`${svc.url}/oid4vci/credential`, { method: 'POST', headers: { 'content-type': type, ...auth }, body });
      const json = (await r.json()) as any;
      expect({ body: body.slice(0, 60), status: r.status }).toEqual({ body: body.slice(0, 60), status: 400 });
      expect(['invalid_credential_request', 'invalid_proof']).toContain(json.error);
    }
  });

  it('issues one credential per configuration per access token', async () => {
    const access = await accessToken();
    const key = await newWalletKey();
    expect((await credential(access, jwtRequest(await proofJwt(key, { aud: svc.url, nonce: await nonce() })))).status).toBe(200);
    expectOAuthError(await credential(access, jwtRequest(await proofJwt(key, { aud: svc.url, nonce: await nonce() }))), 400, 'credential_request_denied');
  });

  it('refuses a suspended certificate with credential_request_denied', async () => {
    const { credential: original, code } = await offer();
    const access = (await token({ grant_type: GRANT, 'pre-authorized_code': code })).json.access_token as string;
    await svc.services.status.change(original.id, 'suspend', { note: 'under investigation' }, { kind: 'admin' });
    const key = await newWalletKey();
    expectOAuthError(await credential(access, jwtRequest(await proofJwt(key, { aud: svc.url, nonce: await nonce() }))), 400, 'credential_request_denied');
    await svc.services.status.change(original.id, 'reinstate', {}, { kind: 'admin' });
    // Reinstated: the slot given back by the refusal is usable.
    expect((await credential(access, jwtRequest(await proofJwt(key, { aud: svc.url, nonce: await nonce() })))).status).toBe(200);
  });

  it('binds a did:jwk holder (P-256) as well', async () => {
    const access = await accessToken();
    const { privateKey, publicJwk: jwk } = await testKeyPair('ES256');
    const did = `did:jwk:${Buffer.from(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y })).toString('base64url')}`;
    const key = { did, kid: `${did}#0`, privateKey: privateKey as CryptoKey, publicJwk: jwk };
    const jwt = await proofJwt(key, { aud: svc.url, nonce: await nonce() }, { alg: 'ES256' });
    const r = await credential(access, jwtRequest(jwt));
    expect(r.status).toBe(200);
    const payload = JSON.parse(Buffer.from((r.json.credentials[0].credential as string).split('.')[1]!, 'base64url').toString());
    expect(payload.credentialSubject.id).toBe(did);
  });
});

describe('staff offers', () => {
  it('gives a certifier an offer with a PIN for their own certificate, and 404 for another body', async () => {
    const { credential: c } = await svc.certify(n++);
    const certifier = svc.staffKey('cecati-42', 'certifier');
    const r = await postJson(`${svc.url}/credentials/${encodeURIComponent(c.id)}/wallet-offer`, {}, { authorization: `Bearer ${certifier}` });
    expect(r.status).toBe(201);
    expect(r.json.txCode).toMatch(/^\d{6}$/);
    expect(r.json.credentialOffer).toMatch(/^openid-credential-offer:\/\/\?credential_offer=/);
    const stranger = svc.demo.find((d) => d.body !== 'cecati-42' && d.roles.includes('certifier'));
    if (stranger) {
      const other = await postJson(`${svc.url}/credentials/${encodeURIComponent(c.id)}/wallet-offer`, {}, { authorization: `Bearer ${stranger.apiKey}` });
      expect(other.status).toBe(404);
    }
  });
});

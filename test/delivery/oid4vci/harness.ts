import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { OpenID4VCIClientV1_0_15 } from '@sphereon/oid4vci-client';
import { CompactSign, type JWK } from 'jose';
import { Oid4vciService, type Oid4vciOptions } from '../../../src/delivery/oid4vci/index.js';
import { createApp } from '../../../src/http/index.js';
import { problemHandler, RouteTable } from '../../../src/http/route.js';
import { claimPageRouter, oid4vciRouter, oid4vciStaffRoutes } from '../../../src/http/routes/oid4vci.js';
import type { IssuedCredential } from '../../../src/issuance/index.js';
import { rawFromPublicKeyMultibase } from '../../../src/vc/index.js';
import { compose, seedDemoIfEmpty } from '../../../src/compose.js';
import { createMetrics, serviceReadiness } from '../../../src/ops/index.js';
import { didKeyFromPublicKey } from '../../../src/vc/index.js';
import { sqliteIssuanceRepository, sqliteOid4vciRepository } from '../../../src/storage/index.js';
import { anchorKeysFromDidDocument, createVerifier, verifyTrustRegistry } from '../../../src/verification/index.js';
import { nodeContexts } from '../../../src/verification/node.js';
import { serviceStatusListFetcher, serviceSupersessionFetcher } from '../../../src/verification/server.js';
import { testKeyPair } from '../../helpers/keys.js';
import { tempDir, testClock, testConfig, testService, type TestService } from '../../helpers/harness.js';
import { actor, curpFor } from '../../helpers/people.js';

export interface WalletTestService extends TestService {
  oid4vci: Oid4vciService;
  stateOf(credentialId: string): Promise<string>;
  /** Records and certifies an evaluation for candidate `i`: the certificate and its one-time claim token. */
  certify(i: number, name?: string): Promise<{ credential: IssuedCredential; claimToken: string }>;
}

/**
 * The real service, wired as main.ts and app.ts will wire it, listening on loopback. Its public URL IS the loopback
 * URL, so a wallet library follows the issuer identifier in the offer to this server and nowhere else. The clock
 * starts at the real time: wallet libraries date their proofs with the real clock.
 */
export async function startWalletTestService(opts: { options?: Partial<Oid4vciOptions> } = {}): Promise<WalletTestService> {
  const dir = tempDir('avala-oid4vci-');
  // Whole seconds: credentials date themselves to the second, and must not seem to predate the demo catalogue.
  const clock = testClock(new Date(Math.floor(Date.now() / 1000) * 1000).toISOString());
  let app: Express | null = null;
  const server = http.createServer((req, res) => app!(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = testConfig(dir, { AVALA_PUBLIC_URL: url });
  const metrics = createMetrics({ defaultMetrics: false });
  const services = await compose(config, { clock, metrics });
  const readiness = serviceReadiness(services);
  const demo = (await seedDemoIfEmpty(services, clock)) ?? [];
  clock.advance(1000);
  const log = () => {};

  // What main.ts composes for the integrator (see the report): the issuer and its two small ports.
  const stateOf = async (id: string) => (await services.status.read(id, { kind: 'admin' })).state;
  const oid4vci = new Oid4vciService({
    repo: sqliteOid4vciRepository(services.db),
    credentials: sqliteIssuanceRepository(services.db, (es) => services.audit.appendWithinTransaction(es)),
    issuance: services.issuance,
    stateOf,
    clock,
    newId: () => crypto.randomUUID(),
    publicUrl: config.publicUrl,
    contextUrl: services.contexts.url,
    onEvents: async (events) => void (await services.audit.appendAll(events)),
    options: opts.options,
  });

  // What app.ts mounts: the wallet endpoints and the claim page before the API's JSON gate, the staff route in the table.
  const outer = express();
  outer.use(oid4vciRouter(oid4vci, { log }));
  outer.use(claimPageRouter({ claim: (t) => services.issuance.claim(t), offer: (c) => oid4vci.createOffer(c, { source: 'claim-page', txCode: false }), stateOf, log, publicUrl: config.publicUrl }));
  const staff = express.Router();
  oid4vciStaffRoutes(new RouteTable(staff, { adminToken: config.adminToken, registry: services.registry }), oid4vci);
  outer.use('/credentials', (req, res, next) => (req.path.endsWith('/wallet-offer') ? express.json()(req, res, next) : next()));
  outer.use(staff);
  outer.use(createApp({ ...services, publicUrl: config.publicUrl, adminToken: config.adminToken, log }));
  outer.use(problemHandler(log));
  app = outer;

  const svc: WalletTestService = {
    ...testService({ url, dir, services, server, clock, demo, metrics, readiness }),
    oid4vci,
    stateOf,
    async certify(i, name) {
      const day = new Date(clock().getTime() - 5 * 86_400_000).toISOString().slice(0, 10);
      const e = await services.issuance.recordEvaluation(actor(svc, 'cecati-42', 'evaluator'), {
        candidate: { name: name ?? `Trabajadora Número ${i}`, curp: curpFor(i), email: null },
        standard: { code: 'EC0217' },
        centre: 'Centro Evaluador Norte',
        evaluatedOn: day,
        result: 'competent',
      });
      const { credential, claimUrl } = await services.issuance.certify(actor(svc, 'cecati-42', 'certifier'), e.id);
      return { credential, claimToken: claimUrl.split('/').at(-1)! };
    },
  };
  return svc;
}

/** The grant type of the pre-authorized code flow, as wallets send it to the token endpoint. */
export const GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

/** A wallet's Ed25519 key and its did:key. */
export interface WalletKey {
  did: string;
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function newWalletKey(): Promise<WalletKey> {
  const { privateKey, publicJwk } = await testKeyPair('EdDSA');
  const did = didKeyFromPublicKey(new Uint8Array(Buffer.from(publicJwk.x!, 'base64url')));
  const multibase = did.slice('did:key:'.length);
  if (!rawFromPublicKeyMultibase(multibase)) throw new TypeError('bad multibase');
  return { did, kid: `${did}#${multibase}`, privateKey, publicJwk };
}

/** The wallet's signer, as a wallet app would give it to the OpenID4VCI client library. */
function signCallback(key: WalletKey) {
  return async (jwt: { header: Record<string, unknown>; payload: Record<string, unknown> }) =>
    new CompactSign(new TextEncoder().encode(JSON.stringify(jwt.payload))).setProtectedHeader({ ...jwt.header, alg: 'EdDSA' } as never).sign(key.privateKey);
}

function credentialOf(response: unknown): unknown {
  const r = response as { credentials?: Array<{ credential: unknown }>; credential?: unknown };
  return r.credentials?.[0]?.credential ?? r.credential;
}

/**
 * The whole wallet side of the pre-authorized code flow, driven by Sphereon's OpenID4VCI client: both formats, and
 * the configurations the offer named.
 */
export async function walletReceives(offerUri: string, key: WalletKey, pin?: string) {
  const client = await OpenID4VCIClientV1_0_15.fromURI({ uri: offerUri, kid: key.kid, alg: 'EdDSA', retrieveServerMetadata: true });
  const offered = client.getCredentialOfferConfigurationIds();
  await client.acquireAccessToken(pin === undefined ? {} : { pin });
  const jwt = await client.acquireCredentials({ credentialConfigurationId: 'competency_certificate_jwt_vc_json', format: 'jwt_vc_json', proofCallbacks: { signCallback: signCallback(key) }, kid: key.kid, alg: 'EdDSA' });
  // Nonces are single use: a wallet asks for a new one before its next proof, as OpenID4VCI §7 provides.
  await client.acquireNonce();
  const ldp = await client.acquireCredentials({ credentialConfigurationId: 'competency_certificate_ldp_vc', format: 'ldp_vc', proofCallbacks: { signCallback: signCallback(key) }, kid: key.kid, alg: 'EdDSA' });
  return { offered, jwt: credentialOf(jwt) as string, ldp: credentialOf(ldp) as Record<string, any> };
}

/** A proof of possession as a wallet builds it; every part can be overridden to make it wrong. */
export async function proofJwt(key: WalletKey, claims: { aud: string; nonce?: string; iat?: number }, header: Record<string, unknown> = {}, signWith?: CryptoKey): Promise<string> {
  const payload = { iat: Math.floor(Date.now() / 1000), ...claims };
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'EdDSA', typ: 'openid4vci-proof+jwt', kid: key.kid, ...header } as never)
    .sign(signWith ?? key.privateKey);
}

type OfferObject = { grants: Record<string, { 'pre-authorized_code': string }> };
const preAuthorizedCode = (offer: OfferObject) => offer.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']!['pre-authorized_code'];

/** The pre-authorized code inside an `openid-credential-offer://` URI (by value). */
export function codeOf(offerUri: string): string {
  return preAuthorizedCode(JSON.parse(new URL(offerUri).searchParams.get('credential_offer')!) as OfferObject);
}

/** The pre-authorized code of an offer by reference, fetched as a wallet fetches it. */
export async function codeByReference(offerUri: string): Promise<string> {
  const res = await fetch(new URL(offerUri).searchParams.get('credential_offer_uri')!);
  if (res.status !== 200) throw new TypeError(`the offer by reference answered ${res.status}`);
  return preAuthorizedCode((await res.json()) as OfferObject);
}

export async function form(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() });
  return { status: res.status, headers: res.headers, json: (await res.json().catch(() => null)) as any };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, headers: res.headers, json: (await res.json().catch(() => null)) as any };
}

/**
 * Avala's own verifier as an employer runs it, on this service: the signed trust registry, the published status
 * lists and supersession registers. Answers the verdict and every check that did not pass, as `name:status:code`.
 */
export async function libraryVerify(svc: TestService, credential: unknown): Promise<{ verified: boolean; failed: string[] }> {
  const registry = svc.services.registry;
  const verifier = createVerifier({
    contexts: nodeContexts(svc.services.contexts.urls),
    trust: async () => {
      const { jws } = await registry.signedTrustRegistry();
      const r = await verifyTrustRegistry(jws, anchorKeysFromDidDocument(await registry.didDocumentFor(registry.authorityDid)), svc.clock());
      if (!r.ok) throw new TypeError(`trust registry refused: ${r.message}`);
      return r.trust;
    },
    statusLists: serviceStatusListFetcher(svc.services.status, svc.url),
    supersessions: serviceSupersessionFetcher(svc.services.supersessions, svc.url),
    statusCache: false,
    clock: svc.clock,
  });
  const report = await verifier.verify(credential);
  return { verified: report.verified, failed: report.checks.filter((c) => c.status !== 'pass').map((c) => `${c.name}:${c.status}:${c.code ?? ''}`) };
}

import { vi } from 'vitest';
import { signDataIntegrity, signVcJwt } from '../../src/signing/index.js';
import { curpCheckDigit } from '../../src/issuance/curp.js';
import type { IssuedCredential } from '../../src/issuance/index.js';
import type { SigningKey } from '../../src/registry/index.js';
import {
  anchorKeysFromDidDocument,
  createVerifier,
  verifyTrustRegistry,
  type Check,
  type CheckName,
  type VerificationReport,
  type Verifier,
  type VerifiedTrustRegistry,
  type VerifierDeps,
} from '../../src/verification/index.js';
import { nodeContexts } from '../../src/verification/node.js';
import { serviceStatusListFetcher, serviceSupersessionFetcher } from '../../src/verification/server.js';
import { PUBLIC_URL, startTestService, testClock, type TestService } from '../helpers/harness.js';

export { PUBLIC_URL };

/** A valid CURP: 17 characters and their check digit. */
export function curp(base = 'LOOA800101HDFPRN0'): string {
  return base + curpCheckDigit(base);
}

export type Form = 'di' | 'jwt';
export const FORMS: readonly Form[] = ['di', 'jwt'];

export interface World {
  svc: TestService;
  /** Moves the service clock, and `Date` with it (see `startWorld`). */
  setTime(at: string | number): void;
  advance(ms: number): void;
  now(): Date;
  bodyId(slug: string): Promise<string>;
  /** A certificate issued through the real services: an evaluator records, another staff member certifies. */
  issue(slug?: string, opts?: { standard?: string; name?: string; curp?: string }): Promise<IssuedCredential>;
  /** A credential that is not a competency certificate (course attendance), signed in full by `slug`'s certifier. */
  attendance(slug?: string, securing?: Form): Promise<IssuedCredential>;
  /** The registry as an offline verifier gets it: signed by the service, checked against the authority's DID document. */
  trust(): Promise<VerifiedTrustRegistry>;
  /** The library verifier on the live registry and in-process status lists. */
  verifier(deps?: Partial<VerifierDeps>): Verifier;
  /** Both secured forms of `source` (minus its proof) after `mutate`, signed with `key` under the id `vm`. */
  sign(source: Record<string, unknown>, key: { keystoreId: string }, vm: string, mutate?: (c: any) => void): Promise<{ di: Record<string, unknown>; jwt: string }>;
  key(slug: string, n?: number): Promise<SigningKey>;
  close(): Promise<void>;
}

/**
 * A real service (SQLite file, keystore on disk, demo data) and helpers to issue and verify on it.
 *
 * `Date` is faked and moved together with the service clock because the Data Integrity signer dates `proof.created`
 * with `new Date()` rather than the injected clock (reported in the verification issue note): without this, a
 * test that moves the clock would issue credentials whose proof date disagrees with their validFrom.
 */
export async function startWorld(start = '2026-06-01T12:00:00.000Z'): Promise<World> {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.parse(start) });
  const clock = testClock(start);
  const svc = await startTestService({ clock });
  const setTime = (at: string | number) => {
    const t = typeof at === 'number' ? at : Date.parse(at);
    clock.set(new Date(t).toISOString());
    vi.setSystemTime(t);
  };
  const bodyId = async (slug: string) => (await svc.services.registry.getBodyBySlug(slug)).id;
  const actor = async (slug: string, roles: string) => {
    const staff = svc.demo.find((d) => d.body === slug && d.roles.join(',') === roles);
    if (!staff) throw new TypeError(`no demo staff ${slug}/${roles}`);
    return { staffId: staff.staffId, bodyId: await bodyId(slug), roles: staff.roles };
  };
  const trust = async () => {
    const { jws } = await svc.services.registry.signedTrustRegistry();
    const anchors = anchorKeysFromDidDocument(await svc.services.registry.didDocumentFor(svc.services.registry.authorityDid));
    const r = await verifyTrustRegistry(jws, anchors, clock());
    if (!r.ok) throw new TypeError(`test registry refused: ${r.message}`);
    return r.trust;
  };
  return {
    svc,
    setTime,
    advance: (ms) => setTime(clock().getTime() + ms),
    now: () => clock(),
    bodyId,
    async issue(slug = 'cecati-42', opts = {}) {
      const e = await svc.services.issuance.recordEvaluation(await actor(slug, 'evaluator'), {
        candidate: { name: opts.name ?? 'Ana Pérez López', curp: opts.curp ?? curp(), email: null },
        standard: { code: opts.standard ?? 'EC0217' },
        centre: 'Centro de evaluación 1',
        evaluatedOn: clock().toISOString().slice(0, 10),
        result: 'competent',
      });
      return (await svc.services.issuance.certify(await actor(slug, 'certifier'), e.id)).credential;
    },
    async attendance(slug = 'cecati-42', securing = 'jwt') {
      const credential = {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiableCredential'],
        name: 'Constancia de asistencia: taller de primeros auxilios',
        credentialSubject: { id: 'did:example:asistente', name: 'Ana Pérez López' },
      };
      return (await svc.services.issuance.issueOther(await actor(slug, 'certifier'), credential, { securing, withStatus: true })).credential;
    },
    trust,
    verifier(deps = {}) {
      return createVerifier({
        contexts: nodeContexts(svc.services.contexts.urls),
        trust,
        statusLists: serviceStatusListFetcher(svc.services.status, PUBLIC_URL),
        supersessions: serviceSupersessionFetcher(svc.services.supersessions, PUBLIC_URL),
        statusCache: false,
        clock,
        ...deps,
      });
    },
    async sign(source, key, vm, mutate) {
      const unsigned = structuredClone(source);
      delete unsigned.proof;
      mutate?.(unsigned);
      const signer = await svc.services.keys.signer(key.keystoreId, vm);
      const di = await signDataIntegrity(unsigned, signer, svc.services.documentLoader, { created: new Date(Date.parse(String(unsigned.validFrom))) });
      const jwt = await signVcJwt(unsigned, svc.services.keys, key.keystoreId, vm);
      return { di, jwt };
    },
    async key(slug, n = 1) {
      const keys = await svc.services.registry.listKeys(await bodyId(slug));
      const k = keys.find((x) => x.id.endsWith(`#key-${n}`));
      if (!k) throw new TypeError(`${slug} has no key-${n}`);
      return k;
    },
    async close() {
      await svc.close();
      vi.useRealTimers();
    },
  };
}

/** The secured form of an issued credential a verifier is given. */
export function form(c: IssuedCredential, f: Form): Record<string, unknown> | string {
  return f === 'di' ? c.dataIntegrity! : c.jwt!;
}

export function pick(r: { di: Record<string, unknown>; jwt: string }, f: Form): Record<string, unknown> | string {
  return f === 'di' ? r.di : r.jwt;
}

/** `{ check: [status, code] }` for every check: whole-report assertions that stay readable. */
export function verdicts(r: VerificationReport): Record<string, [Check['status'], Check['code']]> {
  return Object.fromEntries(r.checks.map((c) => [c.name, [c.status, c.code]]));
}

export function verdict(r: VerificationReport, name: CheckName): [Check['status'], Check['code']] | undefined {
  const c = r.checks.find((x) => x.name === name);
  return c ? [c.status, c.code] : undefined;
}

/** Every check passing, as `verdicts` prints it. */
export const ALL_PASS: Record<string, [Check['status'], null]> = {
  format: ['pass', null],
  proof: ['pass', null],
  key_valid_at_issuance: ['pass', null],
  competency_certificate: ['pass', null],
  issuer_accredited: ['pass', null],
  standard_known: ['pass', null],
  validity_window: ['pass', null],
  revocation: ['pass', null],
  suspension: ['pass', null],
  superseded: ['pass', null],
  trust_registry_fresh: ['pass', null],
};

/** What every proof-dependent check says when the proof (or the format) failed. */
export const UNKNOWN_AFTER_PROOF = {
  key_valid_at_issuance: ['unknown', null],
  competency_certificate: ['unknown', null],
  issuer_accredited: ['unknown', null],
  standard_known: ['unknown', null],
  validity_window: ['unknown', null],
  revocation: ['unknown', null],
  suspension: ['unknown', null],
  superseded: ['unknown', null],
} as const;

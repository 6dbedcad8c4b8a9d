import crypto from 'node:crypto';
import fs from 'node:fs';
import { v7 as uuidv7 } from 'uuid';
import { BatchService, IssuanceService, type CredentialSigner, type Evaluation, type StaffActor } from '../src/issuance/index.js';
import { assertTermsDefined } from '../src/signing/index.js';
import { compose, seedDemoIfEmpty, type Services } from '../src/compose.js';
import type { DemoStaffKey } from '../src/demo/registry.js';
import { sqliteIssuanceRepository } from '../src/storage/index.js';
import { systemClock, type Clock } from '../src/clock.js';
import { tempDir, testConfig } from '../test/helpers/config.js';
import { curpFor } from '../test/helpers/people.js';

/** The body whose demo staff do the benchmarked issuance: accredited for EC0217 and EC0551. */
export const BODY = 'cecati-42';

export interface Bench {
  dir: string;
  services: Services;
  demo: DemoStaffKey[];
  evaluator: StaffActor;
  certifier: StaffActor;
  clock: Clock;
  close(): Promise<void>;
}

/**
 * A real Avala: SQLite file (WAL, synchronous=FULL) and keystore in a temp folder, the demo registry, the real
 * services from `compose()` (so the body signer has its worker pool). The clock is the system's: the body signer
 * dates proofs by it, and the verifier checks proof dates, key periods and status list validity against one time.
 */
export async function openBench(opts: { statusListSize?: number } = {}): Promise<Bench> {
  const dir = tempDir('avala-bench-');
  const clock = systemClock;
  const services = await compose(testConfig(dir), { clock, ...(opts.statusListSize ? { statusListSize: opts.statusListSize } : {}) });
  const demo = (await seedDemoIfEmpty(services, clock)) ?? [];
  const bodyId = services.db.prepare('SELECT id FROM bodies WHERE slug = ?').pluck().get(BODY) as string;
  const staff = (roles: string): StaffActor => {
    const d = demo.find((x) => x.body === BODY && x.roles.join(',') === roles);
    if (!d) throw new TypeError(`no demo staff ${BODY}/${roles}`);
    return { staffId: d.staffId, bodyId, roles: d.roles };
  };
  // Signing keys are valid from the millisecond they were made, credentials from the whole second: let a second pass.
  await new Promise((r) => setTimeout(r, 1100));
  return {
    dir,
    services,
    demo,
    evaluator: staff('evaluator'),
    certifier: staff('certifier'),
    clock,
    async close() {
      // The signer's workers first (queued signatures finish), then the database; close() does both once wired.
      await (services.signer as CredentialSigner & { close?: () => Promise<void> }).close?.();
      await services.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

let serial = 0;

/** The issuance repository as compose wires it: issuance journaled in the audit log in the same transaction. */
const issuanceRepo = (s: Services) => sqliteIssuanceRepository(s.db, (es) => s.audit.appendWithinTransaction(es));

/** Records `n` competent evaluations (validated like the API does) and returns them, ready to certify. */
export async function recordEvaluations(b: Bench, n: number): Promise<Evaluation[]> {
  const repo = issuanceRepo(b.services);
  const out: Evaluation[] = [];
  for (let start = 0; start < n; start += 500) {
    const chunk: Evaluation[] = [];
    for (let i = start; i < Math.min(n, start + 500); i++) {
      const k = serial++;
      chunk.push(
        await b.services.issuance.prepareEvaluation(b.evaluator, {
          candidate: { name: `Persona ${k} de la Cruz`, curp: curpFor(k), email: null },
          standard: { code: k % 2 ? 'EC0217' : 'EC0551' },
          centre: 'Centro Evaluador Poniente',
          evaluatedOn: new Date(b.clock().getTime() - 3 * 86_400_000).toISOString().slice(0, 10),
          result: 'competent',
          externalId: `bench-${process.pid}-${k}`,
        }),
      );
    }
    await repo.insertEvaluations(chunk);
    out.push(...chunk);
  }
  return out;
}

/** The compose signer, asked for the JWT form only: certifyMany always asks for both. */
export function jwtOnly(signer: CredentialSigner): CredentialSigner {
  return { sign: (bodyId, unsigned, securing) => signer.sign(bodyId, unsigned, securing.filter((s) => s !== 'di')) };
}

/** An IssuanceService (and BatchService) wired like compose's, over `signer`. */
export function issuanceWith(b: Bench, signer: CredentialSigner): { issuance: IssuanceService; batches: BatchService } {
  const s = b.services;
  const repo = issuanceRepo(s);
  const newId = () => uuidv7();
  const issuance = new IssuanceService({
    repo,
    registry: s.registry,
    status: s.status,
    signer,
    clock: b.clock,
    newId,
    randomBytes: crypto.randomBytes,
    publicUrl: s.config.publicUrl,
    contextUrl: s.contexts.url,
    onEvents: async (es) => void (await s.audit.appendAll(es)),
    assertTermsDefined: (credential) => assertTermsDefined(credential, s.documentLoader),
  });
  return { issuance, batches: new BatchService({ repo, issuance, clock: b.clock, newId }) };
}

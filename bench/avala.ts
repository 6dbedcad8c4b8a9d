/**
 * Avala in-process: the real services, no HTTP. Issuance is `IssuanceService.certifyMany` on evaluations recorded
 * beforehand (rules, accreditation, status slots, build, sign, store, audit); signing alone is the body signer.
 */
import QRCode from 'qrcode';
import { createSigningService, signDataIntegrity, type SigningService } from '../src/signing/index.js';
import type { Evaluation } from '../src/issuance/index.js';
import { encodeQrPayload, renderQrPng, verifierUrl } from '../src/qr/index.js';
import { encodeBitstring } from '../src/status/index.js';
import { bitstringWith, publishedLength } from '../src/vc/index.js';
import { createVerifier } from '../src/verification/index.js';
import { nodeContexts } from '../src/verification/node.js';
import { liveTrustRegistry, serviceStatusListFetcher, serviceSupersessionFetcher } from '../src/verification/server.js';
import { exampleCredential } from '../test/issuance/credential/example.js';
import { issuanceWith, jwtOnly, openBench, recordEvaluations, type Bench } from './fixtures.js';
import { interleaved } from './measure.js';
import type { RawWork, Scale } from './raw.js';
import type { Row } from './report.js';

/** Hands out evaluations a chunk at a time; each can be certified once. */
function feeder(evaluations: Evaluation[]) {
  let next = 0;
  return (n: number) => {
    if (next + n > evaluations.length) throw new TypeError('the bench recorded too few evaluations');
    const chunk = evaluations.slice(next, next + n);
    next += n;
    return chunk;
  };
}

export async function avalaRows(scale: Scale, w: RawWork, log: (s: string) => void): Promise<Row[]> {
  const b = await openBench();
  try {
    return [...(await issuanceRows(b, scale, w, log)), ...(await verificationRows(b, scale, w, log)), ...(await qrRows(b, scale))];
  } finally {
    await b.close();
  }
}

async function issuanceRows(b: Bench, scale: Scale, w: RawWork, log: (s: string) => void): Promise<Row[]> {
  const s = b.services;
  const poolSigner = s.signer as typeof s.signer & Partial<Pick<SigningService, 'start' | 'stats'>>;
  await poolSigner.start?.();
  const inProcess = createSigningService({ keySource: s.registry, keys: s.keys, documentLoader: s.documentLoader }, { workers: 0 });
  // The same pool with jsonld.js untouched in its workers: separates what parallelism gives from what sharing gives.
  const stockPool = createSigningService({ keySource: s.registry, keys: s.keys, documentLoader: s.documentLoader }, { shareTermDefinitions: false });
  await stockPool.start();
  const jwt = issuanceWith(b, jwtOnly(s.signer));

  // The chunk certifyMany gets: a batch's chunk is 250; 50 keeps rounds short and still shares each commit.
  const JWT_CHUNK = 50;
  const BOTH_CHUNK = 10;
  const jwtRounds = { rounds: 7, reps: Math.max(1, Math.round(4 * scale.k)), warmup: 1 };
  const bothRounds = { rounds: 5, reps: Math.max(1, Math.round(2 * scale.k)), warmup: 1 };
  log('recording evaluations');
  const forJwt = feeder(await recordEvaluations(b, JWT_CHUNK * (jwtRounds.rounds * jwtRounds.reps + jwtRounds.warmup)));
  const forBoth = feeder(await recordEvaluations(b, BOTH_CHUNK * (bothRounds.rounds * bothRounds.reps + bothRounds.warmup)));

  log('issuance pipeline, JWT only');
  const jwtIssue = await interleaved(
    { base: { work: w.joseSign, reps: 200 }, jwt: async () => (await jwt.issuance.certifyMany(b.certifier, forJwt(JWT_CHUNK), { skipCertified: false })).length },
    jwtRounds,
  );
  log('issuance pipeline, both forms');
  const bothIssue = await interleaved(
    { base: { work: w.vcIssue, reps: BOTH_CHUNK }, both: async () => (await s.issuance.certifyMany(b.certifier, forBoth(BOTH_CHUNK), { skipCertified: false })).length },
    bothRounds,
  );

  log('Data Integrity signing: in-process vs pool');
  const CONCURRENT = 16;
  const unsigned = exampleCredential() as Record<string, unknown>;
  const bodyId = b.certifier.bodyId;
  // signDataIntegrity on the calling thread with the keystore's signer, each call opening nothing new: since the
  // signing room (issue 12) it reuses the proof configuration's canonical form too, so this is no longer issue 8's baseline.
  const key = await s.registry.currentKey(bodyId);
  const keySigner = await s.keys.signer(key.keystoreId, key.id);
  const diReps = Math.max(2, Math.round(8 * scale.k));
  const di = await interleaved(
    {
      base: w.vcIssue,
      before: async () => (await signDataIntegrity(unsigned, keySigner, s.documentLoader), 1),
      inProcess: async () => ((await inProcess.sign(bodyId, unsigned, ['di'])).dataIntegrity ? 1 : 0),
      poolOneAtATime: async () => ((await s.signer.sign(bodyId, unsigned, ['di'])).dataIntegrity ? 1 : 0),
      pool: { work: async () => (await Promise.all(Array.from({ length: CONCURRENT }, () => s.signer.sign(bodyId, unsigned, ['di'])))).length, reps: Math.max(1, Math.round(diReps / 4)) },
      stockPool: { work: async () => (await Promise.all(Array.from({ length: CONCURRENT }, () => stockPool.sign(bodyId, unsigned, ['di'])))).length, reps: Math.max(1, Math.round(diReps / 4)) },
    },
    { rounds: 5, reps: diReps, warmup: 2 },
  );
  await stockPool.close();

  return [
    {
      id: 'avala.issue.jwt',
      section: 'avala',
      name: `Issuance pipeline, VC-JWT only (certifyMany, chunks of ${JWT_CHUNK})`,
      unit: 'cred/s',
      result: jwtIssue.jwt,
      baseline: 'raw.jose.sign',
      baselineAlongside: jwtIssue.base,
      target: { minRatio: 0.6, text: '≥ 60 % of jose sign' },
    },
    {
      id: 'avala.issue.both',
      section: 'avala',
      name: `Issuance pipeline, both forms (certifyMany, chunks of ${BOTH_CHUNK}, signed concurrently)`,
      unit: 'cred/s',
      result: bothIssue.both,
      baseline: 'raw.vc.issue',
      baselineAlongside: bothIssue.base,
    },
    {
      id: 'avala.di.before',
      section: 'avala',
      name: 'Data Integrity signing in-process, one call at a time (signDataIntegrity, static contexts)',
      unit: 'cred/s',
      result: di.before,
      baseline: 'raw.vc.issue',
      baselineAlongside: di.base,
    },
    {
      id: 'avala.di.inprocess',
      section: 'avala',
      name: 'Data Integrity signing, body signer in-process (static contexts + reused proof configuration)',
      unit: 'cred/s',
      result: di.inProcess,
      baseline: 'raw.vc.issue',
      baselineAlongside: di.base,
    },
    {
      id: 'avala.di.pool.stock',
      section: 'avala',
      name: `Data Integrity signing, ${poolSigner.stats?.()?.workers ?? '?'} workers with jsonld.js untouched (${CONCURRENT} at a time)`,
      unit: 'cred/s',
      result: di.stockPool,
      baseline: 'raw.vc.issue',
      baselineAlongside: di.base,
    },
    {
      id: 'avala.di.pool.sequential',
      section: 'avala',
      name: 'Data Integrity signing, body signer with workers, one at a time (a single certification)',
      unit: 'cred/s',
      result: di.poolOneAtATime,
      baseline: 'raw.vc.issue',
      baselineAlongside: di.base,
    },
    {
      id: 'avala.di.pool',
      section: 'avala',
      name: `Data Integrity signing, body signer with ${poolSigner.stats?.()?.workers ?? '?'} workers sharing term definitions (${CONCURRENT} at a time)`,
      unit: 'cred/s',
      result: di.pool,
      baseline: 'raw.vc.issue',
      baselineAlongside: di.base,
      target: { minRatio: 2, text: '≥ 2× straightforward issue()' },
    },
  ];
}

async function verificationRows(b: Bench, scale: Scale, w: RawWork, log: (s: string) => void): Promise<Row[]> {
  const s = b.services;
  const [issued] = await s.issuance.certifyMany(b.certifier, await recordEvaluations(b, 1), { skipCertified: false });
  const credential = issued!.credential;
  // The trust registry verified once and kept; status lists verified once and kept for their ttl: an offline
  // verifier's steady state.
  const trust = await liveTrustRegistry(s.registry, b.clock).current();
  const verifier = createVerifier({
    contexts: nodeContexts(s.contexts.urls),
    trust: () => trust,
    statusLists: serviceStatusListFetcher(s.status, s.config.publicUrl),
    supersessions: serviceSupersessionFetcher(s.supersessions, s.config.publicUrl),
    statusCache: { maxEntries: 64 },
    clock: b.clock,
  });
  for (const input of [credential.jwt, credential.dataIntegrity]) {
    const report = await verifier.verify(input);
    if (!report.verified) throw new Error(`a fresh credential did not verify: ${JSON.stringify(report.checks.filter((c) => c.status !== 'pass')).slice(0, 300)}`);
  }
  log('verification');
  const reps = Math.max(2, Math.round(8 * scale.k));
  const r = await interleaved(
    {
      joseBase: { work: w.joseVerify, reps: 200 },
      vcBase: w.vcVerify,
      jwt: { work: async () => ((await verifier.verify(credential.jwt)).verified ? 1 : 0), reps: reps * 10 },
      di: async () => ((await verifier.verify(credential.dataIntegrity)).verified ? 1 : 0),
    },
    { rounds: 5, reps, warmup: 3 },
  );
  return [
    {
      id: 'avala.verify.jwt',
      section: 'avala',
      name: 'Verification, VC-JWT (cached registry and status lists)',
      unit: 'ver/s',
      result: r.jwt,
      baseline: 'raw.jose.verify',
      baselineAlongside: r.joseBase,
      target: { minRatio: 0.7, text: '≥ 70 % of jose verify' },
    },
    { id: 'avala.verify.di', section: 'avala', name: 'Verification, Data Integrity (cached registry and status lists)', unit: 'ver/s', result: r.di, baseline: 'raw.vc.verify', baselineAlongside: r.vcBase },
  ];
}

async function qrRows(b: Bench, scale: Scale): Promise<Row[]> {
  const s = b.services;
  const [issued] = await s.issuance.certifyMany(b.certifier, await recordEvaluations(b, 1), { skipCertified: false });
  const jwt = issued!.credential.jwt!;
  const url = verifierUrl(s.config.publicUrl, encodeQrPayload(jwt));
  const r = await interleaved(
    {
      avala: async () => (await renderQrPng(verifierUrl(s.config.publicUrl, encodeQrPayload(jwt))), 1),
      plain: async () => (await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', scale: 8, margin: 4 }), 1),
    },
    { rounds: 5, reps: Math.max(2, Math.round(10 * scale.k)), warmup: 2 },
  );
  return [
    { id: 'qr.plain', section: 'avala', name: 'qrcode PNG of the same verifier URL (library defaults, byte mode)', unit: 'img/s', result: r.plain },
    { id: 'qr.avala', section: 'avala', name: 'QR payload encode + verifier URL + PNG (src/qr)', unit: 'img/s', result: r.avala, baseline: 'qr.plain', baselineAlongside: r.plain, extra: { urlChars: url.length, jwtChars: jwt.length } },
  ];
}

/**
 * Re-publishing a status list after a revocation: the revocation bumps the list's version, and the next read of
 * the list re-signs it (bitstring, gzip, Data Integrity + JWT). Timed: that read. Baseline: encoding the same
 * bitstring alone.
 */
export async function statusRows(scale: Scale, log: (s: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  for (const size of [131_072, 1_048_576]) {
    log(`status list of ${size.toLocaleString('en-US')} entries`);
    const b = await openBench({ statusListSize: size });
    try {
      const s = b.services;
      const rounds = 5;
      const reps = Math.max(1, Math.round(2 * scale.k));
      const n = rounds * reps + 2;
      const jwt = issuanceWith(b, jwtOnly(s.signer));
      const issued = await jwt.issuance.certifyMany(b.certifier, await recordEvaluations(b, n), { skipCertified: false });
      const entry = (JSON.parse(Buffer.from(issued[0]!.credential.jwt!.split('.')[1]!, 'base64url').toString()) as { credentialStatus: Array<{ statusPurpose: string; statusListCredential: string }> }).credentialStatus.find(
        (e) => e.statusPurpose === 'revocation',
      )!;
      const listId = decodeURIComponent(new URL(entry.statusListCredential).pathname.split('/').pop()!);
      const actor = { kind: 'staff' as const, bodyId: b.certifier.bodyId, staffId: b.certifier.staffId, roles: b.certifier.roles };
      await s.status.publishedList(listId, 'json');
      let next = 0;
      const set: number[] = [];
      const r = await interleaved(
        {
          republish: async () => {
            await s.status.change(issued[next++]!.credential.id, 'revoke', { reason: 'issued_in_error' }, actor);
            const t0 = process.hrtime.bigint();
            await s.status.publishedList(listId, 'json');
            return { ops: 1, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
          },
          encode: async () => {
            set.push(set.length * 97);
            encodeBitstring(bitstringWith(publishedLength(size), set));
            return 1;
          },
        },
        { rounds, reps, warmup: 1 },
      );
      const label = size.toLocaleString('en-US');
      rows.push(
        { id: `status.encode.${size}`, section: 'avala', name: `Status list bitstring + gzip + base64url alone, ${label} entries`, unit: 'lists/s', result: r.encode },
        {
          id: `status.republish.${size}`,
          section: 'avala',
          name: `Status list re-publication after a revocation, ${label} entries (re-sign DI + JWT)`,
          unit: 'lists/s',
          result: r.republish,
          baseline: `status.encode.${size}`,
          baselineAlongside: r.encode,
        },
      );
    } finally {
      await b.close();
    }
  }
  return rows;
}


/**
 * One batch, in a process of its own so its peak RSS is its own: a CSV of N rows streamed into
 * `BatchService.importCsv`, then `BatchService.certify` (VC-JWT only: see bench/README.md). Prints one JSON line.
 */
import { Readable } from 'node:stream';
import { BATCH_COLUMNS } from '../src/issuance/index.js';
import { curpFor } from '../test/helpers/people.js';
import { issuanceWith, jwtOnly, openBench, recordEvaluations } from './fixtures.js';
import { interleaved } from './measure.js';

const rows = Number(process.argv[2] ?? 1000);

/** The CSV, generated as it is read: the file never exists whole in memory (neither would an upload). */
function csv(n: number, evaluatedOn: string): Readable {
  let i = 0;
  return Readable.from(
    (function* () {
      yield `${BATCH_COLUMNS.join(',')}\n`;
      while (i < n) {
        const lines: string[] = [];
        for (let k = 0; k < 500 && i < n; k++, i++) {
          const row: Record<string, string> = {
            external_id: `row-${i}`,
            candidate_name: `Persona ${i} de la Cruz`,
            curp: curpFor(i),
            email: '',
            standard_code: i % 2 ? 'EC0217' : 'EC0551',
            standard_version: '',
            centre: 'Centro Evaluador Poniente',
            evaluated_on: evaluatedOn,
            result: 'competent',
            notes: '',
            renews_credential_id: '',
          };
          lines.push(BATCH_COLUMNS.map((c) => row[c]).join(','));
        }
        yield `${lines.join('\n')}\n`;
      }
    })(),
  );
}

let peakRss = process.memoryUsage().rss;
// What made up the peak: the V8 heap, memory outside it (SQLite's page cache, buffers), and the rest (code, stacks).
let atPeak = process.memoryUsage();
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  if (m.rss > peakRss) {
    peakRss = m.rss;
    atPeak = m;
  }
}, 100);

const b = await openBench();
const { issuance, batches } = issuanceWith(b, jwtOnly(b.services.signer));

// The in-process rate next to the batch, in this process: certifyMany on recorded evaluations, in the batch's
// own chunk size (250), before the batch runs.
const CHUNK = 250;
const ROUNDS = 9;
const inProcessRate = async () => {
  const recorded = await recordEvaluations(b, CHUNK * (ROUNDS + 1));
  let taken = 0;
  const certify = async () => (await issuance.certifyMany(b.certifier, recorded.slice(taken, (taken += CHUNK)), { skipCertified: false })).length;
  return (await interleaved({ jwt: certify }, { rounds: ROUNDS, reps: 1, warmup: 1 })).jwt;
};
const inProcess = await inProcessRate();
const evaluatedOn = new Date(b.clock().getTime() - 3 * 86_400_000).toISOString().slice(0, 10);
const rssBefore = process.memoryUsage().rss;

const t0 = process.hrtime.bigint();
const report = await batches.importCsv(b.evaluator, csv(rows, evaluatedOn), 'bench-batch');
const t1 = process.hrtime.bigint();
const done = await batches.certify(b.certifier, report.batch.id);
const t2 = process.hrtime.bigint();
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
// The same measure once the database holds the batch: what the database's growth alone costs.
const inProcessAfter = await inProcessRate();

const s = (a: bigint, z: bigint) => Number(z - a) / 1e9;
process.stdout.write(
  `${JSON.stringify({
    rows,
    imported: report.imported,
    rejected: report.errors.length,
    issued: done.issued,
    importSeconds: s(t0, t1),
    certifySeconds: s(t1, t2),
    totalSeconds: s(t0, t2),
    rssBeforeMb: rssBefore / 2 ** 20,
    peakRssSampledMb: peakRss / 2 ** 20,
    atPeakMb: { heapTotal: atPeak.heapTotal / 2 ** 20, heapUsed: atPeak.heapUsed / 2 ** 20, external: atPeak.external / 2 ** 20, arrayBuffers: atPeak.arrayBuffers / 2 ** 20 },
    // getrusage: the high-water mark the kernel kept, including what sampling between ticks missed.
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    inProcess,
    inProcessAfter,
  })}\n`,
);
await b.close();

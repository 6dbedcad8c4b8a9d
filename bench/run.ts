/**
 * `npm run bench`: every figure next to a baseline measured in the same run, as a ratio. Writes
 * bench/results/latest.json and prints a markdown table. Not part of `npm test`.
 *
 *   BENCH_QUICK=1   small counts (a minute or two): to check the bench itself, not to quote
 *   BENCH_ONLY=raw,avala,status,http,batch   some sections only (rows whose baseline is elsewhere show no ratio)
 *   BENCH_BATCH_ROWS=n   rows in the batch row (default 100,000; 5,000 when quick)
 */
import { fileURLToPath } from 'node:url';
import { avalaRows, statusRows } from './avala.js';
import { batchRows } from './batch.js';
import { httpRows } from './http.js';
import { rawRows, rawWork, type Scale } from './raw.js';
import { machine, markdown, withRatios, writeJson, type Report, type Row } from './report.js';

const quick = process.env.BENCH_QUICK === '1';
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const scale: Scale = { quick, k: quick ? 0.25 : 1 };
const started = Date.now();
const log = (s: string) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}\n`);

const w = await rawWork();
const sections: Array<[string, () => Promise<Row[]>]> = [
  ['raw', () => rawRows(scale, w)],
  ['avala', () => avalaRows(scale, w, log)],
  ['status', () => statusRows(scale, log)],
  ['http', () => httpRows(scale, log)],
  ['batch', () => batchRows(scale, log)],
];

const startedAt = new Date().toISOString();
const m = machine();
const rows: Row[] = [];
for (const [name, run] of sections) {
  if (only && !only.includes(name)) continue;
  log(`section ${name}`);
  try {
    rows.push(...(await run()));
  } catch (e) {
    // One broken section should not cost the others' figures.
    log(`section ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    rows.push({ id: `${name}.failed`, section: name === 'status' ? 'avala' : (name as Row['section']), name: `${name} section`, unit: '', pending: `failed: ${e instanceof Error ? e.message : String(e)}` });
  }
}

const report: Report = {
  startedAt,
  finishedAt: new Date().toISOString(),
  quick,
  machine: m,
  rows: withRatios(rows).map((r) => (r.extra?.withinBudget === false ? { ...r, met: false } : r)),
};
const file = writeJson(report, fileURLToPath(new URL('./results/', import.meta.url)));
process.stdout.write(`${markdown(report)}\n\nWritten to ${file} in ${((Date.now() - started) / 1000).toFixed(0)} s.\n`);
// The services' worker pools and child processes are closed by now; anything left (a stray timer) must not hold us.
process.exit(0);

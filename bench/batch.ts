/**
 * Batch: N certificates from a CSV in a child process (bench/batch-child.ts), end to end (import + certify), with
 * the child's peak RSS. Compared with the in-process JWT issuance rate measured earlier in the same run.
 */
import { startChild } from './http.js';
import { spread, type Spread } from './measure.js';
import type { Scale } from './raw.js';
import type { Row } from './report.js';

interface BatchResult {
  rows: number;
  imported: number;
  rejected: number;
  issued: number;
  importSeconds: number;
  certifySeconds: number;
  totalSeconds: number;
  rssBeforeMb: number;
  peakRssSampledMb: number;
  maxRssMb: number;
  atPeakMb: Record<string, number>;
  inProcess: Spread;
  inProcessAfter: Spread;
}

export async function batchRows(scale: Scale, log: (s: string) => void): Promise<Row[]> {
  const rows = Number(process.env.BENCH_BATCH_ROWS ?? (scale.quick ? 5_000 : 100_000));
  log(`batch of ${rows.toLocaleString('en-US')} rows (child process)`);
  const { child, firstLine } = startChild('./batch-child.ts', [String(rows)]);
  const r = JSON.parse(await firstLine) as BatchResult;
  await new Promise((res) => (child.exitCode !== null ? res(null) : child.once('exit', res)));
  if (r.issued !== rows) throw new Error(`the batch issued ${r.issued} of ${rows} credentials: ${JSON.stringify(r)}`);
  const peak = Math.max(r.maxRssMb, r.peakRssSampledMb);
  const rss = {
    peakRssMb: Math.round(peak),
    rssBeforeMb: Math.round(r.rssBeforeMb),
    atPeakMb: Object.fromEntries(Object.entries(r.atPeakMb).map(([k, v]) => [k, Math.round(v)])),
    withinBudget: peak < 300,
  };
  const phase = (n: number, sec: number) => Math.round(n / sec);
  return [
    {
      id: 'batch.inprocess',
      section: 'batch',
      name: 'In-process rate in the batch process (certifyMany, chunks of 250, VC-JWT only, just before the batch)',
      unit: 'cred/s',
      result: r.inProcess,
    },
    {
      id: 'batch.total',
      section: 'batch',
      name: `Batch of ${rows.toLocaleString('en-US')} rows from CSV, import + certify, VC-JWT only`,
      unit: 'rows/s',
      result: spread([r.rows / r.totalSeconds], r.rows),
      baseline: 'batch.inprocess',
      baselineAlongside: r.inProcess,
      target: { minRatio: 0.8, text: '≥ 80 % of in-process rate, peak RSS < 300 MB' },
      extra: { ...rss, importRowsPerS: phase(r.imported, r.importSeconds), certifyRowsPerS: phase(r.issued, r.certifySeconds), seconds: Math.round(r.totalSeconds) },
      note: 'one run (it is the long one); its spread is not measured',
    },
    {
      id: 'batch.inprocess.after',
      section: 'batch',
      name: `In-process rate again, after the batch (the database now holds ${rows.toLocaleString('en-US')} more credentials)`,
      unit: 'cred/s',
      result: r.inProcessAfter,
      baseline: 'batch.inprocess',
      baselineAlongside: r.inProcess,
    },
    {
      id: 'batch.certify',
      section: 'batch',
      name: 'Batch, certify phase alone',
      unit: 'rows/s',
      result: spread([r.issued / r.certifySeconds], r.issued),
      baseline: 'batch.inprocess',
      baselineAlongside: r.inProcess,
    },
  ];
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Spread } from './measure.js';

export interface Target {
  /** Lowest acceptable ratio to the baseline (0.6 = 60 %; 2 = twice as fast). */
  minRatio: number;
  text: string;
}

export interface Row {
  id: string;
  section: 'raw' | 'avala' | 'http' | 'batch';
  name: string;
  unit: string;
  result?: Spread;
  /** Id of the row this one is divided by. */
  baseline?: string;
  /**
   * The baseline as measured alongside this row (rounds interleaved): the ratio uses it rather than the baseline
   * row's own figure, which was measured at another moment of the run.
   */
  baselineAlongside?: Spread;
  target?: Target;
  /** Extra facts (peak RSS, phase rates, errors seen). */
  extra?: Record<string, unknown>;
  /** Why there is no figure. */
  pending?: string;
  note?: string;
}

export interface Report {
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  machine: { nproc: number; cpu: string; node: string; platform: string; totalMemMb: number; loadAvgAtStart: number[] };
  rows: Array<Row & { ratio?: number; met?: boolean }>;
}

export function machine(): Report['machine'] {
  return {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    totalMemMb: Math.round(os.totalmem() / 2 ** 20),
    loadAvgAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** Ratios to each row's baseline (medians), and whether the target is met. */
export function withRatios(rows: Row[]): Report['rows'] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return rows.map((r) => {
    const base = r.baselineAlongside ?? (r.baseline ? byId.get(r.baseline)?.result : undefined);
    if (!r.result || !base) return { ...r };
    const ratio = r.result.median / base.median;
    return { ...r, ratio, ...(r.target ? { met: ratio >= r.target.minRatio } : {}) };
  });
}

export function writeJson(report: Report, dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'latest.json');
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const perOp = (rate: number) => {
  const ms = 1000 / rate;
  return ms >= 1 ? `${ms.toFixed(ms >= 100 ? 0 : 2)} ms` : `${(ms * 1000).toFixed(1)} µs`;
};

export function markdown(report: Report): string {
  const m = report.machine;
  const lines = [
    `Machine: ${m.nproc} cores (${m.cpu}), ${m.totalMemMb} MB, Node ${m.node}, load average at start ${m.loadAvgAtStart.join(' / ')}${report.quick ? ' — QUICK run (small counts)' : ''}`,
    '',
    '| row | median | per op | CPU per op | spread (min–max; IQR) | rounds | baseline | ratio | target |',
    '| --- | ---: | ---: | ---: | --- | ---: | --- | ---: | --- |',
  ];
  const names = new Map(report.rows.map((r) => [r.id, r.name]));
  for (const r of report.rows) {
    if (!r.result) {
      lines.push(`| ${r.name} | — | — | — | ${r.pending ?? 'not measured'} | — | ${r.baseline ? names.get(r.baseline) : ''} | — | ${r.target?.text ?? ''} |`);
      continue;
    }
    const s = r.result;
    const target = r.target ? `${r.target.text}: ${r.met === undefined ? '?' : r.met ? '**met**' : '**missed**'}` : '';
    const ratio = r.ratio === undefined ? '' : r.ratio >= 10 ? `${r.ratio.toFixed(0)}×` : r.ratio >= 1 ? `${r.ratio.toFixed(2)}×` : `${(r.ratio * 100).toFixed(1)} %`;
    const base = r.baseline ? `${names.get(r.baseline)}${r.baselineAlongside ? ` (alongside: ${fmt(r.baselineAlongside.median)})` : ''}` : '';
    const cpu = s.cpuMsPerOp === undefined ? '' : perOp(1000 / s.cpuMsPerOp);
    lines.push(`| ${r.name} | ${fmt(s.median)} ${r.unit} | ${perOp(s.median)} | ${cpu} | ${fmt(s.min)}–${fmt(s.max)}; ${fmt(s.q1)}–${fmt(s.q3)} | ${s.rounds} | ${base} | ${ratio} | ${target} |`);
  }
  const extras = report.rows.filter((r) => r.extra || r.note);
  if (extras.length) {
    lines.push('', 'Notes:');
    for (const r of extras) lines.push(`- ${r.name}: ${[r.note, r.extra ? JSON.stringify(r.extra) : ''].filter(Boolean).join(' ')}`);
  }
  return lines.join('\n');
}

/**
 * Measuring: every figure is a rate (operations per second) from several timed rounds, reported as the median
 * round with the spread (min, max, quartiles). Figures that are compared run their rounds interleaved (A B A B …)
 * in one process, so a machine that gets busier halfway through slows both sides alike.
 */

/** One unit of timed work: returns how many operations it did, or its own count and time when only part of it counts. */
export type Work = () => Promise<number | { ops: number; seconds: number }>;

export interface Spread {
  /** Operations per second of the median round. */
  median: number;
  min: number;
  max: number;
  q1: number;
  q3: number;
  rounds: number;
  /** Operations timed in all. */
  ops: number;
  /**
   * CPU milliseconds per operation, all threads of this process (worker threads included), median round. Unlike
   * the rate it barely moves when other processes share the machine: cores ÷ this is the rate a dedicated
   * machine could reach. Absent for work done in another process.
   */
  cpuMsPerOp?: number;
}

export interface RoundOptions {
  rounds: number;
  /** Calls of `work` per round. */
  reps: number;
  /** Untimed calls before the first round (JIT, caches, worker start). */
  warmup?: number;
}

/** A piece of work with its own number of calls per round (fast work needs more calls to be timed well). */
export interface Paced {
  work: Work;
  reps: number;
}

/** Times `rounds` rounds of each named piece of work, interleaved, and returns each one's spread. */
export async function interleaved<K extends string>(given: Record<K, Work | Paced>, o: RoundOptions): Promise<Record<K, Spread>> {
  const works = Object.fromEntries(Object.entries<Work | Paced>(given).map(([k, v]) => [k, typeof v === 'function' ? { work: v, reps: o.reps } : v])) as Record<string, Paced>;
  for (const { work } of Object.values(works)) for (let i = 0; i < (o.warmup ?? 1); i++) await work();
  const rates: Record<string, number[]> = {};
  const cpu: Record<string, number[]> = {};
  const totals: Record<string, number> = {};
  for (let r = 0; r < o.rounds; r++) {
    // Alternate the order too, so neither side always runs right after the other's garbage.
    const names = r % 2 ? Object.keys(works).reverse() : Object.keys(works);
    for (const name of names) {
      let ops = 0;
      let seconds = 0;
      const { work, reps } = works[name]!;
      const cpu0 = process.cpuUsage();
      for (let i = 0; i < reps; i++) {
        const t0 = process.hrtime.bigint();
        const out = await work();
        const wall = Number(process.hrtime.bigint() - t0) / 1e9;
        if (typeof out === 'number') {
          ops += out;
          seconds += wall;
        } else {
          ops += out.ops;
          seconds += out.seconds;
        }
      }
      const used = process.cpuUsage(cpu0);
      (rates[name] ??= []).push(ops / seconds);
      (cpu[name] ??= []).push((used.user + used.system) / 1000 / ops);
      totals[name] = (totals[name] ?? 0) + ops;
    }
  }
  return Object.fromEntries(Object.entries(rates).map(([name, r]) => [name, { ...spread(r, totals[name]!), cpuMsPerOp: median(cpu[name]!) }])) as Record<K, Spread>;
}

export function spread(rates: number[], ops: number): Spread {
  const s = [...rates].sort((a, b) => a - b);
  return { median: quantile(s, 0.5), min: s[0]!, max: s.at(-1)!, q1: quantile(s, 0.25), q3: quantile(s, 0.75), rounds: s.length, ops };
}

function median(xs: number[]): number {
  return quantile([...xs].sort((a, b) => a - b), 0.5);
}

/** Linear interpolation between closest ranks, on sorted input. */
function quantile(sorted: number[], q: number): number {
  if (sorted.length === 1) return sorted[0]!;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Seconds taken by `f`. */
export async function seconds(f: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** One readiness check: resolves when the dependency is usable, throws (with a reason an operator can act on) when not. */
export interface Probe {
  readonly name: string;
  check(): Promise<void>;
}

export interface ReadinessReport {
  ready: boolean;
  draining: boolean;
  checks: Array<{ name: string; ok: boolean; reason?: string }>;
}

/** A probe that has not answered in this long counts as failed: a hung database must not hang the load balancer's probe. */
const PROBE_TIMEOUT_MS = 2_000;

/**
 * Whether this instance should receive traffic: every probe passes and it is not draining. Draining is set at
 * SIGTERM, before the server stops accepting, so the load balancer takes the instance out of rotation first.
 */
export class Readiness {
  #draining = false;
  constructor(private readonly probes: readonly Probe[]) {}

  get draining(): boolean {
    return this.#draining;
  }

  startDraining(): void {
    this.#draining = true;
  }

  async report(): Promise<ReadinessReport> {
    const checks = await Promise.all(this.probes.map(async (p) => {
      try {
        await withTimeout(p.check(), PROBE_TIMEOUT_MS, `${p.name} did not answer within ${PROBE_TIMEOUT_MS} ms`);
        return { name: p.name, ok: true };
      } catch (e) {
        return { name: p.name, ok: false, reason: e instanceof Error ? e.message : String(e) };
      }
    }));
    return { ready: !this.#draining && checks.every((c) => c.ok), draining: this.#draining, checks };
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
    timer.unref();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds; from a fast in-process verify (~1 ms) to a slow Data Integrity signature under load. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The service's Prometheus metrics, on a registry of its own rather than prom-client's global one, so two services
 * in one process (tests, a benchmark) never collide over metric names and each scrape shows one service.
 */
export interface OpsMetrics {
  readonly registry: Registry;
  /** Labelled by the express route pattern (`/credentials/:id/revoke`), never the raw URL, so ids do not explode cardinality. */
  readonly httpRequests: Counter<'route' | 'method' | 'status'>;
  readonly httpDuration: Histogram<'route' | 'method' | 'status'>;
  /** One count per signed form (`jwt`, `di`) of a credential issued. */
  readonly credentialsIssued: Counter<'form'>;
  readonly issuanceDuration: Histogram<'form'>;
  readonly verifications: Counter<'verdict'>;
  readonly verificationDuration: Histogram<'verdict'>;
  readonly statusListResigns: Counter<string>;
  /** Reads the outbox's messages by state at each scrape (set by `observeOutbox`). */
  readonly outboxMessages: Gauge<'state'>;
}

/** Makes each scrape read the outbox's counts: its backlog is `state="pending"`. */
export function observeOutbox(metrics: OpsMetrics, counts: () => Promise<Record<string, number>>): void {
  outboxSources.set(metrics.outboxMessages, counts);
}
const outboxSources = new WeakMap<Gauge<'state'>, () => Promise<Record<string, number>>>();

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): OpsMetrics {
  const registry = new Registry();
  // Process metrics (CPU, heap, event loop lag) belong to the process: off where several services share one.
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'avala_' });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({ name: 'avala_http_requests_total', help: 'HTTP requests answered, by route pattern, method and status', labelNames: ['route', 'method', 'status'], registers }),
    httpDuration: new Histogram({ name: 'avala_http_request_duration_seconds', help: 'HTTP request duration, by route pattern, method and status', labelNames: ['route', 'method', 'status'], buckets: LATENCY_BUCKETS, registers }),
    credentialsIssued: new Counter({ name: 'avala_credentials_issued_total', help: 'Credentials signed, by securing form (jwt: VC-JOSE, di: Data Integrity, cwt: the QR code\'s COSE/CWT)', labelNames: ['form'], registers }),
    issuanceDuration: new Histogram({ name: 'avala_issuance_signing_duration_seconds', help: 'Time to sign one credential in the forms asked for, labelled by the forms', labelNames: ['form'], buckets: LATENCY_BUCKETS, registers }),
    verifications: new Counter({ name: 'avala_verifications_total', help: 'Credentials verified, by verdict (verified, failed, error)', labelNames: ['verdict'], registers }),
    verificationDuration: new Histogram({ name: 'avala_verification_duration_seconds', help: 'Time to verify one credential, by verdict', labelNames: ['verdict'], buckets: LATENCY_BUCKETS, registers }),
    statusListResigns: new Counter({ name: 'avala_status_list_resign_total', help: 'Status list credentials signed (a list is re-signed when it changes or nears the end of its validity)', registers }),
    outboxMessages: new Gauge({
      name: 'avala_outbox_messages',
      help: 'Messages to workers in the outbox, by state (pending is the backlog)',
      labelNames: ['state'],
      registers,
      async collect() {
        const source = outboxSources.get(this);
        if (!source) return;
        for (const [state, n] of Object.entries(await source())) this.set({ state }, n);
      },
    }),
    // Not yet wired, named here so it lands with its source: batch progress (avala_batch_rows_total{outcome}).
  };
}

import type { Verifier } from '../verification/index.js';
import type { OpsMetrics } from './metrics.js';

/**
 * Wrappers that count and time what the domain does, from outside it: the domain code stays free of metrics, and a
 * service composed without metrics (tests, the CLI) runs the very same objects unwrapped.
 */

interface Signs<A extends unknown[], R> {
  sign(...args: A): Promise<R>;
}

/** Counts each credential signed, once per securing form, and times the signature. */
export function instrumentCredentialSigner<T extends Signs<[string, Record<string, unknown>, readonly string[], Date?], unknown>>(signer: T, metrics: OpsMetrics | undefined): T {
  if (!metrics) return signer;
  const sign = signer.sign.bind(signer);
  return Object.assign(Object.create(signer) as T, {
    async sign(bodyId: string, unsigned: Record<string, unknown>, securing: readonly string[], signedAt?: Date) {
      const forms = [...securing].sort().join('+');
      const end = metrics.issuanceDuration.startTimer({ form: forms });
      const signed = await sign(bodyId, unsigned, securing, signedAt);
      end();
      for (const form of securing) metrics.credentialsIssued.inc({ form });
      return signed;
    },
  });
}

/** Counts each status list credential signed. */
export function instrumentStatusListSigner<T extends Signs<[string, Record<string, unknown>, readonly string[], Date?], unknown>>(signer: T, metrics: OpsMetrics | undefined): T {
  if (!metrics) return signer;
  const sign = signer.sign.bind(signer);
  return Object.assign(Object.create(signer) as T, {
    async sign(bodyId: string, unsigned: Record<string, unknown>, forms: readonly string[], at?: Date) {
      const signed = await sign(bodyId, unsigned, forms, at);
      metrics.statusListResigns.inc();
      return signed;
    },
  });
}

/** Counts and times verifications by verdict; an exception (an infrastructure fault) counts as `error`. */
export function instrumentVerifier<T extends Verifier>(verifier: T, metrics: OpsMetrics | undefined): T {
  if (!metrics) return verifier;
  const verify = verifier.verify.bind(verifier);
  return Object.assign(Object.create(verifier) as T, {
    async verify(input: unknown, opts?: Parameters<Verifier['verify']>[1]) {
      const end = metrics.verificationDuration.startTimer();
      try {
        const report = await verify(input, opts);
        const verdict = report.verified ? 'verified' : 'failed';
        end({ verdict });
        metrics.verifications.inc({ verdict });
        return report;
      } catch (e) {
        end({ verdict: 'error' });
        metrics.verifications.inc({ verdict: 'error' });
        throw e;
      }
    },
  });
}

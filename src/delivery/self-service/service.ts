import { AppError } from '../../errors.js';
import type { Clock } from '../../clock.js';
import type { DomainEvent } from '../../journal.js';
import { validateCurp, type IssuanceService, type IssuedCredential } from '../../issuance/index.js';
import { codeMessage } from './messages.js';
import type { WorkerAccessRepository } from './model.js';
import { normalizeEmail } from '../../text.js';
import { CODE_RULES, codeHash, limitExceeded, newCode, sha256 } from './rules.js';

export interface WorkerCertificate {
  credential: IssuedCredential;
  /** As the status domain reads it now. */
  state: string;
  /** A claim link valid for the session's remaining time: the certificate's page, PDF and wallet offer. */
  claimUrl: string;
}

const INVALID_CODE = 'The code is wrong or has expired: ask for a new one';

/**
 * The worker's own way back to their certificates: CURP + e-mail address, a one-time code sent to that address,
 * then a short session listing every certificate of theirs, from every body. The answer to "send me a code" is the
 * same whether or not anything matched (a code is only sent when something did), so the page tells no one whether a
 * CURP is known. Rate limits hold per CURP, per address and per client.
 */
export class WorkerAccessService {
  constructor(
    private readonly d: {
      repo: WorkerAccessRepository;
      issuance: Pick<IssuanceService, 'getCredential' | 'shortClaimLink'>;
      stateOf: (credentialId: string) => Promise<string>;
      clock: Clock;
      randomInt: (max: number) => number;
      randomBytes: (n: number) => Uint8Array;
      onEvents?: (events: DomainEvent[]) => Promise<void>;
    },
  ) {}

  /** Returns the request's secret, which the next form carries; nothing in the answer depends on a match. */
  async requestCode(input: { curp: string; email: string; client: string }): Promise<string> {
    const curp = validateCurp(input.curp);
    const email = normalizeEmail(input.email);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 320) throw new AppError('ERR_VALIDATION', 'Type the e-mail address your certifying body has', { details: { field: 'email' } });
    const now = this.d.clock();
    const curpHash = sha256(`curp:${curp}`);
    const emailHash = sha256(`email:${email}`);
    const counts = await this.d.repo.recentRequests(new Date(now.getTime() - CODE_RULES.window).toISOString(), { curpHash, emailHash, client: input.client });
    if (limitExceeded(counts)) throw new AppError('ERR_RATE_LIMITED', 'Too many codes were asked for these details: try again in an hour', { details: { retryAfterSeconds: CODE_RULES.window / 1000 } });
    const secret = Buffer.from(this.d.randomBytes(32)).toString('base64url');
    const id = sha256(secret);
    const code = newCode(this.d.randomInt);
    const credentialIds = await this.d.repo.certificatesOf(curp, email);
    await this.d.repo.createRequest(
      { id, curpHash, emailHash, client: input.client, codeHash: codeHash(id, code), credentialIds, attempts: 0, expiresAt: new Date(now.getTime() + CODE_RULES.ttlMs).toISOString(), usedAt: null, createdAt: now.toISOString() },
      credentialIds.length > 0 ? codeMessage(email, code, CODE_RULES.ttlMs / 60_000) : null,
    );
    return secret;
  }

  /** Checks the code; on success returns the session's secret (for the cookie). */
  async redeemCode(requestSecret: string, code: string): Promise<string> {
    const now = this.d.clock();
    const id = /^[A-Za-z0-9_-]{43}$/.test(requestSecret) ? sha256(requestSecret) : null;
    const r = id ? await this.d.repo.getRequest(id) : null;
    if (!r || r.usedAt !== null || Date.parse(r.expiresAt) <= now.getTime() || r.attempts >= CODE_RULES.maxAttempts) throw new AppError('ERR_VALIDATION', INVALID_CODE, { details: { field: 'code' } });
    const typed = code.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(typed) || codeHash(r.id, typed) !== r.codeHash) {
      const attempts = await this.d.repo.recordFailure(r.id);
      const left = CODE_RULES.maxAttempts - attempts;
      throw new AppError('ERR_VALIDATION', left > 0 ? `The code is wrong: ${left} ${left === 1 ? 'try' : 'tries'} left` : INVALID_CODE, { details: { field: 'code', triesLeft: Math.max(0, left) } });
    }
    const secret = Buffer.from(this.d.randomBytes(32)).toString('base64url');
    const session = { credentialIds: r.credentialIds, expiresAt: new Date(now.getTime() + CODE_RULES.sessionMs).toISOString() };
    if (!(await this.d.repo.redeem(r.id, now.toISOString(), sha256(secret), session, now.toISOString()))) throw new AppError('ERR_VALIDATION', INVALID_CODE, { details: { field: 'code' } });
    await this.d.onEvents?.([{ action: 'worker.signed-in', actor: 'worker', subject: r.curpHash.slice(0, 16), details: { certificates: r.credentialIds.length } }]);
    return secret;
  }

  /** The session's certificates, each with a claim link that lasts as long as the session; null without a session. */
  async certificates(sessionSecret: string | undefined): Promise<WorkerCertificate[] | null> {
    const session = await this.session(sessionSecret);
    if (!session) return null;
    const left = Date.parse(session.expiresAt) - this.d.clock().getTime();
    return Promise.all(
      session.credentialIds.map(async (id) => {
        const credential = await this.d.issuance.getCredential('authority', id);
        return { credential, state: await this.d.stateOf(id), claimUrl: await this.d.issuance.shortClaimLink(id, left) };
      }),
    );
  }

  async signOut(sessionSecret: string | undefined): Promise<void> {
    if (sessionSecret && /^[A-Za-z0-9_-]{43}$/.test(sessionSecret)) await this.d.repo.endSession(sha256(sessionSecret));
  }

  private session(secret: string | undefined) {
    if (!secret || !/^[A-Za-z0-9_-]{43}$/.test(secret)) return Promise.resolve(null);
    return this.d.repo.getSession(sha256(secret), this.d.clock().toISOString());
  }
}

import crypto from 'node:crypto';
import { AppError } from '../errors.js';
import { assertDisplayText } from '../text.js';
import { toSecond, type Clock, type IdGenerator } from '../clock.js';
import type { RegistryService, Standard, StaffRole } from '../registry/index.js';
import { validateCurp, hashCurp, newCurpSalt } from './curp.js';
import { claimsCompetency, credentialStatusEntries } from '../vc/index.js';
import { assertCredentialShape, buildCompetencyCredential, standardUrl, validityWindow } from './credential/index.js';
// The file, not the folder's index: the rule is the verifier's own, and the index also exports Node-only adapters.
import type { Batch, Candidate, Evaluation, EvaluationResult, IssuedCredential, Securing } from './model.js';
import type { DomainEvent } from '../journal.js';
import type { ClaimNotice, CredentialSigner, IssuanceRepository, OutgoingMessage, SignedForms, StatusAllocator, StatusPair, StoredCredential } from './ports.js';
import { memoizedLookups, type RegistryLookups } from './registry-lookups.js';
import { assertCompetent, assertEvaluationDate, assertSeparationOfDuties, evaluationInstant } from './rules.js';

/** Who is acting, as established from an authenticated API key. Never from request fields. */
export interface StaffActor {
  staffId: string;
  bodyId: string;
  roles: readonly StaffRole[];
}

export interface IssuanceDeps {
  repo: IssuanceRepository;
  registry: RegistryService;
  status: StatusAllocator;
  signer: CredentialSigner;
  clock: Clock;
  newId: IdGenerator;
  publicUrl: string;
  /**
   * Appends the events of changes outside issuance proper (an evaluation recorded, a new claim link). Issuance
   * itself is journaled by the repository, in the transaction that stores the credentials.
   */
  onEvents?: (events: DomainEvent[]) => Promise<void>;
  /**
   * Expands a credential a body gave in full against the contexts this service holds (JSON-LD safe mode), failing
   * on a context it does not hold or a term none defines. Both securing forms need it: a Data Integrity proof would
   * fail on such a credential anyway, but a JWT signs its bytes as they are, and every verifier of ours would then
   * refuse the JWT this service had just signed.
   */
  assertTermsDefined: (credential: Record<string, unknown>) => Promise<void>;
  /**
   * The message that brings a worker the claim link of a certificate whose evaluation has an e-mail address; it is
   * stored with the credential (the transactional outbox) and sent afterwards. Without it, nothing is sent.
   */
  claimMessage?: (notice: ClaimNotice) => OutgoingMessage;
}

export interface NewEvaluation {
  candidate: Candidate;
  standardCode: string;
  standardVersion?: number;
  centre: string;
  evaluatedOn: string;
  result: EvaluationResult;
  notes?: string | null;
  externalId?: string | null;
  renewsCredentialId?: string | null;
}

export interface Certified {
  credential: IssuedCredential;
  /** The worker's one-time claim link; only its hash is stored, so it is shown here once. */
  claimUrl: string;
}

const BOTH: readonly Securing[] = ['di', 'jwt'];
/** A batch is in progress until it is done or its file was refused. */
const BATCHES_IN_PROGRESS: readonly Batch['state'][] = ['importing', 'imported', 'certifying'];

export class IssuanceService {
  constructor(private readonly d: IssuanceDeps) {}

  private requireRole(actor: StaffActor, role: StaffRole): void {
    if (!actor.roles.includes(role)) throw new AppError('ERR_FORBIDDEN', `This needs the ${role} role`);
  }

  /**
   * Validates an evaluation against the registry; shared by single recording and batch import (which passes
   * `memoizedLookups` kept for the file).
   */
  async prepareEvaluation(actor: StaffActor, input: NewEvaluation, batchId: string | null = null, registry: RegistryLookups = this.d.registry): Promise<Evaluation> {
    this.requireRole(actor, 'evaluator');
    assertDisplayText('candidate.name', input.candidate.name);
    assertDisplayText('centre', input.centre);
    const curp = validateCurp(input.candidate.curp);
    assertEvaluationDate(input.evaluatedOn, this.d.clock());
    const standard = await registry.findStandard(input.standardCode, input.standardVersion);
    await registry.assertAccredited(actor.bodyId, standard, evaluationInstant(input.evaluatedOn));
    if (input.renewsCredentialId) await this.assertRenewable(actor.bodyId, input.renewsCredentialId, standard);
    return {
      id: this.d.newId(),
      bodyId: actor.bodyId,
      standardId: standard.id,
      externalId: input.externalId ?? null,
      batchId,
      candidate: { name: input.candidate.name, curp, email: input.candidate.email ?? null },
      centre: input.centre,
      evaluatedOn: input.evaluatedOn,
      result: input.result,
      notes: input.notes ?? null,
      evaluatorId: actor.staffId,
      renewsCredentialId: input.renewsCredentialId ?? null,
      createdAt: this.d.clock().toISOString(),
    };
  }

  /** Registry answers remembered for one task (a file being imported): see `memoizedLookups`. */
  lookupsForOneTask(): RegistryLookups {
    return memoizedLookups(this.d.registry);
  }

  async recordEvaluation(actor: StaffActor, input: NewEvaluation): Promise<Evaluation> {
    const e = await this.prepareEvaluation(actor, input);
    const { inserted } = await this.d.repo.insertEvaluations([e]);
    if (inserted === 0) throw new AppError('ERR_CONFLICT', `An evaluation with external id "${input.externalId}" was already recorded by this body`);
    await this.d.onEvents?.([{ action: 'evaluation.recorded', actor: actor.staffId, bodyId: actor.bodyId, subject: e.id, details: { standardId: e.standardId, result: e.result } }]);
    return e;
  }

  /** Only the body's own staff see its evaluations; others get 404 so ids cannot be probed. */
  async getEvaluation(actor: StaffActor, id: string): Promise<Evaluation> {
    const e = await this.d.repo.getEvaluation(id);
    if (!e || e.bodyId !== actor.bodyId) throw new AppError('ERR_NOT_FOUND', `Evaluation ${id} does not exist`);
    return e;
  }

  private async assertRenewable(bodyId: string, credentialId: string, standard: Standard): Promise<void> {
    const old = await this.d.repo.getCredential(credentialId);
    if (!old || old.bodyId !== bodyId || old.kind !== 'competency') throw new AppError('ERR_NOT_FOUND', `Credential ${credentialId} does not exist`);
    const oldStandard = old.standardId ? await this.d.registry.getStandard(old.standardId) : null;
    if (!oldStandard || oldStandard.code !== standard.code) {
      throw new AppError('ERR_VALIDATION', `A renewal must be for the same standard (${oldStandard?.code ?? 'unknown'}), not ${standard.code}`);
    }
  }

  /** Certifies one competent evaluation: issues its credential in both securing mechanisms. */
  async certify(actor: StaffActor, evaluationId: string): Promise<Certified> {
    const [out] = await this.certifyMany(actor, [await this.getEvaluation(actor, evaluationId)], { skipCertified: false });
    return out!;
  }

  /**
   * Certifies evaluations as one unit of work: checks every rule first (so a refused one consumes nothing),
   * reserves status slots, signs, then stores all credentials in one transaction. A crash before the commit
   * leaves no credential (the reserved slots are simply never used); a re-run issues each evaluation once,
   * because a credential is unique per evaluation.
   */
  async certifyMany(
    actor: StaffActor,
    evaluations: Evaluation[],
    opts: { skipCertified: boolean; onRefused?: (e: Evaluation, err: AppError) => void },
  ): Promise<Certified[]> {
    this.requireRole(actor, 'certifier');
    // One instant, to the second, for everything the verifier compares: the accreditation and the standard are
    // checked at it, and it is the credential's validFrom and its proofs' signing time.
    const now = toSecond(this.d.clock());
    const todo: Array<{ e: Evaluation; standard: Standard }> = [];
    const registry = this.lookupsForOneTask();
    for (const e of evaluations) {
      try {
        if (e.bodyId !== actor.bodyId) throw new AppError('ERR_NOT_FOUND', `Evaluation ${e.id} does not exist`);
        assertSeparationOfDuties(e, actor.staffId);
        assertCompetent(e);
        if (await this.d.repo.getCredentialByEvaluation(e.id)) {
          if (opts.skipCertified) continue;
          throw new AppError('ERR_ALREADY_CERTIFIED', `Evaluation ${e.id} is already certified`);
        }
        const standard = await registry.getStandard(e.standardId);
        await registry.assertAccredited(actor.bodyId, standard, now);
        todo.push({ e, standard });
      } catch (err) {
        // In a batch a refused row is reported and the others go on; alone, the refusal is the answer.
        if (!(err instanceof AppError) || !opts.onRefused) throw err;
        opts.onRefused(e, err);
      }
    }
    if (todo.length === 0) return [];
    const body = await this.d.registry.getBody(actor.bodyId);
    const committees = new Map((await this.d.registry.listCommittees()).map((c) => [c.id, c]));
    const slots = await this.d.status.reserve(actor.bodyId, todo.length);
    // The chunk is signed concurrently, so the signer's worker pool keeps every core busy.
    const prepared = await Promise.all(
      todo.map(async ({ e, standard }, i) => {
        const status = slots[i]!;
        const committee = committees.get(standard.committeeId);
        const salt = newCurpSalt();
        const unsigned = buildCompetencyCredential({
          id: `urn:uuid:${this.d.newId()}`,
          issuer: { id: body.did, name: body.name },
          issuedAt: now,
          holder: { name: e.candidate.name, curpHash: hashCurp(e.candidate.curp, salt), salt },
          standard: {
            code: standard.code,
            version: standard.version,
            title: standard.title,
            description: standard.description,
            level: standard.level,
            sector: standard.sector,
            validityMonths: standard.validityMonths,
            url: standardUrl(this.d.publicUrl, standard.code, standard.version),
            committee: { id: `${this.d.publicUrl}/committees/${standard.committeeId}`, name: committee?.name ?? standard.sector },
          },
          evidence: { centre: e.centre, evaluatedOn: e.evaluatedOn, evaluatorId: e.evaluatorId, certifierId: actor.staffId },
          credentialStatus: credentialStatusEntries(status),
          renews: e.renewsCredentialId,
        });
        const signed = await this.d.signer.sign(actor.bodyId, unsigned, BOTH, now);
        const claimToken = crypto.randomBytes(32).toString('base64url');
        const credential = issuedRecord(actor, unsigned, signed, now, {
          kind: 'competency',
          evaluationId: e.id,
          standardId: standard.id,
          holderName: e.candidate.name,
          renewsId: e.renewsCredentialId,
          claimTokenHash: hashClaimToken(claimToken),
        });
        const claimUrl = `${this.d.publicUrl}/claim/${claimToken}`;
        const email = e.candidate.email;
        const messages =
          email && this.d.claimMessage
            ? [this.d.claimMessage({ to: email, holderName: e.candidate.name, standardCode: standard.code, standardTitle: standard.title, bodyName: body.name, claimUrl })]
            : [];
        return { stored: { credential, status, messages }, out: { credential, claimUrl } };
      }),
    );
    const stored: StoredCredential[] = prepared.map((p) => p.stored);
    const out: Certified[] = prepared.map((p) => p.out);
    await this.d.repo.storeCredentials(
      stored,
      out.map(({ credential }) => ({ action: 'credential.issued', actor: actor.staffId, bodyId: actor.bodyId, subject: credential.id, details: { evaluationId: credential.evaluationId } })),
    );
    return out;
  }

  /**
   * Signs a VC 2.0 credential a body gives in full (course attendance, a test credential). It is checked
   * against the data model first; its issuer becomes the body. A credential that claims to be a competency
   * certificate (an Open Badges achievement type, or a subject with an `achievement`) is refused before anything is
   * reserved or stored: a competency certificate exists only by certifying an evaluation (`certify`), with every rule
   * that applies. `validFrom` is this service's clock at signing, whatever the caller sent, so no date the verifier
   * judges by is the caller's; a caller's `validUntil` is kept only when it is after that. Our verifier reports such
   * a credential by name (`competency_certificate`: `NOT_A_COMPETENCY_CERTIFICATE`), never as a certificate.
   */
  async issueOther(actor: StaffActor, credential: Record<string, unknown>, opts: { securing: Securing; withStatus: boolean }): Promise<{ credential: IssuedCredential; verifiable: Record<string, unknown> | string }> {
    this.requireRole(actor, 'certifier');
    const body = await this.d.registry.getBody(actor.bodyId);
    // The issuer is always the body; a caller may leave it out and have it filled in before the model check.
    if (credential.issuer === undefined) credential = { ...credential, issuer: body.did };
    assertCredentialShape(credential);
    if (claimsCompetency(credential)) {
      throw new AppError(
        'ERR_EVALUATION_REQUIRED',
        'A competency certificate is issued only by certifying an evaluation: record the evaluation (POST /evaluations), then certify it (POST /evaluations/{id}/certify, or POST /credentials/issue with options.evaluationId). A credential given in full may not be an OpenBadgeCredential or AchievementCredential, nor carry an achievement.',
      );
    }
    const issuerId = typeof credential.issuer === 'string' ? credential.issuer : (credential.issuer as { id?: unknown } | undefined)?.id;
    if (issuerId !== undefined && issuerId !== body.did) {
      throw new AppError('ERR_INVALID_CREDENTIAL', `credential.issuer must be this body's DID (${body.did}) or left out`);
    }
    if ('proof' in credential) throw new AppError('ERR_INVALID_CREDENTIAL', 'credential must not already carry a proof');
    const now = toSecond(this.d.clock());
    const { validFrom } = validityWindow(now, null);
    if (typeof credential.validUntil === 'string' && Date.parse(credential.validUntil) <= Date.parse(validFrom)) {
      throw new AppError('ERR_INVALID_CREDENTIAL', `credential.validUntil must be after validFrom, which is the time of signing (${validFrom})`);
    }
    const id = typeof credential.id === 'string' ? credential.id : `urn:uuid:${this.d.newId()}`;
    if (await this.d.repo.getCredential(id)) throw new AppError('ERR_CONFLICT', `A credential with id ${id} was already issued`);
    const issuer = typeof credential.issuer === 'object' && credential.issuer !== null ? { ...(credential.issuer as object), id: body.did } : body.did;
    const own: Record<string, unknown> = { ...credential, id, issuer, validFrom };
    // Before a status index is reserved: a refused credential leaves nothing behind.
    await this.d.assertTermsDefined(own);
    const status: StatusPair | null = opts.withStatus ? (await this.d.status.reserve(actor.bodyId, 1))[0]! : null;
    const unsigned: Record<string, unknown> = { ...own, ...(status ? { credentialStatus: credentialStatusEntries(status) } : {}) };
    const signed = await this.d.signer.sign(actor.bodyId, unsigned, [opts.securing], now);
    const record = issuedRecord(actor, unsigned, signed, now, { kind: 'other' });
    await this.d.repo.storeCredentials([{ credential: record, status }], [{ action: 'credential.issued', actor: actor.staffId, bodyId: actor.bodyId, subject: id, details: { kind: 'other' } }]);
    return { credential: record, verifiable: opts.securing === 'jwt' ? signed.jwt! : signed.dataIntegrity! };
  }

  /** A body's own credential; 404 for anyone else's. */
  async getCredential(actor: { bodyId: string } | 'authority', id: string): Promise<IssuedCredential> {
    const c = await this.d.repo.getCredential(id);
    if (!c || (actor !== 'authority' && c.bodyId !== actor.bodyId)) throw new AppError('ERR_NOT_FOUND', `Credential ${id} does not exist`);
    return c;
  }

  /** Replaces the claim link (the old one stops working), e.g. when the worker lost the first. */
  async newClaimLink(actor: StaffActor, credentialId: string): Promise<string> {
    const c = await this.getCredential(actor, credentialId);
    const token = crypto.randomBytes(32).toString('base64url');
    await this.d.repo.setClaimHash(c.id, hashClaimToken(token));
    await this.d.onEvents?.([{ action: 'credential.claim-link', actor: actor.staffId, bodyId: actor.bodyId, subject: c.id }]);
    return `${this.d.publicUrl}/claim/${token}`;
  }

  /** The credential behind a claim link, or 404. */
  async claim(token: string): Promise<IssuedCredential> {
    const c = /^[A-Za-z0-9_-]{43}$/.test(token) ? await this.d.repo.getCredentialByClaimHash(hashClaimToken(token)) : null;
    if (!c) throw new AppError('ERR_NOT_FOUND', 'This claim link is not valid');
    return c;
  }

  /** How many competency certificates the actor's body issued in [from, until). */
  countIssued(actor: StaffActor, from: Date, until: Date): Promise<number> {
    return this.d.repo.countIssued(actor.bodyId, from.toISOString(), until.toISOString());
  }

  /**
   * The body's competent evaluations that no certificate answers yet (oldest first, at most `limit`), and how many
   * there are. Each says whether the actor may certify it: never one they evaluated themselves.
   */
  async awaitingCertification(actor: StaffActor, opts: { limit: number }): Promise<{ total: number; evaluations: Array<Evaluation & { certifiableByActor: boolean }> }> {
    if (!Number.isInteger(opts.limit) || opts.limit < 0 || opts.limit > 1000) throw new AppError('ERR_VALIDATION', `limit must be 0 to 1000, got ${opts.limit}`);
    const { total, evaluations } = await this.d.repo.awaitingCertification(actor.bodyId, opts.limit);
    return { total, evaluations: evaluations.map((e) => ({ ...e, certifiableByActor: actor.roles.includes('certifier') && e.evaluatorId !== actor.staffId })) };
  }

  /** The body's batches still being imported, waiting to be certified, or being certified; newest first. */
  batchesInProgress(actor: StaffActor, opts: { limit: number } = { limit: 50 }): Promise<Batch[]> {
    return this.d.repo.listBatches(actor.bodyId, BATCHES_IN_PROGRESS, opts.limit);
  }

  listCredentials(actor: StaffActor, opts: { limit: number; after?: string }): Promise<IssuedCredential[]> {
    return this.d.repo.listCredentials(actor.bodyId, opts);
  }
}

/** The stored record of a credential just signed; what differs by kind comes in `own`. */
function issuedRecord(
  actor: StaffActor,
  unsigned: Record<string, unknown>,
  signed: SignedForms,
  now: Date,
  own: Pick<IssuedCredential, 'kind'> & Partial<Pick<IssuedCredential, 'evaluationId' | 'standardId' | 'holderName' | 'renewsId' | 'claimTokenHash'>>,
): IssuedCredential {
  return {
    id: String(unsigned.id),
    bodyId: actor.bodyId,
    evaluationId: null,
    standardId: null,
    certifierId: actor.staffId,
    holderName: null,
    holderDid: null,
    parentId: null,
    renewsId: null,
    claimTokenHash: null,
    ...own,
    keyId: signed.keyId,
    issuedAt: now.toISOString(),
    validFrom: String(unsigned.validFrom),
    validUntil: typeof unsigned.validUntil === 'string' ? unsigned.validUntil : null,
    dataIntegrity: signed.dataIntegrity,
    jwt: signed.jwt,
    createdAt: now.toISOString(),
  };
}

export function hashClaimToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

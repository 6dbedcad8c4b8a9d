import crypto from 'node:crypto';
import { AppError } from '../errors.js';
import { assertDisplayText } from '../text.js';
import { toSecond, type Clock, type IdGenerator } from '../clock.js';
import type { Standard, StaffRole } from '../registry/index.js';
import { validateCurp, hashCurp, newCurpSalt } from './curp.js';
import { claimsCompetency, credentialStatusEntries } from '../vc/index.js';
import { assertCredentialShape, buildCompetencyCredential, buildWalletCopy, standardUrl, validityWindow } from './credential/index.js';
import { SEARCH_STATES, type Batch, type Candidate, type CredentialHit, type CredentialSearch, type Evaluation, type EvaluationResult, type IssuedCredential, type Securing } from './model.js';
import type { DomainEvent } from '../journal.js';
import type { SecuringForm } from '../signing/index.js';
import type { ClaimNotice, CredentialSigner, IssuanceRegistry, IssuanceRepository, OutgoingMessage, RandomBytes, SignedForms, StatusAllocator, StatusPair, StoredCredential } from './ports.js';
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
  registry: IssuanceRegistry;
  status: StatusAllocator;
  signer: CredentialSigner;
  clock: Clock;
  newId: IdGenerator;
  /** Claim tokens and CURP salts; injected like the clock (compose passes crypto.randomBytes). */
  randomBytes: RandomBytes;
  publicUrl: string;
  /** The URL new credentials name Avala's context by (config `AVALA_CONTEXT_URL`, recorded in the database). */
  contextUrl: string;
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

/** An evaluation as a caller gives it: the API's request body is this type, validated once at the edge. */
export interface NewEvaluation {
  candidate: Omit<Candidate, 'email'> & { email?: string | null };
  /** The standard by code; its latest published version unless one is named. */
  standard: { code: string; version?: number };
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
/** A certificate is signed in both forms and in the QR code's compact form (format 2), all with one key at one instant. */
const CERTIFICATE_FORMS: readonly SecuringForm[] = [...BOTH, 'cwt'];
/** Who a wallet copy's journal entry names: the holder asked for it through the wallet protocol, no staff member. */
const WALLET_ACTOR = 'oid4vci-wallet';
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
    const standard = await registry.findStandard(input.standard.code, input.standard.version);
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
   * Certifies evaluations as one unit of work, in five steps: check every rule first (so a refused one consumes
   * nothing), reserve status slots, build, sign, then store all credentials in one transaction. A crash before the
   * commit leaves no credential (the reserved slots are simply never used); a re-run issues each evaluation once,
   * because a credential is unique per evaluation.
   */
  async certifyMany(actor: StaffActor, evaluations: Evaluation[], opts: { skipCertified: boolean; onRefused?: (e: Evaluation, err: AppError) => void }): Promise<Certified[]> {
    this.requireRole(actor, 'certifier');
    // One instant, to the second, for everything the verifier compares: the accreditation and the standard are
    // checked at it, and it is the credential's validFrom and its proofs' signing time.
    const now = toSecond(this.d.clock());
    const todo = await this.checkCertifiable(actor, evaluations, now, opts);
    if (todo.length === 0) return [];
    const slots = await this.d.status.reserve(actor.bodyId, todo.length);
    const built = await this.buildCertificates(actor, todo, slots, now);
    // The chunk is signed concurrently, so the signer's worker pool keeps every core busy.
    const signed = await Promise.all(built.map((b) => this.d.signer.sign(actor.bodyId, b.unsigned, CERTIFICATE_FORMS, now)));
    return this.storeCertificates(actor, built, signed, now);
  }

  /** Step 1: the evaluations that may be certified now, with their standards; a refusal throws or is reported. */
  private async checkCertifiable(
    actor: StaffActor,
    evaluations: Evaluation[],
    now: Date,
    opts: { skipCertified: boolean; onRefused?: (e: Evaluation, err: AppError) => void },
  ): Promise<Array<{ e: Evaluation; standard: Standard }>> {
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
    return todo;
  }

  /** Step 3: each certificate's unsigned credential, with its status slots, claim token and claim message. */
  private async buildCertificates(actor: StaffActor, todo: Array<{ e: Evaluation; standard: Standard }>, slots: StatusPair[], now: Date) {
    const body = await this.d.registry.getBody(actor.bodyId);
    const committees = new Map((await this.d.registry.listCommittees()).map((c) => [c.id, c]));
    return todo.map(({ e, standard }, i) => {
      const status = slots[i]!;
      const salt = newCurpSalt(this.d.randomBytes);
      const unsigned = buildCompetencyCredential({
        id: `urn:uuid:${this.d.newId()}`,
        contextUrl: this.d.contextUrl,
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
          committee: { id: `${this.d.publicUrl}/committees/${standard.committeeId}`, name: committees.get(standard.committeeId)?.name ?? standard.sector },
        },
        evidence: { centre: e.centre, evaluatedOn: e.evaluatedOn, evaluatorId: e.evaluatorId, certifierId: actor.staffId },
        credentialStatus: credentialStatusEntries(status),
        renews: e.renewsCredentialId,
      });
      const claimToken = this.newClaimToken();
      const claimUrl = `${this.d.publicUrl}/claim/${claimToken}`;
      const email = e.candidate.email;
      const messages =
        email && this.d.claimMessage
          ? [this.d.claimMessage({ to: email, holderName: e.candidate.name, standardCode: standard.code, standardTitle: standard.title, bodyName: body.name, claimUrl })]
          : [];
      return { e, standard, status, unsigned: unsigned as unknown as Record<string, unknown>, claimTokenHash: hashClaimToken(claimToken), claimUrl, messages };
    });
  }

  /** Step 5: every credential with its status slots, messages and journal entries, in one transaction. */
  private async storeCertificates(actor: StaffActor, built: Awaited<ReturnType<IssuanceService['buildCertificates']>>, signed: SignedForms[], now: Date): Promise<Certified[]> {
    const rows = built.map((b, i) => {
      const credential = issuedRecord({ bodyId: actor.bodyId, certifierId: actor.staffId }, b.unsigned, signed[i]!, now, {
        kind: 'competency',
        evaluationId: b.e.id,
        standardId: b.standard.id,
        holderName: b.e.candidate.name,
        renewsId: b.e.renewsCredentialId,
        claimTokenHash: b.claimTokenHash,
      });
      return { stored: { credential, status: b.status, messages: b.messages } satisfies StoredCredential, out: { credential, claimUrl: b.claimUrl } };
    });
    await this.d.repo.storeCredentials(
      rows.map((r) => r.stored),
      rows.map(({ out: { credential } }) => ({ action: 'credential.issued', actor: actor.staffId, bodyId: actor.bodyId, subject: credential.id, details: { evaluationId: credential.evaluationId } })),
    );
    return rows.map((r) => r.out);
  }

  /**
   * The wallet copy of a certificate (OpenID4VCI): the same signed content, bound to the holder's DID, with its
   * own id and status entries, linked to the certificate (`parentId`) so that revoking or suspending either reaches
   * both. It keeps the certificate's validFrom (the certification date, by which a verifier judges accreditation
   * and the standard) and is signed now, with the key in use now: its proof's created / the JWT's iat is this
   * instant, by which a verifier judges the key; the signer picks the key by this same instant, so the signing
   * time is never before the key's period, even just after a rotation. The caller (the wallet protocol) has
   * authenticated the holder and checked that the certificate is active.
   */
  async issueWalletCopy(original: IssuedCredential, holderDid: string, securing: Securing, details: Record<string, unknown> = {}): Promise<IssuedCredential> {
    if (!original.dataIntegrity) throw new TypeError(`certificate ${original.id} has no Data Integrity form to copy`);
    const now = toSecond(this.d.clock());
    const [slots] = await this.d.status.reserve(original.bodyId, 1);
    const id = `urn:uuid:${this.d.newId()}`;
    const unsigned = buildWalletCopy(original.dataIntegrity, { id, holderDid, credentialStatus: credentialStatusEntries(slots!) });
    const signed = await this.d.signer.sign(original.bodyId, unsigned, [securing], now);
    const copy: IssuedCredential = {
      ...issuedRecord({ bodyId: original.bodyId, certifierId: original.certifierId }, unsigned, signed, now, { kind: 'wallet-copy', standardId: original.standardId, holderName: original.holderName }),
      holderDid,
      parentId: original.id,
      validFrom: original.validFrom,
      validUntil: original.validUntil,
    };
    await this.d.repo.storeCredentials(
      [{ credential: copy, status: slots! }],
      [{ action: 'credential.issued', actor: WALLET_ACTOR, bodyId: original.bodyId, subject: id, details: { kind: 'wallet-copy', parentId: original.id, holderDid, ...details } }],
    );
    return copy;
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
    const record = issuedRecord({ bodyId: actor.bodyId, certifierId: actor.staffId }, unsigned, signed, now, { kind: 'other' });
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
    const token = this.newClaimToken();
    await this.d.repo.setClaimHash(c.id, hashClaimToken(token));
    await this.d.onEvents?.([{ action: 'credential.claim-link', actor: actor.staffId, bodyId: actor.bodyId, subject: c.id }]);
    return `${this.d.publicUrl}/claim/${token}`;
  }

  /** The credential behind a claim link, or 404. */
  async claim(token: string): Promise<IssuedCredential> {
    const c = /^[A-Za-z0-9_-]{43}$/.test(token) ? await this.d.repo.getCredentialByClaimHash(hashClaimToken(token), this.d.clock().toISOString()) : null;
    if (!c) throw new AppError('ERR_NOT_FOUND', 'This claim link is not valid');
    return c;
  }

  /**
   * A claim link for the worker's own page (after they proved their address): valid `ttlMs`, beside the e-mailed
   * link, which keeps working. Only its hash is stored.
   */
  async shortClaimLink(credentialId: string, ttlMs: number): Promise<string> {
    const token = this.newClaimToken();
    const now = this.d.clock();
    await this.d.repo.addClaimAccess(credentialId, hashClaimToken(token), new Date(now.getTime() + ttlMs).toISOString(), now.toISOString());
    return `${this.d.publicUrl}/claim/${token}`;
  }

  private newClaimToken(): string {
    return Buffer.from(this.d.randomBytes(32)).toString('base64url');
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

  /**
   * The body's competency certificates matching every field given, newest first, for its admins and certifiers (the
   * roles that read `GET /credentials`). A CURP is matched against the evaluation's record, after the same check
   * an evaluation's CURP passes; a malformed one is refused (`ERR_INVALID_CURP`), never searched.
   */
  async searchCredentials(actor: StaffActor, q: CredentialSearch, page: { limit: number; offset: number }): Promise<{ total: number; hits: CredentialHit[] }> {
    if (!actor.roles.some((r) => r === 'admin' || r === 'certifier')) throw new AppError('ERR_FORBIDDEN', 'Searching certificates needs the admin or certifier role');
    if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > 500) throw new AppError('ERR_VALIDATION', `limit must be 1 to 500, got ${page.limit}`);
    if (!Number.isInteger(page.offset) || page.offset < 0 || page.offset > 100_000) throw new AppError('ERR_VALIDATION', `offset must be 0 to 100000, got ${page.offset}`);
    const day = /^\d{4}-\d{2}-\d{2}$/;
    for (const k of ['issuedFrom', 'issuedTo'] as const) {
      const v = q[k];
      if (v !== undefined && (!day.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))) throw new AppError('ERR_VALIDATION', `${k} must be a date YYYY-MM-DD`, { details: { field: k } });
    }
    if (q.state !== undefined && !(SEARCH_STATES as readonly string[]).includes(q.state)) throw new AppError('ERR_VALIDATION', `state must be one of ${SEARCH_STATES.join(', ')}`, { details: { field: 'state' } });
    for (const k of ['name', 'externalId', 'standardCode', 'batchId'] as const) {
      const v = q[k];
      if (v !== undefined && v.length > 300) throw new AppError('ERR_VALIDATION', `${k} is longer than 300 characters`, { details: { field: k } });
    }
    const clean: CredentialSearch = { ...q, ...(q.curp !== undefined ? { curp: validateCurp(q.curp.trim().toUpperCase()) } : {}), ...(q.standardCode !== undefined ? { standardCode: q.standardCode.trim().toUpperCase() } : {}) };
    return this.d.repo.searchCredentials(actor.bodyId, clean, this.d.clock().toISOString(), page);
  }
}

/** The stored record of a credential just signed; what differs by kind comes in `own`. */
function issuedRecord(
  issuer: { bodyId: string; certifierId: string | null },
  unsigned: Record<string, unknown>,
  signed: SignedForms,
  now: Date,
  own: Pick<IssuedCredential, 'kind'> & Partial<Pick<IssuedCredential, 'evaluationId' | 'standardId' | 'holderName' | 'renewsId' | 'claimTokenHash'>>,
): IssuedCredential {
  return {
    id: String(unsigned.id),
    bodyId: issuer.bodyId,
    evaluationId: null,
    standardId: null,
    certifierId: issuer.certifierId,
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
    cwt: signed.cwt ?? null,
    createdAt: now.toISOString(),
  };
}

export function hashClaimToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

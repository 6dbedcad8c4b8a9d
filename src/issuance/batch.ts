import type { Readable } from 'node:stream';
import { CsvError, parse as parseCsv } from 'csv-parse';
import { z } from 'zod';
import type { DomainEvent } from '../journal.js';
import { AppError } from '../errors.js';
import type { Clock, IdGenerator } from '../clock.js';
import { EVALUATION_RESULTS, type Batch, type BatchRowError, type Evaluation, type IssuedCredential } from './model.js';
import type { IssuanceRepository } from './ports.js';
import type { IssuanceService, StaffActor } from './service.js';

/** The CSV columns, in the order the README documents them. Header row required; extra columns are refused. */
export const BATCH_COLUMNS = [
  'external_id',
  'candidate_name',
  'curp',
  'email',
  'standard_code',
  'standard_version',
  'centre',
  'evaluated_on',
  'result',
  'notes',
  'renews_credential_id',
] as const;

const OPTIONAL = new Set(['email', 'standard_version', 'notes', 'renews_credential_id']);

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);

const Row = z.object({
  external_id: z.string().min(1, 'is required').max(128),
  candidate_name: z.string().min(1, 'is required').max(300),
  curp: z.string().min(1, 'is required').max(18, 'must be 18 characters'),
  email: z.preprocess(blankToUndefined, z.email().max(320).optional()),
  standard_code: z.string().regex(/^EC\d{4}$/, 'must be EC followed by four digits'),
  standard_version: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(999).optional()),
  centre: z.string().min(1, 'is required').max(300),
  evaluated_on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
  result: z.enum(EVALUATION_RESULTS),
  notes: z.preprocess(blankToUndefined, z.string().max(2000).optional()),
  renews_credential_id: z.preprocess(blankToUndefined, z.string().max(200).optional()),
});

export interface BatchLimits {
  maxRows: number;
  /** Rows inserted (or certified) per transaction: durable commits are shared by this many. */
  chunk: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxRows: 200_000, chunk: 250 };

/**
 * A worker's claim link, as the certifier receives it for each credential issued by this run of `certify`: the only
 * time it is shown (only its hash is stored; a lost one is replaced with `newClaimLink`, and a worker with an
 * e-mail address also receives it by mail).
 */
export interface BatchClaimLink {
  externalId: string | null;
  holderName: string;
  credentialId: string;
  claimUrl: string;
}

export interface ImportReport {
  batch: Batch;
  imported: number;
  alreadyImported: number;
  errors: BatchRowError[];
  errorsTruncated: boolean;
}

export interface BatchDeps {
  repo: IssuanceRepository;
  issuance: IssuanceService;
  clock: Clock;
  newId: IdGenerator;
  /** The journal of what the batch hands out (its claim links), as the issuance service's `onEvents`. */
  onEvents?: (events: DomainEvent[]) => Promise<void>;
}

const MAX_ERRORS_RETURNED = 1000;

/**
 * Imports and certifies batches of evaluations. Both phases stream: the file is read row by row and
 * certification walks the pending evaluations a page at a time, so memory does not grow with the batch.
 */
export class BatchService {
  constructor(
    private readonly d: BatchDeps,
    private readonly limits: BatchLimits = DEFAULT_BATCH_LIMITS,
  ) {}

  private async openBatch(actor: StaffActor, name: string): Promise<Batch> {
    const existing = await this.d.repo.getBatchByName(actor.bodyId, name);
    if (existing) return existing;
    const now = this.d.clock().toISOString();
    const b: Batch = { id: this.d.newId(), bodyId: actor.bodyId, createdBy: actor.staffId, fileName: name, state: 'importing', failure: null, rowsTotal: 0, rowsBad: 0, rowsIssued: 0, createdAt: now, updatedAt: now };
    await this.d.repo.createBatch(b);
    return b;
  }

  /**
   * Reads a CSV of evaluations recorded by `actor` (the evaluator of record). Good rows are stored in chunks,
   * bad rows reported with their line number; a row identical to one the body already sent (same external_id,
   * same content) is skipped, so sending the same file again (after a crash, say) imports nothing twice, and the
   * same external_id with other content is reported as a conflict. A file that cannot be read to its end (a quote
   * never closed, a wrong header, too many rows) is refused: the batch is left `failed` with the reason.
   */
  async importCsv(actor: StaffActor, input: Readable, name: string, onProgress?: (rows: number) => void): Promise<ImportReport> {
    if (!actor.roles.includes('evaluator')) throw new AppError('ERR_FORBIDDEN', 'Importing evaluations needs the evaluator role');
    const batch = await this.openBatch(actor, name);
    if (batch.createdBy !== actor.staffId) throw new AppError('ERR_CONFLICT', `Batch "${name}" was started by another evaluator; choose another name`);
    if (batch.state !== 'importing') await this.d.repo.updateBatch(batch.id, { state: 'importing', failure: null, updatedAt: this.d.clock().toISOString() });
    await this.d.repo.clearBatchErrors(batch.id);
    const registry = this.d.issuance.lookupsForOneTask();
    let pending: Array<{ line: number; evaluation: Evaluation }> = [];
    let errors: BatchRowError[] = [];
    const reported: BatchRowError[] = [];
    let imported = 0;
    let alreadyImported = 0;
    let total = 0;
    let bad = 0;
    /** The last line of the last record read whole: a quote never closed opened after it. */
    let lastLine = 1;
    const reject = (rowError: BatchRowError) => {
      bad += 1;
      errors.push(rowError);
      if (reported.length < MAX_ERRORS_RETURNED) reported.push(rowError);
    };
    // csv-parse reports a record it cannot read (a quote inside an unquoted field, a wrong number of fields) and
    // goes on with the next one; one record may report several errors: the first names the row.
    let fatal: CsvError | null = null;
    let skippedLine = 0;
    const onSkip = (err: CsvError | undefined): undefined => {
      if (!err) return;
      if (UNRECOVERABLE.has(err.code)) {
        fatal ??= err;
        return;
      }
      const line = typeof err.lines === 'number' ? err.lines : lastLine + 1;
      if (line === skippedLine) return;
      skippedLine = line;
      total += 1;
      reject({ line, externalId: null, code: 'ERR_VALIDATION', message: csvProblem(err) });
    };
    const parser = parseCsv({
      columns: (header: string[]) => checkHeader(header),
      bom: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
      max_record_size: 64 * 1024,
      skip_records_with_error: true,
      on_skip: onSkip,
    });
    // The upload's own failure (a client gone mid-file) reaches the parser, which ends the loop below with it.
    input.on('error', (err) => parser.destroy(err));
    input.pipe(parser);
    const flush = async () => {
      if (pending.length) {
        const lines = new Map(pending.map((p) => [p.evaluation.id, p.line]));
        const r = await this.d.repo.insertEvaluations(pending.map((p) => p.evaluation));
        imported += r.inserted;
        for (const { attempted, existing } of r.duplicates) {
          const differs = differingFields(attempted, existing);
          if (differs.length === 0) alreadyImported += 1;
          else {
            reject({
              line: lines.get(attempted.id)!,
              externalId: attempted.externalId,
              code: 'ERR_EXTERNAL_ID_CONFLICT',
              message: `external_id "${attempted.externalId}" was already used${existing.batchId === batch.id ? ' in this batch' : ''} for an evaluation with another ${differs.join(', ')}; give this row its own external_id`,
            });
          }
        }
        pending = [];
      }
      if (errors.length) {
        await this.d.repo.addBatchErrors(batch.id, errors);
        errors = [];
      }
    };
    try {
      try {
        for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
          if (fatal) break;
          total += 1;
          if (total > this.limits.maxRows) throw new AppError('ERR_PAYLOAD_TOO_LARGE', `A batch holds at most ${this.limits.maxRows} rows; split the file`);
          const line = info.lines;
          lastLine = line;
          try {
            const row = parseRow(record);
            const e = await this.d.issuance.prepareEvaluation(
              actor,
              {
                candidate: { name: row.candidate_name, curp: row.curp, email: row.email ?? null },
                standard: { code: row.standard_code, version: row.standard_version },
                centre: row.centre,
                evaluatedOn: row.evaluated_on,
                result: row.result,
                notes: row.notes ?? null,
                externalId: row.external_id,
                renewsCredentialId: row.renews_credential_id ?? null,
              },
              batch.id,
              registry,
            );
            pending.push({ line, evaluation: e });
          } catch (err) {
            if (!(err instanceof AppError)) throw err;
            reject({ line, externalId: record.external_id || null, code: err.code, message: err.message });
          }
          if (pending.length >= this.limits.chunk || errors.length >= this.limits.chunk) {
            await flush();
            onProgress?.(total);
          }
        }
      } catch (err) {
        throw refusal(err);
      }
      if (fatal) throw refusal(fatal, lastLine);
    } catch (err) {
      // What was read before the refusal is kept (a corrected file resumes the batch); the batch says why it stopped.
      await flush();
      const reason = err instanceof AppError ? err.message : 'The upload ended before the end of the file';
      await this.d.repo.updateBatch(batch.id, { state: 'failed', failure: reason, rowsTotal: total, rowsBad: bad, updatedAt: this.d.clock().toISOString() });
      throw err;
    }
    await flush();
    onProgress?.(total);
    const now = this.d.clock().toISOString();
    await this.d.repo.updateBatch(batch.id, { state: 'imported', failure: null, rowsTotal: total, rowsBad: bad, updatedAt: now });
    return { batch: { ...batch, state: 'imported', failure: null, rowsTotal: total, rowsBad: bad, updatedAt: now }, imported, alreadyImported, errors: reported, errorsTruncated: bad > reported.length };
  }

  /**
   * Certifies every competent evaluation of the batch that has no credential yet. Safe to run again after a
   * crash: already-issued evaluations are skipped, and each chunk's credentials commit together or not at all.
   */
  async certify(actor: StaffActor, batchId: string, onProgress?: (issued: number, total: number) => void): Promise<{ batch: Batch; issued: number; refused: BatchRowError[]; claimLinks: BatchClaimLink[] }> {
    const batch = await this.assertCertifiable(actor, batchId);
    await this.d.repo.updateBatch(batch.id, { state: 'certifying', updatedAt: this.d.clock().toISOString() });
    const refused: BatchRowError[] = [];
    const refusedIds = new Set<string>();
    const claimLinks: BatchClaimLink[] = [];
    let issued = 0;
    let after: string | null = null;
    for (;;) {
      const page = await this.d.repo.pendingEvaluations(batch.id, after, this.limits.chunk);
      if (page.length === 0) break;
      after = page.at(-1)!.id;
      const out = await this.d.issuance.certifyMany(actor, page.filter((e) => !refusedIds.has(e.id)), {
        skipCertified: true,
        onRefused: (e, err) => {
          refusedIds.add(e.id);
          if (refused.length < MAX_ERRORS_RETURNED) refused.push({ line: 0, externalId: e.externalId, code: err.code, message: err.message });
        },
      });
      issued += out.length;
      const externalIds = new Map(page.map((e) => [e.id, e.externalId]));
      for (const { credential, claimUrl } of out) {
        claimLinks.push({ externalId: externalIds.get(credential.evaluationId ?? '') ?? null, holderName: credential.holderName ?? '', credentialId: credential.id, claimUrl });
      }
      onProgress?.(issued, batch.rowsTotal - batch.rowsBad);
    }
    const done = await this.getBatch(actor, batchId);
    const now = this.d.clock().toISOString();
    await this.d.repo.updateBatch(batch.id, { state: 'done', updatedAt: now });
    // The links are secrets shown once, to whoever certified: that they were handed out, and to whom, is on record.
    if (claimLinks.length > 0) await this.d.onEvents?.([{ action: 'batch.claim-links', actor: actor.staffId, bodyId: actor.bodyId, subject: batch.id, details: { links: claimLinks.length } }]);
    return { batch: { ...done, state: 'done', updatedAt: now }, issued, refused, claimLinks };
  }

  /**
   * The batch, if `actor` may certify it now: a certifier of its body who did not import it (the refusals `certify`
   * gives, for a caller that runs it in the background and must refuse before it starts).
   */
  async assertCertifiable(actor: StaffActor, batchId: string): Promise<Batch> {
    if (!actor.roles.includes('certifier')) throw new AppError('ERR_FORBIDDEN', 'This needs the certifier role');
    const batch = await this.getBatch(actor, batchId);
    if (batch.createdBy === actor.staffId) {
      throw new AppError('ERR_SEPARATION_OF_DUTIES', 'The evaluator who imported this batch cannot certify it; another certifier of the body must');
    }
    return batch;
  }

  async getBatch(actor: StaffActor, id: string): Promise<Batch> {
    const b = await this.d.repo.getBatch(id);
    if (!b || b.bodyId !== actor.bodyId) throw new AppError('ERR_NOT_FOUND', `Batch ${id} does not exist`);
    return b;
  }

  /** The body's batches in every state, newest first. */
  listBatches(actor: StaffActor, limit = 100): Promise<Batch[]> {
    return this.d.repo.listBatches(actor.bodyId, ['importing', 'imported', 'certifying', 'done', 'failed'], limit);
  }

  /** Every competency certificate issued for the batch's evaluations, a page at a time (the console's ZIP of PDFs). */
  async *credentials(actor: StaffActor, id: string): AsyncGenerator<IssuedCredential> {
    await this.getBatch(actor, id);
    for (let after: string | null = null; ; ) {
      const page = await this.d.repo.batchCredentials(id, after, 250);
      yield* page;
      if (page.length < 250) return;
      after = page.at(-1)!.id;
    }
  }

  async findBatch(actor: StaffActor, name: string): Promise<Batch | null> {
    return this.d.repo.getBatchByName(actor.bodyId, name);
  }

  /** A batch of the actor's body by its id or by its name. */
  async resolveBatch(actor: StaffActor, ref: string): Promise<Batch> {
    const byId = await this.d.repo.getBatch(ref);
    if (byId && byId.bodyId === actor.bodyId) return byId;
    const byName = await this.findBatch(actor, ref);
    if (byName) return byName;
    throw new AppError('ERR_NOT_FOUND', `Batch ${ref} does not exist`);
  }

  async errors(actor: StaffActor, id: string, limit = MAX_ERRORS_RETURNED): Promise<BatchRowError[]> {
    await this.getBatch(actor, id);
    return this.d.repo.listBatchErrors(id, limit);
  }

  /** Every rejected row of the batch, in line order, a page at a time (for the downloadable report). */
  async *allErrors(actor: StaffActor, id: string): AsyncGenerator<BatchRowError> {
    await this.getBatch(actor, id);
    for (let after = 0; ; ) {
      const page = await this.d.repo.listBatchErrors(id, 1000, after);
      yield* page;
      if (page.length < 1000) return;
      after = page.at(-1)!.line;
    }
  }
}

function checkHeader(header: string[]): string[] {
  const cols = header.map((h) => h.trim().toLowerCase());
  const unknown = cols.filter((c) => !(BATCH_COLUMNS as readonly string[]).includes(c));
  const missing = BATCH_COLUMNS.filter((c) => !OPTIONAL.has(c) && !cols.includes(c));
  if (unknown.length || missing.length) {
    throw new AppError('ERR_VALIDATION', `The CSV header is wrong${missing.length ? `; missing: ${missing.join(', ')}` : ''}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`, {
      details: { expected: BATCH_COLUMNS },
    });
  }
  return cols;
}

/** csv-parse errors after which it cannot find the next record: the file is refused, naming the line. */
const UNRECOVERABLE = new Set(['CSV_QUOTE_NOT_CLOSED', 'CSV_MAX_RECORD_SIZE']);

/** What a reader can act on, for every csv-parse error (whatever its code: not all of them start with CSV_). */
function csvProblem(err: CsvError): string {
  switch (err.code) {
    case 'INVALID_OPENING_QUOTE':
      return 'a quote inside a field that does not start with one; put the whole field in quotes and double the quotes inside it ("a ""b"" c")';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'text after the quote that closes a field; put the whole field in quotes and double the quotes inside it';
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
      return `the row does not have one field per column of the header (${err.message})`;
    default:
      return `the row cannot be read as CSV (${err.code}: ${err.message})`;
  }
}

/** The 4xx problem for a file that cannot be read on; anything else is not the client's doing and stays as it is. */
function refusal(err: unknown, lastLine?: number): unknown {
  if (err instanceof AppError) return err;
  if (err instanceof CsvError) {
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
      const from = (lastLine ?? 1) + 1;
      return new AppError('ERR_VALIDATION', `The CSV has a quote opened at or after line ${from} that is never closed: the rest of the file reads as one field; fix that row and send the file again`, {
        details: { line: from, csvCode: err.code },
      });
    }
    if (err.code === 'CSV_MAX_RECORD_SIZE') {
      return new AppError('ERR_PAYLOAD_TOO_LARGE', `The CSV has a row longer than 64 KiB near line ${err.lines ?? (lastLine ?? 1) + 1} (often a quote never closed)`, {
        details: { line: err.lines, csvCode: err.code },
      });
    }
    return new AppError('ERR_VALIDATION', `The CSV cannot be read near line ${err.lines ?? '?'}: ${err.message}`, { details: { line: err.lines, csvCode: err.code } });
  }
  return err;
}

/** The content fields in which two evaluations with the same external id differ (none: an identical re-send). */
function differingFields(a: Evaluation, b: Evaluation): string[] {
  const fields: Array<[string, unknown, unknown]> = [
    ['candidate_name', a.candidate.name, b.candidate.name],
    ['curp', a.candidate.curp, b.candidate.curp],
    ['email', a.candidate.email, b.candidate.email],
    ['standard', a.standardId, b.standardId],
    ['centre', a.centre, b.centre],
    ['evaluated_on', a.evaluatedOn, b.evaluatedOn],
    ['result', a.result, b.result],
    ['notes', a.notes, b.notes],
    ['renews_credential_id', a.renewsCredentialId, b.renewsCredentialId],
  ];
  return fields.filter(([, x, y]) => x !== y).map(([name]) => name);
}

function parseRow(record: Record<string, string>) {
  for (const [column, value] of Object.entries(record)) {
    if (value.includes('\u0000')) throw new AppError('ERR_VALIDATION', `${column} contains a NUL byte`);
    // The decoder put U+FFFD where the bytes were not UTF-8 (a file saved as Latin-1, say).
    if (value.includes('\uFFFD')) throw new AppError('ERR_VALIDATION', `${column} is not valid UTF-8 (save the file as UTF-8)`);
  }
  const r = Row.safeParse(record);
  if (r.success) return r.data;
  const msg = r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ');
  throw new AppError('ERR_VALIDATION', msg);
}

import type { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { Clock, IdGenerator } from '../clock.js';
import { EVALUATION_RESULTS, type Batch, type BatchRowError, type Evaluation } from './model.js';
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
    const b: Batch = { id: this.d.newId(), bodyId: actor.bodyId, createdBy: actor.staffId, fileName: name, state: 'importing', rowsTotal: 0, rowsBad: 0, rowsIssued: 0, createdAt: now, updatedAt: now };
    await this.d.repo.createBatch(b);
    return b;
  }

  /**
   * Reads a CSV of evaluations recorded by `actor` (the evaluator of record). Good rows are stored in chunks,
   * bad rows reported with their line number; rows whose external_id the body already sent are skipped, so
   * sending the same file again (after a crash, say) imports nothing twice.
   */
  async importCsv(actor: StaffActor, input: Readable, name: string, onProgress?: (rows: number) => void): Promise<ImportReport> {
    if (!actor.roles.includes('evaluator')) throw new AppError('ERR_FORBIDDEN', 'Importing evaluations needs the evaluator role');
    const batch = await this.openBatch(actor, name);
    if (batch.createdBy !== actor.staffId) throw new AppError('ERR_CONFLICT', `Batch "${name}" was started by another evaluator; choose another name`);
    const parser = input.pipe(
      parseCsv({ columns: (header: string[]) => checkHeader(header), bom: true, trim: true, skip_empty_lines: true, info: true, max_record_size: 64 * 1024, relax_quotes: false }),
    );
    const registry = this.d.issuance.lookupsForOneTask();
    let pending: Evaluation[] = [];
    let errors: BatchRowError[] = [];
    const reported: BatchRowError[] = [];
    let imported = 0;
    let alreadyImported = 0;
    let total = 0;
    let bad = 0;
    const flush = async () => {
      if (pending.length) {
        const r = await this.d.repo.insertEvaluations(pending);
        imported += r.inserted;
        alreadyImported += r.duplicates.length;
        pending = [];
      }
      if (errors.length) {
        await this.d.repo.addBatchErrors(batch.id, errors);
        errors = [];
      }
    };
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
        total += 1;
        if (total > this.limits.maxRows) throw new AppError('ERR_PAYLOAD_TOO_LARGE', `A batch holds at most ${this.limits.maxRows} rows; split the file`);
        const line = info.lines;
        try {
          const row = parseRow(record);
          const e = await this.d.issuance.prepareEvaluation(
            actor,
            {
              candidate: { name: row.candidate_name, curp: row.curp, email: row.email ?? null },
              standardCode: row.standard_code,
              standardVersion: row.standard_version,
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
          pending.push(e);
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          bad += 1;
          const rowError = { line, externalId: record.external_id || null, code: err.code, message: err.message };
          errors.push(rowError);
          if (reported.length < MAX_ERRORS_RETURNED) reported.push(rowError);
        }
        if (pending.length >= this.limits.chunk || errors.length >= this.limits.chunk) {
          await flush();
          onProgress?.(total);
        }
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
      // csv-parse errors carry a code and the line; the file itself is malformed.
      const e = err as { code?: string; lines?: number; message?: string };
      if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
        throw new AppError('ERR_VALIDATION', `The CSV is malformed near line ${e.lines ?? '?'}: ${e.message ?? e.code}`, { details: { csvCode: e.code } });
      }
      throw err;
    }
    await flush();
    onProgress?.(total);
    const now = this.d.clock().toISOString();
    await this.d.repo.updateBatch(batch.id, { state: 'imported', rowsTotal: total, rowsBad: bad, updatedAt: now });
    return { batch: { ...batch, state: 'imported', rowsTotal: total, rowsBad: bad, updatedAt: now }, imported, alreadyImported, errors: reported, errorsTruncated: bad > reported.length };
  }

  /**
   * Certifies every competent evaluation of the batch that has no credential yet. Safe to run again after a
   * crash: already-issued evaluations are skipped, and each chunk's credentials commit together or not at all.
   */
  async certify(actor: StaffActor, batchId: string, onProgress?: (issued: number, total: number) => void): Promise<{ batch: Batch; issued: number; refused: BatchRowError[] }> {
    const batch = await this.getBatch(actor, batchId);
    if (batch.createdBy === actor.staffId) {
      throw new AppError('ERR_SEPARATION_OF_DUTIES', 'The evaluator who imported this batch cannot certify it; another certifier of the body must');
    }
    await this.d.repo.updateBatch(batch.id, { state: 'certifying', updatedAt: this.d.clock().toISOString() });
    const refused: BatchRowError[] = [];
    const refusedIds = new Set<string>();
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
      onProgress?.(issued, batch.rowsTotal - batch.rowsBad);
    }
    const done = await this.getBatch(actor, batchId);
    const now = this.d.clock().toISOString();
    await this.d.repo.updateBatch(batch.id, { state: 'done', updatedAt: now });
    return { batch: { ...done, state: 'done', updatedAt: now }, issued, refused };
  }

  async getBatch(actor: StaffActor, id: string): Promise<Batch> {
    const b = await this.d.repo.getBatch(id);
    if (!b || b.bodyId !== actor.bodyId) throw new AppError('ERR_NOT_FOUND', `Batch ${id} does not exist`);
    return b;
  }

  async findBatch(actor: StaffActor, name: string): Promise<Batch | null> {
    return this.d.repo.getBatchByName(actor.bodyId, name);
  }

  async errors(actor: StaffActor, id: string, limit = MAX_ERRORS_RETURNED): Promise<BatchRowError[]> {
    await this.getBatch(actor, id);
    return this.d.repo.listBatchErrors(id, limit);
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

function parseRow(record: Record<string, string>) {
  const r = Row.safeParse(record);
  if (r.success) return r.data;
  const msg = r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ');
  throw new AppError('ERR_VALIDATION', msg);
}

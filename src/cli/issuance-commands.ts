import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
// Types only: the wire shapes of the service's answers; nothing of the domain runs here.
import type { Batch, BatchClaimLink, BatchRowError, Evaluation, ImportReport } from '../issuance/index.js';
import { csvCell } from '../text.js';
import { clientOptions, connect, type ClientOptions } from './client.js';
import { jsonOption, print, printJson } from './common.js';

function bar(label: string, quiet: boolean) {
  if (quiet || !process.stderr.isTTY) {
    // No terminal (CI, a pipe): a plain line every few seconds instead of a redrawn bar.
    let last = 0;
    return {
      start: (_total: number) => {},
      update: (n: number, total: number) => {
        const now = Date.now();
        if (!quiet && now - last > 2000) {
          last = now;
          process.stderr.write(`${label}: ${n}${total ? ` / ${total}` : ''}\n`);
        }
      },
      stop: () => {},
    };
  }
  const b = new cliProgress.SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`, stream: process.stderr }, cliProgress.Presets.shades_classic);
  return {
    start: (total: number) => b.start(total, 0),
    update: (n: number, total: number) => {
      if (total) b.setTotal(total);
      b.update(n);
    },
    stop: () => b.stop(),
  };
}

function countLines(file: string): number {
  // One pass over the file to size the progress bar; the upload itself streams.
  let n = 0;
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(1 << 16);
  for (let r = fs.readSync(fd, buf); r > 0; r = fs.readSync(fd, buf)) for (let i = 0; i < r; i += 1) if (buf[i] === 10) n += 1;
  fs.closeSync(fd);
  return Math.max(0, n - 1);
}

/** Counts the lines passing through (the rows sent so far), for the progress bar. */
function lineCounter(onLines: (n: number) => void): Transform {
  let n = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      for (let i = 0; i < chunk.length; i += 1) if (chunk[i] === 10) n += 1;
      onLines(n);
      done(null, chunk);
    },
  });
}

function printErrors(errors: readonly BatchRowError[]): void {
  for (const e of errors) print(`  line ${e.line}${e.externalId ? ` (${e.externalId})` : ''}: ${e.code} ${e.message}`);
}

/** Rows rejected or in conflict make the command fail (exit 1), after saying how many. */
function failWhenRowsBad(b: Batch): void {
  if (b.rowsBad > 0) {
    process.stderr.write(`avala: ${b.rowsBad} row${b.rowsBad === 1 ? ' was' : 's were'} rejected or in conflict; fix them and send the file again (\`avala batch errors ${b.id} --csv\`)\n`);
    process.exitCode = 1;
  }
}

type Opts = ClientOptions & { quiet?: boolean; json?: boolean };

/** `avala batch …`, `avala evaluation record`, `avala certify`: clients of the running service (see client.ts). */
export function issuanceCommands(program: Command): void {
  const batch = program.command('batch').description('batches of evaluations from a CSV (see the README for the columns)');

  clientOptions(
    batch
      .command('import <file>')
      .description('an evaluator uploads a CSV; bad rows are reported by line and the others go on; re-sending imports nothing twice; exit 1 when rows were rejected')
      .option('--name <name>', 'batch name (default: the file name); the same name resumes the batch'),
    "the evaluator's API key (or AVALA_API_KEY)",
  )
    .option('--quiet', 'no progress output')
    .addOption(jsonOption())
    .action(async (file: string, o: Opts & { name?: string }) => {
      const service = connect(o);
      const total = countLines(file);
      const progress = bar('uploading', !!o.quiet || !!o.json);
      progress.start(total);
      const input = fs.createReadStream(file).pipe(lineCounter((n) => progress.update(Math.min(n, total), total)));
      let report: ImportReport;
      try {
        report = await service.upload<ImportReport>(`/batches?name=${encodeURIComponent(o.name ?? path.basename(file))}`, input, 'text/csv');
      } finally {
        progress.stop();
      }
      if (o.json) printJson(report);
      else {
        print(`batch ${report.batch.id} "${report.batch.fileName}": ${report.batch.rowsTotal} rows, ${report.imported} imported, ${report.alreadyImported} already imported, ${report.batch.rowsBad} rejected or in conflict`);
        printErrors(report.errors);
        if (report.errorsTruncated) print(`  … more: \`avala batch errors ${report.batch.id} --csv\``);
      }
      failWhenRowsBad(report.batch);
    });

  clientOptions(
    batch.command('certify <batch>').description('a certifier (not the evaluator) issues the credentials of every pending evaluation of a batch (id or name); safe to re-run after a crash'),
    "the certifier's API key (or AVALA_API_KEY)",
  )
    .option('--quiet', 'no progress output')
    .option('--links <file>', "write each worker's claim link to this CSV file (external_id, name, credential_id, claim_url): shown this once")
    .addOption(jsonOption())
    .action(async (ref: string, o: Opts & { links?: string }) => {
      const service = connect(o);
      const before = (await service.json<{ batch: Batch }>('GET', `/batches/${encodeURIComponent(batchRef(ref))}`)).batch;
      const pending = before.rowsTotal - before.rowsBad - before.rowsIssued;
      const progress = bar('certifying', !!o.quiet || !!o.json);
      progress.start(pending);
      const started = Date.now();
      // The service certifies in one request; its batch's count of issued rows shows how far it has come.
      const poll = setInterval(() => {
        service
          .json<{ batch: Batch }>('GET', `/batches/${before.id}`)
          .then((b) => progress.update(b.batch.rowsIssued - before.rowsIssued, pending))
          .catch(() => {});
      }, 500);
      let r: { batch: Batch; issued: number; refused: BatchRowError[]; claimLinks: BatchClaimLink[] };
      try {
        r = await service.json('POST', `/batches/${before.id}/certify`);
      } finally {
        clearInterval(poll);
        progress.stop();
      }
      if (o.links) writeClaimLinks(o.links, r.claimLinks);
      if (o.json) printJson(r);
      else {
        if (o.links) print(`${r.claimLinks.length} claim links written to ${o.links}`);
        const secs = (Date.now() - started) / 1000;
        print(`batch ${r.batch.id}: ${r.issued} credentials issued now (${r.batch.rowsIssued} in all) in ${secs.toFixed(1)} s${r.issued ? `, ${(r.issued / secs).toFixed(0)}/s` : ''}; ${r.refused.length} refused`);
        for (const e of r.refused) print(`  ${e.externalId ?? ''}: ${e.code} ${e.message}`);
      }
      if (r.refused.length > 0) process.exitCode = 1;
    });

  clientOptions(batch.command('show <batch>').description('a batch (id or name): state (failed: why), counts and rejected rows'), 'a staff API key of the body (or AVALA_API_KEY)')
    .addOption(jsonOption())
    .action(async (ref: string, o: Opts) => {
      const { batch: b, errors } = await connect(o).json<{ batch: Batch; errors: BatchRowError[] }>('GET', `/batches/${encodeURIComponent(batchRef(ref))}`);
      if (o.json) return printJson({ batch: b, errors });
      print(`batch ${b.id} "${b.fileName}" ${b.state}${b.failure ? ` (${b.failure})` : ''}: ${b.rowsTotal} rows, ${b.rowsBad} rejected or in conflict, ${b.rowsIssued} issued`);
      printErrors(errors);
    });

  clientOptions(batch.command('errors <batch>').description("a batch's rejected and conflicting rows: line, external_id, code, message"), 'a staff API key of the body (or AVALA_API_KEY)')
    .option('--csv', 'the whole report as CSV (safe to open in a spreadsheet)')
    .addOption(jsonOption())
    .action(async (ref: string, o: Opts & { csv?: boolean }) => {
      const service = connect(o);
      if (o.csv) return void process.stdout.write(await service.text(`/batches/${encodeURIComponent(batchRef(ref))}/errors.csv`));
      const { errors } = await service.json<{ errors: BatchRowError[] }>('GET', `/batches/${encodeURIComponent(batchRef(ref))}`);
      if (o.json) return printJson(errors);
      printErrors(errors);
    });

  const evaluation = program.command('evaluation').description('evaluations, one at a time');
  clientOptions(
    evaluation
      .command('record')
      .description('an evaluator records one evaluation (the fields of POST /evaluations, as flags or a JSON file)')
      .option('--file <json>', 'a JSON file with the body of POST /evaluations (flags given too override its fields)')
      .option('--name <name>', "the candidate's full name")
      .option('--curp <curp>', "the candidate's CURP")
      .option('--email <email>', "the candidate's e-mail (for the claim link)")
      .option('--standard <code>', 'the standard, e.g. EC0217')
      .option('--standard-version <n>', 'its version (default: the latest published)')
      .option('--centre <name>', 'the evaluation centre')
      .option('--evaluated-on <date>', 'YYYY-MM-DD')
      .option('--result <result>', 'competent | not-yet-competent')
      .option('--notes <text>')
      .option('--external-id <id>', "the body's own id for this evaluation")
      .option('--renews <credentialId>', 'the credential this evaluation renews'),
    "the evaluator's API key (or AVALA_API_KEY)",
  )
    .addOption(jsonOption())
    .action(async (o: Opts & Record<string, string | undefined>) => {
      const base = o.file ? (JSON.parse(fs.readFileSync(o.file, 'utf8')) as Record<string, unknown>) : {};
      const candidate = { ...(base.candidate as object | undefined), ...defined({ name: o.name, curp: o.curp, email: o.email }) };
      const standard = { ...(base.standard as object | undefined), ...defined({ code: o.standard, version: o.standardVersion === undefined ? undefined : Number(o.standardVersion) }) };
      const body = {
        ...base,
        candidate,
        standard,
        ...defined({ centre: o.centre, evaluatedOn: o.evaluatedOn, result: o.result, notes: o.notes, externalId: o.externalId, renewsCredentialId: o.renews }),
      };
      const e = await connect(o).json<Evaluation>('POST', '/evaluations', body);
      if (o.json) return printJson(e);
      print(`evaluation ${e.id} recorded: ${e.candidate.name}, ${e.result}; a certifier certifies it with \`avala certify ${e.id}\``);
    });

  clientOptions(program.command('certify <evaluationId>').description('a certifier (not the evaluator) certifies one competent evaluation: prints the credential id and the claim link'), "the certifier's API key (or AVALA_API_KEY)")
    .addOption(jsonOption())
    .action(async (id: string, o: Opts) => {
      const c = await connect(o).json<{ id: string; claimUrl: string | null }>('POST', `/evaluations/${encodeURIComponent(id)}/certify`);
      if (o.json) return printJson({ credentialId: c.id, claimUrl: c.claimUrl });
      print(`credential ${c.id}`);
      if (c.claimUrl) print(`claim link ${c.claimUrl}`);
    });
}

function defined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/**
 * A batch is named after the file it was imported from (its base name), so a certifier may name the batch by that
 * same file, path and all, as the README's `avala batch certify cohort.csv` does.
 */
function batchRef(ref: string): string {
  return fs.existsSync(ref) && fs.statSync(ref).isFile() ? path.basename(ref) : ref;
}

/** The claim links as CSV, readable by the certifier only (they open the workers' certificates). */
function writeClaimLinks(file: string, links: readonly BatchClaimLink[]): void {
  const lines = ['external_id,name,credential_id,claim_url', ...links.map((l) => [l.externalId ?? '', l.holderName, l.credentialId, l.claimUrl].map(csvCell).join(','))];
  fs.writeFileSync(file, `${lines.join('\r\n')}\r\n`, { mode: 0o600 });
}

import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { systemClock } from '../clock.js';
import { contextUrlsFromEnv, extraContextsDirFromEnv } from '../config.js';
import { readExtraContexts } from '../resolver/index.js';
import { AppError } from '../errors.js';
import { LANGS, type Lang } from '../lang.js';
import {
  anchorKeysFromDidDocument,
  avalaQrDecoder,
  CHECK_NAMES,
  createVerifier,
  LIMITS,
  MAX_TRUST_REGISTRY_BYTES,
  verifyTrustRegistry,
  type CheckName,
  isAuthenticNonCompetency,
  type QrDecoder,
  type VerificationReport,
  type Verifier,
} from '../verification/index.js';
import { createDirectoryStatusListFetcher, createDirectorySupersessionFetcher, nodeContexts, readBoundedFile, readFilePrefix } from '../verification/node.js';
import { createServerVerifier } from '../verification/server.js';
// Only a type from main.ts: importing it for values would run the CLI's main() (it awaits it at top level), which
// keeps this module from being loaded on its own by tests.
import type { WithServices } from './common.js';

interface VerifyOpts {
  registry?: string;
  anchor?: string;
  statusDir?: string;
  checks?: string;
  now?: string;
  lang: Lang;
  json?: boolean;
}

/**
 * `avala verify FILE`: with `--registry` and `--anchor` it runs fully offline from what `avala export` wrote (no
 * database); without them it uses this installation's live registry and status lists. Exit code 0 only when verified.
 * `avala export --out DIR`: the signed trust registry, the authority's DID document and every status list.
 */
export function verifyCommands(program: Command, withServices: WithServices, deps: { decodeQr?: QrDecoder } = {}): void {
  const decodeQr = deps.decodeQr ?? avalaQrDecoder;
  program
    .command('verify <file>')
    .description('verify a credential (Data Integrity JSON, compact JWT, QR payload text or a PNG of the QR code); exit 0 only when verified')
    .option('--registry <file>', 'signed trust registry (trust-registry.jwt from `avala export`): verify offline, without the database')
    .option('--anchor <file>', "the authority's DID document (authority-did.json): the keys the registry must be signed with")
    .option('--status-dir <dir>', 'status lists for offline use (the status/ folder of `avala export`)')
    .option('--checks <names>', `comma-separated subset of: ${CHECK_NAMES.join(', ')}`)
    .option('--now <date-time>', 'verify as of this instant instead of the current time')
    .addOption(new Option('--lang <lang>', 'language of the messages').choices(LANGS).default('en'))
    .addOption(new Option('--json', 'print JSON'))
    .action(async (file: string, o: VerifyOpts) => {
      const checks = o.checks ? checkNames(o.checks) : undefined;
      const now = o.now === undefined ? systemClock() : dateOption(o.now);
      const text = readInput(file);
      let report: VerificationReport;
      if (o.registry || o.anchor || o.statusDir) {
        const verifier = await offlineVerifier(o, now, decodeQr);
        report = await verifier.verify(text, { checks, now });
      } else {
        report = await withServices(async (s) => {
          const verifier = createServerVerifier({ registry: s.registry, status: s.status, supersessions: s.supersessions, clock: systemClock, publicUrl: s.config.publicUrl, avalaContextUrls: s.contexts.urls, extraContexts: s.documentLoader.extraContexts, decodeQr });
          return verifier.verify(text, { checks, now });
        });
      }
      if (o.json) printJson(report);
      else printReport(report, o.lang);
      process.exitCode = report.verified ? 0 : 1;
    });

  program
    .command('export')
    .description('write what an offline verifier needs: trust-registry.jwt, authority-did.json, status/<listId>.jwt and status/<bodySlug>-supersessions.jwt')
    .requiredOption('--out <dir>', 'output folder (created if missing)')
    .action((o: { out: string }) =>
      withServices(async (s) => {
        const out = path.resolve(o.out);
        fs.mkdirSync(path.join(out, 'status'), { recursive: true });
        const { jws, registry } = await s.registry.signedTrustRegistry();
        writeFile(path.join(out, 'trust-registry.jwt'), `${jws}\n`);
        writeFile(path.join(out, 'authority-did.json'), `${JSON.stringify(await s.registry.didDocumentFor(s.registry.authorityDid), null, 2)}\n`);
        // The status service has no listing of its lists yet; the ids are read from its table (see the issue note).
        const listIds = s.db.prepare('SELECT id FROM status_lists ORDER BY id').pluck().all() as string[];
        for (const id of listIds) {
          const view = await s.status.publishedList(id, 'jwt');
          writeFile(path.join(out, 'status', `${id}.jwt`), String(view.body));
        }
        // Each body's supersession register, where `verify --status-dir` looks for it (see createDirectorySupersessionFetcher).
        for (const body of registry.bodies) {
          const view = await s.supersessions.published(body.slug);
          writeFile(path.join(out, 'status', `${body.slug}-supersessions.jwt`), view.jwt);
        }
        print(`wrote ${path.join(out, 'trust-registry.jwt')}, authority-did.json, ${listIds.length} status lists and ${registry.bodies.length} supersession registers`);
      }),
    );
}

async function offlineVerifier(o: VerifyOpts, now: Date, decodeQr: QrDecoder | undefined): Promise<Verifier> {
  if (!o.registry || !o.anchor) throw new AppError('ERR_VALIDATION', 'Offline verification needs both --registry and --anchor');
  const jws = readRequired(o.registry, MAX_TRUST_REGISTRY_BYTES);
  let anchorDoc: unknown;
  try {
    anchorDoc = JSON.parse(readRequired(o.anchor, 1024 * 1024));
  } catch {
    throw new AppError('ERR_VALIDATION', `${o.anchor} is not a JSON DID document`);
  }
  const anchors = anchorKeysFromDidDocument(anchorDoc);
  if (anchors.length === 0) throw new AppError('ERR_VALIDATION', `${o.anchor} lists no verification method of its DID`);
  const trusted = await verifyTrustRegistry(jws, anchors, now);
  if (!trusted.ok) throw new AppError('ERR_VALIDATION', `The trust registry was refused: ${trusted.message} (${trusted.code})`);
  const extraDir = extraContextsDirFromEnv();
  return createVerifier({
    // Avala's context under the URLs the environment names (AVALA_CONTEXT_URL, AVALA_CONTEXT_ALIASES), besides the
    // legacy one, and the operator's extra contexts (AVALA_EXTRA_CONTEXTS_DIR).
    contexts: nodeContexts(contextUrlsFromEnv(), extraDir === null ? undefined : readExtraContexts(extraDir)),
    trust: () => trusted.trust,
    statusLists: o.statusDir ? createDirectoryStatusListFetcher(o.statusDir) : undefined,
    supersessions: o.statusDir ? createDirectorySupersessionFetcher(o.statusDir) : undefined,
    decodeQr,
    clock: () => now,
  });
}

/** The credential file, truncated just past the limit: the verifier then reports it as too large (RESOURCE_LIMIT). */
function readInput(file: string): string {
  if (/\.png$/i.test(file)) return readQrImage(file);
  const r = readFilePrefix(file, LIMITS.credentialBytes);
  if (r === null) throw new AppError('ERR_NOT_FOUND', `${file} does not exist`);
  return r.text;
}

/** The text of the QR code in a PNG (a photo or screenshot of the printed certificate); the verifier takes it from there. */
function readQrImage(file: string): string {
  const bytes = readBoundedBytes(file, MAX_QR_IMAGE_BYTES);
  let text: string | undefined;
  try {
    const png = PNG.sync.read(bytes);
    text = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)?.data;
  } catch (e) {
    throw new AppError('ERR_VALIDATION', `${file} is not a readable PNG image: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!text) throw new AppError('ERR_VALIDATION', `No QR code could be read in ${file}`);
  return text;
}

const MAX_QR_IMAGE_BYTES = 20 * 1024 * 1024;
// jsqr is CommonJS whose typings declare an ES default export; at run time the module is the function itself.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as unknown as typeof jsQRModule.default;

function readBoundedBytes(file: string, max: number): Buffer {
  if (!fs.existsSync(file)) throw new AppError('ERR_NOT_FOUND', `${file} does not exist`);
  if (fs.statSync(file).size > max) throw new AppError('ERR_PAYLOAD_TOO_LARGE', `${file} is larger than ${max} bytes`);
  return fs.readFileSync(file);
}

function readRequired(file: string, max: number): string {
  let text: string | null;
  try {
    text = readBoundedFile(file, max);
  } catch (e) {
    throw new AppError('ERR_VALIDATION', e instanceof Error ? e.message : String(e));
  }
  if (text === null) throw new AppError('ERR_NOT_FOUND', `${file} does not exist`);
  return text;
}

function checkNames(list: string): CheckName[] {
  const names = list.split(',').map((x) => x.trim()).filter(Boolean);
  const bad = names.filter((n) => !(CHECK_NAMES as readonly string[]).includes(n));
  if (bad.length > 0 || names.length === 0) throw new AppError('ERR_VALIDATION', `--checks takes a comma-separated subset of ${CHECK_NAMES.join(', ')}`);
  return names as CheckName[];
}

function dateOption(s: string): Date {
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw new AppError('ERR_VALIDATION', `--now "${s}" is not a date-time`);
  return new Date(t);
}

function writeFile(file: string, content: string): void {
  // Write then rename, so a reader never sees half a registry.
  fs.writeFileSync(`${file}.tmp`, content);
  fs.renameSync(`${file}.tmp`, file);
}

const MARK = { pass: '✔', fail: '✘', unknown: '?' } as const;

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function printReport(r: VerificationReport, lang: Lang): void {
  const es = lang === 'es';
  for (const c of r.checks) print(`${MARK[c.status]} ${c.name.padEnd(22)} ${(c.code ?? '').padEnd(27)} ${es ? c.messageEs : c.message}`);
  for (const w of r.warnings) print(`! ${es ? w.messageEs : w.message}`);
  const f = r.facts;
  if (f) {
    if (f.holderName) print(`${es ? 'Titular' : 'Holder'}: ${f.holderName}`);
    if (f.standard) print(`${es ? 'Estándar' : 'Standard'}: ${f.standard.code} v${f.standard.version ?? '?'} ${f.standard.title ?? ''}${f.standard.level ? ` (${es ? 'nivel' : 'level'} ${f.standard.level})` : ''}`);
    if (f.body) print(`${es ? 'Organismo' : 'Body'}: ${f.body.name ?? f.body.did}${f.body.kind ? ` (${f.body.kind})` : ''}`);
    print(`${es ? 'Vigencia' : 'Valid'}: ${f.validFrom ?? '?'} → ${f.validUntil ?? (es ? 'sin vencimiento' : 'no expiry')}`);
    if (f.supersession) {
      const { supersededAt: at, supersededBy: by } = f.supersession;
      print(es ? `SUSTITUIDO el ${at} por el certificado ${by}` : `SUPERSEDED on ${at} by certificate ${by}`);
    }
  }
  // A genuine credential that is not a competency certificate is its own result, and still not verified (exit 1).
  if (isAuthenticNonCompetency(r)) print(es ? 'AUTÉNTICA, PERO NO ES UN CERTIFICADO DE COMPETENCIA LABORAL' : 'AUTHENTIC, BUT NOT A COMPETENCY CERTIFICATE');
  else print(r.verified ? (es ? 'VERIFICADA' : 'VERIFIED') : es ? 'NO VERIFICADA' : 'NOT VERIFIED');
}

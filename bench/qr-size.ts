/**
 * How big is the QR code of a competency certificate? Issues every demo certificate through the real services,
 * then prints, for the reference certificate (EC0217) and the largest of the others:
 *   1. each candidate encoding: payload bytes, characters, QR version at error correction M;
 *   2. what each credential field costs in format 1 (bytes saved and version without it);
 *   3. the builder changes we propose, one after another, and the version each reaches.
 * Run: npx tsx bench/qr-size.ts        (no network; a temporary database)
 */
import { deflateSync } from 'fflate';
import QRCode, { type QRCodeSegment } from 'qrcode';
import { base64url } from 'jose';
import { bytesToDigits, coseSign1, credentialQrPayload, cwtPayload, decodeQrPayload2, DICTIONARY_V1, encodeQrPayload, encodeQrPayload2, qrVersion, verifierUrl } from '../src/qr/index.js';
import { PUBLIC_URL, startTestService } from '../test/helpers/harness.js';
import { DEMO_CASES, issueDemoCredential } from '../test/qr/demo-credentials.js';

type Json = Record<string, any>;

const HOST = new URL(PUBLIC_URL).host;
const LOWER_PREFIX = `https://${HOST}/v#`;
const UPPER_HEAD = `HTTPS://${HOST.toUpperCase()}/V`;
const enc = new TextEncoder();
const DICT = enc.encode(DICTIONARY_V1);

function version(segments: QRCodeSegment[]): number | string {
  try {
    return QRCode.create(segments, { errorCorrectionLevel: 'M' }).version;
  } catch {
    return '>40';
  }
}
const upperWith = (mode: 'alphanumeric' | 'numeric', text: string): QRCodeSegment[] => [{ mode: 'alphanumeric', data: UPPER_HEAD }, { mode: 'byte', data: enc.encode('#') }, { mode, data: text }];
const lowerBytes = (text: string): QRCodeSegment[] => [{ mode: 'byte', data: enc.encode(LOWER_PREFIX + text) }];

function parts(jwt: string): { header: Uint8Array; payload: Uint8Array; sig: Uint8Array } {
  const [h, p, s] = jwt.split('.') as [string, string, string];
  return { header: Buffer.from(h, 'base64url'), payload: Buffer.from(p, 'base64url'), sig: Buffer.from(s, 'base64url') };
}
const cat = (...a: Uint8Array[]) => Buffer.concat(a);

/** The binary of "signature + raw DEFLATE(header length, header, payload)", with or without our dictionary. */
function deflated(jwt: string, dictionary: boolean): Uint8Array {
  const { header, payload, sig } = parts(jwt);
  return cat(sig, deflateSync(cat(Uint8Array.of(header.length), header, payload), { level: 9, mem: 12, ...(dictionary ? { dictionary: DICT } : {}) }));
}

// Text encodings of bytes for a QR code.
const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
function base45(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i += 2) {
    if (i + 1 < b.length) {
      let n = b[i]! * 256 + b[i + 1]!;
      for (let k = 0; k < 3; k++, n = Math.floor(n / 45)) out += B45[n % 45];
    } else {
      let n = b[i]!;
      for (let k = 0; k < 2; k++, n = Math.floor(n / 45)) out += B45[n % 45];
    }
  }
  return out;
}
function base32(b: Uint8Array): string {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of b) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) out += A[(value >>> (bits -= 5)) & 31];
  }
  if (bits > 0) out += A[(value << (5 - bits)) & 31];
  return out;
}

/** Minimal CBOR (RFC 8949) with every property name and fixed string replaced by a small integer (a "key map"). */
function cbor(value: unknown, keys: Map<string, number>): number[] {
  const head = (major: number, n: number): number[] => {
    if (n < 24) return [(major << 5) | n];
    if (n < 256) return [(major << 5) | 24, n];
    if (n < 65536) return [(major << 5) | 25, n >> 8, n & 255];
    return [(major << 5) | 26, (n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  };
  if (value === false) return [0xf4];
  if (value === true) return [0xf5];
  if (typeof value === 'number') return head(0, value);
  if (typeof value === 'string') {
    const k = keys.get(value);
    if (k !== undefined) return head(0, k);
    const b = enc.encode(value);
    return [...head(3, b.length), ...b];
  }
  if (Array.isArray(value)) return [...head(4, value.length), ...value.flatMap((v) => cbor(v, keys))];
  const entries = Object.entries(value as Json);
  return [...head(5, entries.length), ...entries.flatMap(([k, v]) => [...cbor(k, keys), ...cbor(v, keys)])];
}
function cborKeyMap(): Map<string, number> {
  const names = DICTIONARY_V1.match(/"[A-Za-z@][A-Za-z0-9@]*"(?=:)/g)!.map((s) => s.slice(1, -1));
  const values = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', 'https://avala.example/contexts/avala/v1', 'VerifiableCredential', 'OpenBadgeCredential', 'Profile', 'AchievementSubject', 'IdentityObject', 'name', 'nationalIdentityNumber', 'Achievement', 'Certification', 'Evidence', 'BitstringStatusListEntry', 'revocation', 'suspension', 'EdDSA', 'vc+jwt', 'vc'];
  return new Map([...new Set([...names, ...values])].map((s, i) => [s, i]));
}

async function cborLdBytes(payload: Json): Promise<Uint8Array | null> {
  // Optional: `npm i --no-save @digitalbazaar/cborld` to measure it; it is no dependency of ours.
  const name = '@digitalbazaar/cborld';
  try {
    const { encode } = (await import(name)) as { encode: (o: unknown) => Promise<Uint8Array> };
    const { createDocumentLoader } = await import('../src/resolver/index.js');
    const context = new Map(DICTIONARY_V1.match(/https:\/\/[^"]+(?=")/g)!.slice(0, 3).map((u, i) => [u, 0x8001 + i] as const));
    const typeTable = new Map([['context', context], ['url', new Map()], ['none', new Map()]]);
    const doc = { ...payload };
    delete doc.nbf;
    delete doc.exp;
    return await encode({ jsonldDocument: doc, documentLoader: createDocumentLoader(), registryEntryId: 100, typeTableLoader: async () => typeTable });
  } catch {
    return null;
  }
}

interface Row {
  encoding: string;
  bytes: number | string;
  chars: number | string;
  version: number | string;
  note?: string;
}

async function encodings(jwt: string): Promise<Row[]> {
  const { header, payload, sig } = parts(jwt);
  const rows: Row[] = [];
  rows.push({ encoding: 'VC-JWT as is, URL in byte mode', bytes: jwt.length, chars: LOWER_PREFIX.length + jwt.length, version: version(lowerBytes(jwt)) });
  for (const dictionary of [false, true]) {
    const bin = deflated(jwt, dictionary);
    const label = dictionary ? 'deflate + our dictionary' : 'deflate, no dictionary';
    const b64 = Buffer.from(bin).toString('base64url');
    const b45 = base45(bin);
    const b32 = base32(bin);
    const dig = bytesToDigits(bin);
    rows.push({ encoding: `${label}, base64url (byte mode)`, bytes: bin.length, chars: b64.length, version: version(lowerBytes(b64)) });
    rows.push({ encoding: `${label}, base45 (alphanumeric)`, bytes: bin.length, chars: b45.length, version: version(upperWith('alphanumeric', b45)), note: 'space and % are not valid in a URL' });
    rows.push({ encoding: `${label}, base32 (alphanumeric)`, bytes: bin.length, chars: b32.length, version: version(upperWith('alphanumeric', b32)) });
    rows.push({ encoding: `${label}, digits (numeric)`, bytes: bin.length, chars: dig.length, version: version(upperWith('numeric', dig)) });
  }
  const text = encodeQrPayload(jwt);
  rows.push({ encoding: 'FORMAT 1: deflate + dictionary + UUID/hash table, digits', bytes: Math.round(((text.length - 1) * 7) / 17), chars: text.length, version: qrVersion(verifierUrl(PUBLIC_URL, text)), note: 'chosen' });
  const json = JSON.parse(Buffer.from(payload).toString('utf8')) as Json;
  const keys = cborKeyMap();
  const cb = cat(sig, deflateSync(Uint8Array.from([...cbor(JSON.parse(Buffer.from(header).toString()), keys), ...cbor(json, keys)]), { level: 9, mem: 12 }));
  rows.push({ encoding: 'CBOR with key map + deflate, digits', bytes: cb.length, chars: bytesToDigits(cb).length, version: version(upperWith('numeric', bytesToDigits(cb))), note: 'not lossless: the payload must be re-serialised byte-exact' });
  const ld = await cborLdBytes(json);
  if (ld) {
    const ldz = cat(sig, deflateSync(ld, { level: 9, mem: 12 }));
    rows.push({ encoding: 'CBOR-LD (our 3 contexts registered) + deflate, digits', bytes: ldz.length, chars: bytesToDigits(ldz).length, version: version(upperWith('numeric', bytesToDigits(ldz))), note: 'not lossless: nbf/exp and JSON bytes lost' });
  } else {
    rows.push({ encoding: 'CBOR-LD', bytes: '-', chars: '-', version: '-', note: 'not installed (npm i --no-save @digitalbazaar/cborld to measure)' });
  }
  return rows;
}

/** The JWT with its payload changed (same header and a signature of the same length: the codec does not verify). */
function withPayload(jwt: string, change: (p: Json) => void): string {
  const [h, p, s] = jwt.split('.') as [string, string, string];
  const json = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Json;
  change(json);
  return `${h}.${Buffer.from(JSON.stringify(json)).toString('base64url')}.${s}`;
}
function format1(jwt: string): { bytes: number; version: number } {
  const text = encodeQrPayload(jwt);
  return { bytes: Math.round(((text.length - 1) * 7) / 17), version: qrVersion(verifierUrl(PUBLIC_URL, text)) };
}

const FIELDS: Array<[string, (p: Json) => void]> = [
  ['achievement.criteria.narrative', (p) => delete p.credentialSubject.achievement.criteria],
  ['achievement.description', (p) => delete p.credentialSubject.achievement.description],
  ['credentialStatus (both entries)', (p) => delete p.credentialStatus],
  ['credentialStatus[].id (optional)', (p) => p.credentialStatus.forEach((s: Json) => delete s.id)],
  ['evidence (whole)', (p) => delete p.evidence],
  ['evidence evaluatorId + certifierId', (p) => (delete p.evidence[0].evaluatorId, delete p.evidence[0].certifierId)],
  ['evidence.evaluationCentre', (p) => delete p.evidence[0].evaluationCentre],
  ['identifier: CURP hash + salt', (p) => p.credentialSubject.identifier.pop()],
  ['achievement.creator (committee)', (p) => delete p.credentialSubject.achievement.creator],
  ['id (urn:uuid)', (p) => delete p.id],
  ['issuer.name', (p) => delete p.issuer.name],
  ['nbf + exp (JWT mirrors)', (p) => (delete p.nbf, delete p.exp)],
  ['name (credential)', (p) => delete p.name],
  ['achievement.sector', (p) => delete p.credentialSubject.achievement.sector],
];

/** Proposed builder changes, applied cumulatively. */
function proposals(publicUrl: string): Array<[string, (p: Json) => void]> {
  return [
    ['criteria: { id: <standard URL> } instead of the narrative', (p) => (p.credentialSubject.achievement.criteria = { id: p.credentialSubject.achievement.id })],
    ['status lists: <publicUrl>/status/<n> (a short number, not a UUID); entries without id', (p) =>
      p.credentialStatus.forEach((s: Json, i: number) => {
        delete s.id;
        s.statusListCredential = `${publicUrl}/status/${17 + i}`;
      })],
    ['achievement.description: one short sentence, or the title', (p) => (p.credentialSubject.achievement.description = p.credentialSubject.achievement.name)],
    ['evidence: evaluator and certifier as short staff numbers', (p) => ((p.evidence[0].evaluatorId = 'stf-1042'), (p.evidence[0].certifierId = 'stf-1043'))],
  ];
}

/** A credential made only for the code: what the checks need, no evidence, committee or texts a page can look up. */
function minimal(p: Json): void {
  const a = p.credentialSubject.achievement;
  p.credentialSubject.achievement = { id: a.id, type: a.type, achievementType: a.achievementType, humanCode: a.humanCode, name: a.name, description: a.name, criteria: { id: a.id } };
  delete p.evidence;
  delete p.name;
  p.credentialStatus.forEach((s: Json, i: number) => {
    delete s.id;
    s.statusListCredential = `${PUBLIC_URL}/status/${17 + i}`;
  });
}

/** Smaller still: the standard's title and the body's name left to the signed registry the verifier already holds. */
function minimalNoTexts(p: Json): void {
  minimal(p);
  const a = p.credentialSubject.achievement;
  p.credentialSubject.achievement = { id: a.id, type: a.type, humanCode: a.humanCode, name: a.humanCode, description: a.humanCode, criteria: { id: a.id } };
  p.issuer = { id: p.issuer.id, type: p.issuer.type };
}

function table(rows: Row[]): void {
  const w = Math.max(...rows.map((r) => r.encoding.length));
  console.log(`${'encoding'.padEnd(w)}  ${'bytes'.padStart(6)}  ${'chars'.padStart(6)}  version  note`);
  for (const r of rows) console.log(`${r.encoding.padEnd(w)}  ${String(r.bytes).padStart(6)}  ${String(r.chars).padStart(6)}  ${String(r.version).padStart(7)}  ${r.note ?? ''}`);
}

async function main(): Promise<void> {
  const svc = await startTestService();
  try {
    const issued = [];
    for (const c of DEMO_CASES) issued.push(await issueDemoCredential(svc, c));
    const reference = issued[0]!;
    console.log(`\nQR payload sizes, error correction M, public URL ${PUBLIC_URL}\n`);
    console.log(`Reference certificate: ${reference.case.code}, ${reference.case.holder}, ${reference.case.body}\n`);
    table(await encodings(reference.jwt));

    console.log('\nFORMAT 2 (COSE_Sign1/CWT of the claims an employer checks) for every demo certificate; goal: version ≤ 12 (≤ 14 with a 118-character name)\n');
    const f2 = (cwt: string) => {
      const text = encodeQrPayload2(base64url.decode(cwt));
      return { bytes: base64url.decode(cwt).length, chars: text.length, version: qrVersion(verifierUrl(PUBLIC_URL, text)) };
    };
    const rows2: Row[] = issued.map((i) => ({ encoding: `${i.case.code} ${i.case.body}`, ...f2(i.cwt!), note: `format 1: version ${format1(i.jwt).version}` }));
    // The long name: the reference's claims with a 118-character holder name, re-signed length for length (the
    // signature is 64 bytes whatever it signs, so the size is exact).
    const ref2 = decodeQrPayload2(credentialQrPayload(reference));
    const LONG = 'María de los Ángeles Guadalupe Fernández de Castro y Hernández-Villaseñor de la Santísima Trinidad Ruiz de Alarcón'.slice(0, 118).padEnd(118, 'a');
    const long = coseSign1(cwtPayload({ ...ref2.claims, holderName: LONG }), ref2.signature);
    const longText = encodeQrPayload2(long);
    rows2.push({ encoding: `EC0217, 118-character name`, bytes: long.length, chars: longText.length, version: qrVersion(verifierUrl(PUBLIC_URL, longText)) });
    const worst = Math.max(...rows2.slice(0, -1).map((r) => Number(r.version)));
    table(rows2);
    console.log(`reference: version ${rows2[0]!.version} (goal 12: ${Number(rows2[0]!.version) <= 12 ? 'met' : 'missed'}); worst demo: ${worst}; long name: ${rows2.at(-1)!.version} (goal 14: ${Number(rows2.at(-1)!.version) <= 14 ? 'met' : 'missed'})`);

    console.log('\nFormat 1 for every demo certificate\n');
    table(issued.map((i) => ({ encoding: `${i.case.code} ${i.case.body}`, bytes: format1(i.jwt).bytes, chars: encodeQrPayload(i.jwt).length, version: format1(i.jwt).version })));

    const base = format1(reference.jwt);
    console.log(`\nWhat each field of the reference costs in format 1 (now ${base.bytes} bytes, version ${base.version})\n`);
    const costs = FIELDS.map(([label, change]) => {
      const f = format1(withPayload(reference.jwt, change));
      return { encoding: `without ${label}`, bytes: base.bytes - f.bytes, chars: '', version: f.version, note: 'bytes saved' };
    }).sort((a, b) => b.bytes - a.bytes);
    table(costs);

    console.log('\nProposed builder changes, cumulative (reference / largest demo certificate)\n');
    let changes: Array<(p: Json) => void> = [];
    const rows: Row[] = [];
    for (const [label, change] of proposals(PUBLIC_URL)) {
      changes = [...changes, change];
      const all = issued.map((i) => format1(withPayload(i.jwt, (p) => changes.forEach((c) => c(p)))));
      const ref = all[0]!;
      const worst = all.reduce((a, b) => (b.bytes > a.bytes ? b : a));
      rows.push({ encoding: `+ ${label}`, bytes: ref.bytes, chars: worst.bytes, version: `${ref.version}/${worst.version}` });
    }
    const min = issued.map((i) => format1(withPayload(i.jwt, minimal)));
    rows.push({ encoding: 'a credential made for the code (see minimal())', bytes: min[0]!.bytes, chars: Math.max(...min.map((m) => m.bytes)), version: `${min[0]!.version}/${Math.max(...min.map((m) => m.version))}` });
    const tiny = issued.map((i) => format1(withPayload(i.jwt, minimalNoTexts)));
    rows.push({ encoding: '... and title and body name only in the registry (see minimalNoTexts())', bytes: tiny[0]!.bytes, chars: Math.max(...tiny.map((m) => m.bytes)), version: `${tiny[0]!.version}/${Math.max(...tiny.map((m) => m.version))}` });
    console.log('(bytes = reference; chars column = largest demo certificate, bytes)');
    table(rows);
  } finally {
    await svc.close();
  }
}

await main();

// Writes format-2.json (run: npx tsx test/qr/vectors/generate-format-2.ts). Ed25519 signatures are deterministic, so
// the file is the same at every run; format-2.test.ts checks it against the codec.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as ed from '@noble/ed25519';
import { coseSign1, cwtPayload, encodeQrPayload2, sigStructure, type Format2Claims } from '../../../src/vc/qr/format2.js';
import { verifierUrl } from '../../../src/vc/index.js';
const seed = createHash('sha256').update('Avala QR format 2 test vector key (public, never use)').digest();
const pub = await ed.getPublicKeyAsync(seed);
const claims: Format2Claims = {
  id: 'urn:uuid:0b4f3c1e-8d2a-4c6b-9f10-2a7e5d9c4b31',
  issuer: 'did:web:avala.test:bodies:conalep-jalisco',
  holderName: 'Carla Sánchez Bárcenas',
  curp: { hash: 'sha256$850b14720a0998ed51c46ed6bfbe8046153e452e176659b64498e1a3280c4557', salt: 'q0Zk3mYl1Qm1mFQ4a1b2cA' },
  standard: { code: 'EC0217', version: 1 },
  validFrom: '2026-06-01T12:00:00Z',
  validUntil: '2029-06-01T12:00:00Z',
  signedAt: '2026-06-01T12:00:05Z',
  status: {
    revocation: { listUrl: 'https://avala.test/status/01a23bc1-1628-747b-9a81-777822e17844', index: 94567 },
    suspension: { listUrl: 'https://avala.test/status/01a23bc1-1629-73c1-b044-26f5e5b8fe66', index: 30211 },
  },
};
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const payload = cwtPayload(claims);
const toSign = sigStructure(payload);
const signature = await ed.signAsync(toSign, seed);
const cose = coseSign1(payload, signature);
const text = encodeQrPayload2(cose);
const flip = (t: string, i: number) => t.slice(0, i) + String((Number(t[i]) + 1) % 10) + t.slice(i + 1);
const v = {
  description: 'QR payload format 2 (src/vc/qr/FORMAT.md): the claims below, as a CWT claims set in deterministic CBOR, signed as a tagged COSE_Sign1 (RFC 9052) with EdDSA by the fixed test key below (Ed25519 seed in hex; public, never use it), then written as digits. Every intermediate step is given. A decoder must turn `payload` back into `claims` and `sigStructureHex`, and the signature must verify with `publicJwk`.',
  seedHex: hex(seed),
  publicJwk: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(pub).toString('base64url') },
  claims,
  cwtClaimsHex: hex(payload),
  protectedHeaderHex: 'a10127',
  sigStructureHex: hex(toSign),
  signatureHex: hex(signature),
  coseSign1Hex: hex(cose),
  payload: text,
  verifierUrl: verifierUrl('https://avala.test', text),
  refused: [
    { defect: 'truncated', payload: text.slice(0, -17), reason: 'truncated' },
    { defect: 'not-digits', payload: `${text.slice(0, 40)}A${text.slice(41)}`, reason: 'alphabet' },
    { defect: 'odd-length', payload: text.slice(0, -1), reason: 'length' },
    { defect: 'no-cose-tag', payload: encodeQrPayload2(cose.subarray(1)), reason: 'cbor' },
    { defect: 'trailing-byte', payload: encodeQrPayload2(Uint8Array.from([...cose, 0])), reason: 'cbor' },
  ],
  signatureFails: [{ defect: 'tampered-signature-digit', payload: flip(text, text.length - 3) }],
};
writeFileSync(new URL('./format-2.json', import.meta.url), `${JSON.stringify(v, null, 2)}\n`);
console.log(cose.length, text.length);

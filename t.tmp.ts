import { format2ClaimsOf, cwtPayload, coseSign1, encodeQrPayload2, decodeQrPayload2, sigStructure } from './src/vc/qr/format2.js';
const vc = {
 id: 'urn:uuid:01a23bc1-162a-771c-bdd7-8ab3cfd49ab6', issuer: { id: 'did:web:avala.test:bodies:universidad-del-valle' },
 validFrom: '2026-06-01T12:00:00Z', validUntil: '2029-06-01T12:00:00Z',
 credentialSubject: { identifier: [{ type:'IdentityObject', identityHash: 'María Guadalupe Hernández Castañeda', identityType: 'name', hashed: false },
 { identityHash: 'sha256$8d1e74898ae43f46149fda30b88f7544769192d40a27e1ae7a8cf29adc2159a7', identityType: 'nationalIdentityNumber', hashed: true, salt: 'mPA6aUZrYCdkTFet9RU6IA' }],
 achievement: { humanCode: 'EC0217', version: '1' } },
 credentialStatus: [
  { id: 'https://avala.test/status/01a23bc1-1628-747b-9a81-777822e17844#75546', type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '75546', statusListCredential: 'https://avala.test/status/01a23bc1-1628-747b-9a81-777822e17844' },
  { id: 'https://avala.test/status/01a23bc1-1629-73c1-b044-26f5e5b8fe66#27352', type: 'BitstringStatusListEntry', statusPurpose: 'suspension', statusListIndex: '27352', statusListCredential: 'https://avala.test/status/01a23bc1-1629-73c1-b044-26f5e5b8fe66' }],
};
const claims = format2ClaimsOf(vc, new Date('2026-06-01T12:00:00Z'))!;
console.log(claims);
const p = cwtPayload(claims);
const cose = coseSign1(p, new Uint8Array(64).fill(7));
const text = encodeQrPayload2(cose);
console.log(cose.length, text.length);
const d = decodeQrPayload2(text);
console.log(JSON.stringify(d.claims) === JSON.stringify(claims), Buffer.from(d.signedBytes).equals(Buffer.from(sigStructure(p))));
for (const bad of ['2', '2123', text.slice(0, -5), '2' + '9'.repeat(17), text.replace(/.$/, '0')]) { try { decodeQrPayload2(bad); console.log('accepted?!') } catch (e: any) { console.log(e.code, e.details.reason, e.message) } }

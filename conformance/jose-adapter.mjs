// vc-jose-cose-test-suite runs each implementation as a CLI: `<impl> issue|verify --input F --key K --feature X
// --output O`, expecting {"result": "success" | "failure" | "error", "data": ...} in O. This maps that contract onto
// Avala's VC-API over the harness proxy:
//   issue a credential    POST /credentials/issue  {credential, options: {securingMechanism: "vc+jwt"}}
//                         Avala signs only with the conformance body's key: the suite's --key is not used, and
//                         the issuer becomes AVALA_ISSUER_DID (its name and other properties are kept)
//   issue a presentation  POST /presentations/prove (the VC-API name); Avala has no holder keys: an error
//   verify a JWT          POST /credentials/verify | /presentations/verify with it as an Enveloped… object
//   verify JSON           the same endpoints, with the document as it is
// A 2xx answer is "success", 400 or 422 "failure", anything else "error".
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';

const [, , implementation, command, ...rest] = process.argv;
const opt = {};
for (let i = 0; i < rest.length; i += 2) opt[rest[i].replace(/^--/, '')] = rest[i + 1];
const baseUrl = process.env.BASE_URL ?? 'https://127.0.0.1:4143';
const isPresentation = String(opt.feature).startsWith('presentation');

function post(path, body, withKey) {
  const bytes = Buffer.from(JSON.stringify(body));
  const headers = { 'content-type': 'application/json', accept: 'application/json', 'content-length': bytes.length };
  if (withKey && process.env.AVALA_API_KEY) headers.authorization = `Bearer ${process.env.AVALA_API_KEY}`;
  return new Promise((resolve, reject) => {
    const req = https.request(`${baseUrl}${path}`, { method: 'POST', headers, rejectUnauthorized: false }, (res) => {
      const parts = [];
      res.on('data', (p) => parts.push(p)).on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        let json;
        try { json = JSON.parse(text); } catch { json = text; }
        resolve({ status: res.statusCode, body: json });
      });
    });
    req.on('error', reject);
    req.end(bytes);
  });
}
const resultOf = (status) => (status >= 200 && status < 300 ? 'success' : status === 400 || status === 422 ? 'failure' : 'error');
const envelope = (type, media, jwt) => ({ '@context': ['https://www.w3.org/ns/credentials/v2'], type, id: `data:${media},${jwt}` });

const input = fs.readFileSync(opt.input, 'utf8').trim();
let output;
if (command === 'issue' && isPresentation) {
  const r = await post('/presentations/prove', { presentation: JSON.parse(input), options: { securingMechanism: 'vp+jwt' } }, true);
  output = { result: resultOf(r.status), data: '', http: r.status, response: r.body };
} else if (command === 'issue') {
  const doc = JSON.parse(input);
  const issuer = doc.issuer !== null && typeof doc.issuer === 'object' ? { ...doc.issuer, id: process.env.AVALA_ISSUER_DID } : process.env.AVALA_ISSUER_DID;
  const credential = { ...doc, issuer };
  // JOSE_FRESH_ID=1 (a diagnostic): every input file of the suite has the same credential id, and Avala issues an
  // id once only (409 after the first); a fresh id shows what Avala makes of the input itself.
  if (process.env.JOSE_FRESH_ID === '1' && credential.id) credential.id = `urn:uuid:${crypto.randomUUID()}`;
  const r = await post('/credentials/issue', { credential, options: { securingMechanism: 'vc+jwt' } }, true);
  const id = r.body?.verifiableCredential?.id;
  output = { result: resultOf(r.status), data: typeof id === 'string' ? id.replace(/^data:application\/vc\+jwt,/, '') : '', http: r.status, response: r.status < 300 ? undefined : r.body };
} else {
  const jwt = !input.startsWith('{');
  const r = isPresentation
    ? await post('/presentations/verify', { verifiablePresentation: jwt ? envelope('EnvelopedVerifiablePresentation', 'application/vp+jwt', input) : JSON.parse(input), options: { checks: ['proof'] } })
    : await post('/credentials/verify', { verifiableCredential: jwt ? envelope('EnvelopedVerifiableCredential', 'application/vc+jwt', input) : JSON.parse(input), options: { checks: ['proof'] } });
  const why = Array.isArray(r.body?.problemDetails) ? r.body.problemDetails.map((p) => p.detail ?? p.title ?? p.code) : r.body?.detail;
  output = { result: resultOf(r.status), data: '', http: r.status, why };
}
fs.writeFileSync(opt.output, JSON.stringify(output, null, 2));
if (process.env.JOSE_ADAPTER_LOG) {
  fs.appendFileSync(process.env.JOSE_ADAPTER_LOG, JSON.stringify({ implementation, command, input: opt.input.split('/').pop(), feature: opt.feature, ...output }) + '\n');
}

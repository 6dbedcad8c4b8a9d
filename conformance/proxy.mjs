// The suites call implementations over HTTPS only: this terminates TLS (a self-signed certificate made by
// start.sh) and forwards each request, unchanged, to Avala's plain HTTP port on loopback. Every exchange is kept
// as a JSON line in $PROXY_LOG_DIR/<label>.jsonl, so a pass can be read for the reason Avala gave (a negative test
// passes on any 4xx). run-suites.sh switches the label per suite with GET /__harness/label?name=<suite>, which
// this answers itself.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';

const port = Number(process.env.PROXY_PORT ?? 4143);
const upstreamPort = Number(process.env.UPSTREAM_PORT ?? 4110);
const tlsDir = process.env.TLS_DIR ?? '.conformance/run/tls';
const logDir = process.env.PROXY_LOG_DIR ?? '.conformance/run/logs/proxy';
const CLIP = 20_000;

fs.mkdirSync(logDir, { recursive: true });
let label = 'default';
let seq = 0;
const clip = (buf) => (buf.length > CLIP ? `${buf.subarray(0, CLIP).toString('utf8')}…[${buf.length} bytes]` : buf.toString('utf8'));
const readAll = (stream) => new Promise((resolve, reject) => {
  const parts = [];
  stream.on('data', (p) => parts.push(p)).on('end', () => resolve(Buffer.concat(parts))).on('error', reject);
});

const tls = { key: fs.readFileSync(path.join(tlsDir, 'key.pem')), cert: fs.readFileSync(path.join(tlsDir, 'cert.pem')) };
https.createServer(tls, async (req, res) => {
  const url = new URL(req.url, 'https://proxy');
  if (url.pathname === '/__harness/label') {
    label = (url.searchParams.get('name') ?? 'default').replace(/[^\w.-]/g, '_');
    res.writeHead(204).end();
    return;
  }
  const id = ++seq;
  const started = Date.now();
  const body = await readAll(req);
  const headers = { ...req.headers, host: `127.0.0.1:${port}`, 'content-length': String(body.length) };
  delete headers['transfer-encoding'];
  const line = { id, method: req.method, url: req.url, contentType: req.headers['content-type'], auth: req.headers.authorization ? 'sent' : undefined, reqBody: clip(body) };
  const upstream = http.request({ host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers, agent: false }, async (up) => {
    const answer = await readAll(up);
    const out = { ...up.headers, 'content-length': String(answer.length) };
    delete out['transfer-encoding'];
    res.writeHead(up.statusCode ?? 502, out).end(answer);
    fs.appendFileSync(path.join(logDir, `${label}.jsonl`), JSON.stringify({ ...line, ms: Date.now() - started, status: up.statusCode, resBody: clip(answer) }) + '\n');
  });
  upstream.on('error', (e) => {
    res.writeHead(502).end(String(e));
    fs.appendFileSync(path.join(logDir, `${label}.jsonl`), JSON.stringify({ ...line, error: String(e) }) + '\n');
  });
  upstream.end(body);
}).listen(port, '127.0.0.1', () => console.log(`https://127.0.0.1:${port} -> http://127.0.0.1:${upstreamPort}`));

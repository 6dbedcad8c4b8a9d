// node conformance/failures.mjs SUITE [MIN_STATUS]: the exchanges of one suite (proxy log) answered with
// MIN_STATUS (default 400) or above: method, path, the request and Avala's answer, clipped.
import fs from 'node:fs';
import path from 'node:path';

const [suite, min = '400'] = process.argv.slice(2);
const dir = process.env.RUN_DIR ?? path.join(import.meta.dirname, '..', '.conformance', 'run');
const file = path.join(dir, 'logs', 'proxy', `${suite}.jsonl`);
for (const line of fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
  const x = JSON.parse(line);
  if ((x.status ?? 999) < Number(min)) continue;
  console.log(`${x.status} ${x.method} ${x.url}\n  > ${x.reqBody.slice(0, Number(process.env.CLIP ?? 700))}\n  < ${String(x.resBody ?? x.error).slice(0, 500)}`);
}

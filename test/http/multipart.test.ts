import { describe, expect, it } from 'vitest';
import { boundaryOf, parseMultipart } from '../../src/http/multipart.js';

/** What a browser sends for a form with a text field and a file (built by the platform's own FormData). */
async function browserBody(fields: Record<string, string>, file: { name: string; content: string }) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  data.append('file', new Blob([file.content], { type: 'text/csv' }), file.name);
  const req = new Request('http://x/', { method: 'POST', body: data });
  return { type: req.headers.get('content-type')!, body: Buffer.from(await req.arrayBuffer()) };
}

describe('the console’s multipart reader', () => {
  it('reads the fields and the file exactly as the platform’s FormData encodes them, CRLFs and quotes inside kept', async () => {
    const content = 'a,b\r\n"x\r\n--y",2\r\n';
    const { type, body } = await browserBody({ csrf: 'tok' }, { name: 'cohorte ñ.csv', content });
    const parts = parseMultipart(body, boundaryOf(type)!);
    expect(parts.map((p) => [p.name, p.filename])).toEqual([['csrf', null], ['file', 'cohorte ñ.csv']]);
    expect(parts[0]!.data.toString()).toBe('tok');
    expect(parts[1]!.data.toString()).toBe(content);
    expect(parts[1]!.contentType).toBe('text/csv');
  });

  it('refuses what is not a whole multipart body, and knows a multipart type from another', async () => {
    expect(boundaryOf('application/x-www-form-urlencoded')).toBeNull();
    expect(boundaryOf('multipart/form-data; boundary="abc"')).toBe('abc');
    const { type, body } = await browserBody({ csrf: 'tok' }, { name: 'a.csv', content: 'x' });
    const b = boundaryOf(type)!;
    expect(() => parseMultipart(body.subarray(0, body.length - 30), b)).toThrow(/closing boundary|no end/);
    expect(() => parseMultipart(Buffer.from('garbage'), b)).toThrow(/does not start/);
    expect(() => parseMultipart(body, b, 1)).toThrow(/more than 1 parts/);
  });
});

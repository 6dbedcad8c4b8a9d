import type { Request } from 'express';
import { AppError } from '../errors.js';

/** One part of a multipart/form-data body: a field, or a file with its name. */
export interface MultipartPart {
  name: string;
  filename: string | null;
  contentType: string | null;
  data: Buffer;
}

/** The boundary of a multipart/form-data Content-Type, or null when it is not one. */
export function boundaryOf(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return null;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2]!) : null;
}

const bad = (why: string) => new AppError('ERR_VALIDATION', `The form could not be read: ${why}`);

/**
 * Splits a multipart/form-data body (RFC 7578) held in memory into its parts. Strict: a body that does not start
 * with the boundary, a part without a name, or a body that never closes is refused (422), never guessed at.
 */
export function parseMultipart(body: Buffer, boundary: string, maxParts = 20): MultipartPart[] {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // A leading CRLF makes the first boundary look like every other one.
  const data = Buffer.concat([Buffer.from('\r\n'), body]);
  let at = data.indexOf(delimiter);
  if (at !== 0) throw bad('it does not start with its boundary');
  const parts: MultipartPart[] = [];
  for (;;) {
    at += delimiter.length;
    const after = data.subarray(at, at + 2).toString('latin1');
    if (after === '--') return parts;
    // Transport padding (spaces or tabs) may follow a boundary before its CRLF.
    while (data[at] === 0x20 || data[at] === 0x09) at += 1;
    if (data.subarray(at, at + 2).toString('latin1') !== '\r\n') throw bad('a boundary is not followed by a line break');
    at += 2;
    const headEnd = data.indexOf('\r\n\r\n', at);
    if (headEnd < 0) throw bad('a part has no end to its headers');
    const next = data.indexOf(delimiter, headEnd + 4);
    if (next < 0) throw bad('the body ends before its closing boundary');
    if (parts.length >= maxParts) throw bad(`more than ${maxParts} parts`);
    const headers = new Map<string, string>();
    for (const line of data.subarray(at, headEnd).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const disposition = headers.get('content-disposition') ?? '';
    const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
    if (!/^form-data\s*(;|$)/i.test(disposition) || name === undefined) throw bad('a part has no form-data name');
    const filename = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1] ?? null;
    parts.push({ name, filename, contentType: headers.get('content-type') ?? null, data: data.subarray(headEnd + 4, next) });
    at = next;
  }
}

/** Reads a request's whole body (only a signed-in person's: it is checked first), refusing one over `limit` bytes (413). */
export async function readBody(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new AppError('ERR_PAYLOAD_TOO_LARGE', `The upload is larger than ${Math.round(limit / 1_048_576)} MiB`);
  const chunks: Buffer[] = [];
  let size = 0;
  // Past the limit the rest is read and dropped, so the refusal still reaches the browser as a page.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  if (size > limit) throw new AppError('ERR_PAYLOAD_TOO_LARGE', `The upload is larger than ${Math.round(limit / 1_048_576)} MiB`);
  return Buffer.concat(chunks);
}

import { AppError } from '../../errors.js';

/**
 * The URL a QR code holds: the public verifier, with the payload in the fragment, which browsers never send to
 * the server, so the page verifies the credential without it leaving the phone. Scheme and host are written in
 * upper case (both are case-insensitive), and so is the verifier's path `/V`, so that everything before the `#`
 * can go in the QR code's alphanumeric mode (upper case, digits and ` $%*+-./:` only), which takes 5.5 bits a
 * character instead of 8. The web verifier must answer at `/V` as well as `/v` (Express routes ignore case by
 * default). A path in the public URL keeps its case, since servers may treat paths as case-sensitive.
 */
export function verifierUrl(publicUrl: string, payload: string): string {
  let base: URL;
  try {
    base = new URL(publicUrl);
  } catch (cause) {
    throw new TypeError(`publicUrl ${publicUrl} is not a URL`, { cause });
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new TypeError(`publicUrl ${publicUrl} is not an http(s) URL`);
  const path = base.pathname.replace(/\/+$/, '');
  return `${base.protocol.toUpperCase()}//${base.host.toUpperCase()}${path}/V#${payload}`;
}

/** The payload text of a scanned verifier URL (whatever follows the first `#`), for a decoder to read. */
export function payloadFromVerifierUrl(url: string): string {
  const at = typeof url === 'string' ? url.indexOf('#') : -1;
  if (at < 0) throw new AppError('ERR_VALIDATION', 'This is not an Avala verifier link: it has no #fragment', { details: { reason: 'no-fragment', reasonCode: 'PARSING_ERROR' } });
  return url.slice(at + 1);
}

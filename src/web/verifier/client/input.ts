/**
 * What the person gave the verifier, read as one of: the text of a credential (a compact JWT, JSON, or the digits of
 * a QR payload), a link that is not an Avala certificate, or nothing. Pure, so it is tested in Node.
 */
export type ReadInput = { kind: 'credential'; text: string } | { kind: 'foreign-link' } | { kind: 'empty' };

export function readInput(raw: string): ReadInput {
  const text = raw.trim();
  if (text === '') return { kind: 'empty' };
  // A scanned or pasted verifier link: the credential is its #fragment (the codec's URL has no other part to read).
  if (/^https?:\/\//i.test(text)) {
    const at = text.indexOf('#');
    const fragment = at < 0 ? '' : safeDecode(text.slice(at + 1)).trim();
    return fragment === '' ? { kind: 'foreign-link' } : { kind: 'credential', text: fragment };
  }
  return { kind: 'credential', text };
}

/** The payload in the page's own address (`location.hash`), or null. */
export function payloadFromHash(hash: string): string | null {
  const fragment = safeDecode(hash.replace(/^#/, '')).trim();
  return fragment === '' ? null : fragment;
}

function safeDecode(s: string): string {
  // Digits, JWTs and JSON pasted into an address bar may come percent-encoded; a stray `%` must not throw.
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

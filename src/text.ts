import { AppError } from './errors.js';

/**
 * The one rule for people's and things' names (a holder, a centre, a body, a committee, staff, a standard's title):
 * they are shown as written, so they may not hold characters that change how the text around them is displayed or
 * that cannot be seen. Every entrance (API, CSV batch rows, the console) reaches it through the domain services.
 *
 * Refused:
 * - bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069): a U+202E shows a name reversed;
 * - every other invisible format character (Unicode general category Cf: U+200B zero-width space, U+2060 word
 *   joiner, U+FEFF, U+00AD soft hyphen, tag characters, …), EXCEPT U+200C ZERO WIDTH NON-JOINER and U+200D ZERO
 *   WIDTH JOINER, which names written in some scripts need and which reorder nothing: Persian writes a ZWNJ inside
 *   compound words and names, and Indic scripts (Devanagari, Bengali, Malayalam) use ZWJ/ZWNJ to pick half and
 *   chillu forms, which changes the spelling;
 * - unpaired surrogates (a JSON `"\ud800"` parses to one; stored as UTF-8 it would silently become U+FFFD) and
 *   U+FFFD itself, which only ever stands for text that was not valid UTF-8;
 * - C0/C1 control characters (line breaks, NUL, ESC).
 */
const ALLOWED_CF = new Set([0x200c, 0x200d]);
const FORMAT = /\p{Cf}|\p{Cc}|\uFFFD/u;

const NAMES: Record<number, string> = {
  0x00ad: 'SOFT HYPHEN',
  0x061c: 'ARABIC LETTER MARK',
  0x200b: 'ZERO WIDTH SPACE',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0xfffd: 'REPLACEMENT CHARACTER',
};

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** The first character `text` may not hold as a displayed name, described for a person ("U+202E RIGHT-TO-LEFT OVERRIDE"), or null. */
export function forbiddenNameCharacter(text: string): string | null {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) i++;
    else if (c >= 0xd800 && c <= 0xdfff) return `an unpaired surrogate ${hex(c)}`;
  }
  if (!FORMAT.test(text)) return null;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ALLOWED_CF.has(cp) || !FORMAT.test(ch)) continue;
    const name = NAMES[cp] ?? (/\p{Cc}/u.test(ch) ? 'CONTROL CHARACTER' : 'FORMAT CHARACTER');
    return `${hex(cp)} ${name}`;
  }
  return null;
}

/** Throws `ERR_VALIDATION` naming the field and the character when a displayed name holds one it may not. */
export function assertDisplayText(field: string, text: string | null | undefined): void {
  if (text === null || text === undefined) return;
  const bad = forbiddenNameCharacter(text);
  if (bad) throw new AppError('ERR_VALIDATION', `${field} contains ${bad}`, { details: { problems: [{ path: field, message: `contains ${bad}` }] } });
}

/**
 * One CSV cell, safe to open in a spreadsheet: text a spreadsheet would run as a formula (= + - @, or a tab or
 * carriage return before one) gets a leading apostrophe, and the cell is quoted when it holds a quote, comma or
 * line break.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** E-mail addresses compare case-insensitively and without surrounding spaces (the console's sign-in, the worker's page). */
export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

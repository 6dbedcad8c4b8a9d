import type { AuditEntry } from './model.js';

/**
 * Log lines carry values a client chose (actor names, subjects, request ids). Promise 12: those values must not be
 * able to start a new line, rewrite the one on screen or pose as another field. So every C0 and C1 control
 * character, DEL, the Unicode line and paragraph separators and the bidirectional overrides become `\uXXXX`, and a
 * backslash becomes `\\` so that an escape in the output can only have come from us.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\\]/g;

export function escapeControl(value: string): string {
  return value.replace(UNSAFE, (c) => (c === '\\' ? '\\\\' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

const BARE = /^[A-Za-z0-9._:@/#+-]+$/;

/** One `key=value` value: bare when it is a plain token, otherwise quoted, so `a outcome=ok` cannot pose as a field. */
export function logValue(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '-';
  const s = String(value);
  if (BARE.test(s)) return s;
  return `"${escapeControl(s).replace(/"/g, '\\"')}"`;
}

/** The operational log line for an audit entry (the log itself is the table; this is for people watching stderr). */
export function formatAuditLine(e: AuditEntry): string {
  const fields: Array<[string, string | number | null]> = [
    ['seq', e.seq],
    ['at', e.at],
    ['action', e.action],
    ['outcome', e.outcome],
    ['body', e.bodyId],
    ['actor', e.actor],
    ['subject', e.subject],
    ['request', e.requestId],
    ['details', Object.keys(e.details).length > 0 ? JSON.stringify(e.details) : null],
    ['hash', e.hash.slice(0, 16)],
  ];
  return `audit ${fields.map(([k, v]) => `${k}=${logValue(v)}`).join(' ')}`;
}

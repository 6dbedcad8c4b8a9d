import { describe, expect, it } from 'vitest';
import { escapeControl, formatAuditLine, logValue, nextEntry } from '../../src/audit/index.js';

describe('audit log lines', () => {
  it('escapes every control character so a value cannot start a new line or rewrite this one', () => {
    expect(escapeControl('a\nb\r\tc\u0000\u001b[2J\u007f\u0085\u2028\u2029')).toBe('a\\u000ab\\u000d\\u0009c\\u0000\\u001b[2J\\u007f\\u0085\\u2028\\u2029');
  });

  it('escapes bidirectional overrides, which make a line read differently from what it says', () => {
    expect(escapeControl('admin\u202Eexe.txt\u2066')).toBe('admin\\u202eexe.txt\\u2066');
  });

  it('escapes backslashes, so an escape in the output can only be ours', () => {
    expect(escapeControl('\\u000a')).toBe('\\\\u000a');
  });

  it('quotes a value that could pose as another field', () => {
    expect(logValue('staff-1')).toBe('staff-1');
    expect(logValue('x outcome=ok')).toBe('"x outcome=ok"');
    expect(logValue('say "hi"')).toBe('"say \\"hi\\""');
    expect(logValue(null)).toBe('-');
  });

  it('writes one line per entry whatever the client put in it', () => {
    const e = nextEntry(
      null,
      { action: 'auth.denied', actor: 'anonymous', subject: '/bodies\n2026-06-01T00:00:00Z audit action=key.rotated outcome=ok', requestId: 'r1\r\n', outcome: 'denied', details: { ua: 'evil\u001b[31m' } },
      new Date('2026-06-01T12:00:00.000Z'),
    );
    const line = formatAuditLine(e);
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(line).toBe(
      'audit seq=1 at=2026-06-01T12:00:00.000Z action=auth.denied outcome=denied body=- actor=anonymous ' +
        'subject="/bodies\\u000a2026-06-01T00:00:00Z audit action=key.rotated outcome=ok" request="r1\\u000d\\u000a" ' +
        `details="{\\"ua\\":\\"evil\\\\u001b[31m\\"}" hash=${e.hash.slice(0, 16)}`,
    );
  });
});

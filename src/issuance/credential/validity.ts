/**
 * Date maths for a credential's validity window. Months are calendar months in UTC; a day that does not exist in
 * the target month falls back to that month's last day (31 January + 1 month = 28 or 29 February), so the window
 * never runs into the month after.
 */
export function addMonthsUtc(from: Date, months: number): Date {
  if (!Number.isInteger(months) || months < 0) throw new TypeError('months must be a non-negative integer');
  if (Number.isNaN(from.getTime())) throw new TypeError('from must be a valid date');
  const y = from.getUTCFullYear();
  const m = from.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(from.getUTCDate(), lastDay);
  return new Date(Date.UTC(y, m, day, from.getUTCHours(), from.getUTCMinutes(), from.getUTCSeconds(), from.getUTCMilliseconds()));
}

/** XML Schema dateTimeStamp in UTC to the second, the form VC 2.0 examples use (and the shortest for the QR). */
export function toDateTimeStamp(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new TypeError('not a valid date');
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * `validFrom` and `validUntil` for a credential issued at `issuedAt` under a standard valid `validityMonths`
 * (null: the certificate does not expire, and `validUntil` is left out). Sub-second precision is dropped first so
 * both ends are whole seconds, as the JWT's `nbf`/`exp` mirrors are.
 */
export function validityWindow(issuedAt: Date, validityMonths: number | null): { validFrom: string; validUntil?: string } {
  const from = new Date(Math.floor(issuedAt.getTime() / 1000) * 1000);
  if (validityMonths === null) return { validFrom: toDateTimeStamp(from) };
  return { validFrom: toDateTimeStamp(from), validUntil: toDateTimeStamp(addMonthsUtc(from, validityMonths)) };
}

/** Time and randomness are passed into domain services so tests can freeze them. */
export type Clock = () => Date;
export type IdGenerator = () => string;

export const systemClock: Clock = () => new Date();

/**
 * Every instant a verifier compares (publication, accreditation periods and state changes, key periods, compromise
 * times, and a credential's own `validFrom` / proof `created` / JWT `iat`) is recorded at one precision: whole
 * seconds, the precision of a credential's dates. `toSecond` rounds down (a start, a state change, a compromise: the
 * change counts from the start of its second); `nextSecond` rounds up (the end of a key's period at a rotation, so
 * the old key covers the whole second the rotation fell in and the new key starts at the next whole second).
 */
export function toSecond(d: Date): Date {
  const t = d.getTime();
  if (Number.isNaN(t)) throw new TypeError('not a valid date');
  return new Date(Math.floor(t / 1000) * 1000);
}

export function nextSecond(d: Date): Date {
  const t = d.getTime();
  if (Number.isNaN(t)) throw new TypeError('not a valid date');
  return new Date(Math.ceil(t / 1000) * 1000);
}

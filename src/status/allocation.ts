/** A uniform integer in [0, maxExclusive): `crypto.randomInt` in production, a seeded source in tests. */
export type RandomInt = (maxExclusive: number) => number;

export interface ListOccupancy {
  size: number;
  used: number;
  /** Whether `index` is already reserved (asked of the store, inside the same write transaction). */
  isTaken(index: number): boolean;
  /** Every reserved index; asked only once the list is nearly full. */
  takenIndexes(): Iterable<number>;
}

/** Draws per index before giving up on rejection sampling for the rest of a call. */
const MAX_DRAWS = 32;

/**
 * Chooses `count` free indexes of a list uniformly at random. Never sequential: an index must not reveal when
 * a credential was issued, or which credentials were issued together (herd privacy, Bitstring Status List §6).
 *
 * While the list is mostly free, rejection sampling costs a couple of lookups per index. Near the end it would
 * need ~size/free draws each, so after MAX_DRAWS misses it lists the free slots once and draws from those
 * (a partial Fisher–Yates shuffle), which stays uniform and bounded.
 */
export function pickFreeIndexes(list: ListOccupancy, count: number, randomInt: RandomInt): number[] {
  if (!Number.isSafeInteger(count) || count < 0) throw new TypeError(`count must be a non-negative integer, got ${count}`);
  if (count > list.size - list.used) throw new TypeError(`asked for ${count} indexes but only ${list.size - list.used} are free`);
  const chosen = new Set<number>();
  let misses = 0;
  while (chosen.size < count && misses < MAX_DRAWS) {
    const i = draw(randomInt, list.size);
    if (chosen.has(i) || list.isTaken(i)) misses += 1;
    else {
      chosen.add(i);
      misses = 0;
    }
  }
  if (chosen.size === count) return [...chosen];

  const taken = new Uint8Array(list.size);
  for (const i of list.takenIndexes()) taken[i] = 1;
  for (const i of chosen) taken[i] = 1;
  const free: number[] = [];
  for (let i = 0; i < list.size; i++) if (!taken[i]) free.push(i);
  const need = count - chosen.size;
  if (free.length < need) throw new TypeError(`the list reports ${list.used} used but only ${free.length} indexes are free`);
  for (let k = 0; k < need; k++) {
    const j = k + draw(randomInt, free.length - k);
    [free[k], free[j]] = [free[j]!, free[k]!];
    chosen.add(free[k]!);
  }
  return [...chosen];
}

function draw(randomInt: RandomInt, max: number): number {
  const i = randomInt(max);
  if (!Number.isSafeInteger(i) || i < 0 || i >= max) throw new TypeError(`randomInt(${max}) returned ${i}`);
  return i;
}

import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pickFreeIndexes, type ListOccupancy } from '../../src/status/index.js';
import { seededRandomInt } from './fixtures.js';

function occupancy(size: number, taken: Set<number>): ListOccupancy {
  return { size, used: taken.size, isTaken: (i) => taken.has(i), takenIndexes: () => taken };
}

describe('index allocation', () => {
  it('picks distinct free indexes inside the list', () => {
    const taken = new Set([1, 2, 3]);
    const picked = pickFreeIndexes(occupancy(1000, taken), 500, (n) => crypto.randomInt(n));
    expect(new Set(picked).size).toBe(500);
    expect(picked.every((i) => i >= 0 && i < 1000 && !taken.has(i))).toBe(true);
  });

  it('is not sequential', () => {
    const picked = pickFreeIndexes(occupancy(131_072, new Set()), 1000, seededRandomInt(7));
    const ascendingSteps = picked.slice(1).filter((v, i) => v === picked[i]! + 1).length;
    expect(ascendingSteps).toBeLessThan(5);
    const sorted = [...picked].sort((a, b) => a - b);
    expect(picked).not.toEqual(sorted);
  });

  it('fills a list to the last slot, drawing from the free ones once it is nearly full', () => {
    const size = 4096;
    const taken = new Set<number>();
    const random = seededRandomInt(42);
    while (taken.size < size) {
      const n = Math.min(100, size - taken.size);
      for (const i of pickFreeIndexes(occupancy(size, taken), n, random)) {
        expect(taken.has(i)).toBe(false);
        taken.add(i);
      }
    }
    expect(taken.size).toBe(size);
    expect(() => pickFreeIndexes(occupancy(size, taken), 1, random)).toThrow(TypeError);
  });

  it('refuses a random source that breaks its contract', () => {
    expect(() => pickFreeIndexes(occupancy(10, new Set()), 1, () => 10)).toThrow(TypeError);
    expect(() => pickFreeIndexes(occupancy(10, new Set()), 1, () => 0.5)).toThrow(TypeError);
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { compose, seedDemoIfEmpty, type Services } from '../../src/compose.js';
import { memoizedLookups, type RegistryLookups } from '../../src/issuance/registry-lookups.js';
import { tempDir, testClock, testConfig } from '../helpers/config.js';

let s: Services;
let bodyId: string;
const asked: string[] = [];
let counted: RegistryLookups;

beforeAll(async () => {
  const clock = testClock();
  s = await compose(testConfig(tempDir()), { clock, signingWorkers: 0 });
  await seedDemoIfEmpty(s, clock);
  bodyId = (await s.registry.getBodyBySlug('cecati-42')).id;
  // The real registry, with each question it is asked written down.
  counted = {
    findStandard: (code, version) => (asked.push(`find ${code}`), s.registry.findStandard(code, version)),
    getStandard: (id) => (asked.push(`get ${id}`), s.registry.getStandard(id)),
    assertAccredited: (body, standard, at) => (asked.push(`accredited ${standard.code}`), s.registry.assertAccredited(body, standard, at)),
  };
});
afterAll(() => s.close());

it('asks the registry each question once, refusals included, and a new memo asks again', async () => {
  const m = memoizedLookups(counted);
  const at = new Date('2026-05-01T12:00:00Z');
  const [a, b] = await Promise.all([m.findStandard('EC0217'), m.findStandard('EC0217')]);
  expect(a).toBe(b);
  expect(await m.getStandard(a.id)).toEqual(a);
  await m.assertAccredited(bodyId, a, at);
  await m.assertAccredited(bodyId, a, at);
  // cecati-42 is not accredited for EC0038: the same refusal, from one question
  const other = await m.findStandard('EC0038');
  for (let i = 0; i < 3; i++) await expect(m.assertAccredited(bodyId, other, at)).rejects.toMatchObject({ code: 'ERR_NOT_ACCREDITED' });
  expect(asked).toEqual(['find EC0217', `get ${a.id}`, 'accredited EC0217', 'find EC0038', 'accredited EC0038']);

  // another time is another question; another memo (the next chunk or file) sees the registry afresh
  await m.assertAccredited(bodyId, a, new Date('2026-05-02T12:00:00Z'));
  await memoizedLookups(counted).findStandard('EC0217');
  expect(asked.slice(5)).toEqual(['accredited EC0217', 'find EC0217']);
});

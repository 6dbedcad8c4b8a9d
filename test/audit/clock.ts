/** A clock tests can move (the same shape as test/helpers/harness.ts's, without importing the whole app). */
export function testClock(start = '2026-06-01T12:00:00.000Z') {
  let t = Date.parse(start);
  const clock = () => new Date(t);
  return Object.assign(clock, {
    set: (iso: string) => void (t = Date.parse(iso)),
    advance: (ms: number) => void (t += ms),
  });
}

/** ServerClock: a CRM's offset from whole-second `Date` headers, never putting a cutoff after the CRM's time. */
import { describe, expect, it } from 'vitest';
import { ServerClock } from '../../../src/lib/server-clock.ts';

const at = (ms: number): string => new Date(ms).toUTCString();

function clockAt(localMs: { now: number }): ServerClock {
  return new ServerClock(() => localMs.now);
}

describe('ServerClock', () => {
  it('leaves the signpost alone before any answer, and for a header it cannot tell from the host clock', () => {
    const local = { now: 1_800_000_000_400 };
    const clock = clockAt(local);
    expect(clock.toServer(new Date(local.now)).getTime()).toBe(local.now);
    clock.observe(at(local.now), local.now - 30);
    expect(clock.offsetMs()).toBe(0);
    clock.observe(null, local.now);
    clock.observe('not a date', local.now);
    expect(clock.offsetMs()).toBe(0);
  });

  it.each([
    ['host 5 minutes ahead', -300_000],
    ['host 5 minutes behind', 300_000],
    ['host 3 s ahead', -3_000],
  ])('%s: the mapped signpost is at most about a second before HubSpot’s time, never after', (_, skew) => {
    const local = { now: 1_800_000_000_250 };
    const clock = clockAt(local);
    for (let i = 0; i < 5; i++) {
      const sent = local.now;
      local.now += 40;
      clock.observe(at(local.now + skew), sent);
      local.now += 333;
    }
    const mapped = clock.toServer(new Date(local.now)).getTime();
    const server = local.now + skew;
    expect(mapped).toBeLessThanOrEqual(server);
    expect(server - mapped).toBeLessThan(1_100);
  });

  it('starts again when a clock moves (intervals no longer meet)', () => {
    const local = { now: 1_800_000_000_000 };
    const clock = clockAt(local);
    clock.observe(at(local.now - 300_000), local.now);
    clock.observe(at(local.now + 60_000), local.now);
    const offset = clock.offsetMs();
    expect(offset).toBeGreaterThan(59_000);
    expect(offset).toBeLessThanOrEqual(60_000);
  });

  it.each([
    ['forward onto the server’s time, from 10 minutes behind', -600_000, 600_000],
    ['back onto the server’s time, from 10 minutes ahead', 600_000, -600_000],
    ['forward past the server’s time, to 5 minutes ahead', 0, 300_000],
  ])(
    'host clock stepped %s before any new answer: the signpost maps at most about a second before the server’s time, never after',
    (_, skew, step) => {
      const host = { now: 1_800_000_000_250, elapsed: 5_000 };
      const clock = new ServerClock(
        () => host.now,
        () => host.elapsed,
      );
      const server = (): number => host.now - skew;
      clock.observe(at(server()), host.now - 30);
      // A minute passes, then the wall clock is stepped; the elapsed clock sees only the minute.
      host.now += 60_000;
      host.elapsed += 60_000;
      const serverNow = server();
      host.now += step;
      const mapped = clock.toServer(new Date(host.now)).getTime();
      expect(mapped).toBeLessThanOrEqual(serverNow);
      expect(serverNow - mapped).toBeLessThan(1_100);
    },
  );

  it('without an elapsed clock sees no step (a test’s injected clock): the offset stays as learnt', () => {
    const local = { now: 1_800_000_000_000 };
    const clock = clockAt(local);
    clock.observe(at(local.now + 600_000), local.now);
    local.now += 600_000;
    expect(clock.offsetMs()).toBe(600_000);
  });
});

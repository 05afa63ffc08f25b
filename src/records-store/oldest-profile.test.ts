import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareProfiles, oldestProfile } from './oldest-profile';

describe('given the profiles of one channel', () => {
  it('when one was created first then it wins, whatever its id', () => {
    const profiles = [
      { id: 'a-newer', createdAt: '2026-01-02T00:00:00.000Z' },
      { id: 'z-older', createdAt: '2026-01-01T00:00:00.000Z' },
    ];
    expect(oldestProfile(profiles)?.id).toBe('z-older');
  });

  it('when they were created at the same time then the lowest id by code units wins (upper case before lower)', () => {
    const at = '2026-01-01T00:00:00.000Z';
    // localeCompare would put "a" before "B"; code units put "B" (0x42) first.
    expect(
      oldestProfile([
        { id: 'a', createdAt: at },
        { id: 'B', createdAt: at },
      ])?.id,
    ).toBe('B');
  });

  it('when there is none then there is no winner', () => {
    expect(oldestProfile([])).toBeUndefined();
  });

  it('when the profiles come in any order then the same one wins (a total order)', () => {
    const profile = fc.record({ id: fc.string(), createdAt: fc.option(fc.string(), { nil: null }) });
    fc.assert(
      fc.property(fc.uniqueArray(profile, { selector: (p) => p.id, minLength: 1 }), (profiles) => {
        const winner = oldestProfile(profiles);
        expect(oldestProfile([...profiles].reverse())).toBe(winner);
        for (const p of profiles) expect(compareProfiles(winner!, p)).toBeLessThanOrEqual(0);
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { deprecationOn, LAMBDA_RUNTIME_DEPRECATIONS } from './lambda-runtime-deprecations';

describe('given the list of deprecated Lambda runtimes', () => {
  it('when asked about nodejs20.x around its deprecation day then it is deprecated from that day on', () => {
    expect(deprecationOn('nodejs20.x', new Date('2026-04-29T23:59:59Z'))).toBeUndefined();
    expect(deprecationOn('nodejs20.x', new Date('2026-04-30T00:00:00Z'))).toMatchObject({
      blockCreate: '2026-08-31',
      blockUpdate: '2026-09-30',
    });
  });

  it('when asked about a runtime with a future date or none then it is not deprecated', () => {
    expect(deprecationOn('nodejs22.x', new Date('2026-11-30T00:00:00Z'))).toBeUndefined();
    expect(deprecationOn('nodejs22.x', new Date('2027-04-30T00:00:00Z'))).toBeDefined();
    expect(deprecationOn('nodejs24.x', new Date('2026-11-30T00:00:00Z'))).toBeUndefined();
    expect(deprecationOn('nodejs24.x', new Date('2028-04-30T00:00:00Z'))).toBeDefined();
  });

  it('when read then every date is a real UTC day and blocking comes after deprecation', () => {
    const day = /^\d{4}-\d{2}-\d{2}$/;
    for (const d of LAMBDA_RUNTIME_DEPRECATIONS) {
      for (const date of [d.deprecated, d.blockCreate, d.blockUpdate].filter((x) => x !== undefined)) {
        expect(date, d.runtime).toMatch(day);
        expect(new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10), d.runtime).toBe(date);
        expect(date >= d.deprecated, d.runtime).toBe(true);
      }
    }
    expect(new Set(LAMBDA_RUNTIME_DEPRECATIONS.map((d) => d.runtime)).size).toBe(LAMBDA_RUNTIME_DEPRECATIONS.length);
  });
});

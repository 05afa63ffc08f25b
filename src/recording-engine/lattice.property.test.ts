import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinStreamLists } from './lattice';

const RUNS = { numRuns: 1000 };
// A small pool, so lists overlap, contain one another and contradict one another often.
const listArb = fc.uniqueArray(fc.constantFrom('st-a', 'st-B', 'st-c', 'st-1', 'st-Z'), { maxLength: 5 });

describe('given stream lists joined by joinStreamLists', () => {
  it('when joined in any grouping and order, or with themselves, then the result is the same (a join)', () => {
    fc.assert(
      fc.property(listArb, listArb, listArb, (a, b, c) => {
        expect(joinStreamLists(a, b)).toEqual(joinStreamLists(b, a));
        expect(joinStreamLists(joinStreamLists(a, b), c)).toEqual(joinStreamLists(a, joinStreamLists(b, c)));
        expect(joinStreamLists(a, a)).toEqual(a);
      }),
      RUNS,
    );
  });

  it('when joined then every stream of both is kept once', () => {
    fc.assert(
      fc.property(listArb, listArb, (a, b) => {
        const joined = joinStreamLists(a, b);
        expect(new Set(joined)).toEqual(new Set([...a, ...b]));
        expect(joined).toHaveLength(new Set([...a, ...b]).size);
      }),
      RUNS,
    );
  });

  it('when one list extends the other (IVS: a Start prefix and the End list) then the longer one is kept as it is', () => {
    fc.assert(
      fc.property(listArb, fc.nat(5), (list, cut) => {
        const prefix = list.slice(0, cut);
        expect(joinStreamLists(prefix, list)).toEqual(list);
        expect(joinStreamLists(list, prefix)).toEqual(list);
      }),
      RUNS,
    );
  });
});

import { describe, expect, it } from 'vitest';
import {
  matchesSubscriptionFilter,
  parseSubscriptionFilter,
  toSubscriptionFilter,
  type SubscriptionFilter,
} from './subscription-filter';

// What the generated owner-rule subscription resolver builds for a user, with and without
// the client's own `filter` argument.
const ownerRule = { or: [{ owner: { eq: 'alice' } }] };
const withClientFilter = { and: [ownerRule, { recordingStatus: { ne: 'FAILED' } }] };

describe('toSubscriptionFilter', () => {
  it('given the owner rule, when converted, then it is one group with one eq filter', () => {
    expect(toSubscriptionFilter(ownerRule)).toEqual({
      filterGroup: [{ filters: [{ fieldName: 'owner', operator: 'eq', value: 'alice' }] }],
    });
  });

  it('given and/or nesting, when converted, then the groups are the disjunctive normal form', () => {
    const filter = toSubscriptionFilter({
      and: [{ or: [{ a: { eq: 1 } }, { b: { eq: 2 } }] }, { c: { gt: 3, lt: 9 } }],
    });

    expect(
      filter.filterGroup.map((g) => g.filters.map((f) => `${f.fieldName} ${f.operator} ${String(f.value)}`)),
    ).toEqual([
      ['a eq 1', 'c gt 3', 'c lt 9'],
      ['b eq 2', 'c gt 3', 'c lt 9'],
    ]);
  });

  it('given "not" or an unknown operator, when converted, then it fails with the reason', () => {
    expect(() => toSubscriptionFilter({ not: { owner: { eq: 'x' } } })).toThrow(/"not" is not supported/);
    expect(() => toSubscriptionFilter({ owner: { like: 'x' } })).toThrow(/unknown operator "like"/);
  });

  it('given a converted filter as JSON, when parsed back, then it is the same filter', () => {
    const filter = toSubscriptionFilter(withClientFilter);

    expect(parseSubscriptionFilter(JSON.stringify(filter))).toEqual(filter);
    expect(() => parseSubscriptionFilter('{"groups":[]}')).toThrow(/filterGroup/);
  });
});

describe('matchesSubscriptionFilter', () => {
  const owned = toSubscriptionFilter(withClientFilter);

  it("given the owner rule, when another user's or an ownerless response is checked, then it does not match", () => {
    expect(matchesSubscriptionFilter(owned, { owner: 'alice', recordingStatus: 'STARTED' })).toBe(true);
    expect(matchesSubscriptionFilter(owned, { owner: 'bob', recordingStatus: 'STARTED' })).toBe(false);
    // A mutation that did not select `owner` delivers nothing to owner-filtered subscribers.
    expect(matchesSubscriptionFilter(owned, { id: 'r1', version: 2 })).toBe(false);
    expect(matchesSubscriptionFilter(owned, { owner: 'alice', recordingStatus: 'FAILED' })).toBe(false);
  });

  it.each([
    [{ n: { lt: 5 } }, { n: 4 }, true],
    [{ n: { le: 5 } }, { n: 5 }, true],
    [{ n: { gt: 5 } }, { n: 5 }, false],
    [{ n: { ge: 5 } }, { n: '5' }, false],
    [{ n: { between: [1, 3] } }, { n: 3 }, true],
    [{ s: { beginsWith: 'ar' } }, { s: 'arn:aws' }, true],
    [{ s: { contains: 'ws' } }, { s: 'arn:aws' }, true],
    [{ l: { contains: 'b' } }, { l: ['a', 'b'] }, true],
    [{ l: { notContains: 'c' } }, { l: ['a', 'b'] }, true],
    [{ l: { containsAny: ['c', 'b'] } }, { l: ['a', 'b'] }, true],
    [{ s: { in: ['x', 'y'] } }, { s: 'y' }, true],
    [{ s: { notIn: ['x', 'y'] } }, { s: 'y' }, false],
    [{ s: { attributeExists: false } }, {}, true],
    [{ 'a.b': { eq: 1 } }, { a: { b: 1 } }, true],
  ])('given %j, when %j is checked, then it matches: %s', (input, payload, expected) => {
    expect(matchesSubscriptionFilter(toSubscriptionFilter(input), payload)).toBe(expected);
  });

  it('given no filter group, when anything is checked, then it matches', () => {
    const none: SubscriptionFilter = { filterGroup: [] };
    expect(matchesSubscriptionFilter(none, { owner: 'anyone' })).toBe(true);
    // A filter with an empty alternative always holds: converted, it has no group.
    expect(toSubscriptionFilter({ or: [{}, { owner: { eq: 'x' } }] })).toEqual(none);
  });
});

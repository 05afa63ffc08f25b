import { describe, expect, it } from 'vitest';
import { LookupTracker } from './request-costs';

describe('given a lookup tracker', () => {
  it('when a lookup comes back empty for a record written earlier then it is a miss', () => {
    const tracker = new LookupTracker();
    tracker.onLookup({ model: 'Recording', key: 'r1', found: false }); // not there yet: not a miss
    tracker.onWrite({ model: 'Recording', key: 'r1' });
    tracker.onLookup({ model: 'Recording', key: 'r1', found: false }); // there, not found: miss
    tracker.onLookup({ model: 'Recording', key: 'r1', found: true });
    expect(tracker.counts()).toEqual({ Recording: { lookups: 3, shouldFind: 2, missed: 1 } });
  });

  it('when the tally is reset then what exists is remembered but the counts start over', () => {
    const tracker = new LookupTracker();
    tracker.exists('Profile', 'arn');
    tracker.onLookup({ model: 'Profile', key: 'arn', found: true });
    tracker.reset();
    tracker.onLookup({ model: 'Profile', key: 'arn', found: false });
    expect(tracker.counts()).toEqual({ Profile: { lookups: 1, shouldFind: 1, missed: 1 } });
  });
});

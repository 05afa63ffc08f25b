import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordingScenarioArb, scenarioDeliveryArb } from './fixtures/arbitraries';
import { applyEvents, asExpected, emptyRecords } from './fixtures/engine-fold';
import { expectedRecords } from './fixtures/oracle';
import { isKnownOnlyFromRecordings } from './stream-session-state';

const OWNER = { profileId: 'profile-1', owner: 'sub::user' };
const RUNS = { numRuns: 500 };

describe('given any recording whose events are lost, late, shuffled and duplicated', () => {
  it('when the delivered events are folded through the engine then the records are what the oracle derives from them', () => {
    fc.assert(
      fc.property(scenarioDeliveryArb, ({ scenario, delivery }) => {
        const records = applyEvents(
          emptyRecords(),
          delivery.map((e) => e.raw),
          OWNER,
        );
        expect(asExpected(records)).toEqual(expectedRecords(scenario, OWNER, { reconciled: false }));
      }),
      RUNS,
    );
  });

  it('when every event arrives, in any order, then no session is left known only from recordings and the recording points at the first stream', () => {
    fc.assert(
      fc.property(
        recordingScenarioArb.chain((scenario) =>
          // Nothing lost this time.
          fc
            .shuffledSubarray([...scenario.events], { minLength: scenario.events.length })
            .map((delivery) => ({ scenario, delivery })),
        ),
        ({ scenario, delivery }) => {
          const { recording, streamSessions } = asExpected(
            applyEvents(
              emptyRecords(),
              delivery.map((e) => e.raw),
              OWNER,
            ),
          );
          expect(
            streamSessions.map((s) => isKnownOnlyFromRecordings(s) || s.startTime === null || s.endTime === null),
          ).toEqual(scenario.streams.map(() => false));
          const endListSent = scenario.events.some(
            (e) =>
              e.kind === 'recording' &&
              e.status !== 'START' &&
              e.status !== 'START_FAILURE' &&
              e.streamIds !== undefined,
          );
          if (endListSent || scenario.streams.length === 1) {
            expect(recording?.streamIds).toEqual(scenario.streams.map((s) => s.id));
            expect(recording?.streamSessionId).toBe(scenario.streams[0]?.id);
          }
        },
      ),
      RUNS,
    );
  });
});

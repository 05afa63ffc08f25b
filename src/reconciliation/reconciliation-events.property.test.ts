import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioDeliveryArb, type RecordingScenario } from '../recording-engine/fixtures/arbitraries';
import { applyEvents, asExpected, emptyRecords, type EngineRecords } from '../recording-engine/fixtures/engine-fold';
import { expectedRecords } from '../recording-engine/fixtures/oracle';
import type { RecordOwner } from '../recording-engine/records';
import { parseRecordingEndFile } from '../recording-media/end-file';
import { recordingRepairs, streamSessionRepairs } from './reconciliation-events';

/** The end facts of the one parser (src/recording-media); the prefix only shapes media keys. */
const parseRecordingEndMetadata = (text: string) => {
  const parsed = parseRecordingEndFile(text, 'ivs/v1/prefix');
  return parsed.ok ? { ok: true as const, metadata: parsed.file.metadata } : parsed;
};

const OWNER: RecordOwner = { profileId: 'profile-1', owner: 'sub::user' };
const RUNS = { numRuns: 500 };

/** One reconciliation run over every record, with what the account holds (S3 metadata, IVS). */
const reconcile = (records: EngineRecords, scenario: RecordingScenario): EngineRecords => {
  const metadata = scenario.metadataFile === null ? null : parseRecordingEndMetadata(scenario.metadataFile);
  if (metadata !== null && !metadata.ok) throw new Error(metadata.why);
  for (const recording of [...records.recordings.values()]) {
    applyEvents(records, recordingRepairs(recording, metadata?.metadata ?? null).events, OWNER);
  }
  for (const session of [...records.sessions.values()]) {
    applyEvents(
      records,
      streamSessionRepairs(session, scenario.ivsSessions.get(session.streamId) ?? null).events,
      OWNER,
    );
  }
  return records;
};

describe('given any recording whose events were lost, late, shuffled and duplicated', () => {
  it('when one reconciliation run applies the S3 metadata and IVS sessions then the records are what the oracle derives', () => {
    fc.assert(
      fc.property(scenarioDeliveryArb, ({ scenario, delivery }) => {
        const records = reconcile(
          applyEvents(
            emptyRecords(),
            delivery.map((e) => e.raw),
            OWNER,
          ),
          scenario,
        );
        expect(asExpected(records)).toEqual(expectedRecords(scenario, OWNER, { reconciled: true }));
      }),
      RUNS,
    );
  });

  it('when reconciliation runs a second time then it derives nothing more', () => {
    fc.assert(
      fc.property(scenarioDeliveryArb, ({ scenario, delivery }) => {
        const records = reconcile(
          applyEvents(
            emptyRecords(),
            delivery.map((e) => e.raw),
            OWNER,
          ),
          scenario,
        );
        const metadata = scenario.metadataFile === null ? null : parseRecordingEndMetadata(scenario.metadataFile);
        for (const recording of records.recordings.values()) {
          expect(recordingRepairs(recording, metadata?.ok ? metadata.metadata : null).events).toEqual([]);
        }
        for (const session of records.sessions.values()) {
          expect(streamSessionRepairs(session, scenario.ivsSessions.get(session.streamId) ?? null).events).toEqual([]);
        }
      }),
      RUNS,
    );
  });
});

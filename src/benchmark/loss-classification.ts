/**
 * The soak's loss mode judges each final record against the simulation's full-knowledge
 * one. A difference is "unknowable" when only a lost event carried that fact: no other
 * event, no S3 end file (status, end time, duration, start time of a recording) and no
 * IVS GetStreamSession (start and end time of a stream) holds it. Any other difference is
 * "wrong". Pure.
 */
import { isDeepStrictEqual } from 'node:util';
import type { SimulatedEventName } from '../simulation/broadcast';
import { pickFields } from './record-check';

/**
 * The fields a lost event alone carries. A Stream Failure's reason (and the FAILED status
 * it makes) is in no other source; a Recording End Failure's reason is the event's, the
 * failed end file's message is not documented to be the same.
 */
export const UNKNOWABLE_WHEN_LOST: Partial<Record<SimulatedEventName, readonly string[]>> = {
  'Stream Failure': ['status', 'statusReason'],
  'Recording End Failure': ['recordingStatusReason'],
};

export type RecordVerdict =
  | { kind: 'exact' }
  /** Every difference is a fact no source holds: `reasons` say which lost event took it. */
  | { kind: 'unknowable'; reasons: string[] }
  | { kind: 'wrong'; reasons: string[] };

export type RecordEvidence = {
  expected: Record<string, unknown>;
  /** The stored rows of the record's logical key (normalized as compared). */
  rows: readonly Record<string, unknown>[];
  fields: readonly string[];
  /** The names of the record's events that were never delivered. */
  lost: readonly SimulatedEventName[];
  /** How many of the events that name the record were delivered (its own and, for a session, recording events naming it). */
  delivered: number;
};

const lostList = (lost: readonly SimulatedEventName[]): string =>
  lost.length === 0 ? 'nothing lost' : `${[...new Set(lost)].sort().join(', ')} lost`;

export const classifyRecord = (evidence: RecordEvidence): RecordVerdict => {
  const { rows, lost } = evidence;
  if (rows.length === 0) {
    return evidence.delivered === 0
      ? { kind: 'unknowable', reasons: ['every event lost: record unknowable'] }
      : { kind: 'wrong', reasons: [`missing (${lostList(lost)})`] };
  }
  if (rows.length > 1) return { kind: 'wrong', reasons: [`duplicated (${lostList(lost)})`] };
  const want = pickFields(evidence.expected, evidence.fields);
  const got = pickFields(rows[0]!, evidence.fields);
  const differing = evidence.fields.filter((field) => !isDeepStrictEqual(want[field], got[field]));
  if (differing.length === 0) return { kind: 'exact' };
  const unknowable: string[] = [];
  const wrong: string[] = [];
  for (const field of differing) {
    const takenBy = [...new Set(lost)].sort().find((name) => UNKNOWABLE_WHEN_LOST[name]?.includes(field));
    if (takenBy) unknowable.push(`${takenBy} lost: ${field} unknowable`);
    else wrong.push(`${field} wrong (${lostList(lost)})`);
  }
  return wrong.length > 0 ? { kind: 'wrong', reasons: wrong } : { kind: 'unknowable', reasons: unknowable };
};

/** How an exact record got there: events alone, events parked then replayed, or reconciliation. */
export type ExactBy = 'events' | 'parking' | 'reconciliation';

export const exactBy = (options: { exactBeforeReconciliation: boolean; parked: boolean }): ExactBy =>
  !options.exactBeforeReconciliation ? 'reconciliation' : options.parked ? 'parking' : 'events';

export type LossTally = {
  expected: number;
  exact: Record<ExactBy, number>;
  unknowable: number;
  wrong: number;
  /** Each reason and how many records it applies to (a record may have several). */
  reasons: Record<string, number>;
};

export const tallyVerdicts = (
  judged: readonly { before: RecordVerdict; after: RecordVerdict; parked: boolean }[],
): LossTally => {
  const tally: LossTally = {
    expected: judged.length,
    exact: { events: 0, parking: 0, reconciliation: 0 },
    unknowable: 0,
    wrong: 0,
    reasons: {},
  };
  for (const { before, after, parked } of judged) {
    if (after.kind === 'exact') {
      tally.exact[exactBy({ exactBeforeReconciliation: before.kind === 'exact', parked })]++;
      continue;
    }
    tally[after.kind]++;
    for (const reason of after.reasons) tally.reasons[reason] = (tally.reasons[reason] ?? 0) + 1;
  }
  return tally;
};

import { describe, expect, it } from 'vitest';
import { classifyRecord, exactBy, tallyVerdicts, type RecordVerdict } from './loss-classification';

const session = {
  streamId: 'st-1',
  status: 'FAILED',
  statusReason: 'Unsupported codec',
  startTime: '2026-03-01T00:00:00.000Z',
  endTime: '2026-03-01T00:10:00.000Z',
};
const fields = ['status', 'statusReason', 'startTime', 'endTime'];

describe('given a final record and the events its broadcast lost', () => {
  it('when the stored row equals the expected one then the record is exact', () => {
    expect(classifyRecord({ expected: session, rows: [{ ...session }], fields, lost: [], delivered: 3 })).toEqual({
      kind: 'exact',
    });
  });

  it('when a lost Stream Failure took the status and its reason then both are unknowable, not wrong', () => {
    const stored = { ...session, status: 'ENDED', statusReason: null };
    expect(
      classifyRecord({ expected: session, rows: [stored], fields, lost: ['Stream Failure'], delivered: 2 }),
    ).toEqual({
      kind: 'unknowable',
      reasons: ['Stream Failure lost: status unknowable', 'Stream Failure lost: statusReason unknowable'],
    });
  });

  it('when a field differs that another source holds (the end time, from IVS) then the record is wrong', () => {
    const stored = { ...session, statusReason: null, endTime: null };
    expect(
      classifyRecord({
        expected: session,
        rows: [stored],
        fields,
        lost: ['Stream Failure', 'Stream End'],
        delivered: 1,
      }),
    ).toEqual({ kind: 'wrong', reasons: ['endTime wrong (Stream End, Stream Failure lost)'] });
  });

  it('when no row exists and no event of the record arrived then the record is unknowable', () => {
    expect(classifyRecord({ expected: session, rows: [], fields, lost: ['Stream Start'], delivered: 0 })).toEqual({
      kind: 'unknowable',
      reasons: ['every event lost: record unknowable'],
    });
  });

  it('when no row exists although an event arrived, or two rows exist, then the record is wrong', () => {
    expect(classifyRecord({ expected: session, rows: [], fields, lost: [], delivered: 1 })).toEqual({
      kind: 'wrong',
      reasons: ['missing (nothing lost)'],
    });
    expect(classifyRecord({ expected: session, rows: [session, session], fields, lost: [], delivered: 3 })).toEqual({
      kind: 'wrong',
      reasons: ['duplicated (nothing lost)'],
    });
  });
});

describe('given verdicts before and after reconciliation', () => {
  const exact: RecordVerdict = { kind: 'exact' };
  const gap: RecordVerdict = { kind: 'wrong', reasons: ['endTime wrong (Stream End lost)'] };

  it('when a record was exact before reconciliation then events (or parking, for a late profile) made it', () => {
    expect(exactBy({ exactBeforeReconciliation: true, parked: false })).toBe('events');
    expect(exactBy({ exactBeforeReconciliation: true, parked: true })).toBe('parking');
    expect(exactBy({ exactBeforeReconciliation: false, parked: true })).toBe('reconciliation');
  });

  it('when tallied then exact records are counted by what completed them and the others by reason', () => {
    const unknowable: RecordVerdict = { kind: 'unknowable', reasons: ['Stream Failure lost: statusReason unknowable'] };
    expect(
      tallyVerdicts([
        { before: exact, after: exact, parked: false },
        { before: exact, after: exact, parked: true },
        { before: gap, after: exact, parked: false },
        { before: gap, after: gap, parked: false },
        { before: unknowable, after: unknowable, parked: false },
        { before: unknowable, after: unknowable, parked: true },
      ]),
    ).toEqual({
      expected: 6,
      exact: { events: 1, parking: 1, reconciliation: 1 },
      unknowable: 2,
      wrong: 1,
      reasons: { 'endTime wrong (Stream End lost)': 1, 'Stream Failure lost: statusReason unknowable': 2 },
    });
  });
});

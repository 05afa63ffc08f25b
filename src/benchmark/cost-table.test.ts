import { describe, expect, it } from 'vitest';
import { CostTable } from './cost-table';

describe('given per-event costs', () => {
  it('when rows are asked then each kind is averaged, in broadcast order, with an overall row last', () => {
    const table = new CostTable();
    table.add('duplicate', { requests: 1, itemsRead: 2, latencyMs: 4 });
    table.add('Stream End', { requests: 2, itemsRead: 1, latencyMs: 2 });
    table.add('Stream Start', {
      requests: 2,
      itemsRead: 0,
      latencyMs: 3,
      dynamoOperations: { GetItem: 1, PutItem: 1 },
    });
    table.add('Stream Start', { requests: 3, itemsRead: 1, latencyMs: 5, dynamoOperations: { GetItem: 2 } });
    const rows = table.rows();
    expect(rows.map((r) => r.kind)).toEqual(['Stream Start', 'Stream End', 'duplicate', 'all events']);
    expect(rows[0]).toEqual({
      kind: 'Stream Start',
      events: 2,
      requestsPerEvent: 2.5,
      itemsReadPerEvent: 0.5,
      maxRequests: 3,
      maxItemsRead: 1,
      meanLatencyMs: 4,
      dynamoPerEvent: { GetItem: 1.5, PutItem: 0.5 },
    });
    expect(rows[3]).toMatchObject({ events: 4, requestsPerEvent: 2, itemsReadPerEvent: 1, maxRequests: 3 });
  });

  it('when nothing was added then the overall row has no events', () => {
    expect(new CostTable().rows()).toMatchObject([{ kind: 'all events', events: 0 }]);
  });
});

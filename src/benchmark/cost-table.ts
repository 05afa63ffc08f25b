/**
 * Data API requests and DynamoDB items read per event, by event kind: the sums of
 * the differences measured around each event, processed one at a time.
 */

export type EventCost = {
  requests: number;
  itemsRead: number;
  latencyMs: number;
  dynamoOperations?: Record<string, number>;
};

export type CostRow = {
  kind: string;
  events: number;
  requestsPerEvent: number;
  itemsReadPerEvent: number;
  maxRequests: number;
  maxItemsRead: number;
  meanLatencyMs: number;
  /** DynamoDB requests per event, by operation. */
  dynamoPerEvent: Record<string, number>;
};

/** Kinds in the order of a broadcast; others follow alphabetically. */
export const KIND_ORDER = [
  'Stream Start',
  'Recording Start',
  'Recording End',
  'Stream End',
  'Stream Failure',
  'Recording Start Failure',
  'Recording End Failure',
  'Session Created',
  'Session Ended',
  'duplicate',
];

const rank = (kind: string) => {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
};

export class CostTable {
  private readonly byKind = new Map<string, EventCost[]>();

  add(kind: string, cost: EventCost): void {
    const costs = this.byKind.get(kind) ?? [];
    costs.push(cost);
    this.byKind.set(kind, costs);
  }

  private static row(kind: string, costs: readonly EventCost[]): CostRow {
    const n = costs.length;
    const sum = (f: (c: EventCost) => number) => costs.reduce((s, c) => s + f(c), 0);
    return {
      kind,
      events: n,
      requestsPerEvent: n ? sum((c) => c.requests) / n : Number.NaN,
      itemsReadPerEvent: n ? sum((c) => c.itemsRead) / n : Number.NaN,
      maxRequests: n ? Math.max(...costs.map((c) => c.requests)) : Number.NaN,
      maxItemsRead: n ? Math.max(...costs.map((c) => c.itemsRead)) : Number.NaN,
      meanLatencyMs: n ? sum((c) => c.latencyMs) / n : Number.NaN,
      dynamoPerEvent: Object.fromEntries(
        [...new Set(costs.flatMap((c) => Object.keys(c.dynamoOperations ?? {})))]
          .sort()
          .map((op) => [op, sum((c) => c.dynamoOperations?.[op] ?? 0) / n]),
      ),
    };
  }

  /** One row per kind (broadcast order), then "all events". */
  rows(): CostRow[] {
    const kinds = [...this.byKind.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    return [...kinds.map((k) => CostTable.row(k, this.byKind.get(k)!)), this.total()];
  }

  total(): CostRow {
    return CostTable.row('all events', [...this.byKind.values()].flat());
  }
}

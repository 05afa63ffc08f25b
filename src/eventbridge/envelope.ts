/**
 * The event EventBridge hands to a rule's targets: what IVS events look like when
 * they reach the handler, and what the local bus, the simulator and reconciliation
 * build for in-process delivery.
 */
export type EventEnvelope = {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  /** RFC 3339, whole seconds. */
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
};

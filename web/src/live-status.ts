/**
 * Whether live updates are on, from the events the Amplify client publishes on the Hub
 * 'api' channel: connection state changes and one acknowledgement per subscription.
 * Pure; `ready` counts the times every subscription became acknowledged, so the page can
 * read its first pages again then (a change made while it subscribed is not missed).
 */

/** Hub 'api' event names of the Amplify realtime client (CONNECTION_STATE_CHANGE, CONTROL_MSG.SUBSCRIPTION_ACK). */
export const SUBSCRIPTION_ACK_EVENT = 'Subscription ack';

export type LiveStatus = {
  /** The client's ConnectionState, null before the first change. */
  connection: string | null;
  acknowledged: readonly string[];
  /** How many subscriptions the page holds. */
  expected: number;
  ready: number;
};

export type LiveEvent = { type: 'connection'; state: string } | { type: 'ack'; id: string };

// The states in which the socket is gone: subscriptions are made again when it comes back.
const LOST = new Set(['ConnectionDisrupted', 'ConnectionDisruptedPendingNetwork', 'Disconnected']);

export const initialLiveStatus = (expected: number): LiveStatus => ({
  connection: null,
  acknowledged: [],
  expected,
  ready: 0,
});

export const liveStatusReducer = (status: LiveStatus, event: LiveEvent): LiveStatus => {
  switch (event.type) {
    case 'connection':
      return LOST.has(event.state)
        ? { ...status, connection: event.state, acknowledged: [] }
        : { ...status, connection: event.state };
    case 'ack': {
      if (status.acknowledged.includes(event.id)) return status;
      const acknowledged = [...status.acknowledged, event.id];
      const nowReady = acknowledged.length === status.expected;
      return { ...status, acknowledged, ready: nowReady ? status.ready + 1 : status.ready };
    }
  }
};

export type LiveLabel = 'on' | 'connecting' | 'interrupted';

export const liveLabel = (status: LiveStatus): LiveLabel => {
  // Before the first time every subscription was acknowledged, a lost state is the start.
  if (status.connection !== null && LOST.has(status.connection)) return status.ready > 0 ? 'interrupted' : 'connecting';
  return status.acknowledged.length >= status.expected ? 'on' : 'connecting';
};

/**
 * A signed-in user's app reduced to its live subscriptions, in a process of its own (tests
 * start it with `startSubscriberProcess`; Amplify holds one configuration per process). It
 * configures the unchanged aws-amplify client from amplify_outputs.json and a user pool
 * token, subscribes as a frontend does, and prints each delivery as one JSON line: `ready`
 * once the server acknowledged every subscription, then `next` / `error`. It unsubscribes
 * and exits when its stdin closes.
 */
import { Amplify, type ResourcesConfig } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import type { Schema } from '../../../amplify/data/resource';
import { installLocalRealtime } from './realtime-test-support';
import { amplifyJwt } from './test-support';

export type SubscriberSetup = { outputs: object; token: string };

export const SUBSCRIPTIONS = [
  'Recording.observeQuery',
  'Recording.onCreate',
  'Recording.onUpdate',
  'Recording.onDelete',
  'StreamSession.observeQuery',
  'StreamSession.onCreate',
  'StreamSession.onUpdate',
] as const;
export type SubscriptionName = (typeof SUBSCRIPTIONS)[number];

export type SubscriberMessage =
  | { kind: 'ready' }
  | { kind: 'next'; subscription: SubscriptionName; data: Record<string, unknown> }
  | { kind: 'error'; subscription: SubscriptionName; error: unknown };

const print = (message: SubscriberMessage) => process.stdout.write(`${JSON.stringify(message)}\n`);

const run = async () => {
  const setup = JSON.parse(process.env.LOCAL_SUBSCRIBER_SETUP ?? '') as SubscriberSetup;
  const realtime = installLocalRealtime();
  const jwt = amplifyJwt(setup.token);
  Amplify.configure(setup.outputs as ResourcesConfig, {
    Auth: { tokenProvider: { getTokens: async () => ({ accessToken: jwt, idToken: jwt }) } },
  });
  const client = generateClient<Schema>();
  const { Recording, StreamSession } = client.models;
  // observeQuery subscribes to creates, updates and deletes, then lists.
  const observables = {
    'Recording.observeQuery': [Recording.observeQuery(), 3],
    'Recording.onCreate': [Recording.onCreate(), 1],
    'Recording.onUpdate': [Recording.onUpdate(), 1],
    'Recording.onDelete': [Recording.onDelete(), 1],
    'StreamSession.observeQuery': [StreamSession.observeQuery(), 3],
    'StreamSession.onCreate': [StreamSession.onCreate(), 1],
    'StreamSession.onUpdate': [StreamSession.onUpdate(), 1],
  } as const satisfies Record<SubscriptionName, readonly [unknown, number]>;
  const subscriptions = SUBSCRIPTIONS.map((name) => {
    const [observable] = observables[name];
    // Each observable has its own item type; what is printed is their JSON.
    return (
      observable as { subscribe(o: { next(d: unknown): void; error(e: unknown): void }): { unsubscribe(): void } }
    ).subscribe({
      next: (data) =>
        print({ kind: 'next', subscription: name, data: JSON.parse(JSON.stringify(data)) as Record<string, unknown> }),
      error: (error) =>
        print({ kind: 'error', subscription: name, error: JSON.parse(JSON.stringify(error ?? null)) as unknown }),
    });
  });
  await realtime.untilStartAcks(SUBSCRIPTIONS.reduce((n, name) => n + observables[name][1], 0));
  print({ kind: 'ready' });
  process.stdin.resume();
  process.stdin.on('end', () => {
    for (const s of subscriptions) s.unsubscribe();
    process.exit(0);
  });
};

run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

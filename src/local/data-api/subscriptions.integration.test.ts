// Live updates through the unchanged Amplify v6 realtime client on the local data API: the
// generated subscription resolvers' owner filters are honoured, subscribers receive the
// mutation's response, and a connection without a valid token is refused out loud.
import { randomUUID } from 'node:crypto';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Schema } from '../../../amplify/data/resource';
import { startLocalUserPool, type LocalUserPool } from '../user-pool';
import { localUserSub, ownerValueFor, startLocalDataApi, type LocalDataApi } from './index';
import { collector, installLocalRealtime } from './realtime-test-support';
import { configureAmplifyAsUser } from './test-support';

let api: LocalDataApi;
let pool: LocalUserPool;
let session: ReturnType<typeof configureAmplifyAsUser>;
let client: ReturnType<typeof generateClient<Schema>>;
let realtime: ReturnType<typeof installLocalRealtime>;
let acked = 0;

// Users of a pool that signs in with e-mail: Cognito's username is the sub.
const alice = { email: 'alice@example.com', sub: localUserSub('alice'), username: localUserSub('alice') };
const bob = { email: 'bob@example.com', sub: localUserSub('bob'), username: localUserSub('bob') };
const iam = { authMode: 'iam' } as const;
type Recording = Schema['Recording']['type'];

beforeAll(async () => {
  realtime = installLocalRealtime();
  pool = await startLocalUserPool({ port: 0 });
  for (const user of [alice, bob]) await pool.createUser({ email: user.email, password: 'Passw0rd!', sub: user.sub });
  api = await startLocalDataApi({
    assemblyDir: inject('sandboxAssemblyDir'),
    port: 0,
    verifyUserPoolToken: pool.verifyToken,
  });
  session = configureAmplifyAsUser(api, pool);
  client = generateClient<Schema>();
});

afterAll(async () => {
  await api?.stop();
  await pool?.stop();
});

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

/** Subscribes and waits until the server acknowledged it, so what is written next reaches it. */
const subscribed = async <T>(observable: {
  subscribe(observer: { next(item: T): void; error(error: unknown): void }): { unsubscribe(): void };
}) => {
  const seen = collector<T>();
  const subscription = observable.subscribe(seen);
  await realtime.untilStartAcks(++acked);
  return { seen, unsubscribe: () => subscription.unsubscribe() };
};

describe('owner-filtered subscriptions', () => {
  it('given alice subscribed to onCreate, when recordings of bob and then alice are created, then she receives only hers', async () => {
    const [mine, others] = await Promise.all([profileFor(alice), profileFor(bob)]);
    await session.signIn(alice.email);
    const { seen, unsubscribe } = await subscribed<Recording>(client.models.Recording.onCreate());
    try {
      const bobs = await recordingFor(others);
      const hers = await recordingFor(mine);
      await seen.until(() => seen.items.length > 0 || seen.errors.length > 0);

      expect(seen.errors).toEqual([]);
      expect(seen.items.map((r) => r.id)).toEqual([hers.data!.id]);
      expect(seen.items[0]).toMatchObject({
        owner: alice.username,
        recordingStatus: 'STARTED',
        channelArn: mine.channelArn,
      });
      expect(bobs.data!.id).not.toBe(hers.data!.id);
    } finally {
      unsubscribe();
    }
  });

  it("given alice subscribed to onUpdate, when bob's and then her recording turn COMPLETED, then she receives only hers", async () => {
    const [mine, others] = await Promise.all([profileFor(alice), profileFor(bob)]);
    const [hers, bobs] = await Promise.all([recordingFor(mine), recordingFor(others)]);
    await session.signIn(alice.email);
    const { seen, unsubscribe } = await subscribed<Recording>(client.models.Recording.onUpdate());
    try {
      await client.models.Recording.update({ id: bobs.data!.id, recordingStatus: 'COMPLETED', version: 2 }, iam);
      await client.models.Recording.update({ id: hers.data!.id, recordingStatus: 'COMPLETED', version: 2 }, iam);
      await seen.until(() => seen.items.length > 0);

      expect(seen.errors).toEqual([]);
      expect(seen.items.map((r) => [r.id, r.recordingStatus, r.version])).toEqual([[hers.data!.id, 'COMPLETED', 2]]);
    } finally {
      unsubscribe();
    }
  });

  it("given alice subscribed to onDelete, when bob's and then her recording are deleted, then she is told only of hers", async () => {
    const [mine, others] = await Promise.all([profileFor(alice), profileFor(bob)]);
    const [hers, bobs] = await Promise.all([recordingFor(mine), recordingFor(others)]);
    await session.signIn(alice.email);
    const { seen, unsubscribe } = await subscribed<Recording>(client.models.Recording.onDelete());
    try {
      await client.models.Recording.delete({ id: bobs.data!.id }, iam);
      await client.models.Recording.delete({ id: hers.data!.id }, iam);
      await seen.until(() => seen.items.length > 0);

      expect(seen.errors).toEqual([]);
      expect(seen.items.map((r) => r.id)).toEqual([hers.data!.id]);
    } finally {
      unsubscribe();
    }
  });

  it('given a mutation that selects only { id version }, when it updates her recording, then alice receives nothing of it (as AppSync: the owner filter reads the response)', async () => {
    const mine = await profileFor(alice);
    const hers = await recordingFor(mine);
    await session.signIn(alice.email);
    const { seen, unsubscribe } = await subscribed<Recording>(client.models.Recording.onUpdate());
    try {
      const bare = (await client.graphql({
        query: /* GraphQL */ `mutation Bare($input: UpdateRecordingInput!) { updateRecording(input: $input) { id version } }`,
        variables: { input: { id: hers.data!.id, version: 2 } },
        authMode: 'iam',
      })) as { errors?: unknown[] };
      // The barrier: the same change with every field selected is delivered.
      await client.models.Recording.update({ id: hers.data!.id, version: 3 }, iam);
      await seen.until(() => seen.items.length > 0);

      expect(bare.errors).toBeUndefined();
      expect(seen.items.map((r) => r.version)).toEqual([3]);
    } finally {
      unsubscribe();
    }
  });
});

const realtimeUrl = () => `${api.graphqlUrl.replace(/^http/, 'ws')}/realtime`;
const headerProtocol = (header: object) => `header-${Buffer.from(JSON.stringify(header)).toString('base64url')}`;
const host = () => new URL(api.graphqlUrl).host;

/** A raw AppSync realtime connection: sends connection_init, collects the server's messages. */
const rawConnection = async (header: object | undefined) => {
  const socket = new WebSocket(realtimeUrl(), ['graphql-ws', ...(header ? [headerProtocol(header)] : [])]);
  const messages = collector<{
    type: string;
    id?: string;
    payload?: { errors?: { errorType?: string; errorCode?: number; message?: string }[] };
  }>();
  socket.on('message', (data: Buffer) => messages.next(JSON.parse(data.toString()) as never));
  let closed = false;
  socket.on('close', () => {
    closed = true;
    messages.error('closed');
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(JSON.stringify({ type: 'connection_init' }));
  return { socket, messages, closed: () => closed };
};

describe('refusals on the realtime endpoint', () => {
  it('given no auth header, when a client connects, then connection_init is answered with UnauthorizedException 401 and the socket closes', async () => {
    const { messages, closed } = await rawConnection(undefined);
    await messages.until(() => closed());

    expect(messages.items).toEqual([
      {
        type: 'connection_error',
        payload: { errors: [{ errorType: 'UnauthorizedException', errorCode: 401, message: 'Missing authorization' }] },
      },
    ]);
  });

  it('given a token that is not a user pool token, when a client connects, then it is refused the same way', async () => {
    const foreign = `e30.${Buffer.from(JSON.stringify({ iss: 'https://issuer.example.com', sub: 'x' })).toString('base64url')}.sig`;
    const { messages, closed } = await rawConnection({ Authorization: foreign, host: host() });
    await messages.until(() => closed());

    expect(messages.items[0]?.type).toBe('connection_error');
    expect(messages.items[0]?.payload?.errors?.[0]).toMatchObject({
      errorType: 'UnauthorizedException',
      errorCode: 401,
    });
  });

  it("given alice's token with its claims changed to bob's, when a client connects, then the forged token is refused", async () => {
    const [head, claims, signature] = (await pool.signIn(alice.email)).accessToken.split('.');
    const asBob = {
      ...(JSON.parse(Buffer.from(claims!, 'base64url').toString()) as object),
      sub: bob.sub,
      username: bob.username,
    };
    const forged = `${head}.${Buffer.from(JSON.stringify(asBob)).toString('base64url')}.${signature}`;
    const { messages, closed } = await rawConnection({ Authorization: forged, host: host() });
    await messages.until(() => closed());

    expect(messages.items[0]?.type).toBe('connection_error');
    expect(messages.items[0]?.payload?.errors?.[0]).toMatchObject({
      errorType: 'UnauthorizedException',
      errorCode: 401,
    });
  });

  it('given a valid connection, when a subscription starts with a bad token or with the API key on an owner-only model, then that subscription gets an error', async () => {
    const token = (await pool.signIn(alice.email)).accessToken;
    const { socket, messages } = await rawConnection({ Authorization: token, host: host() });
    await messages.until(() => messages.items.some((m) => m.type === 'connection_ack'));
    const start = (id: string, authorization: object) =>
      socket.send(
        JSON.stringify({
          id,
          type: 'start',
          payload: {
            data: JSON.stringify({ query: 'subscription { onCreateRecording { id } }', variables: {} }),
            extensions: { authorization },
          },
        }),
      );

    start('bad-token', { Authorization: 'not-a-token', host: host() });
    start('api-key', { 'x-api-key': api.apiKey, host: host() });
    start('good', { Authorization: token, host: host() });
    await messages.until(() => messages.items.filter((m) => m.id !== undefined).length >= 3);
    socket.close();

    const byId = Object.fromEntries(messages.items.filter((m) => m.id).map((m) => [m.id, m]));
    expect(byId['bad-token']).toMatchObject({
      type: 'error',
      payload: { errors: [{ errorType: 'UnauthorizedException' }] },
    });
    expect(byId['api-key']).toMatchObject({ type: 'error', payload: { errors: [{ errorType: 'Unauthorized' }] } });
    expect(byId.good).toMatchObject({ type: 'start_ack' });
  });
});

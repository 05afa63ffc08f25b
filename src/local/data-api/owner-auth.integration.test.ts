// What users (Cognito user pool tokens) and the API key may do, as the generated owner
// rules decide: users read their own records and write nothing; the API key gets nothing.
import { generateClient } from 'aws-amplify/data';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Schema } from '../../../amplify/data/resource';
import { startLocalUserPool, type LocalUserPool } from '../user-pool';
import { localUserSub, ownerValueFor, startLocalDataApi, type LocalDataApi } from './index';
import { configureAmplifyAsUser } from './test-support';

let api: LocalDataApi;
let pool: LocalUserPool;
let session: ReturnType<typeof configureAmplifyAsUser>;
let client: ReturnType<typeof generateClient<Schema>>;

// Users of a pool that signs in with e-mail: Cognito's username is the sub.
const alice = { email: 'alice@example.com', sub: localUserSub('alice'), username: localUserSub('alice') };
const bob = { email: 'bob@example.com', sub: localUserSub('bob'), username: localUserSub('bob') };

beforeAll(async () => {
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

type GraphQLError = { errorType?: string; message: string };
const errorTypes = (errors: readonly GraphQLError[] | undefined) => (errors ?? []).map((e) => e.errorType);

/** Alice's profile, stream session and recording, written with IAM as the handler does. */
const seedForAlice = async () => {
  const owner = ownerValueFor(alice);
  const channelArn = `arn:aws:ivs:us-east-1:123456789012:channel/${randomUUID()}`;
  const iam = { authMode: 'iam' } as const;
  const profile = await client.models.Profile.create({ channelArn, owner }, iam);
  const stream = await client.models.StreamSession.create(
    { profileId: profile.data!.id, channelArn, streamId: 'st-1', status: 'LIVE', version: 1, owner },
    iam,
  );
  const recording = await client.models.Recording.create(
    {
      profileId: profile.data!.id,
      streamSessionId: stream.data!.id,
      channelArn,
      recordingSessionId: `rs-${randomUUID()}`,
      recordingStatus: 'STARTED',
      version: 1,
      owner,
    },
    iam,
  );
  expect([profile.errors, stream.errors, recording.errors]).toEqual([undefined, undefined, undefined]);
  return { profile: profile.data!, stream: stream.data!, recording: recording.data! };
};

describe('amplify_outputs.json for the local endpoints', () => {
  it('given the sandbox assembly, when outputs are built, then auth and data point at the local API', () => {
    const outputs = api.amplifyOutputs();

    expect(outputs).toMatchObject({
      version: '1.4',
      auth: {
        aws_region: 'us-east-1',
        user_pool_id: api.userPool.userPoolId,
        user_pool_client_id: api.userPool.userPoolClientId,
        identity_pool_id: api.userPool.identityPoolId,
        username_attributes: ['email'],
      },
      data: {
        url: api.graphqlUrl,
        aws_region: 'us-east-1',
        api_key: api.apiKey,
        default_authorization_type: 'AMAZON_COGNITO_USER_POOLS',
        authorization_types: ['API_KEY', 'AWS_IAM'],
      },
    });
    expect(outputs.data.model_introspection).toEqual(api.modelIntrospection);
    expect(Object.keys(api.modelIntrospection)).toContain('models');
  });
});

describe('owner rules with user pool tokens', () => {
  it('given the owner claim format, when a value is built for a user, then it is "<sub>::<username>"', () => {
    expect(ownerValueFor({ sub: 'abc', username: 'alice' })).toBe('abc::alice');
    expect(localUserSub('alice')).toBe(localUserSub('alice'));
    expect(localUserSub('alice')).not.toBe(localUserSub('bob'));
  });

  it("given alice's recording, when alice reads it, then she gets it by id, in lists and through her session", async () => {
    const { recording, stream } = await seedForAlice();
    await session.signIn(alice.email);

    const byId = await client.models.Recording.get({ id: recording.id });
    const listed = await client.models.Recording.list({
      filter: { recordingSessionId: { eq: recording.recordingSessionId } },
    });
    const viaSession = await client.models.StreamSession.get({ id: stream.id });
    const sessionRecordings = await viaSession.data!.recordings();

    expect(byId.errors).toBeUndefined();
    // Stored as "<sub>::<username>"; the generated owner field resolver returns the username (the sub here).
    expect(byId.data).toMatchObject({ id: recording.id, owner: alice.sub });
    expect(listed.data.map((r) => r.id)).toEqual([recording.id]);
    expect(sessionRecordings.data.map((r) => r.id)).toEqual([recording.id]);
  });

  it("given alice's recording, when bob reads it, then get returns nothing and lists leave it out", async () => {
    const { recording, profile } = await seedForAlice();
    await session.signIn(bob.email);

    const byId = await client.models.Recording.get({ id: recording.id });
    const listed = await client.models.Recording.list({
      filter: { recordingSessionId: { eq: recording.recordingSessionId } },
    });
    const byIndex = await client.models.Profile.profilesByChannelArn({ channelArn: profile.channelArn });

    expect(byId.data).toBeNull();
    expect(listed.data).toEqual([]);
    expect(byIndex.data).toEqual([]);
  });

  it('given a signed-in user, when she tries to create, update or delete, then every write is unauthorized', async () => {
    const { recording, stream, profile } = await seedForAlice();
    await session.signIn(alice.email);

    const attempts = await Promise.all([
      client.models.Recording.create({
        profileId: profile.id,
        streamSessionId: stream.id,
        channelArn: profile.channelArn,
        recordingSessionId: 'mine',
        recordingStatus: 'STARTED',
        version: 1,
        owner: ownerValueFor(alice),
      }),
      client.models.Recording.update({ id: recording.id, recordingStatus: 'FAILED' }),
      client.models.Recording.delete({ id: recording.id }),
      client.models.StreamSession.create({
        profileId: profile.id,
        channelArn: profile.channelArn,
        streamId: 'st-2',
        status: 'LIVE',
        version: 1,
        owner: ownerValueFor(alice),
      }),
      client.models.StreamSession.update({ id: stream.id, status: 'ENDED' }),
      client.models.StreamSession.delete({ id: stream.id }),
    ]);
    const after = await client.models.Recording.get({ id: recording.id }, { authMode: 'iam' });

    for (const attempt of attempts) {
      expect(attempt.data).toBeNull();
      expect(errorTypes(attempt.errors)).toEqual(['Unauthorized']);
    }
    expect(after.data).toMatchObject({ recordingStatus: 'STARTED', version: 1 });
  });

  it('given records, when the API key is used, then no model can be read or written', async () => {
    const { recording, profile } = await seedForAlice();
    const apiKey = { authMode: 'apiKey' } as const;

    const attempts = await Promise.all([
      client.models.Recording.get({ id: recording.id }, apiKey),
      client.models.Recording.list(apiKey),
      client.models.Profile.get({ id: profile.id }, apiKey),
      client.models.StreamSession.list(apiKey),
      client.models.Profile.create({ channelArn: 'arn:x' }, apiKey),
      client.models.Recording.update({ id: recording.id, version: 5 }, apiKey),
    ]);

    for (const attempt of attempts) {
      // get and mutations answer null, list an empty page: with the error either way.
      const data: unknown = attempt.data;
      expect(data === null || data === undefined || (Array.isArray(data) && data.length === 0)).toBe(true);
      expect(errorTypes(attempt.errors)).toEqual(['Unauthorized']);
    }
  });

  it('given an event parked for a channel with no profile, when a signed-in user or the API key reads or writes parked events, then every attempt is unauthorized', async () => {
    const channelArn = `arn:aws:ivs:us-east-1:123456789012:channel/${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const eventId = randomUUID();
    const parked = {
      id: eventId,
      eventId,
      channelArn,
      event: '{}',
      parkedAt: '2026-11-30T10:00:00.000Z',
      expiresAt: 1_799_150_400,
      parkedQueue: 'PARKED',
    } as const;
    // Written with IAM, as the handler parks it.
    expect((await client.models.ParkedEvent.create(parked, { authMode: 'iam' })).errors).toBeUndefined();
    await session.signIn(alice.email);

    for (const authMode of ['userPool', 'apiKey'] as const) {
      const attempts = await Promise.all([
        client.models.ParkedEvent.get({ id: eventId }, { authMode }),
        client.models.ParkedEvent.list({ authMode }),
        client.models.ParkedEvent.parkedEventsByChannelArn({ channelArn }, { authMode }),
        client.models.ParkedEvent.parkedEventsByQueue({ parkedQueue: 'PARKED' }, { authMode }),
        client.models.ParkedEvent.create({ ...parked, id: randomUUID() }, { authMode }),
        client.models.ParkedEvent.update({ id: eventId, event: '{"forged":true}' }, { authMode }),
        client.models.ParkedEvent.delete({ id: eventId }, { authMode }),
      ]);
      for (const attempt of attempts) {
        const data: unknown = attempt.data;
        expect(data === null || data === undefined || (Array.isArray(data) && data.length === 0), authMode).toBe(true);
        expect(errorTypes(attempt.errors), authMode).toEqual(['Unauthorized']);
      }
    }
    const after = await client.models.ParkedEvent.get({ id: eventId }, { authMode: 'iam' });
    expect(after.data).toMatchObject({ event: '{}', channelArn });
  });

  it('given no signed-in user, when a user pool request is made, then the client refuses before sending', async () => {
    session.signOut();

    const attempt = client.models.Recording.list();

    await expect(attempt).rejects.toThrow();
  });
});

// The handler's view of the local data API: IAM, configured exactly as a deployed
// function configures itself (amplifyDataClientConfig with the function's environment).
import { generateClient } from 'aws-amplify/data';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Schema } from '../../../amplify/data/resource';
import { startLocalDataApi, type LocalDataApi } from './index';
import { configureAmplifyAsFunction } from './test-support';

let api: LocalDataApi;
let restoreEnv: () => void;
let client: ReturnType<typeof generateClient<Schema>>;

beforeAll(async () => {
  api = await startLocalDataApi({ assemblyDir: inject('sandboxAssemblyDir'), port: 0 });
  restoreEnv = await configureAmplifyAsFunction(api, 'RecordingStatusHandler');
  client = generateClient<Schema>();
});

afterAll(async () => {
  restoreEnv?.();
  await api?.stop();
});

type GraphQLError = { errorType?: string; message: string };
const errorTypes = (errors: readonly GraphQLError[] | undefined) => (errors ?? []).map((e) => e.errorType);

/** A profile, a live stream session and a started recording of one channel. */
const seed = async (recordingSessionId = `rs-${randomUUID()}`) => {
  const channelArn = `arn:aws:ivs:us-east-1:123456789012:channel/${randomUUID()}`;
  const owner = 'sub-1::alice';
  const profile = await client.models.Profile.create({ channelArn, channelName: 'alice-tv', owner });
  expect(profile.errors).toBeUndefined();
  const session = await client.models.StreamSession.create({
    id: `st-${randomUUID()}`,
    owner,
    profileId: profile.data!.id,
    channelArn,
    streamId: `st-${randomUUID()}`,
    status: 'LIVE',
    version: 1,
  });
  expect(session.errors).toBeUndefined();
  const recording = await client.models.Recording.create({
    owner,
    profileId: profile.data!.id,
    streamSessionId: session.data!.id,
    channelArn,
    recordingSessionId,
    recordingStatus: 'STARTED',
    streamIds: [session.data!.id],
    version: 1,
  });
  expect(recording.errors).toBeUndefined();
  return { channelArn, profile: profile.data!, session: session.data!, recording: recording.data! };
};

const UPDATE_RECORDING = /* GraphQL */ `
  mutation UpdateRecording($input: UpdateRecordingInput!, $condition: ModelRecordingConditionInput) {
    updateRecording(input: $input, condition: $condition) {
      id
      version
      recordingStatus
    }
  }
`;

type UpdateRecordingResult = {
  data?: { updateRecording: { id: string; version: number; recordingStatus: string } | null };
  errors?: GraphQLError[];
};

/** client.graphql rejects with the GraphQL result when it holds errors; both are returned. */
const updateRecording = async (variables: Record<string, unknown>): Promise<UpdateRecordingResult> => {
  try {
    return (await client.graphql({ query: UPDATE_RECORDING, variables })) as UpdateRecordingResult;
  } catch (e) {
    if (typeof e === 'object' && e !== null && 'errors' in e) return e as UpdateRecordingResult;
    throw e;
  }
};

describe('local data API with IAM (the function role)', () => {
  it('given the function environment, when the handler configures Amplify, then the data client reaches the local endpoint', () => {
    const env = api.functionEnvironment('RecordingStatusHandler');
    expect(env.AMPLIFY_DATA_DEFAULT_NAME).toBe('amplifyData');
    expect(env.AMPLIFY_DATA_GRAPHQL_ENDPOINT).toBe(api.graphqlUrl);
    expect(env.AMPLIFY_DATA_MODEL_INTROSPECTION_SCHEMA_KEY).toBe('modelIntrospectionSchema.json');
    expect(env.AWS_ENDPOINT_URL_S3).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(() => api.functionEnvironment('NoSuchFunction')).toThrow(/NoSuchFunction/);
  });

  it('given created records, when each is read by id, then the stored fields come back', async () => {
    const { profile, session, recording, channelArn } = await seed();

    const [p, s, r] = await Promise.all([
      client.models.Profile.get({ id: profile.id }),
      client.models.StreamSession.get({ id: session.id }),
      client.models.Recording.get({ id: recording.id }),
    ]);

    expect(p.data).toMatchObject({ id: profile.id, channelArn, channelName: 'alice-tv' });
    expect(s.data).toMatchObject({ id: session.id, status: 'LIVE', version: 1, profileId: profile.id });
    expect(r.data).toMatchObject({
      id: recording.id,
      recordingStatus: 'STARTED',
      streamIds: [session.id],
      streamSessionId: session.id,
      version: 1,
    });
    expect(r.data?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('given records, when queried through the secondary indexes, then only the matching ones come back', async () => {
    const { channelArn, profile, recording } = await seed();
    await seed(); // another channel and recording session

    const byChannel = await client.models.Profile.profilesByChannelArn({ channelArn });
    const bySession = await client.models.Recording.recordingsByRecordingSessionId({
      recordingSessionId: recording.recordingSessionId,
    });

    expect(byChannel.errors).toBeUndefined();
    expect(byChannel.data.map((p) => p.id)).toEqual([profile.id]);
    expect(bySession.data.map((r) => r.id)).toEqual([recording.id]);
    expect(api.stats().dynamoRequests.Query).toBeGreaterThanOrEqual(2);
  });

  it('given recordings, when listed with a filter on recordingSessionId, then only that session is returned', async () => {
    const { recording } = await seed();
    await seed();

    const { data, errors } = await client.models.Recording.list({
      filter: { recordingSessionId: { eq: recording.recordingSessionId } },
    });

    expect(errors).toBeUndefined();
    expect(data.map((r) => r.id)).toEqual([recording.id]);
  });

  it('given more recordings than a page holds, when following nextToken, then every one is returned once', async () => {
    const { profile, session, channelArn, recording } = await seed();
    const ids = new Set<string>([recording.id]);
    for (let i = 0; i < 4; i++) {
      const { data } = await client.models.Recording.create({
        profileId: profile.id,
        streamSessionId: session.id,
        channelArn,
        recordingSessionId: `rs-page-${i}-${randomUUID()}`,
        recordingStatus: 'STARTED',
        version: 1,
      });
      ids.add(data!.id);
    }

    const seen: string[] = [];
    let pages = 0;
    let nextToken: string | null | undefined;
    do {
      const page = await client.models.Recording.list({
        filter: { channelArn: { eq: channelArn } },
        limit: 2,
        nextToken,
      });
      expect(page.errors).toBeUndefined();
      seen.push(...page.data.map((r) => r.id));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken && pages < 100);

    expect(pages).toBeGreaterThan(1);
    expect(seen).toHaveLength(5); // the seeded one and the four above, each once
    expect([...seen].sort()).toEqual([...ids].sort());
  });

  it('given a stream session with recordings, when its recordings are lazy loaded, then they are its own', async () => {
    const { session, recording, profile } = await seed();

    const { data: loaded } = await client.models.StreamSession.get({ id: session.id });
    const { data: recordings } = await loaded!.recordings();
    const { data: owner } = await loaded!.profile();

    expect(recordings.map((r) => r.id)).toEqual([recording.id]);
    expect(owner?.id).toBe(profile.id);
  });

  it('given a recording, when it is updated, then the new fields are stored', async () => {
    const { recording } = await seed();

    const { data, errors } = await client.models.Recording.update({
      id: recording.id,
      recordingStatus: 'COMPLETED',
      recordingDurationMs: 1234,
      version: 2,
    });
    const { data: reread } = await client.models.Recording.get({ id: recording.id });

    expect(errors).toBeUndefined();
    expect(data).toMatchObject({ recordingStatus: 'COMPLETED', version: 2 });
    expect(reread).toMatchObject({ recordingStatus: 'COMPLETED', recordingDurationMs: 1234, version: 2 });
  });

  it('given version N stored, when updating on condition version = N, then it succeeds', async () => {
    const { recording } = await seed();

    const result = await updateRecording({
      input: { id: recording.id, version: 2, recordingStatus: 'COMPLETED' },
      condition: { version: { eq: 1 } },
    });

    expect(result.errors).toBeUndefined();
    expect(result.data?.updateRecording).toMatchObject({ id: recording.id, version: 2 });
  });

  it('given version N stored, when updating on condition version = another, then ConditionalCheckFailed and nothing changes', async () => {
    const { recording } = await seed();

    const result = await updateRecording({
      input: { id: recording.id, version: 8, recordingStatus: 'FAILED' },
      condition: { version: { eq: 7 } },
    });
    const { data: reread } = await client.models.Recording.get({ id: recording.id });

    expect(errorTypes(result.errors)).toEqual(['DynamoDB:ConditionalCheckFailedException']);
    expect(result.data?.updateRecording ?? null).toBeNull();
    expect(reread).toMatchObject({ version: 1, recordingStatus: 'STARTED' });
  });

  it('given a recording, when another is created with its id, then the create fails conditionally', async () => {
    const { recording } = await seed();

    const { data, errors } = await client.models.Recording.create({
      id: recording.id,
      profileId: recording.profileId,
      streamSessionId: recording.streamSessionId,
      channelArn: recording.channelArn,
      recordingSessionId: 'overwritten',
      recordingStatus: 'FAILED',
      version: 99,
    });
    const { data: reread } = await client.models.Recording.get({ id: recording.id });

    expect(data).toBeNull();
    expect(errorTypes(errors)).toEqual(['DynamoDB:ConditionalCheckFailedException']);
    expect(reread).toMatchObject({ recordingSessionId: recording.recordingSessionId, version: 1 });
  });

  it('given requests, when stats are read, then dynalite counted operations and items read', async () => {
    const { recording } = await seed();
    api.resetStats();

    // As the generated VTL does it: get is a Query on the key (so it can apply auth
    // filters); update reads the item (GetItem) for its auth checks, then updates it.
    await client.models.Recording.get({ id: recording.id });
    await client.models.Recording.recordingsByRecordingSessionId({
      recordingSessionId: recording.recordingSessionId,
    });
    await client.models.Recording.update({ id: recording.id, version: 2 });

    expect(api.stats()).toEqual({ dynamoRequests: { Query: 2, GetItem: 1, UpdateItem: 1 }, itemsRead: 3 });
  });
});

// End to end on the local stack: the real aws-amplify client, signed in as users of the local
// user pool, calls createChannel and streamKey; the real channel function module runs them
// against the IVS stand-in and the local data API.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Schema } from '../../amplify/data/resource';
import { CHANNEL_OPERATIONS } from '../../amplify/functions/function-names';
import { configureAmplifyAsUser } from '../local/data-api/test-support';
import { startLocalStack, type LocalStack } from '../local/stack/local-stack';
import { testStackOptions } from '../local/stack/test-stack';
import { CHANNEL_OWNER_TAGS } from './channel-operations';
import { RECORDING_CONFIGURATION_ARN_ENV } from './channel-settings';

let stack: LocalStack;
let localDir: string;
let session: ReturnType<typeof configureAmplifyAsUser>;
let client: ReturnType<typeof generateClient<Schema>>;
// In a pool that signs in with e-mail, Cognito's username is the sub.
const alice = { email: 'alice.channels@example.com', sub: '', username: '' };
const bob = { email: 'bob.channels@example.com', sub: '', username: '' };

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  localDir = await mkdtemp(path.join(tmpdir(), 'channels-'));
  stack = await startLocalStack({ ...testStackOptions(inject('sandboxAssemblyDir'), localDir), demoProfile: false });
  for (const user of [alice, bob]) {
    const created = await stack.userPool.createUser({ email: user.email, password: 'Passw0rd!' });
    user.sub = created.sub;
    user.username = created.sub;
  }
  session = configureAmplifyAsUser(stack.dataApi, stack.userPool);
  client = generateClient<Schema>();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  if (localDir) await rm(localDir, { recursive: true, force: true });
});

const messages = (errors: readonly { message: string }[] | undefined) => (errors ?? []).map((e) => e.message);

describe('given a signed-in user with no channel', () => {
  let channelArn: string;

  it('when she creates a channel then IVS has it with the recording configuration and her owner tags, and her Profile exists', async () => {
    await session.signIn(alice.email);

    const { data, errors } = await client.mutations.createChannel({ name: 'alice-live' });

    expect(errors).toBeUndefined();
    const [channel, ...others] = await stack.ivs.storedChannels();
    expect(others).toEqual([]);
    expect(data).toEqual({
      channelArn: channel!.arn,
      channelName: 'alice-live',
      ingestEndpoint: channel!.ingestEndpoint,
      playbackUrl: channel!.playbackUrl,
      profileId: expect.any(String),
    });
    expect(channel!.tags).toEqual({
      [CHANNEL_OWNER_TAGS.sub]: alice.sub,
      [CHANNEL_OWNER_TAGS.username]: alice.username,
    });
    expect(channel!.recordingConfigurationArn).toBe(
      stack.dataApi.functionEnvironment(CHANNEL_OPERATIONS)[RECORDING_CONFIGURATION_ARN_ENV],
    );
    channelArn = channel!.arn;
    // Her own read (owner rule) finds the profile, and the stored owner is hers.
    const profile = await client.models.Profile.get({ id: data!.profileId });
    // No retention period given: the backend default applies (null on the profile).
    expect(profile.data).toMatchObject({
      id: data!.profileId,
      channelArn,
      channelName: 'alice-live',
      retentionDays: null,
    });
    const asAdmin = await client.models.Profile.get({ id: data!.profileId }, { authMode: 'iam' });
    expect(asAdmin.data?.owner).toContain(alice.username);
  });

  it('when she creates a second channel over the limit of 1 then it is refused with the reason, and IVS is not called', async () => {
    await session.signIn(alice.email);
    const callsBefore = stack.ivs.received.length;

    const { data, errors } = await client.mutations.createChannel({ name: 'alice-second' });

    expect(data).toBeNull();
    expect(messages(errors)).toEqual(['channel limit reached: you have 1 channel, and each user may have 1']);
    expect(stack.ivs.received.length).toBe(callsBefore);
    expect(await stack.ivs.storedChannels()).toHaveLength(1);
  });

  it('when she asks for her stream key then she gets the channel key and ingest endpoint', async () => {
    await session.signIn(alice.email);
    const [channel] = await stack.ivs.storedChannels();

    const { data, errors } = await client.queries.streamKey({ channelArn });

    expect(errors).toBeUndefined();
    expect(data).toEqual({ channelArn, ingestEndpoint: channel!.ingestEndpoint, streamKey: channel!.streamKey.value });
  });

  it('when another user asks for her stream key then he gets Unauthorized and no key', async () => {
    await session.signIn(bob.email);

    const { data, errors } = await client.queries.streamKey({ channelArn });

    expect(data).toBeNull();
    expect(messages(errors)).toEqual([`Unauthorized: ${channelArn} is not a channel of yours`]);
    expect(JSON.stringify(errors)).not.toContain((await stack.ivs.storedChannels())[0]!.streamKey.value);
  });

  it('when another user asks for a channel that does not exist then the answer is the same Unauthorized', async () => {
    await session.signIn(bob.email);
    const unknown = 'arn:aws:ivs:us-east-1:123456789012:channel/NoSuchChan01';

    const { errors } = await client.queries.streamKey({ channelArn: unknown });

    expect(messages(errors)).toEqual([`Unauthorized: ${unknown} is not a channel of yours`]);
  });

  it('when the other user asks for a channel keeping recordings 0 days then it is refused with the rule and nothing is created', async () => {
    await session.signIn(bob.email);
    const before = (await stack.ivs.storedChannels()).length;

    const { errors } = await client.mutations.createChannel({ retentionDays: 0 });

    expect(messages(errors)).toEqual(['retentionDays must be a whole number of days from 1 to 36500, got 0']);
    expect(await stack.ivs.storedChannels()).toHaveLength(before);
  });

  it('when the other user creates his own channel keeping recordings 7 days then he has one too, his profile is his and keeps them 7 days', async () => {
    await session.signIn(bob.email);

    const { data, errors } = await client.mutations.createChannel({ retentionDays: 7 });

    expect(errors).toBeUndefined();
    expect(data?.channelName).toMatch(/^channel-[0-9a-f]{12}$/);
    const mine = await client.models.Profile.get({ id: data!.profileId }, { authMode: 'iam' });
    expect(mine.data?.owner).toContain(bob.username);
    expect(mine.data?.retentionDays).toBe(7);
  });

  it('when a channel name breaks IVS rules then it is refused with the rule and nothing is created', async () => {
    await session.signIn(alice.email);
    const before = (await stack.ivs.storedChannels()).length;

    const { errors } = await client.mutations.createChannel({ name: 'no spaces allowed' });

    expect(messages(errors)).toEqual(['the channel name must be 1-128 of a-z A-Z 0-9 - _, got "no spaces allowed"']);
    expect(await stack.ivs.storedChannels()).toHaveLength(before);
  });

  it('when the API key calls createChannel then it is refused and no channel is created', async () => {
    const before = (await stack.ivs.storedChannels()).length;

    const { errors } = await client.mutations.createChannel({ name: 'anonymous' }, { authMode: 'apiKey' });

    expect(errors?.map((e) => (e as { errorType?: string }).errorType)).toEqual(['Unauthorized']);
    expect(await stack.ivs.storedChannels()).toHaveLength(before);
  });
});

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateChannelCommand,
  GetChannelCommand,
  GetStreamKeyCommand,
  ListStreamKeysCommand,
  ResourceNotFoundException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-ivs';
import { afterEach, describe, expect, it } from 'vitest';
import { IvsStandIn } from './ivs-stand-in';

const CONFIG = 'arn:aws:ivs:eu-west-1:111122223333:recording-configuration/Config0001';
let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

const rejection = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('resolved');
    },
    (error: unknown) => error,
  );

describe('given the IVS stand-in with a channels file', () => {
  it('when a channel is created then GetChannel, ListStreamKeys and GetStreamKey answer it, and a new stand-in on the same file still does', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ivs-stand-in-'));
    const file = path.join(dir, 'ivs-channels.json');
    const options = {
      channelsFile: file,
      region: 'eu-west-1',
      accountId: '111122223333',
      recordingConfigurationArns: [CONFIG],
    };
    const ivs = new IvsStandIn(options);

    const created = await ivs.send(
      new CreateChannelCommand({ name: 'my-channel', recordingConfigurationArn: CONFIG, tags: { owner: 'me' } }),
    );

    const arn = created.channel!.arn!;
    expect(arn).toMatch(/^arn:aws:ivs:eu-west-1:111122223333:channel\/[A-Za-z0-9]{12}$/);
    expect(created.channel).toMatchObject({
      name: 'my-channel',
      type: 'STANDARD',
      latencyMode: 'LOW',
      recordingConfigurationArn: CONFIG,
      tags: { owner: 'me' },
    });
    expect(created.channel!.ingestEndpoint).toMatch(/\.global-contribute\.live-video\.net$/);
    expect(created.streamKey).toMatchObject({ channelArn: arn, value: expect.stringMatching(/^sk_eu-west-1_/) });

    const again = new IvsStandIn(options);
    expect((await again.send(new GetChannelCommand({ arn }))).channel).toEqual(created.channel);
    const { streamKeys } = await again.send(new ListStreamKeysCommand({ channelArn: arn }));
    expect(streamKeys).toEqual([{ arn: created.streamKey!.arn, channelArn: arn, tags: {} }]);
    const { streamKey } = await again.send(new GetStreamKeyCommand({ arn: created.streamKey!.arn! }));
    expect(streamKey?.value).toBe(created.streamKey!.value);
    expect(JSON.parse(await readFile(file, 'utf8')).channels).toHaveLength(1);
  });

  it('when asked for what does not exist or with bad input then it answers with IVS errors and creates nothing', async () => {
    const ivs = new IvsStandIn({ recordingConfigurationArns: [CONFIG], callsPerSecond: 100 });

    expect(
      await rejection(ivs.send(new GetChannelCommand({ arn: 'arn:aws:ivs:eu-west-1:111122223333:channel/Nope' }))),
    ).toBeInstanceOf(ResourceNotFoundException);
    expect(await rejection(ivs.send(new GetChannelCommand({ arn: 'not-an-arn' })))).toBeInstanceOf(ValidationException);
    expect(await rejection(ivs.send(new CreateChannelCommand({ name: 'has spaces' })))).toBeInstanceOf(
      ValidationException,
    );
    const unknownConfig = 'arn:aws:ivs:eu-west-1:111122223333:recording-configuration/Other';
    expect(
      await rejection(ivs.send(new CreateChannelCommand({ recordingConfigurationArn: unknownConfig }))),
    ).toBeInstanceOf(ResourceNotFoundException);
    expect(await ivs.storedChannels()).toEqual([]);
  });

  it('when an operation is called more than 5 times in a second then it is throttled, as IVS does', async () => {
    const ivs = new IvsStandIn({ now: () => 1_000 });
    for (let i = 0; i < 5; i++) await ivs.send(new CreateChannelCommand({}));

    expect(await rejection(ivs.send(new CreateChannelCommand({})))).toBeInstanceOf(ThrottlingException);
    // Another operation has its own limit.
    const [first] = await ivs.storedChannels();
    await expect(ivs.send(new GetChannelCommand({ arn: first!.arn }))).resolves.toBeDefined();
  });
});

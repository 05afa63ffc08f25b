// End to end on the local stack: the shipped test events reach the real handler through the
// local bus before their channel has a Profile, so they are parked; then the create-profile
// script, run as a user runs it, creates the profile and replays them.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Schema } from '../../amplify/data/resource';
import { PROJECT_ROOT } from '../cloud-assembly/synthesize';
import { startLocalStack, type LocalStack } from '../local/stack/local-stack';
import { localEventBridgeClient, testStackOptions } from '../local/stack/test-stack';
import { parseEntriesFile } from '../put-events/entries-file';
import { sendEntries } from '../put-events/send-entries';
import { TEST_EVENT_FILES } from '../put-events/test-events';
import { runScript, scriptEnvironment, type ScriptRun } from '../testing/script-process';

let stack: LocalStack;
let localDir: string;
let events: EventBridgeClient;
let client: ReturnType<typeof generateClient<Schema>>;
const iam = { authMode: 'iam' } as const;

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  localDir = await mkdtemp(path.join(tmpdir(), 'parked-events-'));
  stack = await startLocalStack({
    ...testStackOptions(inject('sandboxAssemblyDir'), localDir),
    // The demo channel gets no profile: its events are parked.
    demoProfile: false,
    writeOutputs: true,
    outputsFile: path.join(localDir, 'amplify_outputs.json'),
  });
  events = localEventBridgeClient(stack.eventBus.endpoint);
  client = generateClient<Schema>();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await rm(localDir, { recursive: true, force: true });
});

const parkedOfDemoChannel = async () =>
  (await client.models.ParkedEvent.parkedEventsByChannelArn({ channelArn: stack.demoChannelArn }, iam)).data;

describe('given the shipped test events put before the demo channel has a Profile', () => {
  let createProfile: ScriptRun;

  beforeAll(async () => {
    for (const file of TEST_EVENT_FILES) {
      const entries = parseEntriesFile(await readFile(path.join(PROJECT_ROOT, 'test-events', file), 'utf8'));
      expect((await sendEntries(events, entries)).failedEntryCount, file).toBe(0);
      await stack.eventBus.idle();
    }
  }, 60_000);

  it('when they are delivered then each is parked, none is retried or captured as failed, and no record is written', async () => {
    expect((await parkedOfDemoChannel()).length).toBe(stack.metrics.counts().EventsParked);
    expect(stack.metrics.counts()).toMatchObject({ EventsParked: 7 });
    expect(stack.metrics.counts().EventsRetried ?? 0).toBe(0);
    expect(stack.eventBus.failures()).toEqual([]);
    expect(
      (await client.models.Recording.recordingsByRecordingSessionId({ recordingSessionId: 'DemoRecSessA1' }, iam)).data,
    ).toEqual([]);
  });

  it('when create-profile runs for the channel then it creates the profile, replays the 7 events, and the records are those of in-order delivery', async () => {
    createProfile = await runScript(
      'scripts/create-profile.ts',
      ['--channel-arn', stack.demoChannelArn, '--outputs', path.join(localDir, 'amplify_outputs.json')],
      { env: scriptEnvironment({ POWERTOOLS_LOG_LEVEL: 'SILENT' }) },
    );
    expect(createProfile.code, createProfile.stderr).toBe(0);
    expect(createProfile.stdout).toContain('Created profile');
    expect(createProfile.stdout).toContain('Replayed 7 parked event(s) of the channel');
    expect(await parkedOfDemoChannel()).toEqual([]);
    const a = await client.models.Recording.recordingsByRecordingSessionId(
      { recordingSessionId: 'DemoRecSessA1' },
      iam,
    );
    expect(a.data).toMatchObject([
      {
        recordingStatus: 'COMPLETED',
        recordingDurationMs: 1_834_000,
        streamSessionId: 'st-1DemoStreamA2b3c4D5e6F7g8h',
        streamIds: ['st-1DemoStreamA2b3c4D5e6F7g8h'],
      },
    ]);
    const b = await client.models.Recording.recordingsByRecordingSessionId(
      { recordingSessionId: 'DemoRecSessB1' },
      iam,
    );
    expect(b.data).toMatchObject([{ recordingStatus: 'FAILED', recordingStatusReason: 'ValidationException' }]);
    expect((await client.models.StreamSession.get({ id: 'st-1DemoStreamB2b3c4D5e6F7g8h' }, iam)).data?.status).toBe(
      'ENDED',
    );
  });

  it('when create-profile runs again then it finds the profile and has nothing left to replay', async () => {
    const again = await runScript(
      'scripts/create-profile.ts',
      ['--channel-arn', stack.demoChannelArn, '--outputs', path.join(localDir, 'amplify_outputs.json')],
      { env: scriptEnvironment({ POWERTOOLS_LOG_LEVEL: 'SILENT' }) },
    );
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Found existing profile');
    expect(again.stdout).toContain('Replayed 0 parked event(s)');
  });
});

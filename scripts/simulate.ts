// Simulates realistic IVS broadcasts and sends their events to EventBridge: npx tsx scripts/simulate.ts --help
// The AWS SDK and Amplify load after the command line is read: --help and usage errors answer at once.
import { fractionValue, integerValue, parseCommandLine, runCommand, UsageError } from '../src/cli/command-line';
import { DEFAULT_OUTPUTS_FILE, localStackEndpoint } from '../src/cli/local-stack-endpoint';
import { assertReachable } from '../src/cli/reachable';
import {
  DEFAULT_SIMULATOR_SOURCE,
  simulateBroadcasts,
  type Simulation,
  type SimulationOptions,
} from '../src/simulation/broadcast';
import { RECORDINGS_BUCKET_ENV } from '../src/recordings-bucket/bucket-name';
import { entriesOf, scheduleDelivery, type DeliverySchedule } from '../src/simulation/delivery';
import type { EnsureProfileFn } from '../src/simulation/run-simulation';
import { formatSummary } from '../src/simulation/summary';

const USAGE = `usage: npx tsx scripts/simulate.ts --channels N --broadcasts N [--seed N] [--start ISO] [--shuffle-window K]
         [--duplicates F] [--batch-size 1-10] [--concurrency N] [--source S] [--reconnect-starts]
         [--create-profiles] [--owner USER] [--skip-media] [--outputs FILE] [--endpoint-url URL | --aws] [--region R]
         [--dry-run]

Simulates realistic IVS broadcasts and sends their events through put-events, shuffled
within a window and duplicated. Without --start, the last event is about now.
  (default)          the local stack (npm start): the endpoint from amplify_outputs.json
                     (custom.local.eventsEndpoint), or LOCAL_EVENTS_PORT when set
  --aws              your AWS account's default bus; --endpoint-url URL: any EventBridge endpoint
  --create-profiles  create each channel's Profile first (through the outputs file's data API)
  --owner USER       the profiles' owner: an e-mail (looked up in the user pool, as create-profile
                     does), a sub or a username
  --skip-media       on the local stack, the simulator also writes each recording's files into
                     the local S3 store as IVS does (events JSON, a short HLS recording with two
                     renditions, JPEG thumbnails), so the handler indexes its media: not with this
  --dry-run          print the put-events calls' entries as JSON, send nothing
Exits 1 if any entry failed.`;

/** The local stack's recordings bucket: the shipped test events' (src/local/stack/demo-channel). */
const localRecordingsBucket = async (): Promise<string> => {
  const [{ demoRecordingsBucket }, { PROJECT_ROOT }] = await Promise.all([
    import('../src/local/stack/demo-channel'),
    import('../src/cloud-assembly/synthesize'),
  ]);
  return demoRecordingsBucket(PROJECT_ROOT);
};

await runCommand('simulate', async () => {
  const { values } = parseCommandLine(USAGE, {
    options: {
      channels: { type: 'string', default: '3' },
      broadcasts: { type: 'string', default: '2' },
      seed: { type: 'string' },
      start: { type: 'string' },
      'shuffle-window': { type: 'string', default: '0' },
      duplicates: { type: 'string', default: '0' },
      'batch-size': { type: 'string', default: '10' },
      concurrency: { type: 'string', default: '4' },
      source: { type: 'string', default: DEFAULT_SIMULATOR_SOURCE },
      'reconnect-starts': { type: 'boolean', default: false },
      'create-profiles': { type: 'boolean', default: false },
      owner: { type: 'string' },
      outputs: { type: 'string', default: DEFAULT_OUTPUTS_FILE },
      'endpoint-url': { type: 'string' },
      aws: { type: 'boolean', default: false },
      region: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'skip-media': { type: 'boolean', default: false },
    },
  });
  if (values.aws && values['endpoint-url']) throw new UsageError('--aws and --endpoint-url are exclusive');
  if (values.owner !== undefined && !values['create-profiles']) throw new UsageError('--owner needs --create-profiles');

  const seed = values.seed !== undefined ? integerValue('seed', values.seed) : Math.floor(Date.now() % 2 ** 31);
  const base: Omit<SimulationOptions, 'startTime'> = {
    seed,
    channels: integerValue('channels', values.channels, { min: 1 }),
    broadcastsPerChannel: integerValue('broadcasts', values.broadcasts, { min: 1 }),
    source: values.source,
    reconnectRecordingStarts: values['reconnect-starts'],
    // The bucket the backend was given at synthesis; on the local stack, its one recordings
    // bucket (the one its playback serves); else the backend's default for the simulated account.
    ...(process.env[RECORDINGS_BUCKET_ENV]
      ? { bucketName: process.env[RECORDINGS_BUCKET_ENV] }
      : !values.aws && !values['endpoint-url']
        ? { bucketName: await localRecordingsBucket() }
        : {}),
  };
  const shuffleWindow = integerValue('shuffle-window', values['shuffle-window'], { min: 0 });
  const duplicateFraction = fractionValue('duplicates', values.duplicates);
  const batchSize = integerValue('batch-size', values['batch-size'], { min: 1, max: 10 });
  const concurrency = integerValue('concurrency', values.concurrency, { min: 1 });

  let startTime: number;
  if (values.start !== undefined) {
    startTime = Date.parse(values.start);
    if (Number.isNaN(startTime)) throw new UsageError(`--start must be an ISO date-time, got "${values.start}"`);
  } else {
    // The layout does not depend on the start: shift it so the last event is about now.
    const now = Date.now();
    const probe = simulateBroadcasts({ ...base, startTime: now });
    startTime = now - (Date.parse(probe.lastEventTime) - now);
  }
  const simulation = simulateBroadcasts({ ...base, startTime });
  const schedule = scheduleDelivery(simulation.events, { seed, shuffleWindow, duplicateFraction, batchSize });

  if (values['dry-run']) {
    // One entries array per put-events call (each usable as `--entries file://...`).
    console.log(JSON.stringify(schedule.batches.map(entriesOf), null, 2));
    console.error(formatSummary(simulation, schedule, null));
    return 0;
  }
  const endpoint = values.aws
    ? undefined
    : (values['endpoint-url'] ?? (await localStackEndpoint('events', values.outputs)));
  if (endpoint) await assertReachable(endpoint, 'start the local stack with npm start, or pass --aws');
  return send(simulation, schedule, endpoint);

  async function send(
    simulation: Simulation,
    schedule: DeliverySchedule,
    endpoint: string | undefined,
  ): Promise<number> {
    const [{ dataClientForOutputs }, { ensureProfile }, { eventBridgeClientFor }, { runSimulation }] =
      await Promise.all([
        import('../src/data-client/outputs-file'),
        import('../src/records-store/profile-directory'),
        import('../src/put-events/send-entries'),
        import('../src/simulation/run-simulation'),
      ]);
    let profiles: { channels: typeof simulation.channels; ensureProfile: EnsureProfileFn; owner?: string } | undefined;
    if (values['create-profiles']) {
      const { client: dataClient, url } = await dataClientForOutputs(values.outputs);
      console.log(`profiles through ${url}`);
      // An e-mail is looked up in the user pool, as create-profile does.
      const { isEmail, ownerForEmail, userPoolFromOutputs } = await import('../src/user-directory/cognito-users');
      const { readAmplifyOutputs } = await import('../src/data-client/outputs-file');
      const owner =
        values.owner !== undefined && isEmail(values.owner)
          ? await ownerForEmail(
              userPoolFromOutputs(await readAmplifyOutputs(values.outputs), values.outputs),
              values.owner,
            )
          : values.owner;
      profiles = {
        channels: simulation.channels,
        ensureProfile: (input) => ensureProfile(dataClient, input),
        ...(owner !== undefined ? { owner } : {}),
      };
    }
    const client = eventBridgeClientFor({ endpoint, region: values.region });
    console.log(`sending to ${endpoint ?? 'AWS EventBridge'}`);
    const result = await runSimulation({ client, schedule, concurrency, ...(profiles ? { profiles } : {}) });
    client.destroy();
    console.log(formatSummary(simulation, schedule, result));
    // Only the local stack's S3: in AWS, IVS writes the real files.
    if (!values.aws && values['endpoint-url'] === undefined && !values['skip-media']) await writeMedia(simulation);
    for (const failed of result.failedEntries.slice(0, 10)) {
      console.error(
        `  delivery ${failed.position} (${failed.detailType}, ${failed.recordingKey}): ${failed.errorCode}: ${failed.errorMessage}`,
      );
    }
    if (result.callError?.code === 'ECONNREFUSED') {
      console.error(`Nothing answers at ${endpoint}: start the local stack with npm start, or pass --aws`);
    }
    return result.failedEntries.length > 0 || result.notSent > 0 ? 1 : 0;
  }

  async function writeMedia(simulation: Simulation): Promise<void> {
    const [{ localS3Client }, { mediaFixtureFiles }, { recordingMediaObjects, writeRecordingMedia }] =
      await Promise.all([
        import('../src/local/s3'),
        import('../src/recording-media/media-fixtures'),
        import('../src/simulation/recording-media'),
      ]);
    const endpoint = await localStackEndpoint('s3', values.outputs);
    await assertReachable(endpoint, 'start the local stack with npm start, or pass --skip-media');
    const fixtures = await mediaFixtureFiles();
    const s3 = localS3Client(endpoint);
    let written = 0;
    for (const broadcast of simulation.broadcasts) {
      written += await writeRecordingMedia(s3, recordingMediaObjects(broadcast, fixtures));
    }
    s3.destroy();
    console.log(`wrote ${written} recording files into the local S3 store ${endpoint}`);
  }
});

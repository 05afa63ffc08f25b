// Simulates realistic IVS broadcasts and sends their events to EventBridge.
//   npx tsx scripts/simulate.ts --channels 3 --broadcasts 2                 (the local stack, npm start)
//   npx tsx scripts/simulate.ts --channels 3 --broadcasts 2 --seed 42 --shuffle-window 10 --duplicates 0.1
//   npx tsx scripts/simulate.ts ... --create-profiles [--owner <username>] [--outputs amplify_outputs.json]
//   npx tsx scripts/simulate.ts ... --aws | --endpoint-url http://host:port
//   npx tsx scripts/simulate.ts ... --dry-run      (prints the put-events calls' entries as JSON, sends nothing)
// Without --start, the events are placed so the last one is about now. Exits 1 if any entry failed.
import { parseArgs } from 'node:util';
import { dataClientForOutputs } from '../src/data-client/outputs-file';
import { ensureProfile } from '../src/records-store/profile-directory';
import { LOCAL_EVENTS_ENDPOINT, eventBridgeClientFor } from '../src/put-events/send-entries';
import {
  DEFAULT_SIMULATOR_SOURCE,
  simulateBroadcasts,
  type Simulation,
  type SimulationOptions,
} from '../src/simulation/broadcast';
import { RECORDINGS_BUCKET_ENV } from '../src/recordings-bucket/bucket-name';
import { entriesOf, scheduleDelivery, type DeliverySchedule } from '../src/simulation/delivery';
import { runSimulation, type EnsureProfileFn } from '../src/simulation/run-simulation';
import { formatSummary } from '../src/simulation/summary';

const USAGE =
  'usage: npx tsx scripts/simulate.ts --channels N --broadcasts N [--seed N] [--start ISO] [--shuffle-window K]\n' +
  '         [--duplicates F] [--batch-size 1-10] [--concurrency N] [--source S] [--reconnect-starts]\n' +
  '         [--create-profiles] [--owner USER] [--outputs FILE] [--endpoint-url URL | --aws] [--region R] [--dry-run]';

const fail = (message: string): never => {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
};

const { values } = parseArgs({
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
    outputs: { type: 'string', default: 'amplify_outputs.json' },
    'endpoint-url': { type: 'string' },
    aws: { type: 'boolean', default: false },
    region: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const integer = (name: string, text: string): number => {
  const value = Number(text);
  return Number.isInteger(value) ? value : fail(`--${name} must be an integer, got "${text}"`);
};
const fraction = (name: string, text: string): number => {
  const value = Number(text);
  return value >= 0 && value <= 1 ? value : fail(`--${name} must be a number from 0 to 1, got "${text}"`);
};
if (values.aws && values['endpoint-url']) fail('--aws and --endpoint-url are exclusive');
if (values.owner !== undefined && !values['create-profiles']) fail('--owner needs --create-profiles');

const seed = values.seed !== undefined ? integer('seed', values.seed) : Math.floor(Date.now() % 2 ** 31);
const base: Omit<SimulationOptions, 'startTime'> = {
  seed,
  channels: integer('channels', values.channels),
  broadcastsPerChannel: integer('broadcasts', values.broadcasts),
  source: values.source,
  reconnectRecordingStarts: values['reconnect-starts'],
  // The bucket the backend was given at synthesis, else the backend's default for the simulated account.
  ...(process.env[RECORDINGS_BUCKET_ENV] ? { bucketName: process.env[RECORDINGS_BUCKET_ENV] } : {}),
};

try {
  let startTime: number;
  if (values.start !== undefined) {
    startTime = Date.parse(values.start);
    if (Number.isNaN(startTime)) fail(`--start must be an ISO date-time, got "${values.start}"`);
  } else {
    // The layout does not depend on the start: shift it so the last event is about now.
    const now = Date.now();
    const probe = simulateBroadcasts({ ...base, startTime: now });
    startTime = now - (Date.parse(probe.lastEventTime) - now);
  }
  const simulation = simulateBroadcasts({ ...base, startTime });
  const schedule = scheduleDelivery(simulation.events, {
    seed,
    shuffleWindow: integer('shuffle-window', values['shuffle-window']),
    duplicateFraction: fraction('duplicates', values.duplicates),
    batchSize: integer('batch-size', values['batch-size']),
  });

  if (values['dry-run']) {
    // One entries array per put-events call (each usable as `--entries file://...`).
    console.log(JSON.stringify(schedule.batches.map(entriesOf), null, 2));
    console.error(formatSummary(simulation, schedule, null));
  } else {
    process.exitCode = await send(simulation, schedule);
  }
} catch (error) {
  console.error(`simulate failed: ${(error as Error).message}`);
  process.exitCode = 1;
}

async function send(simulation: Simulation, schedule: DeliverySchedule): Promise<number> {
  let profiles: { channels: typeof simulation.channels; ensureProfile: EnsureProfileFn; owner?: string } | undefined;
  if (values['create-profiles']) {
    const { client: dataClient, url } = await dataClientForOutputs(values.outputs);
    console.log(`profiles through ${url}`);
    profiles = {
      channels: simulation.channels,
      ensureProfile: (input) => ensureProfile(dataClient, input),
      ...(values.owner !== undefined ? { owner: values.owner } : {}),
    };
  }

  const endpoint = values.aws ? undefined : (values['endpoint-url'] ?? LOCAL_EVENTS_ENDPOINT);
  const client = eventBridgeClientFor({ endpoint, region: values.region });
  console.log(`sending to ${endpoint ?? 'AWS EventBridge'}`);
  const result = await runSimulation({
    client,
    schedule,
    concurrency: integer('concurrency', values.concurrency),
    ...(profiles ? { profiles } : {}),
  });
  client.destroy();
  console.log(formatSummary(simulation, schedule, result));
  for (const failed of result.failedEntries.slice(0, 10)) {
    console.error(`  delivery ${failed.position} (${failed.detailType}, ${failed.recordingKey}): ${failed.errorCode}: ${failed.errorMessage}`);
  }
  if (result.callError?.code === 'ECONNREFUSED') {
    console.error(`Nothing answers at ${endpoint}: start the local stack with npm start, or pass --aws`);
  }
  return result.failedEntries.length > 0 || result.notSent > 0 ? 1 : 0;
}

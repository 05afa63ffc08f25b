// Runs the retention job once, on demand (the Lambda function runs it every day): npm run retention -- --help
// The AWS SDK and Amplify load after the command line is read: --help and usage errors answer at once.
import { integerValue, parseCommandLine, runCommand, UsageError } from '../src/cli/command-line';
import { DEFAULT_OUTPUTS_FILE, localStackEndpoint } from '../src/cli/local-stack-endpoint';
import { assertReachable } from '../src/cli/reachable';
import { RECORDING_RETENTION } from '../amplify/functions/function-names';

const USAGE = `usage: npm run retention -- [--dry-run] [--now <iso time>] [--max N] [--outputs FILE] [--s3-endpoint URL]

Deletes every object under the prefix of each recording whose retention expired (its
expiresAt is past), then keeps its row as a tombstone, oldest first; prints what it deleted.
  --dry-run          list what would be deleted (recordings, objects), change nothing
  --now ISO          delete what expired by then instead of now (e.g. 2030-01-01T00:00:00Z)
  --max N            at most N recordings (default 200, as the scheduled function)
  --outputs FILE     default ${DEFAULT_OUTPUTS_FILE}: the local stack's (npm start), or a deployed
                     backend's (AWS credentials of its account)
  --s3-endpoint URL  local stack only; default: amplify_outputs.json custom.local.s3Endpoint`;

await runCommand('retention', async () => {
  const { values } = parseCommandLine(USAGE, {
    options: {
      'dry-run': { type: 'boolean', default: false },
      now: { type: 'string' },
      max: { type: 'string' },
      outputs: { type: 'string', default: DEFAULT_OUTPUTS_FILE },
      's3-endpoint': { type: 'string' },
    },
  });
  const now = values.now === undefined ? Date.now() : Date.parse(values.now);
  if (Number.isNaN(now)) throw new UsageError(`--now must be an ISO time (2030-01-01T00:00:00Z), got "${values.now}"`);
  const { DEFAULT_MAX_RECORDINGS_PER_RUN } = await import('../src/retention/retention-settings');
  const maxRecordings =
    values.max === undefined
      ? DEFAULT_MAX_RECORDINGS_PER_RUN
      : integerValue('max', values.max, { min: 1, max: 10_000 });
  const [
    { Logger },
    { S3Client },
    { dataClientForOutputs, readAmplifyOutputs },
    { powertoolsEventLogger },
    { localS3Client },
    { retentionDeps },
    { runRetention },
    { scriptLifecyclePublisher },
    { announceRecordingDeleted },
  ] = await Promise.all([
    import('@aws-lambda-powertools/logger'),
    import('@aws-sdk/client-s3'),
    import('../src/data-client/outputs-file'),
    import('../src/event-processing/powertools-observability'),
    import('../src/local/s3'),
    import('../src/retention/retention-wiring'),
    import('../src/retention/retention-run'),
    import('../src/cli/lifecycle-publisher'),
    import('../src/lifecycle-events/lifecycle-outbox'),
  ]);
  const outputs = await readAmplifyOutputs(values.outputs);
  const { client, local, url } = await dataClientForOutputs(values.outputs);
  const region = outputs.data.aws_region;
  const s3Endpoint = local ? (values['s3-endpoint'] ?? (await localStackEndpoint('s3', values.outputs))) : undefined;
  if (s3Endpoint) await assertReachable(s3Endpoint);
  const s3 = s3Endpoint ? localS3Client(s3Endpoint, region) : new S3Client({ region });
  const at = new Date(now).toISOString();
  console.log(
    `Retention at ${at}: ${url} with ${s3Endpoint ? `the local S3 store ${s3Endpoint}` : `S3 in ${region}`}${values['dry-run'] ? ' (dry run)' : ''}`,
  );
  const deps = retentionDeps({
    client,
    s3,
    logger: powertoolsEventLogger(new Logger({ serviceName: RECORDING_RETENTION })),
  });
  // Recording Deleted for each tombstone, as the function publishes it (docs/lifecycle-events.md).
  const publish = await scriptLifecyclePublisher({
    local,
    region,
    ...(local ? { eventsEndpoint: await localStackEndpoint('events', values.outputs) } : {}),
  });
  const report = await runRetention(
    { ...deps, announceDeletion: announceRecordingDeleted(publish) },
    { now, dryRun: values['dry-run'], maxRecordings },
  );
  if (report.items.length > 0) console.table(report.items);
  const objects = report.items.reduce((sum, item) => sum + item.objects, 0);
  console.log(
    `${report.items.length} expired recording(s): ${JSON.stringify(report.counts)}; ${objects} object(s) ${values['dry-run'] ? 'would be deleted' : 'deleted'}${report.limited ? `; stopped at --max ${maxRecordings}: run again for more` : ''}`,
  );
  const failed = (report.counts.error ?? 0) + (report.counts.incomplete ?? 0);
  if (failed > 0) throw new Error(`${failed} recording(s) not deleted yet (see the log lines above): run again`);
});

// Runs the reconciliation once, on demand (the Lambda function runs it every 15 minutes): npm run reconcile -- --help
// The AWS SDK and Amplify load after the command line is read: --help and usage errors answer at once.
import path from 'node:path';
import { parseCommandLine, runCommand, UsageError } from '../src/cli/command-line';
import { DEFAULT_OUTPUTS_FILE, localStackEndpoint } from '../src/cli/local-stack-endpoint';
import { assertReachable } from '../src/cli/reachable';
import { PROJECT_ROOT } from '../src/cloud-assembly/synthesize';
import { RECORDINGS_BUCKET_ENV } from '../src/recordings-bucket/bucket-name';
import { RECONCILE_RECORDINGS } from '../amplify/functions/function-names';

const USAGE = `usage: npm run reconcile -- [--dry-run] [--stale-after-minutes N] [--bucket NAME] [--outputs FILE]
                          [--s3-endpoint URL] [--ivs-sessions FILE]

Completes Recordings still STARTED and StreamSessions still LIVE from S3 metadata and IVS,
then replays the parked events of channels that now have a Profile and deletes expired ones.
  --dry-run                learn and report, write nothing
  --stale-after-minutes N  only records started more than N minutes ago (default 30)
  --bucket NAME            read recordings of this bucket only (default IVS_RECORDINGS_BUCKET)
  --outputs FILE           default ${DEFAULT_OUTPUTS_FILE}: the local stack's (npm start), or a deployed
                           backend's (AWS credentials of its account)
Local stack only:
  --s3-endpoint URL        default: amplify_outputs.json custom.local.s3Endpoint, or LOCAL_S3_PORT
  --ivs-sessions FILE      the IVS stand-in's stream sessions (default .local/ivs-stream-sessions.json)`;

await runCommand('reconcile', async () => {
  const { values } = parseCommandLine(USAGE, {
    options: {
      outputs: { type: 'string', default: DEFAULT_OUTPUTS_FILE },
      'stale-after-minutes': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      bucket: { type: 'string' },
      's3-endpoint': { type: 'string' },
      'ivs-sessions': { type: 'string', default: path.join(PROJECT_ROOT, '.local/ivs-stream-sessions.json') },
    },
  });
  const { reconcileSettings } = await import('../src/reconciliation/reconcile-settings');
  let settings;
  try {
    settings = reconcileSettings({
      ...process.env,
      ...(values['stale-after-minutes'] !== undefined
        ? { RECONCILE_STALE_AFTER_MINUTES: values['stale-after-minutes'] }
        : {}),
      ...(values.bucket ? { [RECORDINGS_BUCKET_ENV]: values.bucket } : {}),
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace('RECONCILE_STALE_AFTER_MINUTES', '--stale-after-minutes'));
  }
  const [
    { Logger },
    { dataClientForOutputs, readAmplifyOutputs },
    { powertoolsEventLogger },
    { reconcileClients },
    { runReconciliation },
    { scriptLifecyclePublisher },
  ] = await Promise.all([
    import('@aws-lambda-powertools/logger'),
    import('../src/data-client/outputs-file'),
    import('../src/event-processing/powertools-observability'),
    import('../src/local/stack/reconcile-clients'),
    import('../src/reconciliation/run-reconciliation'),
    import('../src/cli/lifecycle-publisher'),
  ]);
  const outputs = await readAmplifyOutputs(values.outputs);
  const { client, local } = await dataClientForOutputs(values.outputs);
  const s3Endpoint = local ? (values['s3-endpoint'] ?? (await localStackEndpoint('s3', values.outputs))) : undefined;
  if (s3Endpoint) await assertReachable(s3Endpoint);
  const { s3, ivs, describe } = reconcileClients({
    local,
    region: outputs.data.aws_region,
    ivsSessionsFile: values['ivs-sessions'],
    ...(s3Endpoint ? { s3Endpoint } : {}),
  });
  // The lifecycle events of the recordings it repairs (docs/lifecycle-events.md), as the function does.
  const eventsEndpoint = local ? await localStackEndpoint('events', values.outputs) : undefined;
  const publishLifecycleEvents = await scriptLifecyclePublisher({
    local,
    region: outputs.data.aws_region,
    ...(eventsEndpoint ? { eventsEndpoint } : {}),
  });
  console.log(`Reconciling ${outputs.data.url} with ${describe}${values['dry-run'] ? ' (dry run)' : ''}`);
  const report = await runReconciliation({
    client,
    s3,
    ivs,
    logger: powertoolsEventLogger(new Logger({ serviceName: RECONCILE_RECORDINGS })),
    settings,
    now: Date.now(),
    dryRun: values['dry-run'],
    publishLifecycleEvents,
  });
  console.table(report.items);
  console.log(`Looked at records started before ${report.cutoff}: ${JSON.stringify(report.counts)}`);
  const { replayed, expired, waiting, channels } = report.parked;
  console.log(
    `Parked events of ${channels} channel(s): ${replayed} replayed, ${expired} expired and deleted, ${waiting} still waiting for a profile`,
  );
});

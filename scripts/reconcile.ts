// Runs the reconciliation once, on demand (the Lambda function runs it every 15 minutes).
//   npm run reconcile                       the local stack (amplify_outputs.json from npm start)
//   npm run reconcile -- --dry-run          learn and report, write nothing
//   npm run reconcile -- --stale-after-minutes 5 --outputs path/to/amplify_outputs.json
// Local: metadata from the local S3 store (LOCAL_S3_PORT, default 4566), IVS answers from the
// stand-in file .local/ivs-stream-sessions.json. Deployed: AWS credentials of the backend's account;
// --bucket (or IVS_RECORDINGS_BUCKET) limits the reads to the recordings bucket.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Logger } from '@aws-lambda-powertools/logger';
import { PROJECT_ROOT } from '../src/cloud-assembly/synthesize';
import { dataClientForOutputs, readAmplifyOutputs } from '../src/data-client/outputs-file';
import { powertoolsEventLogger } from '../src/event-processing/powertools-observability';
import { RECORDINGS_BUCKET_ENV } from '../src/recordings-bucket/bucket-name';
import { reconcileClients } from '../src/local/stack/reconcile-clients';
import { reconcileSettings } from '../src/reconciliation/reconcile-settings';
import { runReconciliation } from '../src/reconciliation/run-reconciliation';
import { RECONCILE_RECORDINGS } from '../amplify/functions/function-names';

const { values } = parseArgs({
  options: {
    outputs: { type: 'string', default: 'amplify_outputs.json' },
    'stale-after-minutes': { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    bucket: { type: 'string' },
    's3-endpoint': { type: 'string' },
    'ivs-sessions': { type: 'string', default: path.join(PROJECT_ROOT, '.local/ivs-stream-sessions.json') },
  },
});

try {
  const settings = reconcileSettings({
    ...process.env,
    ...(values['stale-after-minutes'] ? { RECONCILE_STALE_AFTER_MINUTES: values['stale-after-minutes'] } : {}),
    ...(values.bucket ? { [RECORDINGS_BUCKET_ENV]: values.bucket } : {}),
  });
  const outputs = await readAmplifyOutputs(values.outputs);
  const { client, local } = await dataClientForOutputs(values.outputs);
  const { s3, ivs, describe } = reconcileClients({
    local,
    region: outputs.data.aws_region,
    ivsSessionsFile: values['ivs-sessions'],
    ...(values['s3-endpoint'] ? { s3Endpoint: values['s3-endpoint'] } : {}),
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
  });
  console.table(report.items);
  console.log(`Looked at records started before ${report.cutoff}: ${JSON.stringify(report.counts)}`);
} catch (error) {
  console.error(`reconcile failed: ${(error as Error).message}`);
  process.exitCode = 1;
}

// Delivers the events that failed every attempt to RecordingStatusHandler again.
//   npm run redrive                  dry run: lists what would be redelivered
//   npm run redrive -- --apply       redeliver; each message is deleted once Lambda accepted its event
// Local stack: reads .local/failed-events.jsonl and invokes through the local Invoke endpoint
// (LOCAL_LAMBDA_PORT, default 4011). Deployed: the on-failure queue from --queue-url or
// amplify_outputs.json custom.ivsRecordings.failedEventsQueueUrl, the function from
// --function-name or custom.ivsRecordings.recordingStatusHandlerName (AWS credentials needed).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { PROJECT_ROOT } from '../src/cloud-assembly/synthesize';
import { LOCAL_CREDENTIALS } from '../src/data-client/iam-data-client';
import { readAmplifyOutputs } from '../src/data-client/outputs-file';
import { CaptureFileQueue } from '../src/local/event-bus/capture-file-queue';
import { DEFAULT_LAMBDA_INVOKE_PORT } from '../src/local/lambda-invoke';
import { lambdaAsyncInvoke } from '../src/redrive/lambda-async-invoke';
import { redriveFailedEvents } from '../src/redrive/redrive';
import { redriveTargetFrom } from '../src/redrive/redrive-target';
import { SqsFailedEventQueue } from '../src/redrive/sqs-failed-event-queue';

const { values } = parseArgs({
  options: {
    apply: { type: 'boolean', default: false },
    outputs: { type: 'string', default: 'amplify_outputs.json' },
    'queue-url': { type: 'string' },
    'function-name': { type: 'string' },
    'capture-file': { type: 'string' },
    'lambda-endpoint': { type: 'string' },
    region: { type: 'string' },
    max: { type: 'string', default: '1000' },
  },
});

const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
  console.log(`${level} ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);

try {
  const outputs = await readAmplifyOutputs(values.outputs).catch(() => ({}));
  const target = redriveTargetFrom(
    outputs,
    {
      ...(values['queue-url'] ? { queueUrl: values['queue-url'] } : {}),
      ...(values['function-name'] ? { functionName: values['function-name'] } : {}),
      ...(values['capture-file'] ? { captureFile: values['capture-file'] } : {}),
      ...(values['lambda-endpoint'] ? { lambdaEndpoint: values['lambda-endpoint'] } : {}),
      ...(values.region ? { region: values.region } : {}),
    },
    {
      captureFile: path.join(PROJECT_ROOT, '.local/failed-events.jsonl'),
      lambdaEndpoint: `http://127.0.0.1:${process.env.LOCAL_LAMBDA_PORT ?? DEFAULT_LAMBDA_INVOKE_PORT}`,
    },
  );
  const local = target.mode === 'local';
  const lambda = new LambdaClient({
    region: target.region,
    ...(local ? { endpoint: target.lambdaEndpoint, credentials: LOCAL_CREDENTIALS } : {}),
  });
  const queue = local
    ? new CaptureFileQueue(target.captureFile)
    : new SqsFailedEventQueue(new SQSClient({ region: target.region }), target.queueUrl, values.apply ? 300 : 0);
  const summary = await redriveFailedEvents({
    queue,
    invoke: lambdaAsyncInvoke(lambda),
    apply: values.apply,
    maxMessages: Number(values.max),
    ...(target.functionName ? { functionName: target.functionName } : {}),
    logger: { info: log('INFO'), warn: log('WARN'), error: log('ERROR') },
  });
  if (summary.outcomes.length > 0) console.table(summary.outcomes);
  if (summary.outcomes.some((o) => o.status === 'not-accepted')) process.exitCode = 1;
} catch (error) {
  console.error(`redrive failed: ${(error as Error).message}`);
  process.exitCode = 1;
}

// Delivers the events that failed every attempt to RecordingStatusHandler again: npm run redrive -- --help
// The AWS SDK and Amplify load after the command line is read: --help and usage errors answer at once.
import path from 'node:path';
import { integerValue, parseCommandLine, runCommand, UsageError } from '../src/cli/command-line';
import { DEFAULT_OUTPUTS_FILE, localStackEndpoint } from '../src/cli/local-stack-endpoint';
import { assertReachable } from '../src/cli/reachable';
import { PROJECT_ROOT } from '../src/cloud-assembly/synthesize';

const USAGE = `usage: npm run redrive -- [--apply] [--discard REQUEST_ID ... | --discard-all] [--max N] [--outputs FILE]
                        [--queue-url URL] [--function-name NAME] [--capture-file FILE]
                        [--lambda-endpoint URL] [--region R]

Lists the events that failed every attempt, with why (the last error, the attempts) and
which event each is (dry run); with --apply delivers them to the function again (Lambda
Invoke, asynchronous) and removes each once Lambda accepted it.
  --apply               act (default: list only)
  --discard REQUEST_ID  discard this event instead (repeatable; with --apply): for what no
                        retry can fix. Nothing is redelivered; the event is logged as discarded.
  --discard-all         discard every event in the queue (with --apply), unreadable ones too
  --max N               at most N events (default 1000)
  --outputs FILE        default ${DEFAULT_OUTPUTS_FILE}
Local stack (npm start): the capture file .local/failed-events.jsonl (--capture-file) and the
  Invoke endpoint from amplify_outputs.json custom.local.lambdaEndpoint, or LOCAL_LAMBDA_PORT
  (--lambda-endpoint).
Deployed: the on-failure queue from --queue-url or custom.ivsRecordings.failedEventsQueueUrl, the
  function from --function-name or custom.ivsRecordings.recordingStatusHandlerName (AWS credentials).`;

const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
  console.log(`${level} ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);

await runCommand('redrive', async () => {
  const { values } = parseCommandLine(USAGE, {
    options: {
      apply: { type: 'boolean', default: false },
      discard: { type: 'string', multiple: true },
      'discard-all': { type: 'boolean', default: false },
      outputs: { type: 'string', default: DEFAULT_OUTPUTS_FILE },
      'queue-url': { type: 'string' },
      'function-name': { type: 'string' },
      'capture-file': { type: 'string' },
      'lambda-endpoint': { type: 'string' },
      region: { type: 'string' },
      max: { type: 'string', default: '1000' },
    },
  });
  const maxMessages = integerValue('max', values.max, { min: 1 });
  if (values['discard-all'] && values.discard?.length)
    throw new UsageError('--discard and --discard-all cannot be combined');
  const discard = values['discard-all']
    ? { all: true as const }
    : values.discard?.length
      ? { requestIds: new Set(values.discard) }
      : undefined;
  const [{ readAmplifyOutputs }, { redriveTargetFrom }] = await Promise.all([
    import('../src/data-client/outputs-file'),
    import('../src/redrive/redrive-target'),
  ]);
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
      lambdaEndpoint: await localStackEndpoint('lambda', values.outputs),
    },
  );
  const local = target.mode === 'local';
  if (local && values.apply && !discard) await assertReachable(target.lambdaEndpoint);
  const [
    { LambdaClient },
    { SQSClient },
    { LOCAL_CREDENTIALS },
    { CaptureFileQueue },
    { lambdaAsyncInvoke },
    { redriveFailedEvents },
    { SqsFailedEventQueue },
  ] = await Promise.all([
    import('@aws-sdk/client-lambda'),
    import('@aws-sdk/client-sqs'),
    import('../src/data-client/iam-data-client'),
    import('../src/local/event-bus/capture-file-queue'),
    import('../src/redrive/lambda-async-invoke'),
    import('../src/redrive/redrive'),
    import('../src/redrive/sqs-failed-event-queue'),
  ]);
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
    ...(discard ? { discard } : {}),
    maxMessages,
    ...(target.functionName ? { functionName: target.functionName } : {}),
    logger: { info: log('INFO'), warn: log('WARN'), error: log('ERROR') },
  });
  if (summary.outcomes.length > 0)
    console.table(
      summary.outcomes.map(({ requestId, status, attempts, error, event, reason }) => ({
        requestId,
        status,
        attempts,
        why: error ?? reason,
        event,
      })),
    );
  return summary.outcomes.some((o) => o.status === 'not-accepted') || summary.notFound.length > 0 ? 1 : 0;
});

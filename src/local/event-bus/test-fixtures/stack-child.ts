/**
 * A local stack in a child process, for the crash test (durable-bus.integration.test.ts): the
 * parent needs a process it can SIGKILL. Persistent mode in STACK_CHILD_LOCAL_DIR,
 * every port picked free, the real handler and data API.
 *
 *   STACK_CHILD_LOCAL_DIR     the stack's data folder (the parent's temp dir)
 *   STACK_CHILD_ASSEMBLY_DIR  an already synthesized sandbox assembly
 *   STACK_CHILD_HOLD_AFTER    optional: deliveries after this many never reach the handler
 *                             (they stay open until the process is killed)
 *   STACK_CHILD_REPORT_IDLE   "1": once idle, report metrics and every record
 *
 * It speaks one JSON object per stdout line, prefixed with "@child ":
 * {"ready":{...}}, {"holding":n}, {"idle":{...}}. SIGTERM stops the stack cleanly.
 */
import { generateClient } from 'aws-amplify/data';
import type { Schema } from '../../../../amplify/data/resource';
import { startLocalStack } from '../../stack/local-stack';
import type { LocalLambdaHandler } from '../async-invoker';

const say = (message: object): void => {
  process.stdout.write(`@child ${JSON.stringify(message)}\n`);
};

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const holdAfter = process.env.STACK_CHILD_HOLD_AFTER ? Number(process.env.STACK_CHILD_HOLD_AFTER) : undefined;
let deliveries = 0;
const hold =
  (handler: LocalLambdaHandler): LocalLambdaHandler =>
  (event, context, callback) => {
    deliveries++;
    if (holdAfter !== undefined && deliveries > holdAfter) {
      say({ holding: deliveries });
      return new Promise(() => {});
    }
    return handler(event, context, callback);
  };

const stack = await startLocalStack({
  assemblyDir: required('STACK_CHILD_ASSEMBLY_DIR'),
  localDir: required('STACK_CHILD_LOCAL_DIR'),
  eventsPort: 0,
  dataPort: 0,
  s3Port: 0,
  lambdaPort: 0,
  userPoolPort: 0,
  writeOutputs: false,
  quiet: true,
  metricsSummaryMs: 0,
  // One delivery at a time: the handler sees each recording's events in the order they were accepted.
  concurrency: 1,
  wrapHandler: hold,
});
process.on('SIGTERM', () => {
  void stack.stop().then(() => process.exit(0));
});
say({ ready: { events: stack.eventBus.endpoint, resumed: stack.eventBus.stats().journal?.resumed ?? 0 } });

if (process.env.STACK_CHILD_REPORT_IDLE === '1') {
  await stack.eventBus.idle();
  const client = generateClient<Schema>({ authMode: 'iam' });
  const all = async <T>(page: (nextToken: string | undefined) => Promise<{ data: T[]; nextToken?: string | null }>) => {
    const items: T[] = [];
    let nextToken: string | undefined;
    do {
      const result = await page(nextToken);
      items.push(...result.data);
      nextToken = result.nextToken ?? undefined;
    } while (nextToken);
    return items;
  };
  const recordings = await all((nextToken) =>
    client.models.Recording.list({ limit: 1000, ...(nextToken ? { nextToken } : {}) }),
  );
  const sessions = await all((nextToken) =>
    client.models.StreamSession.list({ limit: 1000, ...(nextToken ? { nextToken } : {}) }),
  );
  say({
    idle: {
      metrics: stack.metrics.counts(),
      failures: stack.eventBus.failures().length,
      journal: stack.eventBus.stats().journal,
      recordings: recordings.map((r) => ({
        recordingSessionId: r.recordingSessionId,
        recordingStatus: r.recordingStatus,
        recordingDurationMs: r.recordingDurationMs,
        streamSessionId: r.streamSessionId,
      })),
      sessions: sessions.map((s) => ({ id: s.id, status: s.status })),
    },
  });
}

/** The local stack as integration tests start it: in memory, free ports, fast retries, quiet. */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { LocalStackOptions } from './local-stack';

export const testStackOptions = (assemblyDir: string, localDir: string): LocalStackOptions => ({
  assemblyDir,
  localDir,
  inMemory: true,
  eventsPort: 0,
  dataPort: 0,
  s3Port: 0,
  lambdaPort: 0,
  userPoolPort: 0,
  writeOutputs: false,
  quiet: true,
  retryDelaysMs: [50, 100],
});

/** The stock EventBridge client on the stack's PutEvents endpoint (signatures are not checked). */
export const localEventBridgeClient = (endpoint: string): EventBridgeClient =>
  new EventBridgeClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

/**
 * Where redrive reads failed events and where it delivers them, from
 * amplify_outputs.json and the command line (pure).
 *
 * - Local stack (its outputs carry `custom.ivsRecordingsLocalStack`, or a localhost data
 *   URL): the capture file (.local/failed-events.jsonl) and the local Invoke endpoint
 *   (the caller passes the one amplify_outputs.json names, custom.local.lambdaEndpoint).
 * - AWS: the on-failure queue URL from --queue-url, else `custom.ivsRecordings.failedEventsQueueUrl`
 *   (written by amplify/backend.ts); the function from --function-name, else
 *   `custom.ivsRecordings.recordingStatusHandlerName`, else the one named in each record.
 */
import { isLocalDataUrl } from '../data-client/iam-data-client';

export type RedriveFlags = {
  queueUrl?: string;
  functionName?: string;
  captureFile?: string;
  lambdaEndpoint?: string;
  region?: string;
};

export type RedriveTarget =
  | { mode: 'local'; captureFile: string; lambdaEndpoint: string; region: string; functionName?: string }
  | { mode: 'aws'; queueUrl: string; region: string; functionName?: string };

type Outputs = { data?: { url?: unknown; aws_region?: unknown }; custom?: Record<string, unknown> };

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export const redriveTargetFrom = (
  outputs: Outputs,
  flags: RedriveFlags,
  defaults: { captureFile: string; lambdaEndpoint: string },
): RedriveTarget => {
  const url = text(outputs.data?.url);
  const local = outputs.custom?.ivsRecordingsLocalStack === true || (url !== undefined && isLocalDataUrl(url));
  const custom = (outputs.custom?.ivsRecordings ?? {}) as Record<string, unknown>;
  const functionName = flags.functionName ?? text(custom.recordingStatusHandlerName);
  if (local && !flags.queueUrl) {
    return {
      mode: 'local',
      captureFile: flags.captureFile ?? defaults.captureFile,
      lambdaEndpoint: flags.lambdaEndpoint ?? defaults.lambdaEndpoint,
      region: flags.region ?? text(outputs.data?.aws_region) ?? 'us-east-1',
      ...(flags.functionName ? { functionName: flags.functionName } : {}),
    };
  }
  const queueUrl = flags.queueUrl ?? text(custom.failedEventsQueueUrl);
  if (!queueUrl) {
    throw new Error(
      'No on-failure queue URL: pass --queue-url, or use an amplify_outputs.json with custom.ivsRecordings.failedEventsQueueUrl',
    );
  }
  // https://sqs.<region>.amazonaws.com/<account>/<name>
  const region = flags.region ?? /^https:\/\/sqs\.([a-z0-9-]+)\./.exec(queueUrl)?.[1] ?? text(outputs.data?.aws_region);
  if (!region) throw new Error(`Cannot tell the region of ${queueUrl}: pass --region`);
  return { mode: 'aws', queueUrl, region, ...(functionName ? { functionName } : {}) };
};

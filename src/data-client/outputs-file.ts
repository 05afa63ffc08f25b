import { readFile } from 'node:fs/promises';
import {
  LOCAL_CREDENTIALS,
  iamDataClient,
  isLocalDataUrl,
  type AmplifyOutputsWithData,
  type AwsCredentials,
} from './iam-data-client';
import type { DataClient } from '../records-store/amplify-records-store';
import { assertReachable } from '../cli/reachable';

/** Reads an amplify_outputs.json that has a data section. */
export const readAmplifyOutputs = async (file: string): Promise<AmplifyOutputsWithData> => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new Error(
      code === 'ENOENT'
        ? `${file} not found: start the local stack (npm start) or deploy with npx ampx sandbox first`
        : `${file} is not valid JSON: ${(error as Error).message}`,
    );
  }
  const data = (parsed as { data?: { url?: unknown; aws_region?: unknown } }).data;
  if (typeof data?.url !== 'string' || typeof data.aws_region !== 'string') {
    throw new Error(`${file} has no data section (data.url, data.aws_region)`);
  }
  return parsed as AmplifyOutputsWithData;
};

/**
 * An IAM data client for an outputs file: placeholder credentials for the local
 * stack; for a deployed backend, the AWS SDK's default credential chain
 * (environment, profile, SSO...), which must belong to the backend's account.
 */
export const dataClientForOutputs = async (
  file: string,
): Promise<{ client: DataClient; local: boolean; url: string }> => {
  const outputs = await readAmplifyOutputs(file);
  const local = isLocalDataUrl(outputs.data.url);
  // The Amplify client would only report a network error: name the endpoint instead.
  if (local) await assertReachable(outputs.data.url);
  let credentials: () => Promise<AwsCredentials>;
  if (local) {
    credentials = async () => LOCAL_CREDENTIALS;
  } else {
    const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
    const provider = fromNodeProviderChain();
    credentials = async () => provider();
  }
  return { client: iamDataClient(outputs, credentials), local, url: outputs.data.url };
};

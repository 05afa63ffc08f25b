import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import type { DataClient } from '../records-store/amplify-records-store';

export type AwsCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** The `data` section of amplify_outputs.json that a Node client needs. */
export type AmplifyOutputsWithData = {
  version: string;
  data: { url: string; aws_region: string; model_introspection?: unknown } & Record<string, unknown>;
} & Record<string, unknown>;

/** A data URL served from this machine (the local stack), where signatures are not checked. */
export const isLocalDataUrl = (url: string): boolean => {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '::1' || host === '[::1]' || host.startsWith('127.');
};

/** Placeholder credentials for the local stack, which accepts any signed request as IAM. */
export const LOCAL_CREDENTIALS: AwsCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * Configures Amplify from an outputs file and returns a data client that signs
 * with IAM: the way an operator's script (or the handler) reaches the models that
 * no signed-in user may write. Amplify is a singleton: one configuration per process.
 */
export const iamDataClient = (
  outputs: AmplifyOutputsWithData,
  credentials: () => Promise<AwsCredentials>,
): DataClient => {
  Amplify.configure(outputs, {
    Auth: {
      credentialsProvider: {
        getCredentialsAndIdentityId: async () => ({ credentials: await credentials() }),
        clearCredentialsAndIdentityId: () => undefined,
      },
    },
  });
  return generateClient<import('../../amplify/data/resource').Schema>({ authMode: 'iam' });
};

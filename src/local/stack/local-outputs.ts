import type { LocalAmplifyOutputs } from '../data-api';
import type { LocalUserPool } from '../user-pool';
import { LOCAL_STACK_MARK } from './outputs-location';

/** amplify_outputs.json as the local stack writes it. */
export type LocalStackOutputs = Omit<LocalAmplifyOutputs, 'auth'> & {
  auth: Omit<LocalAmplifyOutputs['auth'], 'identity_pool_id'>;
  custom: typeof LOCAL_STACK_MARK & { local: { userPoolEndpoint: string } };
};

/**
 * The data API's outputs with the local user pool: its endpoint under `custom.local` (the
 * outputs schema has no field for it; an app passes it as `Auth.Cognito.userPoolEndpoint`).
 * No `identity_pool_id`: there is no local identity pool, so `fetchAuthSession` returns the
 * user's tokens and no AWS credentials, instead of calling Cognito Identity in AWS.
 */
export const localStackOutputs = (outputs: LocalAmplifyOutputs, userPool: LocalUserPool): LocalStackOutputs => {
  const { identity_pool_id: _none, ...auth } = outputs.auth;
  return { ...outputs, auth, custom: { ...LOCAL_STACK_MARK, local: { userPoolEndpoint: userPool.endpoint } } };
};

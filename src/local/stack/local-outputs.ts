import type { LocalAmplifyOutputs } from '../data-api';
import type { LocalEndpoints } from './local-endpoints';
import { LOCAL_STACK_MARK } from './outputs-location';

/** `custom.local`: every endpoint the stack serves (a test may give only the ones it started). */
export type LocalOutputsEndpoints = Partial<LocalEndpoints> & Pick<LocalEndpoints, 'userPoolEndpoint'>;

/** amplify_outputs.json as the local stack writes it. */
export type LocalStackOutputs = Omit<LocalAmplifyOutputs, 'auth'> & {
  auth: Omit<LocalAmplifyOutputs['auth'], 'identity_pool_id'>;
  custom: typeof LOCAL_STACK_MARK & { local: LocalOutputsEndpoints };
};

/**
 * The data API's outputs with the stack's endpoints under `custom.local`, where scripts find
 * them; the user pool's among them (the outputs schema has no field for it; an app passes it
 * as `Auth.Cognito.userPoolEndpoint`).
 * No `identity_pool_id`: there is no local identity pool, so `fetchAuthSession` returns the
 * user's tokens and no AWS credentials, instead of calling Cognito Identity in AWS.
 */
export const localStackOutputs = (
  outputs: LocalAmplifyOutputs,
  endpoints: LocalOutputsEndpoints,
): LocalStackOutputs => {
  const { identity_pool_id: _none, ...auth } = outputs.auth;
  return { ...outputs, auth, custom: { ...LOCAL_STACK_MARK, local: endpoints } };
};

/**
 * Test helpers for the local data API: configure the real Amplify client the way a
 * deployed function does (IAM), or as a signed-in user (user pool tokens).
 */
import { Amplify } from 'aws-amplify';
import { amplifyDataClientConfig } from '../../event-processing/data-client-config';
import type { LocalUserPool } from '../user-pool';
import type { LocalDataApi } from './index';

/**
 * Configures Amplify as the function runs when deployed: its environment on process.env
 * (the handler reads it there), then the handler's own amplifyDataClientConfig, which
 * fetches the model introspection schema from AWS_ENDPOINT_URL_S3. Returns a function
 * that restores process.env.
 */
export const configureAmplifyAsFunction = async (api: LocalDataApi, functionName: string): Promise<() => void> => {
  const env = api.functionEnvironment(functionName);
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const { resourceConfig, libraryOptions } = await amplifyDataClientConfig(env);
  Amplify.configure(resourceConfig, libraryOptions);
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
};

/** A token in the shape Amplify's token providers return (`decodeJWT`'s result). */
export const amplifyJwt = (token: string) => ({
  toString: () => token,
  payload: JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<
    string,
    string | number | boolean | string[]
  >,
});

/**
 * Configures Amplify from the local amplify_outputs.json, with the current user's access
 * token, really signed by the local user pool (change it with `signIn`), and fake IAM
 * credentials for `authMode: 'iam'` calls.
 */
export const configureAmplifyAsUser = (api: LocalDataApi, pool: LocalUserPool) => {
  let token: string | undefined;
  Amplify.configure(api.amplifyOutputs(), {
    Auth: {
      tokenProvider: {
        getTokens: async () => (token ? { accessToken: amplifyJwt(token), idToken: amplifyJwt(token) } : null),
      },
      credentialsProvider: {
        getCredentialsAndIdentityId: async () => ({
          credentials: { accessKeyId: 'ASIALOCALADMIN', secretAccessKey: 'local', sessionToken: 'local' },
        }),
        clearCredentialsAndIdentityId: () => undefined,
      },
    },
  });
  return {
    /** Signs in a user of the pool (by e-mail or sub). */
    signIn: async (emailOrSub: string) => {
      token = (await pool.signIn(emailOrSub)).accessToken;
    },
    signOut: () => {
      token = undefined;
    },
  };
};

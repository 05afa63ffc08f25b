import { Amplify, type ResourcesConfig } from 'aws-amplify';

/**
 * The app reads amplify_outputs.json at run time, next to index.html, instead of bundling
 * it: one build runs against the local stack, a sandbox or a branch, and the browser tests
 * serve their own file. `npm run web` serves the project's file; `npm run web:build` copies
 * it into the build (web/outputs-file-plugin.ts).
 */
export const OUTPUTS_FILE = 'amplify_outputs.json';

/** amplify_outputs.json as the app reads it: what Amplify.configure parses, and `custom`. */
export type AmplifyOutputs = {
  version?: string;
  auth?: { user_pool_id?: string; user_pool_client_id?: string; [key: string]: unknown };
  data?: { url?: string; [key: string]: unknown };
  custom?: Record<string, unknown>;
  [section: string]: unknown;
};

/** Whether the file was written by the local stack (`npm start`), which marks its `custom` section. */
export const isLocalStack = (outputs: AmplifyOutputs): boolean => outputs.custom?.ivsRecordingsLocalStack === true;

/**
 * The local user pool's endpoint, which the local stack writes as `custom.local.userPoolEndpoint`:
 * amplify_outputs.json has no field for it, Amplify's config does (Auth.Cognito.userPoolEndpoint).
 */
export const localUserPoolEndpoint = (outputs: AmplifyOutputs): string | undefined => {
  const local = outputs.custom?.local;
  const value =
    typeof local === 'object' && local !== null
      ? (local as { userPoolEndpoint?: unknown }).userPoolEndpoint
      : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
};

export const loadOutputs = async (base: string): Promise<AmplifyOutputs> => {
  const url = new URL(OUTPUTS_FILE, base);
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) {
    throw new Error(
      `${url.pathname} answered ${response.status}: start the local stack (npm start) or deploy a sandbox (npx ampx sandbox) first`,
    );
  }
  return (await response.json()) as AmplifyOutputs;
};

export const configureAmplify = (outputs: AmplifyOutputs): void => {
  Amplify.configure(outputs);
  const endpoint = localUserPoolEndpoint(outputs);
  if (!endpoint) return;
  const config = Amplify.getConfig();
  if (!config.Auth?.Cognito.userPoolId) throw new Error(`${OUTPUTS_FILE} has no user pool`);
  // The parsed config holds the user pool and the identity pool: one more field on the same union member.
  const Auth = {
    ...config.Auth,
    Cognito: { ...config.Auth.Cognito, userPoolEndpoint: endpoint },
  } as ResourcesConfig['Auth'];
  Amplify.configure({ ...config, Auth });
};

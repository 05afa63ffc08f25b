import { Amplify } from 'aws-amplify';
import { describe, expect, it } from 'vitest';
import { configureAmplify, isLocalStack, localUserPoolEndpoint, type AmplifyOutputs } from './amplify-config';
import exampleOutputs from '../../amplify_outputs.example.json';

// The outputs file the project ships as an example: what ampx or the local stack writes.
const example: AmplifyOutputs = exampleOutputs;

describe('given outputs written by ampx (no custom section)', () => {
  it('when Amplify is configured then the user pool is the real one and the app is not in local mode', () => {
    const { custom: _, ...cloud } = example;
    configureAmplify(cloud);
    expect(Amplify.getConfig().Auth?.Cognito.userPoolEndpoint).toBeUndefined();
    expect(Amplify.getConfig().Auth?.Cognito.userPoolId).toBe(example.auth?.user_pool_id);
    expect(isLocalStack(cloud)).toBe(false);
  });
});

describe('given outputs written by the local stack', () => {
  const local: AmplifyOutputs = {
    ...example,
    custom: { ivsRecordingsLocalStack: true, local: { userPoolEndpoint: 'http://127.0.0.1:4012' } },
  };

  it('when Amplify is configured then user pool calls go to the local endpoint and the rest is kept', () => {
    configureAmplify(local);
    const config = Amplify.getConfig();
    expect(config.Auth?.Cognito).toMatchObject({
      userPoolEndpoint: 'http://127.0.0.1:4012',
      userPoolId: example.auth?.user_pool_id,
      userPoolClientId: example.auth?.user_pool_client_id,
      loginWith: { email: true },
    });
    expect(config.API?.GraphQL?.endpoint).toBe(example.data?.url);
    expect(isLocalStack(local)).toBe(true);
  });

  it('when the endpoint is missing or not a string then none is applied', () => {
    expect(localUserPoolEndpoint({ ...example, custom: { local: { userPoolEndpoint: 42 } } })).toBeUndefined();
    expect(localUserPoolEndpoint({ ...example, custom: { local: { userPoolEndpoint: '' } } })).toBeUndefined();
    expect(localUserPoolEndpoint({ ...example, custom: { local: null } })).toBeUndefined();
  });
});

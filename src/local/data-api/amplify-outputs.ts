/**
 * amplify_outputs.json (version 1.4) from the root stack's outputs, translated the way
 * @aws-amplify/client-config (what ampx uses) does for auth and data.
 */
import type { clientConfigTypesV1_4 } from '@aws-amplify/client-config';
import type { LocalNames } from './local-names';

type Outputs = clientConfigTypesV1_4.AWSAmplifyBackendOutputs;

/** amplify_outputs.json, version 1.4, with the sections the local API provides (auth, data). */
export type LocalAmplifyOutputs = Outputs & Required<Pick<Outputs, 'auth' | 'data'>>;

type RootOutputs = Record<string, unknown>;
type AuthorizationType = clientConfigTypesV1_4.AwsAppsyncAuthorizationType;
const AUTHORIZATION_TYPES = [
  'AMAZON_COGNITO_USER_POOLS',
  'API_KEY',
  'AWS_IAM',
  'AWS_LAMBDA',
  'OPENID_CONNECT',
] as const satisfies readonly AuthorizationType[];

/** An authorization mode named in the assembly's outputs, as the outputs file types it. */
const authorizationType = (value: unknown): AuthorizationType => {
  const found = AUTHORIZATION_TYPES.find((type) => type === value);
  if (!found) throw new Error(`Unknown AppSync authorization type ${JSON.stringify(value)} in the assembly's outputs`);
  return found;
};

const jsonList = (value: unknown): string[] => {
  if (typeof value !== 'string' || value === '') return [];
  try {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
};

/** The JSON-valued auth outputs, as they are, when present. */
const authLists = (outputs: RootOutputs): Partial<LocalAmplifyOutputs['auth']> => {
  const json = (name: string): unknown => {
    const value = outputs[name];
    return typeof value === 'string' && value !== '' ? (JSON.parse(value) as unknown) : undefined;
  };
  return Object.fromEntries(
    (
      [
        ['mfa_methods', 'mfaTypes'],
        ['standard_required_attributes', 'signupAttributes'],
        ['username_attributes', 'usernameAttributes'],
        ['user_verification_types', 'verificationMechanisms'],
        ['groups', 'groups'],
      ] as const
    )
      .map(([key, output]) => [key, json(output)] as const)
      .filter(([, value]) => value !== undefined),
  ) as Partial<LocalAmplifyOutputs['auth']>;
};

const MFA = { OFF: 'NONE', OPTIONAL: 'OPTIONAL', ON: 'REQUIRED' } as const;

const passwordPolicy = (outputs: RootOutputs): Pick<LocalAmplifyOutputs['auth'], 'password_policy'> => {
  if (!outputs.passwordPolicyMinLength && !outputs.passwordPolicyRequirements) return {};
  const requirements = jsonList(outputs.passwordPolicyRequirements);
  return {
    password_policy: {
      min_length: Number(outputs.passwordPolicyMinLength ?? 8),
      require_numbers: requirements.includes('REQUIRES_NUMBERS'),
      require_lowercase: requirements.includes('REQUIRES_LOWERCASE'),
      require_uppercase: requirements.includes('REQUIRES_UPPERCASE'),
      require_symbols: requirements.includes('REQUIRES_SYMBOLS'),
    },
  };
};

const authSection = (outputs: RootOutputs, names: LocalNames): LocalAmplifyOutputs['auth'] => {
  const mfaConfiguration = MFA[String(outputs.mfaConfiguration) as keyof typeof MFA];
  return {
    aws_region: String(outputs.authRegion ?? names.region),
    user_pool_id: String(outputs.userPoolId ?? names.userPoolId),
    user_pool_client_id: String(outputs.webClientId ?? names.userPoolClientId),
    identity_pool_id: String(outputs.identityPoolId ?? names.identityPoolId),
    ...authLists(outputs),
    ...(mfaConfiguration ? { mfa_configuration: mfaConfiguration } : {}),
    ...passwordPolicy(outputs),
    unauthenticated_identities_enabled: outputs.allowUnauthenticatedIdentities === 'true',
  };
};

const dataSection = (
  outputs: RootOutputs,
  names: LocalNames,
  modelIntrospection: Record<string, unknown>,
): LocalAmplifyOutputs['data'] => {
  const authTypes = String(outputs.awsAppsyncAdditionalAuthenticationTypes ?? '')
    .split(',')
    .filter(Boolean);
  return {
    url: String(outputs.awsAppsyncApiEndpoint ?? names.graphqlUrl),
    aws_region: String(outputs.awsAppsyncRegion ?? names.region),
    ...(outputs.awsAppsyncApiKey ? { api_key: String(outputs.awsAppsyncApiKey) } : {}),
    default_authorization_type: authorizationType(outputs.awsAppsyncAuthenticationType),
    authorization_types: authTypes.map(authorizationType),
    model_introspection: modelIntrospection,
  };
};

export const amplifyOutputsFrom = (
  outputs: RootOutputs,
  names: LocalNames,
  modelIntrospection: Record<string, unknown>,
): LocalAmplifyOutputs => ({
  version: '1.4',
  auth: authSection(outputs, names),
  data: dataSection(outputs, names, modelIntrospection),
});

/**
 * The user pool settings the local pool reproduces, read from the synthesized templates
 * (the `AWS::Cognito::UserPool` and its `AWS::Cognito::UserPoolClient`), so the local pool
 * answers as the deployed one would: password policy, user existence errors, auth flows.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_PASSWORD_POLICY } from '../../user-directory/password-policy';
import type { UserPoolSettings } from './user-pool-service';

/** Cognito's defaults for a pool and client created by Amplify Gen 2 (`defineAuth`). */
export const DEFAULT_USER_POOL_SETTINGS: UserPoolSettings = {
  passwordPolicy: DEFAULT_PASSWORD_POLICY,
  preventUserExistenceErrors: true,
  explicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
};

type Resource = { Type?: string; Properties?: Record<string, unknown> };

export const readUserPoolSettings = async (assemblyDir: string): Promise<UserPoolSettings> => {
  const resources: Resource[] = [];
  for (const file of await readdir(assemblyDir)) {
    if (!file.endsWith('.template.json')) continue;
    const template = JSON.parse(await readFile(path.join(assemblyDir, file), 'utf8')) as {
      Resources?: Record<string, Resource>;
    };
    resources.push(...Object.values(template.Resources ?? {}));
  }
  const pools = resources.filter((r) => r.Type === 'AWS::Cognito::UserPool');
  const clients = resources.filter((r) => r.Type === 'AWS::Cognito::UserPoolClient');
  if (pools.length !== 1 || clients.length !== 1) {
    throw new Error(
      `Expected one Cognito user pool and one app client in ${assemblyDir}, found ${pools.length} and ${clients.length}`,
    );
  }
  const policy =
    (pools[0]!.Properties?.Policies as { PasswordPolicy?: Record<string, unknown> } | undefined)?.PasswordPolicy ?? {};
  const client = clients[0]!.Properties ?? {};
  const flag = (name: string, fallback: boolean) =>
    typeof policy[name] === 'boolean' ? (policy[name] as boolean) : fallback;
  return {
    passwordPolicy: {
      minLength: typeof policy.MinimumLength === 'number' ? policy.MinimumLength : DEFAULT_PASSWORD_POLICY.minLength,
      requireUppercase: flag('RequireUppercase', DEFAULT_PASSWORD_POLICY.requireUppercase),
      requireLowercase: flag('RequireLowercase', DEFAULT_PASSWORD_POLICY.requireLowercase),
      requireNumbers: flag('RequireNumbers', DEFAULT_PASSWORD_POLICY.requireNumbers),
      requireSymbols: flag('RequireSymbols', DEFAULT_PASSWORD_POLICY.requireSymbols),
    },
    // CloudFormation's default for a client without the property is LEGACY.
    preventUserExistenceErrors: client.PreventUserExistenceErrors === 'ENABLED',
    explicitAuthFlows: Array.isArray(client.ExplicitAuthFlows)
      ? client.ExplicitAuthFlows.filter((f): f is string => typeof f === 'string')
      : DEFAULT_USER_POOL_SETTINGS.explicitAuthFlows,
  };
};

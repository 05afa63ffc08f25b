/**
 * The local stack's endpoints: their default ports (defined here only), the
 * `custom.local` section `npm start` writes into amplify_outputs.json, and how
 * scripts and test helpers find them again (environment variable, else the
 * outputs file, else the default port).
 */
import { readFile } from 'node:fs/promises';

export const LOCAL_SERVICES = ['events', 'data', 's3', 'lambda', 'userPool'] as const;
export type LocalService = (typeof LOCAL_SERVICES)[number];

/** The port each service asks for by default, and the variable that changes it. */
export const LOCAL_PORTS: Record<LocalService, { variable: string; default: number }> = {
  events: { variable: 'LOCAL_EVENTS_PORT', default: 4010 },
  data: { variable: 'LOCAL_DATA_PORT', default: 20002 },
  s3: { variable: 'LOCAL_S3_PORT', default: 4566 },
  lambda: { variable: 'LOCAL_LAMBDA_PORT', default: 4011 },
  userPool: { variable: 'LOCAL_USER_POOL_PORT', default: 4012 },
};

export const LOCAL_HOST = '127.0.0.1';

/** `custom.local` of the local stack's amplify_outputs.json. */
export type LocalEndpoints = {
  /** EventBridge PutEvents. */
  eventsEndpoint: string;
  /** Amplify Data GraphQL (the same URL as data.url). */
  dataEndpoint: string;
  /** S3-compatible store (recording metadata). */
  s3Endpoint: string;
  /** Lambda Invoke (redrive). */
  lambdaEndpoint: string;
  /** Cognito user pool (an app's Auth.Cognito.userPoolEndpoint). */
  userPoolEndpoint: string;
};

const KEYS: Record<LocalService, keyof LocalEndpoints> = {
  events: 'eventsEndpoint',
  data: 'dataEndpoint',
  s3: 's3Endpoint',
  lambda: 'lambdaEndpoint',
  userPool: 'userPoolEndpoint',
};

export class BadPortError extends Error {
  override readonly name = 'BadPortError';
}

/** A port number from text (0 = any free port). */
export const parsePort = (text: string, what: string): number => {
  const port = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(port) || port > 65535)
    throw new BadPortError(`${what} must be a port number (0-65535), got "${text}"`);
  return port;
};

/** The ports `npm start` asks for: each service's variable, else its default. */
export const requestedPorts = (env: NodeJS.ProcessEnv): Record<LocalService, number> =>
  Object.fromEntries(
    LOCAL_SERVICES.map((service) => {
      const { variable, default: fallback } = LOCAL_PORTS[service];
      const value = env[variable];
      return [service, value === undefined || value === '' ? fallback : parsePort(value, variable)];
    }),
  ) as Record<LocalService, number>;

const localUrl = (port: number): string => `http://${LOCAL_HOST}:${port}`;

/** The endpoints found in parsed outputs, when they are the local stack's. */
export const localEndpointsIn = (outputs: unknown): Partial<LocalEndpoints> => {
  const local = (outputs as { custom?: { local?: Record<string, unknown> } } | null)?.custom?.local;
  if (!local || typeof local !== 'object') return {};
  return Object.fromEntries(
    Object.values(KEYS)
      .map((key) => [key, local[key]] as const)
      .filter(
        (entry): entry is readonly [keyof LocalEndpoints, string] => typeof entry[1] === 'string' && entry[1] !== '',
      ),
  );
};

const readOutputs = async (file: string): Promise<unknown> => {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return null;
  }
};

/**
 * Where a script finds the local stack: the service's port variable when set,
 * else the first outputs file (in order) that records the endpoint, else the
 * default port. Missing or unreadable files are skipped.
 */
export const resolveLocalEndpoint = async (
  service: LocalService,
  outputsFiles: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> => {
  const { variable, default: fallback } = LOCAL_PORTS[service];
  const fromEnv = env[variable];
  if (fromEnv !== undefined && fromEnv !== '') return localUrl(parsePort(fromEnv, variable));
  for (const file of outputsFiles) {
    const found = localEndpointsIn(await readOutputs(file))[KEYS[service]];
    if (found) return found;
  }
  return service === 'data' ? `${localUrl(fallback)}/graphql` : localUrl(fallback);
};

/**
 * A function's environment as deployed, read from the assembly, and made local: what
 * amplifyDataClientConfig (src/event-processing) and the function's handler need.
 */
import { EVENTBRIDGE_ENDPOINT_ENV, LIFECYCLE_EVENT_BUS_ENV } from '../../lifecycle-events/lifecycle-settings';
import { friendlyNameOf } from './appsync-model';
import type { CfnEvaluator } from './cfn-evaluator';

export type FunctionModelEnv = { logicalName: string; functionName: string; environment: Record<string, string> };

/**
 * A Lambda function's environment as deployed: its literal variables evaluated, and those
 * Amplify resolves at cold start from SSM (listed in AMPLIFY_SSM_ENV_CONFIG) taken from the
 * value of the SSM parameter of that path in the assembly.
 */
export const readFunctionEnvironment = (
  ev: CfnEvaluator,
  friendlyName: string,
  /** Values of names Amplify resolves from SSM that the assembly does not hold: its secrets (`secret('NAME')`). */
  secrets: Record<string, string> = {},
): FunctionModelEnv => {
  const candidates = ev
    .resourcesOfType('AWS::Lambda::Function')
    .filter((ref) => friendlyNameOf(ref) === friendlyName || ref.logicalId.startsWith(`${friendlyName}lambda`));
  if (candidates.length !== 1) {
    const known = ev.resourcesOfType('AWS::Lambda::Function').flatMap((r) => friendlyNameOf(r) ?? []);
    throw new Error(
      `No single Lambda function named ${friendlyName} in the assembly (functions: ${known.join(', ') || 'none'})`,
    );
  }
  const ref = candidates[0]!;
  const props = ev.properties(ref);
  const variables = ((props.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ??
    {}) as Record<string, unknown>;
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) environment[name] = String(value);
  const ssmConfig = JSON.parse(environment.AMPLIFY_SSM_ENV_CONFIG ?? '{}') as Record<string, { path: string }>;
  const parameters = new Map(
    ev.resourcesOfType('AWS::SSM::Parameter').map((p) => {
      const pp = ev.properties(p);
      return [String(pp.Name), pp.Value] as const;
    }),
  );
  for (const [name, { path: parameterPath }] of Object.entries(ssmConfig)) {
    if (!parameters.has(parameterPath) && secrets[name] !== undefined) {
      environment[name] = secrets[name];
      continue;
    }
    if (!parameters.has(parameterPath)) {
      throw new Error(
        `${friendlyName}: ${name} comes from SSM ${parameterPath}, which is not in the assembly (a secret needs a local value)`,
      );
    }
    environment[name] = String(parameters.get(parameterPath));
  }
  return {
    logicalName: friendlyName,
    functionName: String(ev.attribute(ref.stack, ref.logicalId, 'Ref')),
    environment,
  };
};

/** A function's environment; the named keys are those amplifyDataClientConfig requires. */
export type FunctionEnvironment = Record<string, string> & {
  AMPLIFY_DATA_DEFAULT_NAME: string;
  AWS_REGION: string;
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
  AWS_SESSION_TOKEN: string;
  AWS_ENDPOINT_URL_S3: string;
};

const FAKE_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'ASIALOCALDATAAPI0000',
  AWS_SECRET_ACCESS_KEY: 'local-data-api-secret',
  AWS_SESSION_TOKEN: 'local-data-api-session',
};

/**
 * The deployed environment with fake AWS credentials and the local S3 endpoint (serving the
 * model introspection schema). A function that publishes lifecycle events gets the local
 * bus's PutEvents endpoint; with no bus running, its bus variable is "" (publishing off).
 */
export const localFunctionEnvironment = (
  ev: CfnEvaluator,
  functionName: string,
  local: { region: string; s3Endpoint: string; secrets?: Record<string, string>; eventsEndpoint?: string },
): FunctionEnvironment => {
  const fn = readFunctionEnvironment(ev, functionName, local.secrets);
  const publishes = fn.environment[LIFECYCLE_EVENT_BUS_ENV] !== undefined;
  const lifecycle: Record<string, string> = !publishes
    ? {}
    : local.eventsEndpoint
      ? { [EVENTBRIDGE_ENDPOINT_ENV]: local.eventsEndpoint }
      : { [LIFECYCLE_EVENT_BUS_ENV]: '' };
  if (fn.environment.AMPLIFY_DATA_DEFAULT_NAME === undefined) {
    throw new Error(`${functionName} has no access to the data API (no AMPLIFY_DATA_DEFAULT_NAME)`);
  }
  return {
    AMPLIFY_DATA_DEFAULT_NAME: fn.environment.AMPLIFY_DATA_DEFAULT_NAME,
    ...fn.environment,
    // Resolved above from the SSM parameters; no SSM lookup at cold start.
    AMPLIFY_SSM_ENV_CONFIG: '{}',
    AWS_REGION: local.region,
    AWS_DEFAULT_REGION: local.region,
    AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
    ...FAKE_CREDENTIALS,
    AWS_ENDPOINT_URL_S3: local.s3Endpoint,
    ...lifecycle,
  };
};

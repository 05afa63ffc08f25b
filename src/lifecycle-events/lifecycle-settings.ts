/**
 * Where lifecycle events go, from a function's environment: the bus the backend names and
 * the function's region and credentials; locally, the stack's bus endpoint.
 */
import {
  functionCredentials,
  FUNCTION_CREDENTIAL_VARIABLES,
  type Credentials,
} from '../event-processing/data-client-config';
import { SettingError } from '../deploy-settings/setting-values';

/** The variable naming the bus the functions publish to (the backend sets the default bus's ARN). */
export const LIFECYCLE_EVENT_BUS_ENV = 'LIFECYCLE_EVENT_BUS';
/** The SDK's endpoint override for EventBridge: the local stack points it at its bus. */
export const EVENTBRIDGE_ENDPOINT_ENV = 'AWS_ENDPOINT_URL_EVENTBRIDGE';

export type PublisherSettings = {
  /** A bus name or ARN (EventBusName). */
  eventBusName: string;
  region: string;
  credentials: Credentials;
  /** The endpoint override, else the region's EventBridge endpoint. */
  endpoint?: string;
};

/**
 * The publisher's settings from a function's environment at cold start. The bus variable
 * set to "" turns publishing off (null): a function run where no bus exists (a local data
 * API alone). Unset, or anything missing, is a configuration error naming the variables.
 */
export const publisherSettings = (env: NodeJS.ProcessEnv): PublisherSettings | null => {
  const bus = env[LIFECYCLE_EVENT_BUS_ENV];
  if (bus === '') return null;
  const required = [LIFECYCLE_EVENT_BUS_ENV, 'AWS_REGION', ...FUNCTION_CREDENTIAL_VARIABLES];
  const missing = required.filter((key) => !env[key]);
  if (missing.length > 0) {
    throw new SettingError(
      `${env.AWS_LAMBDA_FUNCTION_NAME ?? 'The function'} cannot publish lifecycle events: missing ${missing.join(', ')}`,
    );
  }
  const endpoint = env[EVENTBRIDGE_ENDPOINT_ENV];
  if (endpoint !== undefined && endpoint !== '' && !URL.canParse(endpoint)) {
    throw new SettingError(`${EVENTBRIDGE_ENDPOINT_ENV} must be a URL, got "${endpoint}"`);
  }
  return {
    eventBusName: bus as string,
    region: env.AWS_REGION as string,
    credentials: functionCredentials(env),
    ...(endpoint ? { endpoint } : {}),
  };
};

/** Lambda's defaults when a function has no AWS::Lambda::EventInvokeConfig. */
export const LAMBDA_DEFAULT_RETRY_ATTEMPTS = 2;
export const LAMBDA_DEFAULT_MAX_EVENT_AGE_SECONDS = 21_600;
/** Lambda's default function timeout when the template sets none. */
export const LAMBDA_DEFAULT_TIMEOUT_SECONDS = 3;

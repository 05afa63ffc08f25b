import { RetryableError, type RetryableReason } from '../recording-engine/errors';

type GraphQLErrorLike = { errorType?: string; message?: string };

/** The GraphQL errors carried by what the Amplify client threw or returned. */
const graphqlErrorsOf = (error: unknown): GraphQLErrorLike[] => {
  const errors = (error as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) ? (errors as GraphQLErrorLike[]) : [];
};

/** A write refused because its condition (the version it read, or "does not exist yet") no longer holds. */
export const isConditionalCheckFailure = (error: unknown): boolean =>
  graphqlErrorsOf(error).some((e) => (e.errorType ?? '').includes('ConditionalCheckFailed'));

/**
 * Maps any other data API failure to a RetryableError. Network errors, 5xx and
 * throttling pass with time; a failure that does not (a misconfiguration) must
 * still end in the on-failure queue after the retries, never be dropped.
 */
export const retryableDataError = (operation: string, error: unknown): RetryableError => {
  const errors = graphqlErrorsOf(error);
  const types = errors.map((e) => e.errorType ?? '');
  const message =
    errors.map((e) => `${e.errorType ?? 'Error'}: ${e.message ?? ''}`).join('; ') ||
    (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  // The Amplify client reports a refused or dropped connection as an error without a type.
  const networkFailure =
    errors.length === 0 ||
    errors.some((e) => !e.errorType && /network|fetch failed|socket|ECONN/i.test(e.message ?? ''));
  const reason: RetryableReason = types.some((t) =>
    /Throttl|ProvisionedThroughputExceeded|RequestLimitExceeded/.test(t),
  )
    ? 'throttled'
    : networkFailure
      ? 'unavailable'
      : 'unknown';
  return new RetryableError(reason, `${operation} failed: ${message}`, { cause: error });
};

/**
 * Lambda's on-failure destination record (AWS's contract), pure: the shape Lambda sends to
 * an SQS/SNS/EventBridge on-failure destination. Redrive reads it from the real queue; the
 * local stack's Lambda emulation writes it, so the same tooling works on both.
 */

export type FailureCondition = 'RetriesExhausted' | 'EventAgeExceeded';

export type ErrorPayload = { errorType: string; errorMessage: string; trace?: string[] };

export type FailureRecord = {
  version: '1.0';
  timestamp: string;
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: FailureCondition;
    approximateInvokeCount: number;
  };
  requestPayload: unknown;
  /** Absent only when the event aged out before any attempt ran. */
  responseContext?: {
    statusCode: number;
    executedVersion: string;
    functionError: 'Unhandled';
  };
  responsePayload?: ErrorPayload;
};

/** What the Node.js runtime reports for a thrown value. */
export const errorPayloadOf = (error: unknown): ErrorPayload => {
  if (error instanceof Error) {
    return {
      errorType: error.name || 'Error',
      errorMessage: error.message,
      ...(error.stack ? { trace: error.stack.split('\n') } : {}),
    };
  }
  return { errorType: typeof error, errorMessage: String(error) };
};

export const buildFailureRecord = (input: {
  requestId: string;
  functionArn: string;
  condition: FailureCondition;
  approximateInvokeCount: number;
  requestPayload: unknown;
  lastError?: ErrorPayload;
  at: Date;
}): FailureRecord => ({
  version: '1.0',
  timestamp: input.at.toISOString(),
  requestContext: {
    requestId: input.requestId,
    functionArn: input.functionArn,
    condition: input.condition,
    approximateInvokeCount: input.approximateInvokeCount,
  },
  requestPayload: input.requestPayload,
  ...(input.lastError
    ? {
        // An unhandled function error still answers 200: the error is in the payload.
        responseContext: {
          statusCode: 200,
          executedVersion: '$LATEST',
          functionError: 'Unhandled',
        },
        responsePayload: input.lastError,
      }
    : {}),
});

export const functionArnOf = (region: string, account: string, functionName: string): string =>
  `arn:aws:lambda:${region}:${account}:function:${functionName}:$LATEST`;

/** `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]` -> name. */
export const functionNameFromArn = (arn: string): string | undefined =>
  /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(arn)?.[1];

export const isFailureRecord = (value: unknown): value is FailureRecord => {
  if (typeof value !== 'object' || value === null) return false;
  const context = (value as { requestContext?: unknown }).requestContext;
  return (
    typeof context === 'object' &&
    context !== null &&
    typeof (context as { requestId?: unknown }).requestId === 'string' &&
    typeof (context as { functionArn?: unknown }).functionArn === 'string' &&
    'requestPayload' in value
  );
};

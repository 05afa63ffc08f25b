import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';

/** Hands an event to a function asynchronously; resolves once Lambda accepted it (202). */
export type AsyncInvoke = (functionName: string, payload: unknown) => Promise<{ requestId: string | undefined }>;

export const lambdaAsyncInvoke =
  (lambda: Pick<LambdaClient, 'send'>): AsyncInvoke =>
  async (functionName, payload) => {
    const output = await lambda.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify(payload)),
      }),
    );
    if (output.StatusCode !== 202)
      throw new Error(`Lambda answered ${output.StatusCode} to an asynchronous invoke of ${functionName}`);
    return { requestId: output.$metadata.requestId };
  };

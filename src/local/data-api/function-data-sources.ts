/**
 * Function data sources (`a.handler.function(fn)` on a custom query or mutation): AppSync
 * invokes the function, request-response, with the payload the generated request template
 * builds (`typeName`, `fieldName`, `arguments`, `identity`, `source`, `request`, `prev`), and
 * the resolver returns what the function returns. Locally the function's real handler module
 * runs in this process, within the function's timeout; the caller supplies a loader per
 * function (its Amplify name), so the function's environment can be set before it loads.
 * An asynchronous handler (`.async()`, invocation type Event) is queued with Lambda's async
 * semantics (the local event bus's invoker: retries, timeout) and the operation answers at once.
 */
import { randomUUID } from 'node:crypto';
import {
  createAsyncInvoker,
  lambdaContext,
  runHandler,
  type AsyncInvoker,
  type LocalLambdaHandler,
} from '../event-bus';
import type { LambdaFunctionModel } from './appsync-model';
import type { InvocationType } from './patches/lambda-invocation-type';

/** Amplify function name (`defineFunction({ name })`) → its handler, loaded on first use. */
export type FunctionHandlers = Record<string, () => Promise<LocalLambdaHandler>>;

/** How AppSync reports a function that threw: the error's message, type `Lambda:Unhandled`. */
const lambdaError = (message: string) => Object.assign(new Error(message), { type: 'Lambda:Unhandled' });

type SimulatorIdentity = Record<string, unknown> & { sourceIp?: unknown; claims?: Record<string, unknown> };

/**
 * The identity as AppSync hands it to a function: `sourceIp` is a list; a user pool caller
 * has `sub`, `issuer`, `username`, `claims`, `defaultAuthStrategy` and `groups`.
 */
export const appSyncIdentity = (identity: SimulatorIdentity | null | undefined): Record<string, unknown> | null => {
  if (!identity) return null;
  const { sourceIp, ...rest } = identity;
  const ips = sourceIp === undefined || sourceIp === null ? [] : Array.isArray(sourceIp) ? sourceIp : [sourceIp];
  if (!identity.claims) return { ...rest, sourceIp: ips };
  const { 'cognito:username': _cognitoUsername, ...user } = rest;
  const groups = identity.claims['cognito:groups'];
  return { ...user, sourceIp: ips, groups: Array.isArray(groups) ? groups : null };
};

/** The `invoke` of the simulator's Lambda data source for one function. */
export const functionInvoker = (fn: LambdaFunctionModel, load: (() => Promise<LocalLambdaHandler>) | undefined) => {
  let loaded: Promise<LocalLambdaHandler> | undefined;
  let queue: AsyncInvoker | undefined;
  const timeoutMs = fn.timeoutSeconds * 1000;
  const handler = (): Promise<LocalLambdaHandler> => {
    if (!load) {
      throw lambdaError(
        `Function ${fn.friendlyName} has no local handler: pass startLocalDataApi({ functionHandlers: { ${fn.friendlyName}: () => import(...) } })`,
      );
    }
    return (loaded ??= load());
  };
  return async (
    payload: Record<string, unknown> & { identity?: SimulatorIdentity | null },
    options: { invocationType?: InvocationType } = {},
  ): Promise<unknown> => {
    const event = { ...payload, identity: appSyncIdentity(payload.identity) };
    if (options.invocationType === 'Event') {
      if (!load) await handler(); // throws: there is no function to queue the event for
      queue ??= createAsyncInvoker({
        functionName: fn.functionName,
        timeoutMs,
        // The queue enforces the timeout; this runs the loaded handler, promise or callback style.
        handler: async (e, context) => runHandler(await handler(), e, context, undefined),
      });
      queue.invoke(event);
      return null; // Lambda accepted the event: AppSync answers { success: true }
    }
    const started = Date.now();
    const context = lambdaContext({
      functionName: fn.functionName,
      functionArn: fn.arn,
      requestId: randomUUID(),
      timeoutMs,
      started,
    });
    try {
      return await runHandler(await handler(), event, context, timeoutMs);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`[local data API] function ${fn.friendlyName} failed: ${message}`);
      throw lambdaError(message);
    }
  };
};

/**
 * Function data sources (`a.handler.function(fn)` on a custom query or mutation): AppSync
 * invokes the function, request-response, with the payload the generated request template
 * builds (`typeName`, `fieldName`, `arguments`, `identity`, `source`, `request`, `prev`), and
 * the resolver returns what the function returns. Locally the function's real handler module
 * runs in this process, within the function's timeout; the caller supplies a loader per
 * function (its Amplify name), so the function's environment can be set before it loads.
 */
import { randomUUID } from 'node:crypto';
import { lambdaContext, runHandler, type LocalLambdaHandler } from '../event-bus';
import type { LambdaFunctionModel } from './appsync-model';

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
  let handler: Promise<LocalLambdaHandler> | undefined;
  return async (payload: Record<string, unknown> & { identity?: SimulatorIdentity | null }): Promise<unknown> => {
    if (!load) {
      throw lambdaError(
        `Function ${fn.friendlyName} has no local handler: pass startLocalDataApi({ functionHandlers: { ${fn.friendlyName}: () => import(...) } })`,
      );
    }
    handler ??= load();
    const started = Date.now();
    const timeoutMs = fn.timeoutSeconds * 1000;
    const context = lambdaContext({
      functionName: fn.functionName,
      functionArn: fn.arn,
      requestId: randomUUID(),
      timeoutMs,
      started,
    });
    try {
      return await runHandler(await handler, { ...payload, identity: appSyncIdentity(payload.identity) }, context, timeoutMs);
    } catch (error) {
      throw lambdaError(error instanceof Error ? error.message : String(error));
    }
  };
};

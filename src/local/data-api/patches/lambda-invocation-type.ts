/**
 * Patch: a Lambda data source is told how AppSync would invoke the function.
 *
 * In 2.16.x the Lambda data loader calls the data source's `invoke(payload)` with the
 * payload alone, so an `"invocationType": "Event"` request (`a.handler.function(fn).async()`)
 * ran like a request-response one. `invoke` now also gets `{ invocationType }`. The loader
 * also printed every failure twice; the invoker says once what failed (function-data-sources.ts).
 */
import { requireSimulator, SIMULATOR, wrapMethod } from './simulator-modules';

export type InvocationType = 'RequestResponse' | 'Event';
type LoaderThis = {
  _config: { invoke(payload: unknown, options: { invocationType: InvocationType }): Promise<unknown> };
};
type Request = { operation: string; payload: unknown; invocationType?: string };

type LambdaDataLoaderClass = {
  prototype: { load(this: LoaderThis, req: Request, extraData?: unknown): Promise<unknown> };
};

export const lambdaDataLoaderClass = (): LambdaDataLoaderClass =>
  (requireSimulator(`${SIMULATOR}/lib/data-loader/lambda/index.js`) as { LambdaDataLoader: LambdaDataLoaderClass })
    .LambdaDataLoader;

export const patchLambdaInvocationType = (): void => {
  wrapMethod(
    lambdaDataLoaderClass().prototype,
    'load',
    'lambda-invocation-type',
    (original) =>
      function load(this: LoaderThis, req: Request, extraData?: unknown) {
        if (req.operation !== 'Invoke') return original.call(this, req, extraData); // BatchInvoke as upstream
        // Upstream invokes with the payload alone and prints each failure; the invoker reports failures itself.
        const invocationType: InvocationType = req.invocationType === 'Event' ? 'Event' : 'RequestResponse';
        return this._config.invoke(req.payload, { invocationType });
      },
  );
};

/**
 * Patch: DynamoDB errors reach the GraphQL response without being printed.
 *
 * In 2.16.x the DynamoDB data loader prints the request payload and the error's stack for
 * every failed operation, including an expected ConditionalCheckFailedException (every
 * optimistic-concurrency conflict), which floods test and benchmark output. The error is
 * still tagged `DynamoDB:<name>` (the errorType AppSync reports) and rethrown, unchanged.
 * Set LOCAL_DATA_API_DEBUG=1 to print them again.
 */
import { requireSimulator, SIMULATOR, wrapMethod } from './simulator-modules';

type Loader = Record<string, (payload: unknown) => Promise<unknown>>;
export type DynamoDBDataLoaderClass = {
  prototype: Record<'load' | 'putItem' | 'scan', (payload: Record<string, unknown>) => Promise<unknown>>;
};

export const dynamoDBDataLoaderClass = (): DynamoDBDataLoaderClass =>
  (
    requireSimulator(`${SIMULATOR}/lib/data-loader/dynamo-db/index.js`) as {
      DynamoDBDataLoader: DynamoDBDataLoaderClass;
    }
  ).DynamoDBDataLoader;

const OPERATIONS = ['getItem', 'putItem', 'updateItem', 'deleteItem', 'query', 'scan', 'deleteAllItems'];

/** Carries a DynamoDB error through upstream's catch: it has no name, so upstream neither prints nor tags it. */
class Quieted extends Error {
  constructor(readonly error: Error & { extensions?: unknown }) {
    super('');
    this.name = '';
  }
}

export const patchQuietDynamoDBErrors = (): void => {
  wrapMethod(
    dynamoDBDataLoaderClass().prototype,
    'load',
    'quiet-dynamodb-errors',
    (original) =>
      async function load(this: Loader, payload: Record<string, unknown>) {
        if (process.env.LOCAL_DATA_API_DEBUG) return original.call(this, payload);
        // Upstream's dispatch, over operations whose errors pass its catch unprinted.
        const quiet: Loader = Object.create(this) as Loader;
        for (const name of OPERATIONS) {
          quiet[name] = async (p: unknown) => {
            try {
              return await this[name]!.call(this, p);
            } catch (e) {
              throw (e as Error).name ? new Quieted(e as Error) : e;
            }
          };
        }
        try {
          return await original.call(quiet, payload);
        } catch (e) {
          if (!(e instanceof Quieted)) throw e;
          // Tagged as upstream tags it: the errorType AppSync reports.
          e.error.extensions = { errorType: `DynamoDB:${e.error.name}` };
          throw e.error;
        }
      },
  );
};

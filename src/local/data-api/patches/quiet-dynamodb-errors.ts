/**
 * Patch: DynamoDB errors reach the GraphQL response without being printed.
 *
 * In 2.16.x the DynamoDB data loader prints the request payload and the error's stack for
 * every failed operation, including an expected ConditionalCheckFailedException (every
 * optimistic-concurrency conflict), which floods test and benchmark output. The error is
 * still tagged `DynamoDB:<name>` (the errorType AppSync reports) and rethrown, unchanged.
 * Set LOCAL_DATA_API_DEBUG=1 to print them again.
 */
import { applyOnce, requireSimulator, SIMULATOR } from './simulator-modules';

type Loader = Record<string, (payload: unknown) => Promise<unknown>>;

const OPERATIONS: Record<string, string> = {
  GetItem: 'getItem',
  PutItem: 'putItem',
  UpdateItem: 'updateItem',
  DeleteItem: 'deleteItem',
  Query: 'query',
  Scan: 'scan',
  DeleteAllItems: 'deleteAllItems',
};

export const patchQuietDynamoDBErrors = (): void => {
  const { DynamoDBDataLoader } = requireSimulator(`${SIMULATOR}/lib/data-loader/dynamo-db/index.js`) as {
    DynamoDBDataLoader: { prototype: { load(payload: { operation: string }): Promise<unknown> } };
  };
  const proto = DynamoDBDataLoader.prototype;
  const original = proto.load;
  applyOnce(proto, 'quiet-dynamodb-errors', () => {
    proto.load = async function load(this: Loader, payload: { operation: string }) {
      if (process.env.LOCAL_DATA_API_DEBUG) return original.call(this, payload);
      const method = OPERATIONS[payload.operation];
      if (!method) return original.call(this, payload); // the original's own errors
      try {
        return await this[method]!.call(this, payload);
      } catch (e) {
        const error = e as Error & { extensions?: unknown };
        if (error.name) error.extensions = { errorType: `DynamoDB:${error.name}` };
        throw error;
      }
    };
  });
};

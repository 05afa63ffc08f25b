/**
 * Patch: the simulator's DynamoDB loader sends the requests AppSync would send.
 *
 * 1. PutItem: 2.16.x follows every PutItem with a GetItem to return the item. AppSync
 *    returns the item it wrote, without reading it back; the extra read would distort the
 *    request counts of `stats()` (used by benchmarks). The result is now the written item.
 * 2. Scan: 2.16.x always sends `ExpressionAttributeValues`, empty when the filter uses no
 *    value (e.g. `{ field: { attributeExists: true } }`), which DynamoDB rejects. It is now
 *    left out when empty, as with Query.
 */
import { dynamoDBDataLoaderClass } from './quiet-dynamodb-errors';
import { requireSimulator, SIMULATOR, wrapMethod } from './simulator-modules';

type AttributeMap = Record<string, unknown>;
type Command = { input: Record<string, unknown> };
type LoaderThis = { client: { send(command: Command): Promise<unknown> } };

export const patchDynamoDBLoaderRequests = (): void => {
  const { unmarshall } = requireSimulator(`${SIMULATOR}/lib/data-loader/dynamo-db/utils/index.js`) as {
    unmarshall(raw: unknown): unknown;
  };
  const proto = dynamoDBDataLoaderClass().prototype;
  wrapMethod(
    proto,
    'putItem',
    'dynamodb-loader-requests',
    (original) =>
      async function putItem(this: LoaderThis, payload: Record<string, unknown>) {
        const item = { ...(payload.key as AttributeMap), ...(payload.attributeValues as AttributeMap) };
        // Upstream reads the item back after writing it; answer with the item written instead.
        const noReadBack = Object.create(this, { getItem: { value: async () => unmarshall(item) } }) as LoaderThis;
        return original.call(noReadBack, payload);
      },
  );
  wrapMethod(
    proto,
    'scan',
    'dynamodb-loader-requests',
    (original) =>
      async function scan(this: LoaderThis, payload: Record<string, unknown>) {
        const client = this.client;
        // Upstream always sends ExpressionAttributeValues (and a FilterExpression); leave out empty ones.
        const send = (command: Command) => {
          const input = command.input;
          for (const key of [
            'ExpressionAttributeValues',
            'ExpressionAttributeNames',
            'FilterExpression',
            'ExclusiveStartKey',
          ]) {
            const value = input[key];
            if (
              value === '' ||
              value === null ||
              (typeof value === 'object' && Object.keys(value as object).length === 0)
            ) {
              delete input[key];
            }
          }
          return client.send(command);
        };
        return original.call(Object.create(this, { client: { value: { send } } }) as LoaderThis, payload);
      },
  );
};

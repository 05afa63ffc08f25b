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
import { applyOnce, requireSimulator, SIMULATOR } from './simulator-modules';

type AttributeMap = Record<string, unknown>;
type Expression = { expression?: string; expressionNames?: AttributeMap; expressionValues?: AttributeMap };
type LoaderThis = {
  tableName: string;
  client: { send(command: unknown): Promise<Record<string, unknown>> };
};

export const patchDynamoDBLoaderRequests = (): void => {
  const { DynamoDBDataLoader } = requireSimulator(`${SIMULATOR}/lib/data-loader/dynamo-db/index.js`) as {
    DynamoDBDataLoader: {
      prototype: Record<'putItem' | 'scan', (payload: Record<string, unknown>) => Promise<unknown>>;
    };
  };
  const { unmarshall } = requireSimulator(`${SIMULATOR}/lib/data-loader/dynamo-db/utils/index.js`) as {
    unmarshall(raw: unknown): unknown;
  };
  const sdk = requireSimulator('@aws-sdk/client-dynamodb') as {
    PutItemCommand: new (input: unknown) => unknown;
    ScanCommand: new (input: unknown) => unknown;
  };
  const proto = DynamoDBDataLoader.prototype;
  const nonEmpty = (o: AttributeMap | undefined) => (o && Object.keys(o).length > 0 ? o : undefined);
  applyOnce(proto, 'dynamodb-loader-requests', () => {
    proto.putItem = async function putItem(this: LoaderThis, payload) {
      const key = payload.key as AttributeMap;
      const attributeValues = payload.attributeValues as AttributeMap;
      const condition = (payload.condition ?? {}) as Expression;
      const item = { ...key, ...attributeValues };
      await this.client.send(
        new sdk.PutItemCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: condition.expression,
          ExpressionAttributeNames: condition.expressionNames,
          ExpressionAttributeValues: condition.expressionValues,
        }),
      );
      return unmarshall(item);
    };
    proto.scan = async function scan(this: LoaderThis, payload) {
      const { filter, index, limit, consistentRead = false, nextToken, select, totalSegments, segment } =
        payload as {
          filter?: Expression;
          index?: string;
          limit?: number;
          consistentRead?: boolean;
          nextToken?: string;
          select?: string;
          totalSegments?: number;
          segment?: number;
        };
      const result = await this.client.send(
        new sdk.ScanCommand({
          TableName: this.tableName,
          ExclusiveStartKey: nextToken ? JSON.parse(Buffer.from(nextToken, 'base64').toString()) : undefined,
          IndexName: index,
          Limit: limit,
          ConsistentRead: consistentRead,
          Select: select ?? 'ALL_ATTRIBUTES',
          Segment: segment,
          TotalSegments: totalSegments,
          ...(filter?.expression
            ? {
                FilterExpression: filter.expression,
                ExpressionAttributeNames: nonEmpty(filter.expressionNames),
                ExpressionAttributeValues: nonEmpty(filter.expressionValues),
              }
            : {}),
        }),
      );
      const last = result.LastEvaluatedKey;
      return {
        items: ((result.Items as unknown[] | undefined) ?? []).map((i) => unmarshall(i)),
        scannedCount: result.ScannedCount,
        nextToken: last ? Buffer.from(JSON.stringify(last)).toString('base64') : null,
      };
    };
  });
};

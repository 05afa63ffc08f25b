/**
 * Direct DynamoDB access to the local data API's dynalite, for what the GraphQL API
 * would make slow: seeding 100 000 rows, and reading every row back for the final check.
 *
 * The local data API does not expose dynalite's endpoint (see the report: a
 * `dynamoEndpoint` field on LocalDataApi would replace `discoverDynaliteEndpoint`), so it
 * is found among the HTTP servers this process listens on: the one that answers a
 * DynamoDB ListTables with the model tables.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BatchWriteItemCommand,
  DynamoDBClient,
  ListTablesCommand,
  ScanCommand,
  type AttributeValue,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';

export type Item = Record<string, AttributeValue>;
export type ModelTables = { Profile: string; Recording: string; StreamSession: string };

/** The HTTP servers listening in this process now (Node keeps them among its active handles). */
export const listeningServers = (): Set<http.Server> => {
  const handles = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.() ?? [];
  return new Set(handles.filter((h): h is http.Server => h instanceof http.Server && h.listening));
};

export const dynamoClient = (endpoint: string, region = 'us-east-1'): DynamoDBClient =>
  new DynamoDBClient({
    endpoint,
    region,
    credentials: { accessKeyId: 'LOCALDYNALITE', secretAccessKey: 'local' },
    maxAttempts: 1,
  });

/** The model tables by model name, from ListTables (`<Model>-<apiId>-NONE`). */
export const modelTables = (names: readonly string[]): ModelTables | null => {
  const find = (model: string) => names.find((n) => n.startsWith(`${model}-`));
  const [Profile, Recording, StreamSession] = [find('Profile'), find('Recording'), find('StreamSession')];
  return Profile && Recording && StreamSession ? { Profile, Recording, StreamSession } : null;
};

/** The endpoint of the dynalite behind a data API started after `before` was taken. */
export const discoverDynaliteEndpoint = async (
  before: Set<http.Server>,
): Promise<{ endpoint: string; tables: ModelTables }> => {
  for (const server of listeningServers()) {
    if (before.has(server)) continue;
    const address = server.address() as AddressInfo | null;
    if (!address || typeof address !== 'object') continue;
    const endpoint = `http://127.0.0.1:${address.port}`;
    const client = dynamoClient(endpoint);
    try {
      const tables = modelTables((await client.send(new ListTablesCommand({}))).TableNames ?? []);
      if (tables) return { endpoint, tables };
    } catch {
      // Not DynamoDB.
    } finally {
      client.destroy();
    }
  }
  throw new Error('No dynalite with the model tables among the HTTP servers of this process');
};

/** A plain value as a DynamoDB attribute (strings, numbers, booleans, lists, maps; null as NULL). */
export const marshallValue = (value: unknown): AttributeValue => {
  if (value === null || value === undefined) return { NULL: true };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(marshallValue) };
  if (typeof value === 'object') {
    return { M: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, marshallValue(v)])) };
  }
  throw new TypeError(`Cannot store ${typeof value}`);
};

/** A row as an item; null and undefined fields are left out, as the resolvers do for index keys. */
export const marshallItem = (row: Record<string, unknown>): Item =>
  Object.fromEntries(
    Object.entries(row)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k, marshallValue(v)]),
  );

export const unmarshallValue = (value: AttributeValue): unknown => {
  if ('S' in value && value.S !== undefined) return value.S;
  if ('N' in value && value.N !== undefined) return Number(value.N);
  if ('BOOL' in value && value.BOOL !== undefined) return value.BOOL;
  if ('NULL' in value && value.NULL) return null;
  if ('L' in value && value.L !== undefined) return value.L.map(unmarshallValue);
  if ('M' in value && value.M !== undefined) {
    return Object.fromEntries(Object.entries(value.M).map(([k, v]) => [k, unmarshallValue(v)]));
  }
  throw new TypeError(`Unsupported attribute ${JSON.stringify(value)}`);
};

export const unmarshallItem = (item: Item): Record<string, unknown> =>
  Object.fromEntries(Object.entries(item).map(([k, v]) => [k, unmarshallValue(v)]));

/** Writes items 25 at a time, `concurrency` batches in flight, retrying what comes back unprocessed. */
export const batchWrite = async (
  client: DynamoDBClient,
  table: string,
  items: readonly Item[],
  concurrency = 8,
): Promise<void> => {
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < items.length; i += 25)
    batches.push(items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      let requests: WriteRequest[] = batches[next++]!;
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 20) throw new Error(`BatchWriteItem on ${table}: items still unprocessed after 20 attempts`);
        const answer = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
        requests = answer.UnprocessedItems?.[table] ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
};

/** Every row of a table (a full scan, 1 MB pages), optionally filtered. */
export const scanAll = async (
  client: DynamoDBClient,
  table: string,
  filter?: { expression: string; names: Record<string, string>; values: Record<string, unknown> },
): Promise<Record<string, unknown>[]> => {
  const rows: Record<string, unknown>[] = [];
  let start: Item | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: table,
        ExclusiveStartKey: start,
        ...(filter
          ? {
              FilterExpression: filter.expression,
              ExpressionAttributeNames: filter.names,
              ExpressionAttributeValues: Object.fromEntries(
                Object.entries(filter.values).map(([k, v]) => [k, marshallValue(v)]),
              ),
            }
          : {}),
      }),
    );
    rows.push(...(page.Items ?? []).map(unmarshallItem));
    start = page.LastEvaluatedKey;
  } while (start);
  return rows;
};

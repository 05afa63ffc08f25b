/**
 * dynalite (pure-JS DynamoDB on LevelDB) with request accounting, and the model tables
 * created the way the AmplifyDynamoDBTable custom resource would.
 */
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TableModel } from './appsync-model';

export type DynamoStats = { dynamoRequests: Record<string, number>; itemsRead: number };

export type LocalDynamo = {
  endpoint: string;
  /** Fake credentials: dynalite checks that requests are signed, not by whom. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  stats(): DynamoStats;
  resetStats(): void;
  stop(): Promise<void>;
};

/** Items read by a successful response: what DynamoDB examined (ScannedCount) or returned. */
const itemsReadBy = (operation: string, body: Record<string, unknown>): number => {
  switch (operation) {
    case 'Query':
    case 'Scan':
      return Number(body.ScannedCount ?? body.Count ?? 0);
    case 'GetItem':
      return body.Item ? 1 : 0;
    case 'BatchGetItem':
      return Object.values((body.Responses ?? {}) as Record<string, unknown[]>).reduce(
        (n, items) => n + items.length,
        0,
      );
    default:
      return 0;
  }
};

const READ_OPERATIONS = new Set(['Query', 'Scan', 'GetItem', 'BatchGetItem']);

const countRequests = (stats: DynamoStats) => (req: IncomingMessage, res: ServerResponse) => {
  const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1];
  if (!operation) return;
  stats.dynamoRequests[operation] = (stats.dynamoRequests[operation] ?? 0) + 1;
  if (!READ_OPERATIONS.has(operation)) return;
  // dynalite answers with one res.end(body): read the body there.
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    const [chunk] = args;
    if (res.statusCode === 200 && (typeof chunk === 'string' || Buffer.isBuffer(chunk))) {
      try {
        stats.itemsRead += itemsReadBy(operation, JSON.parse(chunk.toString()) as Record<string, unknown>);
      } catch {
        // Not JSON: nothing read.
      }
    }
    return end(...args);
  }) as ServerResponse['end'];
};

export const startDynalite = async (options: { path?: string; region: string }): Promise<LocalDynamo> => {
  const server = dynalite({
    ...(options.path ? { path: options.path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  const stats: DynamoStats = { dynamoRequests: {}, itemsRead: 0 };
  server.prependListener('request', countRequests(stats));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'LOCALDYNALITE', secretAccessKey: 'local' },
    stats: () => ({ dynamoRequests: { ...stats.dynamoRequests }, itemsRead: stats.itemsRead }),
    resetStats: () => {
      stats.dynamoRequests = {};
      stats.itemsRead = 0;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        // dynalite's close also closes LevelDB (releasing the folder's lock).
        server.close((err?: Error) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const describe = async (client: DynamoDBClient, TableName: string): Promise<TableDescription | undefined> => {
  try {
    return (await client.send(new DescribeTableCommand({ TableName }))).Table;
  } catch (e) {
    if (e instanceof ResourceNotFoundException) return undefined;
    throw e;
  }
};

const keyOf = (keys: { AttributeName?: string; KeyType?: string }[] | undefined) =>
  (keys ?? []).map((k) => `${k.AttributeName}:${k.KeyType}`).join(',');

/** The key schema and indexes, as a comparable string. */
const shapeOf = (t: {
  KeySchema?: { AttributeName?: string; KeyType?: string }[];
  GlobalSecondaryIndexes?: { IndexName?: string; KeySchema?: { AttributeName?: string; KeyType?: string }[] }[];
  LocalSecondaryIndexes?: { IndexName?: string; KeySchema?: { AttributeName?: string; KeyType?: string }[] }[];
}) =>
  JSON.stringify([
    keyOf(t.KeySchema),
    (t.GlobalSecondaryIndexes ?? []).map((i) => `${i.IndexName}=${keyOf(i.KeySchema)}`).sort(),
    (t.LocalSecondaryIndexes ?? []).map((i) => `${i.IndexName}=${keyOf(i.KeySchema)}`).sort(),
  ]);

const waitFor = async (check: () => Promise<boolean>, what: string) => {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await sleep(5);
  }
  throw new Error(`Timed out waiting for ${what}`);
};

/**
 * Creates the tables in dynalite. A table kept in a dataDir from an earlier run is reused
 * when its keys and indexes still match; otherwise it is replaced (data lost), as a sandbox
 * does with `replaceTableUponGsiUpdate`.
 */
export const ensureTables = async (dynamo: LocalDynamo, region: string, tables: TableModel[]) => {
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials: dynamo.credentials });
  try {
    for (const table of tables) {
      const existing = await describe(client, table.TableName);
      if (existing && shapeOf(existing) === shapeOf(table)) continue;
      if (existing) {
        await client.send(new DeleteTableCommand({ TableName: table.TableName }));
        await waitFor(async () => !(await describe(client, table.TableName)), `${table.TableName} deleted`);
      }
      await client.send(new CreateTableCommand({ ...table, BillingMode: 'PAY_PER_REQUEST' }));
      await waitFor(
        async () => (await describe(client, table.TableName))?.TableStatus === 'ACTIVE',
        `${table.TableName} active`,
      );
    }
  } finally {
    client.destroy();
  }
};

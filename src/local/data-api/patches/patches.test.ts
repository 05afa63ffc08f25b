/**
 * Each patch: what the simulator does on its own (a test that fails once an upgrade fixes
 * it: then remove the patch), and what it does wrapped.
 */
import { createRequire } from 'node:module';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { simulatorTransformUtils } from './condition-expression-values';
import { applySimulatorPatches } from './index';
import { dynamoDBDataLoaderClass } from './quiet-dynamodb-errors';
import { upstreamOf } from './simulator-modules';
import { lambdaDataLoaderClass } from './lambda-invocation-type';
import { websocketServerClass } from './realtime-handshake';
import { requireSimulator as requireFromHere, SIMULATOR } from './simulator-modules';
import { simulatorTransformUtilsRecord, simulatorVelocityTemplate } from './subscription-filters';
import { simulatorAwsSubscribe } from './subscription-payloads';
import { simulatorAuthModes } from './user-pool-tokens';

beforeAll(() => {
  applySimulatorPatches();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const vtl = (value: unknown) => ({ toJSON: () => value });
const parsed = (rendered: string) =>
  JSON.parse(rendered) as { expression: string; expressionValues?: Record<string, unknown> };

describe('given the condition-expression-values patch', () => {
  it('when upstream renders a condition then it leaves out the values (remove the patch once this fails)', () => {
    const upstream = upstreamOf(simulatorTransformUtils().toDynamoDBConditionExpression);
    const rendered = parsed(upstream(vtl({ version: { eq: 3 } })));
    expect(rendered.expression).toMatch(/:/);
    expect(rendered.expressionValues).toBeUndefined();
  });

  it('when upstream renders an attributeExists filter then it adds a value the expression never uses', () => {
    const upstream = upstreamOf(simulatorTransformUtils().toDynamoDBFilterExpression);
    const rendered = parsed(upstream(vtl({ owner: { attributeExists: true } })));
    const unused = Object.keys(rendered.expressionValues ?? {}).filter((name) => !rendered.expression.includes(name));
    expect(unused).not.toEqual([]);
  });

  it('when wrapped then a condition carries exactly the values its expression uses', () => {
    const utils = simulatorTransformUtils();
    const condition = parsed(utils.toDynamoDBConditionExpression(vtl({ version: { eq: 3 } })));
    expect(Object.values(condition.expressionValues ?? {})).toEqual([{ N: '3' }]);
    const filter = parsed(utils.toDynamoDBFilterExpression(vtl({ owner: { attributeExists: true } })));
    expect(filter.expressionValues).toEqual({});
  });
});

type Loader = Record<string, (...args: unknown[]) => unknown>;
const loader = () => dynamoDBDataLoaderClass().prototype as unknown as Loader;

describe('given the quiet-dynamodb-errors patch', () => {
  const conflict = () =>
    Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });

  it('when upstream loads and DynamoDB refuses then it prints the payload and the error (remove the patch once this fails)', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const fake = { putItem: async () => Promise.reject(conflict()) };
    await expect(upstreamOf(loader().load!).call(fake, { operation: 'PutItem' })).rejects.toMatchObject({
      extensions: { errorType: 'DynamoDB:ConditionalCheckFailedException' },
    });
    expect(log).toHaveBeenCalled();
  });

  it('when wrapped then the same error, tagged the same way, is thrown without a line printed', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const error = conflict();
    const fake = { putItem: async () => Promise.reject(error) };
    const thrown = await (loader().load!.call(fake, { operation: 'PutItem' }) as Promise<unknown>).catch(
      (e: unknown) => e,
    );
    expect(thrown).toBe(error);
    expect(thrown).toMatchObject({ extensions: { errorType: 'DynamoDB:ConditionalCheckFailedException' } });
    expect(log).not.toHaveBeenCalled();
  });
});

describe('given the dynamodb-loader-requests patch', () => {
  const fakeLoader = () => {
    const sent: Record<string, unknown>[] = [];
    const reads: unknown[] = [];
    return {
      sent,
      reads,
      self: {
        tableName: 'T',
        client: {
          send: async (command: { input: Record<string, unknown> }) => (sent.push({ ...command.input }), { Items: [] }),
        },
        getItem: async (payload: unknown) => (reads.push(payload), { read: true }),
      },
    };
  };
  const put = { key: { id: { S: '1' } }, attributeValues: { n: { N: '2' } } };
  const scan = {
    filter: { expression: 'attribute_exists(#owner)', expressionNames: { '#owner': 'owner' }, expressionValues: {} },
  };

  it('when upstream puts an item then it reads it back with a second request (remove the patch once this fails)', async () => {
    const { self, reads } = fakeLoader();
    await upstreamOf(loader().putItem!).call(self, put);
    expect(reads).toHaveLength(1);
  });

  it('when upstream scans with a filter that uses no value then it sends empty ExpressionAttributeValues (remove the patch once this fails)', async () => {
    const { self, sent } = fakeLoader();
    await upstreamOf(loader().scan!).call(self, scan);
    expect(sent[0]?.ExpressionAttributeValues).toEqual({});
  });

  it('when wrapped then a put is one request answered with the item written, and a scan leaves empty values out', async () => {
    const { self, sent, reads } = fakeLoader();
    expect(await loader().putItem!.call(self, put)).toEqual({ id: '1', n: 2 });
    expect(reads).toEqual([]);
    await loader().scan!.call(self, scan);
    expect(sent).toHaveLength(2);
    expect(sent[1]).not.toHaveProperty('ExpressionAttributeValues');
    expect(sent[1]).toMatchObject({
      FilterExpression: 'attribute_exists(#owner)',
      ExpressionAttributeNames: { '#owner': 'owner' },
    });
  });
});

describe('given the user-pool-tokens patch', () => {
  const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  // Unsigned, for no audience, expired long ago: only its issuer looks like Cognito's.
  const forged = `${base64url({ alg: 'none' })}.${base64url({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X', exp: 1 })}.x`;
  const config = {
    defaultAuthenticationType: { authenticationType: 'AMAZON_COGNITO_USER_POOLS' },
    additionalAuthenticationProviders: [],
  };

  it('when upstream sees any token with a Cognito issuer then it takes it as a user pool token (remove the patch once this fails)', () => {
    const upstream = upstreamOf(simulatorAuthModes().getAuthorizationMode);
    expect(upstream({ authorization: forged }, config)).toBe('AMAZON_COGNITO_USER_POOLS');
  });

  it('when wrapped and no check is configured then the same token is refused', () => {
    expect(() => simulatorAuthModes().getAuthorizationMode({ authorization: forged }, config)).toThrow(
      /Invalid user pool token/,
    );
  });
});

describe('given the lambda-invocation-type patch', () => {
  const fakeLoader = () => {
    const calls: unknown[][] = [];
    return { calls, self: { _config: { invoke: async (...args: unknown[]) => (calls.push(args), 'done') } } };
  };
  const request = { operation: 'Invoke', payload: { n: 1 }, invocationType: 'Event' };

  it('when upstream invokes an Event request then the function gets the payload alone (remove the patch once this fails)', async () => {
    const { self, calls } = fakeLoader();
    await upstreamOf(lambdaDataLoaderClass().prototype.load).call(self, request);
    expect(calls).toEqual([[{ n: 1 }]]);
  });

  it('when wrapped then the function is also told the invocation type', async () => {
    const { self, calls } = fakeLoader();
    expect(await lambdaDataLoaderClass().prototype.load.call(self, request)).toBe('done');
    expect(calls).toEqual([[{ n: 1 }, { invocationType: 'Event' }]]);
  });
});

describe('given the realtime-handshake patch', () => {
  const encoded = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const fakeSocket = () => {
    const closes: (number | undefined)[] = [];
    const sent: string[] = [];
    let onMessage: ((data: Buffer) => void) | undefined;
    const socket = {
      protocol: 'graphql-ws',
      readyState: 1,
      send: (data: string) => sent.push(data),
      close: (code?: number) => closes.push(code),
      once: (_event: 'message', listener: (data: Buffer) => void) => (onMessage = listener),
      on: () => undefined,
      off: () => undefined,
    };
    return { socket, closes, sent, message: () => onMessage?.(Buffer.from('{"type":"connection_init"}')) };
  };
  // The Amplify v6 client's form: the auth header as a subprotocol, nothing in the query string.
  const request = (header: object) =>
    ({
      url: '/graphql/realtime',
      headers: { 'sec-websocket-protocol': `graphql-ws, header-${encoded(header)}` },
    }) as never;
  const refuse = async () => Promise.reject(new Error('UnauthorizedException: Invalid JWT token'));
  const server = (onConnectHandler: (context: unknown, headers: Record<string, unknown>) => unknown) => {
    const Server = websocketServerClass();
    return new Server({ onConnectHandler }, undefined);
  };
  const fakeWebSocketServer = () => {
    const terminated: unknown[] = [];
    const client = { terminate: () => terminated.push(client) };
    return {
      terminated,
      webSocketServer: {
        on: () => undefined,
        off: () => undefined,
        close: () => undefined,
        clients: new Set([client]),
      },
    };
  };

  it('when upstream gets the header as a subprotocol then it reads none (remove that part once this fails)', async () => {
    const seen: Record<string, unknown>[] = [];
    const upstream = server(async (_context, headers) => void seen.push(headers)); // per instance, before start()
    await upstream.onSocketConnection(fakeSocket().socket as never, request({ Authorization: 'token' }));
    expect(seen).toEqual([{}]);
  });

  it('when upstream refuses a connection then it closes it with 1002 and says nothing (remove that part once this fails)', async () => {
    const { socket, closes, sent } = fakeSocket();
    await server(refuse).onSocketConnection(socket as never, request({}));
    expect(closes).toEqual([1002]);
    expect(sent).toEqual([]);
  });

  it('when upstream stops then it leaves client sockets open (remove that part once this fails)', async () => {
    const { terminated, webSocketServer } = fakeWebSocketServer();
    await upstreamOf(websocketServerClass().prototype.stop).call(
      Object.assign(server(refuse), { webSocketServer }) as never,
    );
    expect(terminated).toEqual([]);
  });

  it('when wrapped then the subprotocol header is read, a refusal is a connection_error, and stop terminates clients', async () => {
    const seen: Record<string, unknown>[] = [];
    const accepting = Object.assign(
      server(async (_context, headers) => void seen.push(headers)),
      fakeWebSocketServer(),
    );
    accepting.start();
    await accepting.onSocketConnection(fakeSocket().socket as never, request({ Authorization: 'token' }));
    expect(seen).toContainEqual({ Authorization: 'token' });

    const { socket, closes, sent, message } = fakeSocket();
    const { terminated, webSocketServer } = fakeWebSocketServer();
    const refusing = Object.assign(server(refuse), { webSocketServer });
    refusing.start();
    await refusing.onSocketConnection(socket as never, request({}));
    message();
    expect(JSON.parse(sent[0] ?? '{}')).toMatchObject({
      type: 'connection_error',
      payload: { errors: [{ errorCode: 401 }] },
    });
    expect(closes).toEqual([1000]);
    await refusing.stop();
    expect(terminated).toHaveLength(1);
  });
});

type Graphql = typeof import('graphql');
// The simulator's own graphql instance, so its schema tools accept the schema.
const simulatorGraphql = () => createRequire(requireFromHere.resolve(SIMULATOR))('graphql') as Graphql;
const ITEM_SCHEMA = `
  directive @aws_subscribe(mutations: [String!]) on FIELD_DEFINITION
  type Item { id: ID! owner: String }
  type Query { item: Item }
  type Mutation { createItem: Item }
  type Subscription { onCreateItem: Item @aws_subscribe(mutations: ["createItem"]) }
`;

describe('given the subscription-payloads patch', () => {
  const raw = { id: '1', owner: 'sub::alice', secret: 'not selected' };
  const publishedBy = async (
    transformer: ReturnType<typeof simulatorAwsSubscribe>['getAwsSubscribeDirectiveTransformer'],
  ) => {
    const schema = simulatorGraphql().buildSchema(ITEM_SCHEMA);
    schema.getMutationType()!.getFields().createItem!.resolve = async () => raw;
    const published: unknown[][] = [];
    const mapped = transformer({ pubsub: { publish: async (...args: unknown[]) => void published.push(args) } })(
      schema,
    );
    const result: unknown = await mapped.getMutationType()!.getFields().createItem!.resolve!(
      undefined,
      {},
      {},
      {} as never,
    );
    return { result, published };
  };

  it('when upstream runs a mutation named in @aws_subscribe then it publishes the raw resolver result (remove the patch once this fails)', async () => {
    const { published } = await publishedBy(upstreamOf(simulatorAwsSubscribe().getAwsSubscribeDirectiveTransformer));
    expect(published).toEqual([['onCreateItem', raw]]);
  });

  it('when wrapped then the resolver still returns its result and publishes nothing itself', async () => {
    const { result, published } = await publishedBy(simulatorAwsSubscribe().getAwsSubscribeDirectiveTransformer);
    expect(result).toEqual(raw);
    expect(published).toEqual([]);
  });
});

describe('given the subscription-filters patch', () => {
  const info = {
    fieldName: 'onCreateItem',
    fieldNodes: [],
    fragments: {},
    parentType: { name: 'Subscription' },
    variableValues: {},
    operation: {},
  };
  const render = (
    build: (this: unknown, values: unknown, requestContext: object, info: unknown) => Record<string, unknown>,
  ) => build.call({}, { arguments: {}, stash: {} }, { headers: {} }, info);

  it('when upstream renders a template then it offers no $extensions (remove the patch once this fails)', () => {
    const context = render(upstreamOf(simulatorVelocityTemplate().prototype.buildRenderContext));
    expect(context).not.toHaveProperty('extensions');
  });

  it('when upstream matches a response to a subscription with a filter argument then it drops it (remove the patch once this fails)', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { filterSubscriptions } = requireFromHere(
      `${SIMULATOR}/lib/utils/graphql-runner/subscriptions-filter.js`,
    ) as {
      filterSubscriptions(payload: object, variables: object): boolean;
    };
    expect(filterSubscriptions({ id: '1', owner: 'alice' }, { filter: { owner: { eq: 'alice' } } })).toBe(false);
  });

  it('when wrapped then templates offer setSubscriptionFilter and $util.transform.toSubscriptionFilter exists', () => {
    const context = render(simulatorVelocityTemplate().prototype.buildRenderContext);
    expect(context).toMatchObject({ extensions: { setSubscriptionFilter: expect.any(Function) } });
    expect(simulatorTransformUtilsRecord().toSubscriptionFilter).toEqual(expect.any(Function));
  });
});

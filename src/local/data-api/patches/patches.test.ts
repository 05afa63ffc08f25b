/**
 * Each patch: what the simulator does on its own (a test that fails once an upgrade fixes
 * it: then remove the patch), and what it does wrapped.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { simulatorTransformUtils } from './condition-expression-values';
import { applySimulatorPatches } from './index';
import { dynamoDBDataLoaderClass } from './quiet-dynamodb-errors';
import { upstreamOf } from './simulator-modules';
import { simulatorAuthModes } from './user-pool-tokens';

beforeAll(() => {
  applySimulatorPatches();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const vtl = (value: unknown) => ({ toJSON: () => value });
const parsed = (rendered: string) => JSON.parse(rendered) as { expression: string; expressionValues?: Record<string, unknown> };

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
  const conflict = () => Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });

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
    const thrown = await (loader().load!.call(fake, { operation: 'PutItem' }) as Promise<unknown>).catch((e: unknown) => e);
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
        client: { send: async (command: { input: Record<string, unknown> }) => (sent.push({ ...command.input }), { Items: [] }) },
        getItem: async (payload: unknown) => (reads.push(payload), { read: true }),
      },
    };
  };
  const put = { key: { id: { S: '1' } }, attributeValues: { n: { N: '2' } } };
  const scan = { filter: { expression: 'attribute_exists(#owner)', expressionNames: { '#owner': 'owner' }, expressionValues: {} } };

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
    expect(sent[1]).toMatchObject({ FilterExpression: 'attribute_exists(#owner)', ExpressionAttributeNames: { '#owner': 'owner' } });
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
    expect(() => simulatorAuthModes().getAuthorizationMode({ authorization: forged }, config)).toThrow(/Invalid user pool token/);
  });
});

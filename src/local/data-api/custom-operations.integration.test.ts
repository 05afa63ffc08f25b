// Custom operations backed by functions (`a.handler.function`) on the local data API: a
// fixture backend (one query, one function) is synthesized the way ampx does, and its query
// runs through the real aws-amplify client and the function's real handler module, which
// receives the arguments and the caller's identity as AppSync hands them to a Lambda.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PROJECT_ROOT, synthesizeBackend } from '../../cloud-assembly/synthesize';
import type { LocalLambdaHandler } from '../event-bus';
import { startLocalUserPool, type LocalUserPool } from '../user-pool';
import type { Schema } from './fixtures/custom-op-backend/amplify/data/resource';
import { localUserSub, startLocalDataApi, type LocalDataApi } from './index';
import { configureAmplifyAsUser } from './test-support';

// A user of a pool that signs in with e-mail: Cognito's username is the sub.
const carol = { email: 'carol@example.com', sub: localUserSub('carol'), username: localUserSub('carol') };

const FIXTURE = path.join(PROJECT_ROOT, 'src/local/data-api/fixtures/custom-op-backend');

let synthDir: string;
let api: LocalDataApi;
let pool: LocalUserPool;
let session: ReturnType<typeof configureAmplifyAsUser>;
let client: ReturnType<typeof generateClient<Schema>>;
const events: Record<string, unknown>[] = [];
const finished: Record<string, unknown>[] = [];
// Holds the asynchronous invocations back until the test opens it.
let openGate: () => void = () => undefined;
const gate = new Promise<void>((resolve) => (openGate = resolve));

beforeAll(async () => {
  const parent = path.join(PROJECT_ROOT, '.amplify/test-synth');
  await mkdir(parent, { recursive: true });
  synthDir = await mkdtemp(path.join(parent, 'custom-op-'));
  const assemblyDir = await synthesizeBackend({ backendType: 'sandbox', outDir: synthDir, projectRoot: FIXTURE });
  pool = await startLocalUserPool({ port: 0 });
  await pool.createUser({ email: carol.email, password: 'Passw0rd!', sub: carol.sub });
  api = await startLocalDataApi({
    assemblyDir,
    port: 0,
    verifyUserPoolToken: pool.verifyToken,
    functionHandlers: {
      WhoAmI: async () => {
        const { handler } = (await import('./fixtures/custom-op-backend/amplify/functions/who-am-i/handler')) as {
          handler: LocalLambdaHandler;
        };
        // The real module, watched: what AppSync's invocation hands it, and when it finished.
        return async (event: Record<string, unknown>, context, callback) => {
          events.push(event);
          if (event.fieldName === 'recordVisit') await gate;
          const result = await handler(event, context, callback);
          finished.push(event);
          return result;
        };
      },
    },
  });
  session = configureAmplifyAsUser(api, pool);
  client = generateClient<Schema>();
}, 180_000);

afterAll(async () => {
  await api?.stop();
  await pool?.stop();
  if (synthDir && !process.env.KEEP_TEST_SYNTH) await rm(synthDir, { recursive: true, force: true });
});

describe('a custom query backed by a function', () => {
  it('given the fixture assembly, when the local API starts, then the function data source is served, not skipped', () => {
    expect(api.diagnostics.unsupported).toEqual([]);
  });

  it('given a signed-in user, when she calls the query, then the function gets her arguments and identity and its result comes back', async () => {
    await session.signIn(carol.email);
    events.length = 0;

    const { data, errors } = await client.queries.whoAmI({ name: 'world', shout: true });

    expect(errors).toBeUndefined();
    expect(data).toEqual({
      message: `HELLO WORLD, I AM ${carol.username.toUpperCase()}`,
      sub: carol.sub,
      username: carol.username,
      // The client sends the access token, which (as Cognito's) has no e-mail claim.
      email: null,
      name: 'world',
      shout: true,
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      typeName: 'Query',
      fieldName: 'whoAmI',
      arguments: { name: 'world', shout: true },
      identity: {
        sub: carol.sub,
        username: carol.username,
        groups: null,
        claims: { sub: carol.sub, username: carol.username, token_use: 'access', iss: pool.issuer },
        defaultAuthStrategy: 'ALLOW',
      },
    });
    const identity = events[0]!.identity as Record<string, unknown>;
    expect(Array.isArray(identity.sourceIp)).toBe(true);
  });

  it('given the function throws, when the query is called, then the error comes back as AppSync reports it (Lambda:Unhandled)', async () => {
    await session.signIn(carol.email);

    const { data, errors } = await client.queries.whoAmI({ name: ' ' });

    expect(data).toBeNull();
    expect(errors).toMatchObject([{ errorType: 'Lambda:Unhandled', message: 'name must not be empty' }]);
  });

  it('given an asynchronous handler (.async()), when the mutation is called, then it answers success and the function receives the event', async () => {
    await session.signIn(carol.email);
    events.length = 0;

    finished.length = 0;

    const { data, errors } = await client.mutations.recordVisit({ note: 'front door' });
    const finishedWhenAnswered = finished.length;
    openGate();
    await vi.waitFor(() => expect(finished).toHaveLength(1), { timeout: 20_000 });

    expect(errors).toBeUndefined();
    expect(data).toEqual({ success: true });
    expect(finishedWhenAnswered).toBe(0); // answered while the function was still held back
    expect(events[0]).toMatchObject({
      fieldName: 'recordVisit',
      arguments: { note: 'front door' },
      identity: { username: carol.username },
    });
  });

  it('given the API key, when the query is called, then it is refused as unauthorized and the function never runs', async () => {
    events.length = 0;

    const { data, errors } = await client.queries.whoAmI({ name: 'world' }, { authMode: 'apiKey' });

    expect(data).toBeNull();
    expect(errors?.map((e) => (e as { errorType?: string }).errorType)).toEqual(['Unauthorized']);
    expect(events).toEqual([]);
  });

  it('given a missing required argument, when the query is sent, then it fails validation and the function never runs', async () => {
    await session.signIn(carol.email);
    events.length = 0;

    const result = (await (client.graphql({ query: 'query { whoAmI { message } }' }) as Promise<unknown>).catch(
      (e: unknown) => e,
    )) as {
      errors?: { message: string }[];
    };

    expect(result.errors?.[0]?.message).toMatch(/argument "name" of type "String!" is required/);
    expect(events).toEqual([]);
  });
});

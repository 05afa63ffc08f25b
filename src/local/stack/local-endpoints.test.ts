import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_PORTS, requestedPorts, resolveLocalEndpoint } from './local-endpoints';

let dir: string;
let moved: string;
let ampx: string;
let broken: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'local-endpoints-'));
  moved = path.join(dir, 'moved.json');
  ampx = path.join(dir, 'ampx.json');
  broken = path.join(dir, 'broken.json');
  await writeFile(
    moved,
    JSON.stringify({
      data: { url: 'http://127.0.0.1:30002/graphql' },
      custom: {
        ivsRecordingsLocalStack: true,
        local: {
          eventsEndpoint: 'http://127.0.0.1:30010',
          dataEndpoint: 'http://127.0.0.1:30002/graphql',
          s3Endpoint: 'http://127.0.0.1:30566',
          lambdaEndpoint: 'http://127.0.0.1:30011',
        },
      },
    }),
  );
  await writeFile(
    ampx,
    JSON.stringify({
      data: { url: 'https://x.appsync-api.us-east-1.amazonaws.com/graphql' },
      custom: { ivsRecordings: {} },
    }),
  );
  await writeFile(broken, '{ not json');
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('given the outputs of a local stack on other ports', () => {
  it.each([
    ['events', 'http://127.0.0.1:30010'],
    ['data', 'http://127.0.0.1:30002/graphql'],
    ['s3', 'http://127.0.0.1:30566'],
    ['lambda', 'http://127.0.0.1:30011'],
  ] as const)(
    'when the %s endpoint is resolved with no variable set then it is the one the outputs name',
    async (service, endpoint) => {
      expect(await resolveLocalEndpoint(service, [moved], {})).toBe(endpoint);
    },
  );

  it("when the service's port variable is set then the variable wins", async () => {
    expect(await resolveLocalEndpoint('events', [moved], { LOCAL_EVENTS_PORT: '4999' })).toBe('http://127.0.0.1:4999');
  });

  it("when an earlier file is ampx's, missing or not JSON then the next file that names the endpoint is used", async () => {
    expect(await resolveLocalEndpoint('s3', [ampx, path.join(dir, 'missing.json'), broken, moved], {})).toBe(
      'http://127.0.0.1:30566',
    );
  });
});

describe('given no outputs of a local stack', () => {
  it('when an endpoint is resolved then it is on the default port', async () => {
    expect(await resolveLocalEndpoint('lambda', [ampx], {})).toBe(`http://127.0.0.1:${LOCAL_PORTS.lambda.default}`);
    expect(await resolveLocalEndpoint('data', [], {})).toBe(`http://127.0.0.1:${LOCAL_PORTS.data.default}/graphql`);
  });

  it('when a port variable is not a port then the variable is named', async () => {
    await expect(resolveLocalEndpoint('events', [], { LOCAL_EVENTS_PORT: '70000' })).rejects.toThrow(
      'LOCAL_EVENTS_PORT must be a port number (0-65535), got "70000"',
    );
  });
});

describe('given the environment of npm start', () => {
  it('when no port variable is set then every service asks for its default port, and 0 asks for any', () => {
    expect(requestedPorts({})).toEqual({ events: 4010, data: 20002, s3: 4566, lambda: 4011, userPool: 4012 });
    expect(requestedPorts({ LOCAL_S3_PORT: '0' }).s3).toBe(0);
  });
});

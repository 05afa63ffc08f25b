import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { FailureKind } from './failure-injection';
import { operationOf, startGraphqlProxy, type GraphqlProxy } from './graphql-proxy';

/** A fake GraphQL upstream that records what reached it. */
const startUpstream = async () => {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(Buffer.concat(chunks).toString());
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: { ok: true } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    received,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
};

const post = async (url: string, query: string) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: { errorType: string }[] } };
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const given = async (script: (FailureKind | null)[] = []) => {
  const upstream = await startUpstream();
  let i = 0;
  const proxy: GraphqlProxy = await startGraphqlProxy({ upstream: upstream.url, decide: () => script[i++] ?? null });
  cleanups.push(() => proxy.stop(), upstream.stop);
  return { upstream, proxy };
};

describe('given the counting proxy in front of a GraphQL endpoint', () => {
  it('when requests pass then they reach the upstream unchanged and are counted by operation', async () => {
    const { upstream, proxy } = await given();
    expect(await post(proxy.url, 'query LoadRecording($id: ID!) { getRecording(id: $id) { id } }')).toEqual({
      status: 200,
      body: { data: { ok: true } },
    });
    await post(proxy.url, 'mutation CreateRecording { createRecording(input: {}) { id } }');
    await post(proxy.url, 'query LoadRecording { getRecording(id: "x") { id } }');
    expect(upstream.received).toHaveLength(3);
    expect(JSON.parse(upstream.received[0]!).query).toMatch(/^query LoadRecording/);
    expect(proxy.stats()).toMatchObject({
      requests: 3,
      byOperation: { LoadRecording: 2, CreateRecording: 1 },
      upstreamErrors: 0,
    });
    proxy.resetStats();
    expect(proxy.stats().requests).toBe(0);
  });

  it('when a request is failed as unavailable or throttled then the upstream never sees it', async () => {
    const { upstream, proxy } = await given(['unavailable', 'throttled']);
    expect((await post(proxy.url, '{ a }')).status).toBe(503);
    const throttled = await post(proxy.url, '{ b }');
    expect(throttled.status).toBe(200);
    expect(throttled.body.errors?.[0]?.errorType).toMatch(/Throughput/);
    expect(upstream.received).toHaveLength(0);
    expect(proxy.stats().injected).toEqual({ unavailable: 1, throttled: 1, lost_response: 0 });
  });

  it('when a response is lost then the upstream applied the request but the client gets a 503', async () => {
    const { upstream, proxy } = await given(['lost_response']);
    expect((await post(proxy.url, 'mutation M { m }')).status).toBe(503);
    expect(upstream.received).toHaveLength(1);
  });

  it('when the upstream is down then the client sees a dropped connection and the proxy counts it', async () => {
    const { upstream, proxy } = await given();
    await upstream.stop();
    await expect(post(proxy.url, '{ a }')).rejects.toThrow();
    expect(proxy.stats().upstreamErrors).toBe(1);
  });
});

describe('given request bodies', () => {
  it('when the operation is named, anonymous, explicit or batched then its name is found', () => {
    expect(
      operationOf(JSON.stringify({ query: 'query listRecordings($f: F) { listRecordings { items { id } } }' })),
    ).toBe('listRecordings');
    expect(operationOf(JSON.stringify({ query: '{ getProfile(id: "1") { id } }' }))).toBe('getProfile');
    expect(operationOf(JSON.stringify({ operationName: 'Op', query: 'query A { a } query Op { b }' }))).toBe('Op');
    expect(operationOf(JSON.stringify([{ query: 'query A { a }' }, { query: 'mutation B { b }' }]))).toBe('A+B');
    expect(operationOf('nope')).toBe('(not json)');
  });
});

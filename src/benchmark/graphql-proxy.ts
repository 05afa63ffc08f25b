/**
 * A small HTTP proxy in front of the local data API's GraphQL endpoint. The handler's
 * `<DATA>_GRAPHQL_ENDPOINT` points here, so every data API request the function makes
 * is counted (by GraphQL operation), and a failure policy can make some of them fail
 * transiently. Requests are forwarded as they are (the IAM signature covers the body,
 * the simulator does not check it).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  FAILURE_KINDS,
  NO_FAILURES,
  injectedResponse,
  type FailureDecider,
  type FailureKind,
} from './failure-injection';

export type GraphqlProxyStats = {
  /** GraphQL requests received (injected failures included). */
  requests: number;
  byOperation: Record<string, number>;
  injected: Record<FailureKind, number>;
  /** Requests the upstream could not answer (connection refused...). */
  upstreamErrors: number;
};

export type GraphqlProxy = {
  /** The endpoint to give the client, e.g. http://127.0.0.1:1234/graphql */
  url: string;
  stats(): GraphqlProxyStats;
  resetStats(): void;
  /** Points the proxy at another data API (e.g. a fresh one for the next phase). */
  setUpstream(graphqlUrl: string): void;
  setFailures(decide: FailureDecider): void;
  stop(): Promise<void>;
};

/** The GraphQL operation(s) of a request body: operationName, the named operation, or its first root field. */
export const operationOf = (body: string): string => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return '(not json)';
  }
  const one = (request: unknown): string => {
    const { operationName, query } = (request ?? {}) as { operationName?: unknown; query?: unknown };
    if (typeof operationName === 'string' && operationName !== '') return operationName;
    if (typeof query !== 'string') return '(no query)';
    const named = /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query);
    if (named) return named[1]!;
    const field = /\{\s*([_A-Za-z][_0-9A-Za-z]*)/.exec(query);
    return field ? field[1]! : '(anonymous)';
  };
  return Array.isArray(parsed) ? parsed.map(one).join('+') : one(parsed);
};

const emptyStats = (): GraphqlProxyStats => ({
  requests: 0,
  byOperation: {},
  injected: Object.fromEntries(FAILURE_KINDS.map((k) => [k, 0])) as Record<FailureKind, number>,
  upstreamErrors: 0,
});

const readBody = (stream: http.IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });

export const startGraphqlProxy = async (options: {
  upstream: string;
  decide?: FailureDecider;
  host?: string;
}): Promise<GraphqlProxy> => {
  let upstream = new URL(options.upstream);
  let decide = options.decide ?? NO_FAILURES;
  let stats = emptyStats();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  const forward = (req: http.IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const headers = { ...req.headers, host: upstream.host };
      delete headers.connection;
      const outgoing = http.request(
        {
          protocol: upstream.protocol,
          hostname: upstream.hostname,
          port: upstream.port,
          path: upstream.pathname + upstream.search,
          method: req.method,
          headers,
          agent,
        },
        (res) => {
          readBody(res).then(
            (answer) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: answer }),
            reject,
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });

  const server = http.createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      stats.requests++;
      const operation = operationOf(body.toString('utf8'));
      stats.byOperation[operation] = (stats.byOperation[operation] ?? 0) + 1;
      const failure = decide();
      if (failure) stats.injected[failure]++;
      const answerInjected = () => {
        const injected = injectedResponse(failure!);
        res.writeHead(injected.status, injected.headers);
        res.end(injected.body);
      };
      if (failure === 'unavailable' || failure === 'throttled') return answerInjected();
      let answer;
      try {
        answer = await forward(req, body);
      } catch (error) {
        stats.upstreamErrors++;
        // What a dropped connection looks like to the client: the socket closes.
        res.destroy(error as Error);
        return;
      }
      if (failure === 'lost_response') return answerInjected();
      const headers = { ...answer.headers };
      delete headers.connection;
      delete headers['transfer-encoding'];
      headers['content-length'] = String(answer.body.length);
      res.writeHead(answer.status, headers);
      res.end(answer.body);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}/graphql`,
    stats: () => structuredClone(stats),
    resetStats: () => {
      stats = emptyStats();
    },
    setUpstream: (url) => {
      upstream = new URL(url);
    },
    setFailures: (next) => {
      decide = next;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

/**
 * The HTTP face of the local bus: enough of the EventBridge JSON protocol for
 * the stock SDK client and `aws events put-events --endpoint-url` to work.
 * Signatures are not checked: any credentials are accepted.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_ACCOUNT, DEFAULT_REGION, type EventEnvelope } from './envelope';
import type { EventLogger } from '../../event-processing/observability';
import { resolveLogger } from './logger';
import { awsJsonError, handlePutEvents, type AwsJsonError } from './put-events-protocol';

export const DEFAULT_EVENTS_HOST = '127.0.0.1';
const PUT_EVENTS_TARGET = 'AWSEvents.PutEvents';
/** Far above the 256 KiB PutEvents limit; only guards against runaway bodies. */
const MAX_BODY_BYTES = 1024 * 1024;

export type PutEventsServerOptions = {
  /** Default 0: a free port (npm start passes LOCAL_PORTS.events). */
  port?: number;
  host?: string;
  account?: string;
  region?: string;
  /**
   * Called for every accepted entry; the answer waits for what it returns. When it
   * throws or rejects (the bus could not journal the entry), that entry is answered
   * with InternalFailure: it was not acknowledged, and the sender may retry it.
   */
  publish: (envelope: EventEnvelope) => unknown;
  logger?: EventLogger;
  quiet?: boolean;
};

export type PutEventsServer = { endpoint: string; port: number; close(): Promise<void> };

export const startPutEventsServer = async (options: PutEventsServerOptions): Promise<PutEventsServer> => {
  const host = options.host ?? DEFAULT_EVENTS_HOST;
  const requestedPort = options.port ?? 0;
  const logger = resolveLogger(options.logger, options.quiet);
  const context = {
    account: options.account ?? DEFAULT_ACCOUNT,
    region: options.region ?? DEFAULT_REGION,
    now: () => new Date(),
    newId: () => randomUUID(),
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error(`[event-bus] request failed: ${String(error)}`);
      if (!res.headersSent) send(res, 500, awsJsonError('InternalException', 'Local event bus error.'));
    });
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = headerOf(req, 'x-amz-target');
    if (req.method !== 'POST' || target !== PUT_EVENTS_TARGET) {
      send(
        res,
        400,
        awsJsonError(
          'UnknownOperationException',
          `Unsupported operation ${req.method} ${
            target ?? '(no X-Amz-Target)'
          }: this local bus answers only POST ${PUT_EVENTS_TARGET}.`,
        ),
      );
      return;
    }
    const text = await readBody(req);
    if (text === undefined) {
      send(res, 400, awsJsonError('ValidationException', 'Request body is too large.'));
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      send(res, 400, awsJsonError('SerializationException', 'The request body is not valid JSON.'));
      return;
    }
    const answer = handlePutEvents(body, context);
    const published = await Promise.allSettled(answer.accepted.map(async (envelope) => options.publish(envelope)));
    if (answer.status === 200) {
      published.forEach((outcome, index) => {
        if (outcome.status === 'fulfilled') return;
        const envelope = answer.accepted[index]!;
        logger.error(`[event-bus] event ${envelope.id} not accepted: ${String(outcome.reason)}`);
        const entries = answer.body.Entries;
        const at = entries.findIndex((e) => 'EventId' in e && e.EventId === envelope.id);
        entries[at] = { ErrorCode: 'InternalFailure', ErrorMessage: 'The local bus could not keep the event.' };
        answer.body.FailedEntryCount++;
      });
    }
    send(res, answer.status, answer.body);
  };

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${requestedPort} is in use: is another npm start running? set LOCAL_EVENTS_PORT`)
          : error,
      );
    };
    server.once('error', onError);
    server.listen(requestedPort, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (error) => logger.error(`[event-bus] server error: ${String(error)}`));

  const { port } = server.address() as AddressInfo;
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info(`[event-bus] PutEvents endpoint ${endpoint}`);
  return {
    endpoint,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // SDK clients keep connections alive; do not wait for them to time out.
        server.closeAllConnections();
      }),
  };
};

const headerOf = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

const readBody = async (req: IncomingMessage): Promise<string | undefined> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
};

const send = (res: ServerResponse, status: number, body: object): void => {
  const payload = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': randomUUID(),
  };
  if (status >= 400) headers['x-amzn-errortype'] = (body as AwsJsonError).__type;
  res.writeHead(status, headers);
  res.end(payload);
};

/**
 * Patch: the realtime endpoint speaks AppSync's handshake, and refuses out loud.
 *
 * 1. The Amplify v6 client sends the connection's auth header as a WebSocket subprotocol
 *    (`header-<base64url JSON>`, next to `graphql-ws`); 2.16.x reads it only from the query
 *    string (`?header=<base64>&payload=e30=`, the older AppSync form). Both are accepted.
 * 2. A connection whose auth header is missing or invalid was closed at once (code 1002),
 *    which the client retries for minutes: silence. AppSync answers `connection_init` with a
 *    `connection_error` carrying UnauthorizedException (401), which the client reports to
 *    the subscriber and does not retry. So does this.
 * 3. A `start` message whose own auth header is rejected threw inside the server (an
 *    unhandled rejection, no answer). It now gets an `error` message for that subscription.
 * 4. `stop()` left client sockets open, so the HTTP server never finished closing while a
 *    client was connected. They are now terminated.
 */
import type { IncomingMessage } from 'node:http';
import { requireSimulator, SIMULATOR, wrapMethod } from './simulator-modules';

type Socket = {
  protocol?: string;
  readyState: number;
  send(data: string): void;
  close(code?: number): void;
  once(event: 'message', listener: (data: Buffer) => void): void;
};
type ConnectionContext = { socket: Socket };
type StartMessage = { id: string; type: string };
type ServerInstance = {
  webSocketServer?: { clients: Set<{ terminate(): void }> };
  options: { onConnectHandler(context: unknown, headers: Record<string, unknown>): unknown };
  onSocketConnection(socket: Socket, request: IncomingMessage): Promise<void>;
  onSubscriptionStart(context: ConnectionContext, message: StartMessage): Promise<void>;
  sendError(context: ConnectionContext, id: string, payload: unknown, type?: string): void;
};

const OPEN = 1;
const HEADER_PROTOCOL = /^header-([A-Za-z0-9_-]+=*)$/;

/** The auth header as the Amplify client sends it: a `header-<base64url>` subprotocol. */
const headerFromSubprotocol = (request: IncomingMessage): string | undefined =>
  String(request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .map((p) => HEADER_PROTOCOL.exec(p)?.[1])
    .find((h): h is string => h !== undefined);

const decodeHeader = (encoded: string | null | undefined): Record<string, unknown> => {
  if (!encoded) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/** "UnauthorizedException: Invalid JWT token" → its type and message. */
const errorOf = (error: unknown, fallbackType: string) => {
  const text = error instanceof Error ? error.message : String(error);
  const match = /^(\w+Exception): (.*)$/s.exec(text);
  return match ? { errorType: match[1]!, message: match[2]! } : { errorType: fallbackType, message: text };
};

const refuseConnection = (socket: Socket, error: unknown) => {
  const { message } = errorOf(error, 'UnauthorizedException');
  socket.once('message', () => {
    if (socket.readyState !== OPEN) return;
    socket.send(
      JSON.stringify({
        type: 'connection_error',
        payload: { errors: [{ errorType: 'UnauthorizedException', errorCode: 401, message }] },
      }),
    );
    socket.close(1000);
  });
};

type WebsocketServerClass = {
  new (options: ServerInstance['options'], server: unknown): ServerInstance & { start(): void; stop(): Promise<void> };
  prototype: { start(this: ServerInstance): void; stop(this: ServerInstance): Promise<void> };
};

export const websocketServerClass = (): WebsocketServerClass =>
  (
    requireSimulator(`${SIMULATOR}/lib/server/subscription/websocket-server/server.js`) as {
      WebsocketSubscriptionServer: WebsocketServerClass;
    }
  ).WebsocketSubscriptionServer;

/** Upstream's connection handler (set per instance), behind the subprotocol header and the spoken refusal. */
const wrapSocketConnection = (server: ServerInstance) => {
  const connect = server.onSocketConnection;
  server.onSocketConnection = async (socket, request) => {
    const url = new URL(request.url ?? '/', 'http://local');
    const fromSubprotocol = headerFromSubprotocol(request);
    if (!url.searchParams.get('header') && fromSubprotocol) {
      url.searchParams.set('header', fromSubprotocol);
      url.searchParams.set('payload', 'e30=');
      request.url = `${url.pathname}${url.search}`;
    }
    try {
      await server.options.onConnectHandler(undefined, decodeHeader(url.searchParams.get('header')));
    } catch (error) {
      refuseConnection(socket, error);
      return;
    }
    await connect(socket, request);
  };
};

/** Upstream's subscription start (set per instance), answering a refusal with an `error` message. */
const wrapSubscriptionStart = (server: ServerInstance) => {
  const startSubscription = server.onSubscriptionStart;
  server.onSubscriptionStart = async (context, message) => {
    try {
      await startSubscription(context, message);
    } catch (error) {
      server.sendError(context, message.id, { errors: [errorOf(error, 'BadRequestException')] }, 'error');
    }
  };
};

export const patchRealtimeHandshake = (): void => {
  const proto = websocketServerClass().prototype;
  wrapMethod(
    proto,
    'start',
    'realtime-handshake',
    (original) =>
      function start(this: ServerInstance) {
        wrapSocketConnection(this);
        wrapSubscriptionStart(this);
        original.call(this);
      },
  );
  wrapMethod(
    proto,
    'stop',
    'realtime-handshake',
    (original) =>
      async function stop(this: ServerInstance) {
        await original.call(this);
        // Upstream leaves client sockets open, so the HTTP server would never finish closing.
        for (const client of this.webSocketServer?.clients ?? []) client.terminate();
      },
  );
};

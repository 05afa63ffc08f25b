/**
 * The user pool's HTTP endpoint, Cognito's AWS JSON 1.1 protocol: `POST /` with
 * `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`, errors as HTTP 400
 * `{ __type, message }`. Also `GET /<userPoolId>/.well-known/jwks.json` (the token
 * issuer's keys, as Cognito publishes them), and CORS for browser apps on other ports.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CognitoError } from './cognito-error';
import type { PublicJwk } from './signing-key';
import type { UserPoolService } from './user-pool-service';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const MAX_BODY_BYTES = 1024 * 1024;

const cors = (req: IncomingMessage): Record<string, string> => ({
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, GET, OPTIONS',
  'access-control-allow-headers': String(
    req.headers['access-control-request-headers'] ?? 'content-type, x-amz-target, x-amz-user-agent, cache-control',
  ),
  'access-control-expose-headers': 'x-amzn-requestid, x-amzn-errortype',
  'access-control-max-age': '600',
});

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) reject(new CognitoError('InvalidParameterException', 'Request body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

export type UserPoolServer = { endpoint: string; port: number; stop(): Promise<void> };

export const startUserPoolServer = async (options: {
  /** Read per request: the service is built once the endpoint (part of the token issuer) is known. */
  service: () => UserPoolService;
  userPoolId: string;
  jwks: () => { keys: PublicJwk[] };
  port: number;
  host: string;
  onError?: (error: unknown) => void;
}): Promise<UserPoolServer> => {
  const jwksPath = `/${options.userPoolId}/.well-known/jwks.json`;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const headers = { ...cors(req), 'x-amzn-requestid': randomUUID() };
    const send = (status: number, body: unknown, extra: Record<string, string> = {}) => {
      res.writeHead(status, { ...headers, 'content-type': 'application/x-amz-json-1.1', ...extra });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, headers);
      return void res.end();
    }
    const { pathname } = new URL(req.url ?? '/', 'http://local');
    if (req.method === 'GET' && pathname === jwksPath) {
      return send(200, options.jwks(), { 'content-type': 'application/json' });
    }
    try {
      if (req.method !== 'POST')
        throw new CognitoError('UnknownOperationException', `${req.method} ${pathname} is not served`);
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.startsWith(TARGET_PREFIX)
        ? options.service().operations[target.slice(TARGET_PREFIX.length)]
        : undefined;
      if (!operation)
        throw new CognitoError(
          'UnknownOperationException',
          `Operation ${target || '(no X-Amz-Target)'} is not served by the local user pool`,
        );
      let body: unknown;
      try {
        body = JSON.parse((await readBody(req)) || '{}');
      } catch (error) {
        if (error instanceof CognitoError) throw error;
        throw new CognitoError('InvalidParameterException', 'The request body is not JSON');
      }
      if (!body || typeof body !== 'object' || Array.isArray(body)) {
        throw new CognitoError('InvalidParameterException', 'The request body must be a JSON object');
      }
      const signed = String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256');
      send(200, await operation(body as Record<string, unknown>, signed));
    } catch (error) {
      if (error instanceof CognitoError) return send(400, error.toJSON(), { 'x-amzn-errortype': error.type });
      options.onError?.(error);
      send(500, { __type: 'InternalErrorException', message: (error as Error).message });
    }
  };
  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://${urlHost}:${port}`,
    port,
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
};

/**
 * A local endpoint for Lambda's Invoke API, asynchronous invocations only:
 * `POST /2015-03-31/functions/<name or ARN>/invocations` with
 * `X-Amz-Invocation-Type: Event` hands the payload to the local stack's async invoker
 * (retries and on-failure capture included) and answers 202, as Lambda does.
 * `DryRun` answers 204. The stock @aws-sdk/client-lambda reaches it with `endpoint`,
 * so redrive runs the same code against AWS and the local stack.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AsyncInvoker } from '../event-bus/async-invoker';
import { functionNameFromArn } from '../../redrive/on-failure-record';

export type LambdaInvokeServerOptions = {
  /** The stack's invoker of a function, by function name. */
  invokerFor: (functionName: string) => AsyncInvoker | undefined;
  /** Default 0: a free port (npm start passes LOCAL_PORTS.lambda). */
  port?: number;
  host?: string;
};

export type LambdaInvokeServer = { endpoint: string; port: number; stop(): Promise<void> };

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/** A function name, or the name inside a (possibly qualified) function ARN. */
export const functionNameOf = (nameOrArn: string): string => functionNameFromArn(nameOrArn) ?? nameOrArn.split(':')[0]!;

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

const lambdaError = (res: ServerResponse, status: number, type: string, message: string) => {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type, 'x-amzn-requestid': 'local' });
  res.end(JSON.stringify({ Type: 'User', message }));
};

export const startLambdaInvokeServer = async (options: LambdaInvokeServerOptions): Promise<LambdaInvokeServer> => {
  const host = options.host ?? '127.0.0.1';
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const match = INVOKE_PATH.exec(url.pathname);
    if (req.method !== 'POST' || !match) {
      return lambdaError(
        res,
        404,
        'UnknownOperationException',
        `Only Invoke (POST /2015-03-31/functions/<name>/invocations) is served locally`,
      );
    }
    const functionName = functionNameOf(decodeURIComponent(match[1]!));
    const invoker = options.invokerFor(functionName);
    const body = await readBody(req);
    if (!invoker) return lambdaError(res, 404, 'ResourceNotFoundException', `Function not found: ${functionName}`);
    const type = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    if (type === 'DryRun') {
      res.writeHead(204, { 'x-amzn-requestid': 'local' });
      return void res.end();
    }
    if (type !== 'Event') {
      return lambdaError(
        res,
        400,
        'InvalidParameterValueException',
        `Only asynchronous invocations (InvocationType Event) are served locally, got ${type}`,
      );
    }
    let payload: unknown;
    try {
      payload = body === '' ? {} : JSON.parse(body);
    } catch {
      return lambdaError(res, 400, 'InvalidRequestContentException', 'Could not parse request body into json');
    }
    const { requestId } = invoker.invoke(payload);
    res.writeHead(202, { 'x-amzn-requestid': requestId, 'content-length': 0 });
    res.end();
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => lambdaError(res, 500, 'ServiceException', (error as Error).message));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

import { connect } from 'node:net';
import { UnreachableEndpointError } from './command-line';

/**
 * Fails with the endpoint and what to do when nothing listens there: a script
 * says so before its SDK client retries and reports a bare ECONNREFUSED.
 */
export const assertReachable = (endpoint: string, hint = 'start the local stack with npm start'): Promise<void> => {
  const url = new URL(endpoint);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const fail = (reason: string) => {
      socket.destroy();
      reject(new UnreachableEndpointError(`nothing answers at ${endpoint} (${reason}): ${hint}`));
    };
    socket.setTimeout(3000, () => fail('timed out'));
    socket.once('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
  });
};

import { createServer } from 'node:net';

/** Thrown when a port the stack needs is taken, typically by another npm start. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}

const checkPort = (port: number, host: string, variable: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new PortInUseError(`port ${port} is in use: is another npm start running? Stop it or set ${variable}`)
          : error,
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });

/**
 * Checks the fixed ports before anything starts, so a second `npm start` says
 * which port is busy instead of failing halfway (port 0 means any, always free).
 */
export const assertPortsFree = async (ports: Record<string, number>, host = '127.0.0.1'): Promise<void> => {
  for (const [variable, port] of Object.entries(ports)) {
    if (port !== 0) await checkPort(port, host, variable);
  }
};

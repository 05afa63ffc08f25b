/**
 * Patch: the simulator's HTTP server listens on the host and port asked for, and stops fully.
 *
 * In 2.16.x `start()` listens on every interface, turns port 0 into "the first free port
 * from 8900" (racy when several APIs start side by side, as test files do), and reports
 * the first internal interface's address; `stop()` neither waits for the server to close
 * nor closes keep-alive connections, so a process (or a restart on the same port) hangs.
 * Here port 0 means an ephemeral port chosen by the OS and `host` (an extra field of the
 * server config) is honoured.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requireSimulator, SIMULATOR, wrapMethod } from './simulator-modules';

type SimulatorServer = {
  config: { port?: number; host?: string };
  _httpServer: Server;
  _url: string;
  _localhostUrl: string;
};

export type SimulatorServerClass = { prototype: { start(): Promise<void>; stop(): Promise<void> } };

export const simulatorServerClass = (): SimulatorServerClass =>
  (requireSimulator(`${SIMULATOR}/lib/server/index.js`) as { AppSyncSimulatorServer: SimulatorServerClass })
    .AppSyncSimulatorServer;

export const patchServerListen = (): void => {
  const proto = simulatorServerClass().prototype;
  wrapMethod(
    proto,
    'start',
    'server-listen',
    (original) =>
      async function start(this: SimulatorServer) {
        const server = this._httpServer;
        const host = this.config.host ?? '127.0.0.1';
        const listen = server.listen;
        // Upstream calls listen(port) with a port it picked; listen on the asked host, port 0 meaning the OS's choice.
        server.listen = ((..._ignored: unknown[]) =>
          (listen as (port: number, host: string) => Server).call(
            server,
            this.config.port ?? 0,
            host,
          )) as Server['listen'];
        try {
          await original.call(this);
        } finally {
          server.listen = listen;
        }
        const { port } = server.address() as AddressInfo;
        const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
        this._url = `http://${urlHost}:${port}`;
        this._localhostUrl = `http://localhost:${port}`;
      },
  );
  wrapMethod(
    proto,
    'stop',
    'server-listen',
    (original) =>
      async function stop(this: SimulatorServer) {
        const server = this._httpServer;
        const closed = server.listening ? once(server, 'close') : Promise.resolve();
        await original.call(this);
        // Upstream calls close() and returns at once; keep-alive connections would hold the port.
        server.closeAllConnections();
        await closed;
      },
  );
};

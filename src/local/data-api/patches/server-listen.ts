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
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyOnce, requireSimulator, SIMULATOR } from './simulator-modules';

type SimulatorServer = {
  config: { port?: number; host?: string };
  _httpServer: Server;
  _realTimeSubscriptionServer: { start(): void | Promise<void>; stop(): Promise<void> };
  _url: string;
  _localhostUrl: string;
};

export const patchServerListen = (): void => {
  const { AppSyncSimulatorServer } = requireSimulator(`${SIMULATOR}/lib/server/index.js`) as {
    AppSyncSimulatorServer: { prototype: { start(): Promise<void>; stop(): Promise<void> } };
  };
  const proto = AppSyncSimulatorServer.prototype;
  applyOnce(proto, 'server-listen', () => {
    proto.start = async function start(this: SimulatorServer) {
      await this._realTimeSubscriptionServer.start();
      const host = this.config.host ?? '127.0.0.1';
      await new Promise<void>((resolve, reject) => {
        this._httpServer.once('error', reject);
        this._httpServer.listen(this.config.port ?? 0, host, () => {
          this._httpServer.off('error', reject);
          resolve();
        });
      });
      const { port } = this._httpServer.address() as AddressInfo;
      const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
      this._url = `http://${urlHost}:${port}`;
      this._localhostUrl = `http://localhost:${port}`;
    };
    proto.stop = async function stop(this: SimulatorServer) {
      await this._realTimeSubscriptionServer.stop();
      await new Promise<void>((resolve) => {
        this._httpServer.close(() => resolve());
        this._httpServer.closeAllConnections();
      });
    };
  });
};

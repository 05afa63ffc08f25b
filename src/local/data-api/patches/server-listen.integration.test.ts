/** The server-listen patch (integration: upstream probes free ports, the wrapper listens). */
import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { applySimulatorPatches } from './index';
import { simulatorServerClass } from './server-listen';
import { upstreamOf } from './simulator-modules';

beforeAll(() => {
  applySimulatorPatches();
});

const proto = () => simulatorServerClass().prototype;
const realtime = { start: async () => undefined, stop: async () => undefined };

describe('given the server-listen patch', () => {
  it('when upstream starts on port 0 then it listens on every interface at a port it picked from 8900 (remove the patch once this fails)', async () => {
    const calls: unknown[][] = [];
    const server = Object.assign(new EventEmitter(), {
      listen(...args: unknown[]) {
        calls.push(args);
        setImmediate(() => server.emit('listening'));
      },
    });
    await upstreamOf(proto().start).call({
      config: { port: 0, host: '127.0.0.1' },
      _httpServer: server,
      _realTimeSubscriptionServer: realtime,
      _isHttps: false,
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toHaveLength(1);
    expect(calls[0]![0]).toBeGreaterThanOrEqual(8900);
  });

  it('when upstream stops then it neither waits for the close nor closes open connections (remove the patch once this fails)', async () => {
    const closes: unknown[][] = [];
    let closedAll = false;
    const server = { close: (...args: unknown[]) => closes.push(args), closeAllConnections: () => (closedAll = true) };
    await upstreamOf(proto().stop).call({ _httpServer: server, _realTimeSubscriptionServer: realtime });
    expect(closes).toEqual([[]]);
    expect(closedAll).toBe(false);
  });

  it('when wrapped then it listens on the asked host at an ephemeral port, reports it, and stop frees it', async () => {
    const server = createServer();
    const self = {
      config: { port: 0, host: '127.0.0.1' },
      _httpServer: server,
      _realTimeSubscriptionServer: realtime,
      _isHttps: false,
      _url: '',
      _localhostUrl: '',
    };
    await proto().start.call(self);
    const address = server.address() as { address: string; port: number };
    expect(address.address).toBe('127.0.0.1');
    expect(self._url).toBe(`http://127.0.0.1:${address.port}`);
    await proto().stop.call(self);
    expect(server.listening).toBe(false);
  });
});

/**
 * Live updates against the local data API from the unchanged Amplify v6 client.
 *
 * The client dials `wss://<host>/graphql/realtime` for any GraphQL endpoint, http:// included;
 * the local data API serves plain `ws://` (no certificate to trust on a laptop). Wrapping the
 * WebSocket class a runtime provides makes connections to a loopback host use ws://; nothing
 * else changes. In a browser: `window.WebSocket = withLocalRealtime(window.WebSocket)`; in
 * Node 20 (no global WebSocket): `globalThis.WebSocket = withLocalRealtime(WebSocket from 'ws')`.
 * No Node imports here, so a web app can use it too. Local mode only: never in a deployed app.
 */

// A WebSocket class as browsers and the `ws` package define it (the mixin needs `any[]`).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type WebSocketClass = new (...args: any[]) => object;

export const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', 'localhost', '[::1]'];

/** The URL to dial: `wss://` to a loopback host becomes `ws://`. */
export const localRealtimeUrl = (url: string | URL, hosts: readonly string[] = LOOPBACK_HOSTS): string => {
  const parsed = new URL(String(url));
  if (parsed.protocol === 'wss:' && hosts.includes(parsed.hostname)) parsed.protocol = 'ws:';
  return parsed.toString();
};

/** A WebSocket class like `Base` that dials loopback hosts over plain ws://. */
export const withLocalRealtime = <T extends WebSocketClass>(Base: T, hosts: readonly string[] = LOOPBACK_HOSTS): T => {
  const Local = class extends Base {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    constructor(...args: any[]) {
      const [url, ...rest] = args as [string | URL, ...unknown[]];
      super(localRealtimeUrl(url, hosts), ...rest);
    }
  };
  Object.defineProperty(Local, 'name', { value: 'WebSocket' });
  return Local;
};

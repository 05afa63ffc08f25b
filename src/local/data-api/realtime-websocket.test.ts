import { describe, expect, it } from 'vitest';
import { localRealtimeUrl, withLocalRealtime } from './realtime-websocket';

describe('the local realtime WebSocket', () => {
  it('given the URL the Amplify client dials for a local endpoint, when mapped, then it is plain ws:// with the same path and query', () => {
    expect(localRealtimeUrl('wss://127.0.0.1:20002/graphql/realtime?x-amz-user-agent=a')).toBe(
      'ws://127.0.0.1:20002/graphql/realtime?x-amz-user-agent=a',
    );
    expect(localRealtimeUrl('wss://localhost:20002/graphql/realtime')).toBe('ws://localhost:20002/graphql/realtime');
  });

  it('given a remote AppSync endpoint, when mapped, then it keeps wss://', () => {
    const cloud = 'wss://abc.appsync-realtime-api.us-east-1.amazonaws.com/graphql';
    expect(localRealtimeUrl(cloud)).toBe(cloud);
  });

  it('given a WebSocket class, when wrapped, then it is constructed with the mapped URL and the same protocols', () => {
    const made: unknown[][] = [];
    class Recorder {
      static readonly OPEN = 1;
      constructor(...args: unknown[]) {
        made.push(args);
      }
    }
    const Local = withLocalRealtime(Recorder);

    new Local('wss://127.0.0.1:1/graphql/realtime', ['graphql-ws', 'header-e30']);

    expect(made).toEqual([['ws://127.0.0.1:1/graphql/realtime', ['graphql-ws', 'header-e30']]]);
    expect(Local.OPEN).toBe(1);
  });
});

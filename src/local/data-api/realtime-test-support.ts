/**
 * Test helpers for live updates: the `ws` package as Node's global WebSocket (dialing the
 * local data API over ws://) with a count of acknowledged subscriptions, a collector of what
 * a subscription delivers, and a signed-in user's app in its own process.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { withLocalRealtime } from './realtime-websocket';
import type { SubscriberMessage, SubscriberSetup } from './subscriber-process';

/** Resolves once `check` holds; re-checked whenever `changed()` is called. */
const conditions = () => {
  let waiters: (() => void)[] = [];
  return {
    changed: () => {
      const current = waiters;
      waiters = [];
      for (const w of current) w();
    },
    until: (check: () => boolean) =>
      new Promise<void>((resolve) => {
        const test = () => (check() ? resolve() : waiters.push(test));
        test();
      }),
  };
};

/**
 * Installs the WebSocket the Amplify client uses in this process. `untilStartAcks(n)` waits
 * until the server has acknowledged n subscriptions (so events sent afterwards reach them).
 */
export const installLocalRealtime = () => {
  let acks = 0;
  const acked = conditions();
  class CountingWebSocket extends withLocalRealtime(WebSocket) {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      this.on('message', (data: Buffer) => {
        if ((JSON.parse(data.toString()) as { type?: string }).type === 'start_ack') {
          acks++;
          acked.changed();
        }
      });
    }
  }
  Object.assign(globalThis, { WebSocket: CountingWebSocket });
  return { untilStartAcks: (n: number) => acked.until(() => acks >= n) };
};

/** What a subscription delivered (`next`) or failed with (`error`). */
export const collector = <T>() => {
  const items: T[] = [];
  const errors: unknown[] = [];
  const waiting = conditions();
  return {
    items,
    errors,
    next: (item: T) => {
      items.push(item);
      waiting.changed();
    },
    error: (error: unknown) => {
      errors.push(error);
      waiting.changed();
    },
    until: (check: () => boolean) => waiting.until(() => check() || errors.length > 0),
  };
};

const SUBSCRIBER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'subscriber-process.ts');

export type SubscriberProcess = {
  messages: SubscriberMessage[];
  /** Resolves once a message satisfies `check`; rejects if the process exits first. */
  until(check: (message: SubscriberMessage) => boolean): Promise<SubscriberMessage>;
  stop(): Promise<void>;
};

/** A signed-in user's app in its own process (Amplify is one configuration per process). */
export const startSubscriberProcess = async (setup: SubscriberSetup): Promise<SubscriberProcess> => {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const child = spawn(process.execPath, [tsx, SUBSCRIBER], {
    env: { ...process.env, LOCAL_SUBSCRIBER_SETUP: JSON.stringify(setup) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const messages: SubscriberMessage[] = [];
  const received = conditions();
  let stderr = '';
  let exited = false;
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    messages.push(JSON.parse(line) as SubscriberMessage);
    received.changed();
  });
  const exit = new Promise<void>((resolve) =>
    child.on('exit', () => {
      exited = true;
      received.changed();
      resolve();
    }),
  );
  const until = async (check: (m: SubscriberMessage) => boolean) => {
    await received.until(() => exited || messages.some(check));
    const found = messages.find(check);
    if (!found) throw new Error(`The subscriber process exited before the awaited message:\n${stderr}`);
    return found;
  };
  const started = await until((m) => m.kind === 'ready' || m.kind === 'error');
  if (started.kind === 'error') {
    child.kill();
    throw new Error(`A subscription failed before all were acknowledged: ${JSON.stringify(started)}`);
  }
  return {
    messages,
    until,
    stop: async () => {
      if (!exited) {
        child.stdin.end(); // the process unsubscribes and exits when its stdin closes
        await exit;
      }
    },
  };
};

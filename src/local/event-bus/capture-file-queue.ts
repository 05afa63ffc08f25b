import { FailureStore } from '../local/event-bus/failure-store';
import type { FailedEventQueue, QueuedMessage } from './failed-event-queue';

/**
 * The local stack's on-failure capture (.local/failed-events.jsonl) as a queue:
 * a message is a captured record, removed by its request id.
 */
export class CaptureFileQueue implements FailedEventQueue {
  readonly description: string;
  private readonly store: FailureStore;

  constructor(file: string) {
    this.store = new FailureStore(file);
    this.description = `capture file ${file}`;
  }

  async receive(max: number): Promise<QueuedMessage[]> {
    const records = await this.store.readAll();
    return records.slice(0, max).map((record) => ({ handle: record.requestContext.requestId, body: JSON.stringify(record) }));
  }

  async remove(handle: string): Promise<void> {
    await this.store.remove(new Set([handle]));
  }
}

import type { FailedEventQueue, QueuedMessage } from '../../redrive/failed-event-queue';
import { FailureStore } from './failure-store';

/**
 * The local stack's on-failure capture (.local/failed-events.jsonl) as a queue:
 * a message is a captured record, removed by its request id.
 */
export class CaptureFileQueue implements FailedEventQueue {
  readonly description: string;
  private readonly store: FailureStore;

  /** The capture file, or the store the local bus appends to. */
  constructor(source: string | FailureStore) {
    this.store = typeof source === 'string' ? new FailureStore(source) : source;
    this.description = this.store.file ? `capture file ${this.store.file}` : 'in-memory capture';
  }

  async receive(max: number): Promise<QueuedMessage[]> {
    const records = await this.store.readAll();
    return records
      .slice(0, max)
      .map((record) => ({ handle: record.requestContext.requestId, body: JSON.stringify(record) }));
  }

  async remove(handle: string): Promise<void> {
    await this.store.remove(new Set([handle]));
  }
}

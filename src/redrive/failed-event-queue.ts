/**
 * Where failed events wait: the on-failure SQS queue in AWS, the JSON-lines capture
 * locally. Each message is a Lambda on-failure destination record (its body as text).
 */
export type QueuedMessage = {
  /** What `remove` takes: the SQS receipt handle, or the local record's request id. */
  handle: string;
  body: string;
};

export interface FailedEventQueue {
  /** Up to `max` messages; an empty array when the queue is empty. */
  receive(max: number): Promise<QueuedMessage[]>;
  remove(handle: string): Promise<void>;
  readonly description: string;
}

import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { FailedEventQueue, QueuedMessage } from './failed-event-queue';

/**
 * The on-failure queue in AWS. Received messages stay invisible for
 * `visibilityTimeoutSeconds`: one not deleted (not redelivered) comes back after it.
 * A dry run should pass 0, so that looking changes nothing.
 */
export class SqsFailedEventQueue implements FailedEventQueue {
  readonly description: string;

  constructor(
    private readonly sqs: Pick<SQSClient, 'send'>,
    private readonly queueUrl: string,
    private readonly visibilityTimeoutSeconds = 300,
  ) {
    this.description = `SQS ${queueUrl}`;
  }

  async receive(max: number): Promise<QueuedMessage[]> {
    const messages: QueuedMessage[] = [];
    const seen = new Set<string>();
    while (messages.length < max) {
      const { Messages = [] } = await this.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: this.queueUrl,
          MaxNumberOfMessages: Math.min(10, max - messages.length),
          VisibilityTimeout: this.visibilityTimeoutSeconds,
          WaitTimeSeconds: 1,
        }),
      );
      const before = messages.length;
      for (const m of Messages) {
        if (!m.ReceiptHandle || m.Body === undefined || seen.has(m.MessageId ?? m.ReceiptHandle)) continue;
        seen.add(m.MessageId ?? m.ReceiptHandle);
        messages.push({ handle: m.ReceiptHandle, body: m.Body });
      }
      // Empty, or only messages already seen (a dry run receives with no visibility timeout).
      if (messages.length === before) break;
    }
    return messages;
  }

  async remove(handle: string): Promise<void> {
    await this.sqs.send(new DeleteMessageCommand({ QueueUrl: this.queueUrl, ReceiptHandle: handle }));
  }
}

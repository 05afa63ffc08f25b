/**
 * IVS GetStreamSession for reconciliation: paced, backed off on throttling, and
 * reduced to the facts the core needs. Works with the real IvsClient or the stand-in.
 */
import { GetStreamSessionCommand, type GetStreamSessionCommandOutput } from '@aws-sdk/client-ivs';
import { withBackoff, type Clock, type RateLimiter } from './rate-limiter';
import type { IvsSessionFacts } from './reconciliation-events';

/** The part of IvsClient used here; `new IvsClient(...)` and IvsStandIn both fit. */
export type IvsStreamSessionClient = {
  send(command: GetStreamSessionCommand): Promise<GetStreamSessionCommandOutput>;
};

const errorName = (error: unknown): string => (error as { name?: string } | null)?.name ?? '';

export const isThrottling = (error: unknown): boolean =>
  errorName(error) === 'ThrottlingException' ||
  (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode === 429;

export type StreamSessionLookup = (channelArn: string, streamId: string) => Promise<IvsSessionFacts>;

export const ivsStreamSessionLookup = (
  client: IvsStreamSessionClient,
  limiter: RateLimiter,
  options: { backoffMs?: readonly number[]; clock?: Clock } = {},
): StreamSessionLookup => {
  return async (channelArn, streamId) => {
    try {
      const output = await withBackoff(
        async () => {
          await limiter.acquire();
          return client.send(new GetStreamSessionCommand({ channelArn, streamId }));
        },
        {
          isRetryable: isThrottling,
          ...(options.backoffMs ? { delaysMs: options.backoffMs } : {}),
          ...(options.clock ? { clock: options.clock } : {}),
        },
      );
      const session = output.streamSession;
      if (!session) return null;
      return { startTime: session.startTime ?? null, endTime: session.endTime ?? null };
    } catch (error) {
      if (errorName(error) === 'ResourceNotFoundException') return null;
      throw error;
    }
  };
};

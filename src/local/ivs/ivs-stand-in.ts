/**
 * A LOCAL STAND-IN for the IVS control plane (there is no local IVS): answers
 * GetStreamSession from a JSON file, through the same `send(command)` interface as
 * IvsClient, with IVS's errors (ResourceNotFoundException, and ThrottlingException
 * above 5 calls/s). Only for `npm run reconcile` against the local stack and tests.
 *
 * File: { "streamSessions": [{ "channelArn", "streamId", "startTime", "endTime": null | "..." }] }
 * It is re-read on every call, so it can be edited while the stack runs.
 */
import { readFile } from 'node:fs/promises';
import {
  GetStreamSessionCommand,
  ResourceNotFoundException,
  ThrottlingException,
  type GetStreamSessionCommandOutput,
} from '@aws-sdk/client-ivs';
import type { IvsStreamSessionClient } from '../../reconciliation/ivs-sessions';

export type StandInStreamSession = { channelArn: string; streamId: string; startTime: string; endTime?: string | null };

export type IvsStandInOptions = {
  /** A JSON file as above, or the sessions themselves. */
  sessions: string | (() => readonly StandInStreamSession[]);
  /** IVS's limit for GetStreamSession; default 5 per second. */
  callsPerSecond?: number;
  now?: () => number;
};

export class IvsStandIn implements IvsStreamSessionClient {
  private readonly calls: number[] = [];
  /** Every command received, for tests. */
  readonly received: GetStreamSessionCommand[] = [];

  constructor(private readonly options: IvsStandInOptions) {}

  private async sessions(): Promise<readonly StandInStreamSession[]> {
    const source = this.options.sessions;
    if (typeof source === 'function') return source();
    try {
      const parsed = JSON.parse(await readFile(source, 'utf8')) as { streamSessions?: StandInStreamSession[] };
      return parsed.streamSessions ?? [];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async send(command: GetStreamSessionCommand): Promise<GetStreamSessionCommandOutput> {
    if (!(command instanceof GetStreamSessionCommand)) {
      throw new Error('IvsStandIn only answers GetStreamSessionCommand');
    }
    this.received.push(command);
    const now = (this.options.now ?? Date.now)();
    while (this.calls.length > 0 && this.calls[0]! <= now - 1000) this.calls.shift();
    if (this.calls.length >= (this.options.callsPerSecond ?? 5)) {
      throw new ThrottlingException({
        message: 'Request rate exceeded (stand-in)',
        $metadata: { httpStatusCode: 429 },
      });
    }
    this.calls.push(now);
    const { channelArn, streamId } = command.input;
    const found = (await this.sessions()).find(
      (s) => s.channelArn === channelArn && (streamId === undefined || s.streamId === streamId),
    );
    if (!found) {
      throw new ResourceNotFoundException({
        message: `Stream session ${streamId ?? '(latest)'} of ${channelArn} not found (stand-in)`,
        $metadata: { httpStatusCode: 404 },
      });
    }
    return {
      $metadata: { httpStatusCode: 200 },
      streamSession: {
        streamId: found.streamId,
        startTime: new Date(found.startTime),
        ...(found.endTime ? { endTime: new Date(found.endTime) } : {}),
        channel: { arn: found.channelArn },
        truncatedEvents: [],
      },
    };
  }
}

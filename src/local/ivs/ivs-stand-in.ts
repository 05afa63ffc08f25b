/**
 * A LOCAL STAND-IN for the IVS control plane (there is no local IVS), behind the same
 * `send(command)` interface as IvsClient, with IVS's errors (ValidationException,
 * ResourceNotFoundException, and ThrottlingException above 5 calls/s per operation). Only for
 * the local stack, `npm run reconcile` against it, and tests. It answers:
 * - CreateChannel, GetChannel, ListStreamKeys, GetStreamKey: channels (each with one stream
 *   key) it creates, kept in a JSON file (`.local/ivs-channels.json` on the local stack) or in
 *   memory;
 * - GetStreamSession: from a JSON file
 *   `{ "streamSessions": [{ "channelArn", "streamId", "startTime", "endTime": null | "..." }] }`,
 *   re-read on every call (it can be edited while the stack runs), or from a function.
 * Not reproduced: channel types' transcoding, authorization, deletion, quotas.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  CreateChannelCommand,
  GetChannelCommand,
  GetStreamKeyCommand,
  GetStreamSessionCommand,
  ListStreamKeysCommand,
  ResourceNotFoundException,
  ThrottlingException,
  ValidationException,
  type Channel,
  type CreateChannelCommandOutput,
  type GetChannelCommandOutput,
  type GetStreamKeyCommandOutput,
  type GetStreamSessionCommandOutput,
  type ListStreamKeysCommandOutput,
  type StreamKey,
} from '@aws-sdk/client-ivs';

export type StandInStreamSession = { channelArn: string; streamId: string; startTime: string; endTime?: string | null };

/** A channel as the stand-in keeps it (and writes it to its file). */
export type StandInChannel = Required<
  Pick<
    Channel,
    'arn' | 'name' | 'type' | 'latencyMode' | 'recordingConfigurationArn' | 'ingestEndpoint' | 'playbackUrl'
  >
> & { tags: Record<string, string>; streamKey: { arn: string; value: string } };

export type IvsStandInOptions = {
  /** GetStreamSession's answers: a JSON file as above, or the sessions themselves. Default: none. */
  sessions?: string | (() => readonly StandInStreamSession[]);
  /** Where created channels are kept across restarts; absent: in memory. */
  channelsFile?: string;
  /** The recording configurations CreateChannel accepts (others: ResourceNotFoundException); absent: any. */
  recordingConfigurationArns?: readonly string[];
  region?: string;
  accountId?: string;
  /** IVS's limit per operation; default 5 per second. */
  callsPerSecond?: number;
  now?: () => number;
};

export type IvsStandInCommand =
  | CreateChannelCommand
  | GetChannelCommand
  | ListStreamKeysCommand
  | GetStreamKeyCommand
  | GetStreamSessionCommand;

const CHANNEL_TYPES = ['BASIC', 'STANDARD', 'ADVANCED_SD', 'ADVANCED_HD'];
const LATENCY_MODES = ['NORMAL', 'LOW'];
const CHANNEL_NAME = /^[a-zA-Z0-9_-]{0,128}$/;
const RECORDING_CONFIGURATION_ARN = /^arn:aws:ivs:[a-z0-9-]+:[0-9]+:recording-configuration\/[a-zA-Z0-9-]+$/;
const CHANNEL_ARN = /^arn:aws:ivs:[a-z0-9-]+:[0-9]+:channel\/[a-zA-Z0-9-]+$/;
const STREAM_KEY_ARN = /^arn:aws:ivs:[a-z0-9-]+:[0-9]+:stream-key\/[a-zA-Z0-9-]+$/;
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const randomId = (length: number): string =>
  [...randomBytes(length)].map((byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');

const metadata = { httpStatusCode: 200 } as const;

const validation = (message: string) =>
  new ValidationException({ message: `${message} (stand-in)`, $metadata: { httpStatusCode: 400 } });
const notFound = (message: string) =>
  new ResourceNotFoundException({ message: `${message} (stand-in)`, $metadata: { httpStatusCode: 404 } });

export class IvsStandIn {
  private readonly calls = new Map<string, number[]>();
  private channels: StandInChannel[] | undefined;
  private saving: Promise<void> = Promise.resolve();
  /** Every command received, for tests. */
  readonly received: IvsStandInCommand[] = [];

  constructor(private readonly options: IvsStandInOptions = {}) {}

  /** Where created channels are kept, if anywhere. */
  get channelsFile(): string | undefined {
    return this.options.channelsFile;
  }

  private get region(): string {
    return this.options.region ?? 'us-east-1';
  }

  private get accountId(): string {
    return this.options.accountId ?? '123456789012';
  }

  private throttle(operation: string): void {
    const now = (this.options.now ?? Date.now)();
    const calls = this.calls.get(operation) ?? [];
    while (calls.length > 0 && calls[0]! <= now - 1000) calls.shift();
    if (calls.length >= (this.options.callsPerSecond ?? 5)) {
      throw new ThrottlingException({
        message: 'Request rate exceeded (stand-in)',
        $metadata: { httpStatusCode: 429 },
      });
    }
    calls.push(now);
    this.calls.set(operation, calls);
  }

  private async sessions(): Promise<readonly StandInStreamSession[]> {
    const source = this.options.sessions;
    if (source === undefined) return [];
    if (typeof source === 'function') return source();
    try {
      const parsed = JSON.parse(await readFile(source, 'utf8')) as { streamSessions?: StandInStreamSession[] };
      return parsed.streamSessions ?? [];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  /** The channels created so far (read from the file once). */
  async storedChannels(): Promise<StandInChannel[]> {
    if (this.channels) return this.channels;
    const file = this.options.channelsFile;
    let loaded: StandInChannel[] = [];
    if (file) {
      try {
        loaded = (JSON.parse(await readFile(file, 'utf8')) as { channels?: StandInChannel[] }).channels ?? [];
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    this.channels ??= loaded;
    return this.channels;
  }

  private save(): Promise<void> {
    const file = this.options.channelsFile;
    if (!file) return Promise.resolve();
    // One write at a time, each of the whole list; a rename makes it all or nothing.
    this.saving = this.saving.then(async () => {
      await mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      await writeFile(temporary, `${JSON.stringify({ channels: this.channels ?? [] }, null, 2)}\n`);
      await rename(temporary, file);
    });
    return this.saving;
  }

  private async channel(arn: string | undefined): Promise<StandInChannel> {
    if (!arn || !CHANNEL_ARN.test(arn)) throw validation(`"${arn ?? ''}" is not a channel ARN`);
    const found = (await this.storedChannels()).find((c) => c.arn === arn);
    if (!found) throw notFound(`Channel ${arn} not found`);
    return found;
  }

  private static channelOutput({ streamKey: _key, ...channel }: StandInChannel): Channel {
    return { ...channel, authorized: false, insecureIngest: false };
  }

  private static streamKeyOutput(channel: StandInChannel): StreamKey {
    return { arn: channel.streamKey.arn, value: channel.streamKey.value, channelArn: channel.arn, tags: {} };
  }

  private async createChannel(command: CreateChannelCommand): Promise<CreateChannelCommandOutput> {
    const input = command.input;
    const name = input.name ?? '';
    if (!CHANNEL_NAME.test(name)) throw validation(`name "${name}" must match ^[a-zA-Z0-9-_]*$ (at most 128)`);
    const type = input.type ?? 'STANDARD';
    if (!CHANNEL_TYPES.includes(type)) throw validation(`type "${type}" is not one of ${CHANNEL_TYPES.join(', ')}`);
    const latencyMode = input.latencyMode ?? 'LOW';
    if (!LATENCY_MODES.includes(latencyMode)) throw validation(`latencyMode "${latencyMode}" is not NORMAL or LOW`);
    const tags = input.tags ?? {};
    if (Object.keys(tags).length > 50) throw validation('at most 50 tags');
    const recordingConfigurationArn = input.recordingConfigurationArn ?? '';
    if (recordingConfigurationArn !== '') {
      if (!RECORDING_CONFIGURATION_ARN.test(recordingConfigurationArn)) {
        throw validation(`"${recordingConfigurationArn}" is not a recording configuration ARN`);
      }
      const known = this.options.recordingConfigurationArns;
      if (known && !known.includes(recordingConfigurationArn)) {
        throw notFound(`Recording configuration ${recordingConfigurationArn} not found`);
      }
    }
    const id = randomId(12);
    const ingest = randomBytes(6).toString('hex');
    const channel: StandInChannel = {
      arn: `arn:aws:ivs:${this.region}:${this.accountId}:channel/${id}`,
      name,
      type,
      latencyMode,
      recordingConfigurationArn,
      ingestEndpoint: `${ingest}.global-contribute.live-video.net`,
      playbackUrl: `https://${ingest}.${this.region}.playback.live-video.net/api/video/v1/${this.region}.${this.accountId}.channel.${id}.m3u8`,
      tags,
      streamKey: {
        arn: `arn:aws:ivs:${this.region}:${this.accountId}:stream-key/${randomId(12)}`,
        value: `sk_${this.region}_${randomId(30)}`,
      },
    };
    (await this.storedChannels()).push(channel);
    await this.save();
    return {
      $metadata: metadata,
      channel: IvsStandIn.channelOutput(channel),
      streamKey: IvsStandIn.streamKeyOutput(channel),
    };
  }

  private async getStreamSession(command: GetStreamSessionCommand): Promise<GetStreamSessionCommandOutput> {
    const { channelArn, streamId } = command.input;
    const found = (await this.sessions()).find(
      (s) => s.channelArn === channelArn && (streamId === undefined || s.streamId === streamId),
    );
    if (!found) throw notFound(`Stream session ${streamId ?? '(latest)'} of ${channelArn} not found`);
    return {
      $metadata: metadata,
      streamSession: {
        streamId: found.streamId,
        startTime: new Date(found.startTime),
        ...(found.endTime ? { endTime: new Date(found.endTime) } : {}),
        channel: { arn: found.channelArn },
        truncatedEvents: [],
      },
    };
  }

  send(command: CreateChannelCommand): Promise<CreateChannelCommandOutput>;
  send(command: GetChannelCommand): Promise<GetChannelCommandOutput>;
  send(command: ListStreamKeysCommand): Promise<ListStreamKeysCommandOutput>;
  send(command: GetStreamKeyCommand): Promise<GetStreamKeyCommandOutput>;
  send(command: GetStreamSessionCommand): Promise<GetStreamSessionCommandOutput>;
  async send(
    command: IvsStandInCommand,
  ): Promise<
    | CreateChannelCommandOutput
    | GetChannelCommandOutput
    | ListStreamKeysCommandOutput
    | GetStreamKeyCommandOutput
    | GetStreamSessionCommandOutput
  > {
    this.received.push(command);
    this.throttle(command.constructor.name);
    if (command instanceof GetStreamSessionCommand) return this.getStreamSession(command);
    if (command instanceof CreateChannelCommand) return this.createChannel(command);
    if (command instanceof GetChannelCommand) {
      return { $metadata: metadata, channel: IvsStandIn.channelOutput(await this.channel(command.input.arn)) };
    }
    if (command instanceof ListStreamKeysCommand) {
      const channel = await this.channel(command.input.channelArn);
      return { $metadata: metadata, streamKeys: [{ arn: channel.streamKey.arn, channelArn: channel.arn, tags: {} }] };
    }
    if (command instanceof GetStreamKeyCommand) {
      const arn = command.input.arn;
      if (!arn || !STREAM_KEY_ARN.test(arn)) throw validation(`"${arn ?? ''}" is not a stream key ARN`);
      const channel = (await this.storedChannels()).find((c) => c.streamKey.arn === arn);
      if (!channel) throw notFound(`Stream key ${arn} not found`);
      return { $metadata: metadata, streamKey: IvsStandIn.streamKeyOutput(channel) };
    }
    throw new Error(`IvsStandIn does not answer ${(command as object).constructor.name}`);
  }
}

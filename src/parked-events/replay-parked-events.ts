/**
 * Replay: once a channel has a Profile, its parked events go through processEvent (the
 * live handler's parser, engine and conditional writes; the engine is order-independent,
 * so the order they were parked in does not matter) and each applied one is deleted.
 * Expired ones are deleted unapplied: DynamoDB's TTL may not have removed them yet.
 * Called at once by the paths that create profiles (create-profile, the local stack's demo
 * profile), and by every reconciliation run for whatever they missed. Idempotent and safe
 * while the handler runs or another replay runs: applying twice changes nothing, and a
 * parked event already deleted is no error.
 */
import type { ParkedEventMetricName } from '../event-processing/metric-names';
import type { EventLogger, EventMetrics } from '../event-processing/observability';
import { processEvent, type Outcome } from '../event-processing/process-event';
import type { ProfileRef, RecordsStore } from '../records-store/records-store';
import type { RecordingState } from '../recording-engine/records';
import { isExpired, type ParkedEvent } from './parked-event';

export type ReplayDependencies = {
  store: RecordsStore;
  logger: EventLogger;
  metrics?: EventMetrics<ParkedEventMetricName>;
  /** Epoch ms. */
  now: () => number;
  /** Learn and report, write nothing. */
  dryRun?: boolean;
  /**
   * The lifecycle events a replayed Recording owes (src/lifecycle-events), published before
   * its parked event is deleted: a failure keeps it parked, and the next replay publishes.
   */
  settleLifecycleEvents?: (recording: RecordingState) => Promise<unknown>;
  /** RECORDING_RETENTION_DAYS: the expiry of a recording a replayed event makes final; null: kept forever. */
  defaultRetentionDays?: number | null;
};

export type ReplayCounts = {
  /** Applied through the engine and deleted (in a dry run: would be). */
  replayed: number;
  /** Past their retention, deleted unapplied (in a dry run: would be). */
  expired: number;
  /** Still waiting for their channel's profile. */
  waiting: number;
};

/**
 * At most this many of a channel's parked events per replay; applied ones are deleted, so
 * the next call goes on from there.
 */
export const CHANNEL_REPLAY_LIMIT = 1000;

/**
 * At most this many parked events read per reconciliation run to find the channels that have
 * some. Oldest first: expired ones come first and are deleted, so the partition holds at most
 * the retention's worth of events of channels still without a profile.
 */
export const PARKED_SCAN_LIMIT = 10_000;

/**
 * A channel's parked events (its index): applied when the channel has a profile, deleted when
 * expired. A transient failure throws: what was not yet deleted stays parked for the next call.
 */
export const replayParkedEvents = async (
  channelArn: string,
  deps: ReplayDependencies,
  limit = CHANNEL_REPLAY_LIMIT,
): Promise<ReplayCounts> => {
  const parked = await deps.store.parkedEventsOfChannel(channelArn, limit);
  if (parked.length === 0) return { replayed: 0, expired: 0, waiting: 0 };
  const profile = parked.some((p) => !isExpired(p, deps.now()))
    ? await deps.store.findProfileByChannelArn(channelArn)
    : null;
  return settle(channelArn, parked, profile, deps);
};

export type ReplayAllReport = ReplayCounts & {
  /** Channels whose replay failed (tried again next run); each is logged. */
  failedChannels: number;
  channels: number;
};

/**
 * Reconciliation's pass over every channel's parked events (the PARKED partition, oldest
 * first, never a scan): the expired ones are deleted, and each channel that now has a
 * profile is replayed whole (its own index). One channel's failure does not stop the others.
 */
export const replayAllParkedEvents = async (
  deps: ReplayDependencies,
  limit = PARKED_SCAN_LIMIT,
): Promise<ReplayAllReport> => {
  const byChannel = new Map<string, ParkedEvent[]>();
  for (const parked of await deps.store.parkedEvents(limit)) {
    const events = byChannel.get(parked.channelArn) ?? [];
    events.push(parked);
    byChannel.set(parked.channelArn, events);
  }
  const report: ReplayAllReport = { replayed: 0, expired: 0, waiting: 0, failedChannels: 0, channels: byChannel.size };
  for (const [channelArn, events] of byChannel) {
    try {
      const waits = events.some((p) => !isExpired(p, deps.now()));
      const profile = waits ? await deps.store.findProfileByChannelArn(channelArn) : null;
      const counts = profile
        ? await replayParkedEvents(channelArn, deps)
        : await settle(channelArn, events, null, deps);
      report.replayed += counts.replayed;
      report.expired += counts.expired;
      report.waiting += counts.waiting;
    } catch (error) {
      report.failedChannels++;
      deps.logger.error('Replay of parked events failed: they stay parked for the next run', {
        channelArn,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
  }
  return report;
};

/** Deletes the expired events; applies and deletes the others when the channel has a profile. */
const settle = async (
  channelArn: string,
  parked: ParkedEvent[],
  profile: ProfileRef | null,
  deps: ReplayDependencies,
): Promise<ReplayCounts> => {
  const now = deps.now();
  const expired = parked.filter((p) => isExpired(p, now));
  const live = parked.filter((p) => !isExpired(p, now));
  for (const p of expired) {
    if (!deps.dryRun) await deps.store.deleteParkedEvent(p.id);
    deps.metrics?.addMetric('ParkedEventsExpired', 'Count', 1);
  }
  if (expired.length > 0) {
    deps.logger.warn('Parked events expired before their channel had a Profile: deleted unapplied', {
      channelArn,
      count: expired.length,
      eventIds: expired.map((p) => p.eventId),
      dryRun: deps.dryRun ?? false,
    });
  }
  if (!profile) return { replayed: 0, expired: expired.length, waiting: live.length };
  const outcomes: Partial<Record<Outcome['kind'], number>> = {};
  for (const p of live) {
    if (!deps.dryRun) {
      const outcome = await apply(p, profile, deps);
      outcomes[outcome.kind] = (outcomes[outcome.kind] ?? 0) + 1;
      if ((outcome.kind === 'written' || outcome.kind === 'unchanged') && outcome.recording)
        await deps.settleLifecycleEvents?.(outcome.recording);
      await deps.store.deleteParkedEvent(p.id);
    }
    deps.metrics?.addMetric('EventsReplayed', 'Count', 1);
  }
  deps.logger.info('Replayed the parked events of a channel that now has a Profile', {
    channelArn,
    profileId: profile.id,
    count: live.length,
    outcomes,
    dryRun: deps.dryRun ?? false,
  });
  return { replayed: live.length, expired: expired.length, waiting: 0 };
};

const apply = async (parked: ParkedEvent, profile: ProfileRef, deps: ReplayDependencies): Promise<Outcome> => {
  let raw: unknown;
  try {
    raw = JSON.parse(parked.event);
  } catch {
    // Unreadable text can never apply; processEvent rejects (and logs) it like any malformed event.
    raw = parked.event;
  }
  return processEvent(raw, {
    store: deps.store,
    findProfile: async () => profile,
    logger: deps.logger,
    defaultRetentionDays: deps.defaultRetentionDays ?? null,
  });
};

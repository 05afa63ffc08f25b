/**
 * Section 5 and the soak: a simulated fleet through the stock EventBridge client to the
 * local bus, delivered to the real handler with Lambda's async semantics, against a
 * fresh data API. Latency is the invoker's (event accepted by put-events to record
 * written, retries included). Afterwards every expected record is compared with what is
 * stored: lost, duplicated and wrong records must be zero.
 */
import { performance } from 'node:perf_hooks';
import { ensureProfile } from '../records-store/profile-directory';
import { eventBridgeClientFor } from '../put-events/send-entries';
import { simulateBroadcasts, type SimulationOptions } from '../simulation/broadcast';
import {
  MAX_BATCH_SIZE,
  scheduleDelivery,
  type DeliverySchedule,
  type ScheduledDelivery,
} from '../simulation/delivery';
import { deriveSeed, mulberry32, shuffleInPlace } from '../simulation/random';
import { runSimulation, type RunSimulationResult } from '../simulation/run-simulation';
import { createProfileAndReplay } from '../parked-events/create-profile-and-replay';
import { RECORDING_STATE_CHANGE } from '../recording-engine/ivs-event';
import { quietLogger } from '../local/event-bus/logger';
import type { BenchStack } from './bench-stack';
import { failureDecider, NO_FAILURES } from './failure-injection';
import type { GraphqlProxyStats } from './graphql-proxy';
import { summarize, type LatencySummary } from './percentiles';
import { checkFleet, storedRecordsOf, BENCH_START } from './request-costs';
import type { RecordDiff } from './record-check';
import {
  judgeFleet,
  reconcileUntilStable,
  repairCost,
  startAccountSources,
  tallyFleet,
  type LossMode,
  type LossResult,
} from './soak-loss';

export type PipelineOptions = {
  seed: number;
  channels: number;
  broadcastsPerChannel: number;
  simulation?: Partial<SimulationOptions>;
  shuffleWindow: number;
  duplicateFraction: number;
  /** Injected transient data API failures per request (0 = none). */
  failureRate: number;
  putConcurrency?: number;
  invokerConcurrency?: number;
  retryDelaysMs?: readonly number[];
  /** The loss mode: events lost and late, some profiles late, then reconciliation (src/benchmark/soak-loss.ts). */
  loss?: LossMode;
  onProgress?: (line: string) => void;
};

export type PipelineResult = {
  channels: number;
  recordings: number;
  streamSessions: number;
  events: number;
  duplicatesSent: number;
  deliveries: number;
  putEventsCalls: number;
  failedEntries: number;
  seconds: number;
  eventsPerSecond: number;
  latencyMs: LatencySummary;
  attemptMs: LatencySummary;
  invocations: number;
  retries: number;
  /** Events that failed every attempt and went to the on-failure capture. */
  capturedFailures: number;
  redriveRounds: number;
  redelivered: number;
  stillFailed: number;
  proxy: GraphqlProxyStats;
  check: { recordings: RecordDiff; streamSessions: RecordDiff };
  /** The loss mode's outcome (absent without it). */
  loss?: LossResult;
};

/** The same schedule restricted to some of its deliveries, cut into put-events calls again. */
const phaseOf = (schedule: DeliverySchedule, deliveries: ScheduledDelivery[]): DeliverySchedule => {
  const batches: ScheduledDelivery[][] = [];
  for (let start = 0; start < deliveries.length; start += MAX_BATCH_SIZE)
    batches.push(deliveries.slice(start, start + MAX_BATCH_SIZE));
  return { ...schedule, deliveries, batches };
};

const addResults = (a: RunSimulationResult, b: RunSimulationResult): RunSimulationResult => ({
  ...a,
  calls: a.calls + b.calls,
  sent: a.sent + b.sent,
  accepted: a.accepted + b.accepted,
  duplicatesAccepted: a.duplicatesAccepted + b.duplicatesAccepted,
  failedEntries: [...a.failedEntries, ...b.failedEntries],
  notSent: a.notSent + b.notSent,
  callError: a.callError ?? b.callError,
});

export const runPipeline = async (stack: BenchStack, options: PipelineOptions): Promise<PipelineResult> => {
  const log = options.onProgress ?? (() => undefined);
  await stack.freshData();
  stack.proxy.setFailures(NO_FAILURES);
  const latencies: number[] = [];
  const attempts: number[] = [];
  const bus = await stack.startBus({
    hooks: {
      onSettled: (info) => latencies.push(info.latencyMs),
      onAttempt: (info) => attempts.push(info.durationMs),
    },
    ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
    ...(options.invokerConcurrency ? { concurrency: options.invokerConcurrency } : {}),
  });
  const simulation = simulateBroadcasts({
    seed: options.seed,
    channels: options.channels,
    broadcastsPerChannel: options.broadcastsPerChannel,
    startTime: BENCH_START,
    ...options.simulation,
  });
  const schedule = scheduleDelivery(simulation.events, {
    seed: options.seed,
    shuffleWindow: options.shuffleWindow,
    duplicateFraction: options.duplicateFraction,
    ...(options.loss
      ? {
          loss: { stream: options.loss.streamLoss, recording: options.loss.recordingLoss },
          lateFraction: options.loss.lateFraction,
        }
      : {}),
  });
  // The channels whose Profile comes halfway: their earlier events are parked.
  const lateProfiles = new Set(
    shuffleInPlace(mulberry32(deriveSeed(options.seed, 0x9a7c)), [...simulation.channels]).slice(
      0,
      Math.round((options.loss?.lateProfileFraction ?? 0) * simulation.channels.length),
    ),
  );
  for (const channel of simulation.channels) {
    if (lateProfiles.has(channel)) continue;
    await ensureProfile(stack.client, {
      channelArn: channel.arn,
      channelName: channel.name,
      owner: 'bench-sub::bench',
    });
  }
  stack.proxy.resetStats();
  stack.proxy.setFailures(
    options.failureRate > 0 ? failureDecider({ rate: options.failureRate, seed: options.seed }) : NO_FAILURES,
  );
  const client = eventBridgeClientFor({ endpoint: bus.endpoint, region: 'us-east-1' });
  const total = schedule.deliveries.length;
  log(
    `  ${simulation.broadcasts.length} recordings, ${schedule.eventCount} events + ${schedule.duplicateCount} duplicates = ${total} deliveries`,
  );
  let sent = 0;
  let lastReport = performance.now();
  const started = performance.now();
  const progress = () => {
    if (performance.now() - lastReport < 5000) return;
    lastReport = performance.now();
    const s = bus.stats().functions.RecordingStatusHandler;
    log(
      `  ${((performance.now() - started) / 1000).toFixed(0)} s: sent ${sent}/${total}, settled ${latencies.length}, ` +
        `retries ${s?.retries ?? 0}, injected failures ${Object.values(stack.proxy.stats().injected).reduce((a, b) => a + b, 0)}`,
    );
  };
  const timer = setInterval(progress, 1000);
  try {
    const send = (part: DeliverySchedule) =>
      runSimulation({
        client,
        schedule: part,
        concurrency: options.putConcurrency ?? 4,
        onCall: ({ entries }) => {
          sent += entries;
        },
      });
    let result: RunSimulationResult;
    let profileReplay: LossResult['profileReplay'] | undefined;
    const firstHalf = new Set<ScheduledDelivery>();
    if (options.loss) {
      // On time: the first half, then the late profiles (createProfileAndReplay), then the
      // second half; the late events after everything else settled, as after Lambda's retries.
      const late = new Set(schedule.late);
      const onTime = schedule.deliveries.filter((d) => !late.has(d.event));
      const half = Math.ceil(onTime.length / 2);
      for (const d of onTime.slice(0, half)) firstHalf.add(d);
      result = await send(phaseOf(schedule, onTime.slice(0, half)));
      await bus.idle();
      // The create-profile path runs without injected failures: its request count is the cost measured.
      stack.proxy.setFailures(NO_FAILURES);
      const before = stack.proxy.stats();
      let replayed = 0;
      for (const channel of lateProfiles) {
        const made = await createProfileAndReplay(
          stack.client,
          { channelArn: channel.arn, channelName: channel.name, owner: 'bench-sub::bench' },
          { logger: quietLogger },
        );
        replayed += made.replay.replayed;
      }
      profileReplay = { ...repairCost(before, stack.proxy.stats(), replayed), profiles: lateProfiles.size };
      log(`  profiles of ${lateProfiles.size} channels created halfway: ${replayed} parked events replayed`);
      stack.proxy.setFailures(
        options.failureRate > 0 ? failureDecider({ rate: options.failureRate, seed: options.seed }) : NO_FAILURES,
      );
      result = addResults(result, await send(phaseOf(schedule, onTime.slice(half))));
      await bus.idle();
      result = addResults(
        result,
        await send(
          phaseOf(
            schedule,
            schedule.deliveries.filter((d) => late.has(d.event)),
          ),
        ),
      );
    } else {
      result = await send(schedule);
    }
    await bus.idle();
    const seconds = (performance.now() - started) / 1000;
    const capturedFailures = bus.failures().length;
    let redriveRounds = 0;
    let redelivered = 0;
    while (bus.failures().length > 0 && redriveRounds < 5) {
      redriveRounds++;
      const report = await bus.redrive({ apply: true });
      redelivered += report.outcomes.filter((o) => o.status === 'redelivered' || o.status === 'not-accepted').length;
      await bus.idle();
    }
    stack.proxy.setFailures(NO_FAILURES);
    const proxy = stack.proxy.stats();
    const stats = bus.stats().functions.RecordingStatusHandler!;
    let stored = await storedRecordsOf(stack, simulation);
    let loss: LossResult | undefined;
    if (options.loss && profileReplay) {
      const lost = new Set(schedule.lost);
      const before = judgeFleet(simulation, lost, stored);
      log(`  reconciliation against the account's S3 end files and IVS sessions...`);
      const sources = await startAccountSources(simulation);
      let reconciliation: LossResult['reconciliation'];
      try {
        reconciliation = await reconcileUntilStable({ client: stack.client, proxy: stack.proxy, sources });
      } finally {
        await sources.stop();
      }
      log(`  ${reconciliation.rounds} reconciliation rounds, ${reconciliation.repaired} repairs`);
      stored = await storedRecordsOf(stack, simulation);
      const lateArns = new Set([...lateProfiles].map((c) => c.arn));
      const parkedEvents = [...firstHalf].filter((d) => lateArns.has(d.event.channelArn));
      const tally = tallyFleet(before, judgeFleet(simulation, lost, stored), {
        recordings: new Set(parkedEvents.map((d) => d.event.recordingKey)),
        streamSessions: new Set(parkedEvents.map((d) => d.event.streamId)),
      });
      loss = {
        mode: options.loss,
        lostEvents: {
          stream: schedule.lost.filter((e) => e.detailType !== RECORDING_STATE_CHANGE).length,
          recording: schedule.lost.filter((e) => e.detailType === RECORDING_STATE_CHANGE).length,
        },
        lateEvents: schedule.late.length,
        lateProfileChannels: lateProfiles.size,
        profileReplay,
        reconciliation,
        ...tally,
      };
    }
    const check = checkFleet(simulation, stored, { compareIds: true });
    return {
      channels: simulation.channels.length,
      recordings: simulation.broadcasts.length,
      streamSessions: simulation.broadcasts.reduce((n, b) => n + b.streamIds.length, 0),
      events: schedule.eventCount,
      duplicatesSent: schedule.duplicateCount,
      deliveries: total,
      putEventsCalls: result.calls,
      failedEntries: result.failedEntries.length + result.notSent,
      seconds,
      eventsPerSecond: total / seconds,
      latencyMs: summarize(latencies),
      attemptMs: summarize(attempts),
      invocations: stats.invocations,
      retries: stats.retries,
      capturedFailures,
      redriveRounds,
      redelivered,
      stillFailed: bus.failures().length,
      proxy,
      check,
      ...(loss ? { loss } : {}),
    };
  } finally {
    clearInterval(timer);
    client.destroy();
    stack.proxy.setFailures(NO_FAILURES);
    await bus.stop();
  }
};

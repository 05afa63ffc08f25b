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
import { scheduleDelivery } from '../simulation/delivery';
import { runSimulation } from '../simulation/run-simulation';
import type { BenchStack } from './bench-stack';
import { failureDecider, NO_FAILURES } from './failure-injection';
import type { GraphqlProxyStats } from './graphql-proxy';
import { summarize, type LatencySummary } from './percentiles';
import { checkFleet, storedRecordsOf, BENCH_START } from './request-costs';
import type { RecordDiff } from './record-check';

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
};

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
  });
  for (const channel of simulation.channels) {
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
    const result = await runSimulation({
      client,
      schedule,
      concurrency: options.putConcurrency ?? 4,
      onCall: ({ entries }) => {
        sent += entries;
      },
    });
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
    const check = checkFleet(simulation, await storedRecordsOf(stack, simulation), { compareIds: true });
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
    };
  } finally {
    clearInterval(timer);
    client.destroy();
    stack.proxy.setFailures(NO_FAILURES);
    await bus.stop();
  }
};

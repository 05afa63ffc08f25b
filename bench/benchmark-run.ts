// The measurements of `npm run bench` (bench/run.ts reads the command line).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { failureLine } from '../src/cli/command-line';
import { PROJECT_ROOT, synthesizeBackend } from '../src/cloud-assembly/synthesize';
import { HANDLER_ENTRY, HANDLER_FUNCTION, startBenchStack, type BenchStack } from '../src/benchmark/bench-stack';
import { bundleBreakdown, findFunctionBundle, topPackages } from '../src/benchmark/bundle';
import {
  alternate,
  coldStartMedians,
  coldStartRatio,
  runColdStart,
  streamStartEvent,
} from '../src/benchmark/cold-start';
import { bundleAsAmplifyFunction } from '../src/benchmark/function-bundling';
import { measureFrontendQueries } from '../src/benchmark/frontend-queries';
import { machineInfo } from '../src/benchmark/machine';
import { median } from '../src/benchmark/percentiles';
import { runPipeline } from '../src/benchmark/pipeline';
import { SOAK_LOSS } from '../src/benchmark/soak-loss';
import {
  COLD_CONTAINER_HANDLER,
  renderMarkdownReport,
  renderPlainReport,
  type BenchReport,
  type ColdStartResult,
} from '../src/benchmark/report';
import { measureRecordingStats } from '../src/benchmark/recording-stats-bench';
import { LookupTracker, measureRequestCosts } from '../src/benchmark/request-costs';
import { seedRows } from '../src/benchmark/seeding';
import { ensureProfile } from '../src/records-store/profile-directory';
import { createBaselineListFilterHandler } from './baseline-list-filter-handler';
import { DEFAULT_OUT, DOCS_DIR, type BenchOptions, type BenchSection } from './bench-options';

export const runBenchmark = async (parsed: BenchOptions): Promise<void> => {
  const { values } = parsed;

  const started = performance.now();
  const log = (line: string) =>
    console.log(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  const outDir = path.resolve(PROJECT_ROOT, values['write-docs'] ? DOCS_DIR : (values.out ?? DEFAULT_OUT));
  const jsonFile = path.join(outDir, 'benchmarks.json');
  // The sections this run does not measure come from the last report there, else from the committed one.
  const previousFile = [jsonFile, path.join(PROJECT_ROOT, DOCS_DIR, 'benchmarks.json')].find((file) =>
    existsSync(file),
  );
  const previous = previousFile ? (JSON.parse(await readFile(previousFile, 'utf8')) as Partial<BenchReport>) : {};

  log(values.assembly ? `using the assembly in ${values.assembly}` : 'synthesizing the backend (sandbox)...');
  const assemblyDir = values.assembly
    ? path.resolve(values.assembly)
    : await synthesizeBackend({ backendType: 'sandbox', outDir: path.join(PROJECT_ROOT, '.amplify/bench-synth') });

  const stack = await startBenchStack(assemblyDir);
  const report: BenchReport = {
    machine: machineInfo(PROJECT_ROOT),
    mode: values.soak ? 'soak' : 'default',
    options: {},
    seeding: [],
    requestCosts: [],
    frontendQueries: null,
    coldStart: null,
    throughput: null,
    soak: null,
    recordingStats: null,
    durationSeconds: 0,
  };

  const requestCosts = async (stack: BenchStack, sizes: number[]) => {
    let rows = 0;
    for (const [i, size] of sizes.entries()) {
      log(`seeding to ${size.toLocaleString('en-US')} Recordings (+ as many StreamSessions)...`);
      const seededMs = await seedRows(
        stack.data(),
        rows,
        size,
        (done, total) => done % 25_000 === 0 && log(`  ${done}/${total}`),
      );
      report.seeding.push({ rows: size, seconds: seededMs / 1000 });
      rows = size;
      log(`measuring RecordingStatusHandler at ${size} rows...`);
      const real = await measureRequestCosts({
        stack,
        handlerName: HANDLER_FUNCTION,
        handler: stack.handler,
        client: stack.client,
        seed: 101 + i,
        channels: 10,
        broadcastsPerChannel: 3,
        tableRows: size,
        compareIds: true,
      });
      report.requestCosts.push(real);
      log(
        `  ${real.rows.at(-1)!.requestsPerEvent.toFixed(2)} requests/event, ${real.rows.at(-1)!.itemsReadPerEvent.toFixed(2)} items/event`,
      );
      log(`measuring RecordingStatusHandler, every event on a cold container, at ${size} rows...`);
      const cold = await measureRequestCosts({
        stack,
        handlerName: COLD_CONTAINER_HANDLER,
        handler: stack.coldContainerHandler,
        client: stack.client,
        seed: 301 + i,
        channels: 10,
        broadcastsPerChannel: 3,
        tableRows: size,
        compareIds: true,
      });
      report.requestCosts.push(cold);
      log(
        `  ${cold.rows.at(-1)!.requestsPerEvent.toFixed(2)} requests/event, ${cold.rows.at(-1)!.itemsReadPerEvent.toFixed(2)} items/event`,
      );
      log(`measuring the baseline at ${size} rows...`);
      const tracker = new LookupTracker();
      const baseline = createBaselineListFilterHandler({
        client: stack.client,
        onLookup: tracker.onLookup,
        onWrite: tracker.onWrite,
      });
      const base = await measureRequestCosts({
        stack,
        handlerName: 'baseline (list + filter)',
        handler: baseline,
        client: stack.client,
        seed: 201 + i,
        channels: 10,
        broadcastsPerChannel: 3,
        tableRows: size,
        compareIds: false,
        lookupTracker: tracker,
      });
      report.requestCosts.push(base);
      log(
        `  ${base.rows.at(-1)!.requestsPerEvent.toFixed(2)} requests/event, ${base.rows.at(-1)!.itemsReadPerEvent.toFixed(2)} items/event`,
      );
    }
    log(`frontend queries at ${rows} rows...`);
    report.frontendQueries = {
      tableRows: rows,
      queries: await measureFrontendQueries(stack, stack.client, Math.floor(rows * 0.737)),
    };
  };

  const coldStart = async (stack: BenchStack, runs: number): Promise<ColdStartResult> => {
    const bundle = await findFunctionBundle(assemblyDir, HANDLER_FUNCTION);
    let breakdown: ColdStartResult['breakdown'] = [];
    let sourceMapBytes: number | null = null;
    if (bundle.sourceMapFile) {
      const mapText = await readFile(bundle.sourceMapFile, 'utf8');
      sourceMapBytes = Buffer.byteLength(mapText);
      breakdown = topPackages(
        bundleBreakdown(
          JSON.parse(mapText) as { sources: string[]; mappings: string },
          await readFile(bundle.entryFile, 'utf8'),
          bundle.bytes,
        ),
        12,
      );
    }
    // The minimal handler gets the real handler's bundling; checked by rebuilding the real
    // handler that way and comparing it with the synthesized asset.
    const buildDir = await mkdtemp(path.join(PROJECT_ROOT, '.amplify/bench-minimal-'));
    const rebuilt = await bundleAsAmplifyFunction(HANDLER_ENTRY, path.join(buildDir, 'handler'), bundle.runtime);
    const sameBundling = (await readFile(rebuilt.entryFile)).equals(await readFile(bundle.entryFile));
    const minimal = await bundleAsAmplifyFunction(
      'bench/minimal-write-handler.ts',
      path.join(buildDir, 'minimal'),
      bundle.runtime,
    );
    log(
      `  bundles: handler ${bundle.bytes} bytes, minimal ${minimal.bytes} bytes (${bundle.runtime}); rebuilt handler ${sameBundling ? 'identical to' : 'DIFFERS from'} the synthesized asset`,
    );
    const channelArn = 'arn:aws:ivs:us-east-1:123456789012:channel/ColdStart0001';
    await ensureProfile(stack.client, { channelArn, owner: 'bench-sub::bench' });
    const env = stack.data().api.functionEnvironment(HANDLER_FUNCTION);
    const measured = await alternate(runs, async (which, i) => {
      const file = which === 'handler' ? bundle.entryFile : minimal.entryFile;
      const run = await runColdStart(
        file,
        env,
        streamStartEvent(channelArn, `st-coldstart${which}${String(i).padStart(3, '0')}${Date.now()}`),
      );
      if (run.outcome !== 'written')
        throw new Error(`cold start ${which} ${i}: the first event was ${run.outcome}, not written`);
      log(
        `  run ${i + 1} ${which.padEnd(7)}: import ${run.importMs.toFixed(0)} ms, first event ${run.firstEventMs.toFixed(0)} ms, total ${run.totalMs.toFixed(0)} ms`,
      );
      const { outcome: _o, ...measures } = run;
      return measures;
    });
    await rm(buildDir, { recursive: true, force: true });
    const handlerMedian = coldStartMedians(measured.handler, median);
    const minimalMedian = coldStartMedians(measured.minimal, median);
    return {
      bundle: {
        file: path.relative(PROJECT_ROOT, bundle.entryFile),
        assetHash: bundle.assetHash,
        bytes: bundle.bytes,
        sourceMapBytes,
      },
      breakdown,
      runs: measured.handler,
      median: handlerMedian,
      minimal: {
        file: 'bench/minimal-write-handler.ts',
        bytes: minimal.bytes,
        runtime: bundle.runtime,
        sameBundling,
        runs: measured.minimal,
        median: minimalMedian,
      },
      ratio: coldStartRatio(handlerMedian, minimalMedian),
    };
  };

  try {
    if (values.soak) {
      const channels = parsed.soakChannels;
      const broadcastsPerChannel = parsed.soakBroadcasts;
      const failureRate = parsed.soakFailureRate;
      const loss = values['soak-loss'] ? SOAK_LOSS : undefined;
      log(
        `soak: ${channels} channels x ${broadcastsPerChannel} broadcasts, 10% duplicates, shuffled in windows of 20, ${failureRate * 100}% data API failures` +
          (loss
            ? `; loss mode: ${loss.streamLoss * 100}% of stream and ${loss.recordingLoss * 100}% of recording events lost, ${loss.lateFraction * 100}% late, ${loss.lateProfileFraction * 100}% of profiles halfway`
            : ''),
      );
      report.soak = await runPipeline(stack, {
        seed: 7777,
        channels,
        broadcastsPerChannel,
        // The richest event mix the simulator makes: every channel merges reconnects and sends session noise.
        simulation: { reconnectWindowSeconds: 300, sessionEventRate: 1, reconnectRecordingStarts: true },
        shuffleWindow: 20,
        duplicateFraction: 0.1,
        failureRate,
        ...(loss ? { loss } : {}),
        onProgress: log,
      });
      report.options = {
        ...(previous.options ?? {}),
        soak: {
          channels,
          broadcastsPerChannel,
          failureRate,
          shuffleWindow: 20,
          duplicateFraction: 0.1,
          loss: loss ?? null,
        },
      };
      // Keep the default run's sections from the last `npm run bench`.
      Object.assign(report, {
        machine: report.machine,
        seeding: previous.seeding ?? [],
        requestCosts: previous.requestCosts ?? [],
        frontendQueries: previous.frontendQueries ?? null,
        coldStart: previous.coldStart ?? null,
        throughput: previous.throughput ?? null,
        recordingStats: previous.recordingStats ?? null,
      });
    } else {
      const sizes = parsed.sizes;
      report.options = {
        sizes,
        fleetPerSize: { channels: 10, broadcastsPerChannel: 3, duplicateFraction: 0.1 },
        throughput: { channels: 50, broadcastsPerChannel: 2 },
        soak: previous.options?.soak,
      };
      const { only } = parsed;
      const selected = (section: BenchSection) => !only || only.includes(section);
      if (selected('request-costs')) {
        await requestCosts(stack, sizes);
      } else {
        Object.assign(report, {
          seeding: previous.seeding ?? [],
          requestCosts: previous.requestCosts ?? [],
          frontendQueries: previous.frontendQueries ?? null,
        });
        report.options.sizes = (previous.options as { sizes?: unknown } | undefined)?.sizes;
      }
      if (selected('cold-start')) {
        log('cold start of the synthesized bundle and of the minimal handler...');
        report.coldStart = await coldStart(stack, parsed.coldStartRuns);
      } else report.coldStart = previous.coldStart ?? null;
      if (selected('throughput')) {
        log('throughput: 50 channels through put-events and the local bus...');
        report.throughput = await runPipeline(stack, {
          seed: 5,
          channels: 50,
          broadcastsPerChannel: 2,
          shuffleWindow: 0,
          duplicateFraction: 0,
          failureRate: 0,
          onProgress: log,
        });
      } else report.throughput = previous.throughput ?? null;
      // Last: it replaces the data API behind the proxy with a fresh one, seeded its own way.
      if (selected('recording-stats')) {
        report.recordingStats = await measureRecordingStats(stack, sizes, log);
      } else report.recordingStats = previous.recordingStats ?? null;
      report.soak = previous.soak ?? null;
      if (only) {
        const kept = previous.partial?.keptFrom ?? {
          date: previous.machine?.date ?? 'unknown',
          commit: previous.machine?.commit ?? 'unknown',
        };
        report.partial = { sections: only, keptFrom: kept };
      }
    }
    report.durationSeconds = (performance.now() - started) / 1000;
    await mkdir(outDir, { recursive: true });
    await writeFile(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(path.join(outDir, 'benchmarks.md'), renderMarkdownReport(report));
    console.log(`\n${renderPlainReport(report)}`);
    log(`wrote ${path.relative(PROJECT_ROOT, jsonFile)} and benchmarks.md`);
    // In the loss mode, facts no source holds are expected to differ: only wrong records fail the run.
    if (report.recordingStats?.rows.some((row) => !row.answerMatches)) {
      console.error('recording-stats: an answer differs from the fold over the seeded rows');
      process.exitCode = 1;
    }
    const broken = [report.throughput, report.soak].filter((r) =>
      r?.loss
        ? r.loss.recordings.wrong + r.loss.streamSessions.wrong > 0
        : r &&
          (r.check.recordings.matched !== r.check.recordings.expected ||
            r.check.streamSessions.matched !== r.check.streamSessions.expected),
    );
    if (broken.length > 0) process.exitCode = 1;
    process.exitCode ??= 0;
  } catch (error) {
    console.error(failureLine('bench', error));
    process.exitCode = 1;
  } finally {
    await stack.stop().catch(() => undefined);
    // The handler module and the simulator keep timers: exit explicitly.
    process.exit(process.exitCode ?? 0);
  }
};

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateClient } from 'aws-amplify/data';
import type { Schema } from '../../../amplify/data/resource';
import { PROJECT_ROOT, synthesizeBackend } from '../../cloud-assembly/synthesize';
import { ensureProfile, type EnsuredProfile } from '../../profiles/profile-directory';
import { localUserSub, ownerValueFor, startLocalDataApi, type LocalDataApi } from '../data-api';
import { startLocalEventBus, type LocalEventBus, type LocalLambdaHandler, type Logger } from '../event-bus';
import { demoChannelArn } from './demo-channel';
import { assertPortsFree } from './free-ports';
import { LOCAL_STACK_MARK, outputsLocation } from './outputs-location';

export const HANDLER_FUNCTION = 'RecordingStatusHandler';
export const DEMO_USERNAME = 'demo';

export type LocalStackOptions = {
  projectRoot?: string;
  /** Where synthesized templates, data and the failure capture live. Default <root>/.local */
  localDir?: string;
  /** Keep nothing: DynamoDB in memory. */
  inMemory?: boolean;
  eventsPort?: number;
  dataPort?: number;
  /** Write amplify_outputs.json (default true). */
  writeOutputs?: boolean;
  /** Create the demo channel's Profile (default true). */
  demoProfile?: boolean;
  retryDelaysMs?: readonly number[];
  logger?: Logger;
  quiet?: boolean;
};

export type LocalStack = {
  dataApi: LocalDataApi;
  eventBus: LocalEventBus;
  outputsFile: string | null;
  besideAmpxOutputs: boolean;
  demoProfile: EnsuredProfile | null;
  demoChannelArn: string;
  timings: { synthMs: number; startMs: number };
  stop(): Promise<void>;
};

/**
 * The whole pipeline on this machine: the backend synthesized offline, a local
 * Amplify Data API running its resolvers, a local EventBridge delivering to the
 * real RecordingStatusHandler module with Lambda's async semantics.
 * Amplify is a process-wide singleton, so one stack per process.
 */
export const startLocalStack = async (options: LocalStackOptions = {}): Promise<LocalStack> => {
  const started = performance.now();
  const eventsPort = options.eventsPort ?? 4010;
  const dataPort = options.dataPort ?? 20002;
  await assertPortsFree({ LOCAL_EVENTS_PORT: eventsPort, LOCAL_DATA_PORT: dataPort });
  const projectRoot = options.projectRoot ?? PROJECT_ROOT;
  const localDir = options.localDir ?? path.join(projectRoot, '.local');
  await mkdir(localDir, { recursive: true });
  const assemblyDir = await synthesizeBackend({
    backendType: 'sandbox',
    outDir: path.join(localDir, 'synth'),
    projectRoot,
  });
  const synthMs = performance.now() - started;

  const dataApi = await startLocalDataApi({
    assemblyDir,
    port: dataPort,
    ...(options.inMemory ? {} : { dataDir: path.join(localDir, 'data') }),
  });
  let eventBus: LocalEventBus | undefined;
  try {
    // The handler reads its configuration at import, as it does at a Lambda cold start.
    Object.assign(process.env, dataApi.functionEnvironment(HANDLER_FUNCTION));
    const { handler } = (await import('../../../amplify/functions/recording-status-handler/handler')) as {
      handler: LocalLambdaHandler;
    };
    eventBus = await startLocalEventBus({
      assemblyDir,
      port: eventsPort,
      handlers: { [HANDLER_FUNCTION]: handler },
      onFailureFile: path.join(localDir, 'failed-events.jsonl'),
      ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.quiet ? { quiet: true } : {}),
    });

    let outputsFile: string | null = null;
    let besideAmpxOutputs = false;
    if (options.writeOutputs ?? true) {
      const location = await outputsLocation(projectRoot, localDir);
      outputsFile = location.file;
      besideAmpxOutputs = location.besideAmpxOutputs;
      const outputs = { ...dataApi.amplifyOutputs(), custom: LOCAL_STACK_MARK };
      await writeFile(outputsFile, `${JSON.stringify(outputs, null, 2)}\n`);
    }

    const channelArn = await demoChannelArn(projectRoot);
    let demoProfile: EnsuredProfile | null = null;
    if (options.demoProfile ?? true) {
      // The handler configured Amplify for IAM; this client shares that configuration.
      const owner = ownerValueFor({ sub: localUserSub(DEMO_USERNAME), username: DEMO_USERNAME });
      demoProfile = await ensureProfile(generateClient<Schema>({ authMode: 'iam' }), {
        channelArn,
        channelName: 'Demo Channel',
        owner,
      });
    }
    const bus = eventBus;
    return {
      dataApi,
      eventBus: bus,
      outputsFile,
      besideAmpxOutputs,
      demoProfile,
      demoChannelArn: channelArn,
      timings: { synthMs, startMs: performance.now() - started },
      stop: async () => {
        await bus.stop();
        await dataApi.stop();
      },
    };
  } catch (error) {
    await eventBus?.stop();
    await dataApi.stop();
    throw error;
  }
};

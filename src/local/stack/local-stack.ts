import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateClient } from 'aws-amplify/data';
import type { Schema } from '../../../amplify/data/resource';
import { PROJECT_ROOT, synthesizeBackend } from '../../cloud-assembly/synthesize';
import { createProfileAndReplay } from '../../parked-events/create-profile-and-replay';
import type { EnsuredProfile } from '../../records-store/profile-directory';
import { ownerValueFor, startLocalDataApi, type LocalDataApi } from '../data-api';
import type { EventLogger } from '../../event-processing/observability';
import { startLocalEventBus, type LocalEventBus, type LocalLambdaHandler } from '../event-bus';
import { resolveLogger } from '../event-bus/logger';
import { startLambdaInvokeServer, type LambdaInvokeServer } from '../lambda-invoke';
import { putLocalObject, startLocalS3Store, type LocalS3Store } from '../s3';
import type { EventEnvelope } from '../../eventbridge/envelope';
import { dataClientSettings } from '../../event-processing/data-client-config';
import { LIFECYCLE_EVENT_SOURCE } from '../../lifecycle-events/lifecycle-events';
import { publisherFromEnvironment, type LifecyclePublisher } from '../../lifecycle-events/put-events-publisher';
import { readUserPoolSettings, startLocalUserPool, type LocalPoolUser, type LocalUserPool } from '../user-pool';
import { demoChannelArn, demoRecordingsBucket } from './demo-channel';
import { localPlaybackKeys, type LocalPlaybackKeys } from './playback-keys';
import {
  PLAYBACK_BUCKET,
  PLAYBACK_DOMAIN,
  PLAYBACK_KEY_PAIR_ID,
  PLAYBACK_PRIVATE_KEY,
} from '../../playback/playback-settings';
import { ensureDemoUser } from './demo-user';
import { localStackOutputs } from './local-outputs';
import { assertPortsFree } from './free-ports';
import { LOCAL_PORTS, type LocalEndpoints } from './local-endpoints';
import { MetricsSummary, observedMetrics } from './metrics-summary';
import { outputsLocation } from './outputs-location';
import { acquireStackLock } from './stack-lock';
import { localS3Client } from '../s3';
import {
  CHANNEL_OPERATIONS,
  RECORDING_STATS,
  PLAYBACK as PLAYBACK_FUNCTION,
  RECORDING_RETENTION,
  RECORDING_STATUS_HANDLER as HANDLER_FUNCTION,
} from '../../../amplify/functions/function-names';
import { RECORDING_CONFIGURATION_ARN_ENV } from '../../channels/channel-settings';
import { LOCAL_ACCOUNT_ID } from '../data-api/local-names';
import { IvsStandIn } from '../ivs/ivs-stand-in';

export { HANDLER_FUNCTION };
/** The bus's journal of accepted events, in the stack's local folder (.local by default). */
export const DELIVERY_JOURNAL_FILE = 'event-bus-journal.jsonl';
/** The IVS stand-in's channels and stream keys, in the stack's local folder. */
export const IVS_CHANNELS_FILE = 'ivs-channels.json';

export type LocalStackOptions = {
  projectRoot?: string;
  /** Where synthesized templates, data, the failure capture and the lock live. Default <root>/.local */
  localDir?: string;
  /** Where to write amplify_outputs.json. Default <root>/amplify_outputs.json, unless ampx wrote that one. */
  outputsFile?: string;
  /** An already synthesized sandbox assembly (tests); by default the stack synthesizes one. */
  assemblyDir?: string;
  /** Keep nothing: DynamoDB in memory, and no journal of the bus's accepted events. */
  inMemory?: boolean;
  /** Ports default to LOCAL_PORTS; 0 picks a free port. */
  eventsPort?: number;
  dataPort?: number;
  /** The S3-compatible store reconciliation reads recording metadata from. */
  s3Port?: number;
  /** The bucket playback serves (default: the shipped test events' bucket). */
  recordingsBucket?: string;
  /** The Lambda Invoke endpoint redrive uses. */
  lambdaPort?: number;
  /** The local Cognito user pool. */
  userPoolPort?: number;
  /** Where sign-up confirmation codes go. Default: printed to the terminal. */
  deliverConfirmationCode?: (email: string, code: string) => void;
  /** Write amplify_outputs.json (default true). */
  writeOutputs?: boolean;
  /** Create the demo channel's Profile (default true). */
  demoProfile?: boolean;
  retryDelaysMs?: readonly number[];
  /** Concurrent handler runs per function (default 10). */
  concurrency?: number;
  /** Wraps the real handler (tests: slow or hold deliveries to crash the stack mid-burst). */
  wrapHandler?: (handler: LocalLambdaHandler) => LocalLambdaHandler;
  /** Sees every event before the bus accepts it, e.g. the lifecycle events; throwing refuses it (tests). */
  onBusEvent?: (event: EventEnvelope) => void;
  /** Print a metrics summary line this often when something changed (0: never). Default 5000. */
  metricsSummaryMs?: number;
  logger?: EventLogger;
  quiet?: boolean;
};

export type LocalStack = {
  dataApi: LocalDataApi;
  eventBus: LocalEventBus;
  s3: LocalS3Store;
  lambdaInvoke: LambdaInvokeServer;
  userPool: LocalUserPool;
  /** The IVS control plane the channel function calls here (a stand-in). */
  ivs: IvsStandIn;
  /** The demo user (see DEMO_USER for the password), owner of the demo profile. */
  demoUser: LocalPoolUser;
  /** Every endpoint the stack serves, as written to amplify_outputs.json (custom.local). */
  endpoints: LocalEndpoints;
  /** Data, the failure capture and the lock. */
  localDir: string;
  outputsFile: string | null;
  besideAmpxOutputs: boolean;
  demoProfile: EnsuredProfile | null;
  demoChannelArn: string;
  /** Playback: the bucket it serves, where its media is fetched from, the key pair it signs with. */
  playback: { bucket: string; mediaBaseUrl: string; keys: LocalPlaybackKeys };
  timings: { synthMs: number; startMs: number };
  metrics: MetricsSummary;
  stop(): Promise<void>;
};

/**
 * The whole pipeline on this machine: the backend synthesized offline, a local
 * Amplify Data API running its resolvers, a local EventBridge delivering to the
 * real RecordingStatusHandler module with Lambda's async semantics.
 * Amplify is a process-wide singleton, so one stack per process; a lock file in
 * the local folder allows one stack per folder.
 */
export const startLocalStack = async (options: LocalStackOptions = {}): Promise<LocalStack> => {
  const started = performance.now();
  const eventsPort = options.eventsPort ?? LOCAL_PORTS.events.default;
  const dataPort = options.dataPort ?? LOCAL_PORTS.data.default;
  const s3Port = options.s3Port ?? LOCAL_PORTS.s3.default;
  const lambdaPort = options.lambdaPort ?? LOCAL_PORTS.lambda.default;
  const userPoolPort = options.userPoolPort ?? LOCAL_PORTS.userPool.default;
  const projectRoot = options.projectRoot ?? PROJECT_ROOT;
  const localDir = options.localDir ?? path.join(projectRoot, '.local');
  await mkdir(localDir, { recursive: true });
  // Before anything is touched: a second stack in this folder must change nothing.
  const lock = await acquireStackLock(localDir);
  try {
    await assertPortsFree({
      [LOCAL_PORTS.events.variable]: eventsPort,
      [LOCAL_PORTS.data.variable]: dataPort,
      [LOCAL_PORTS.s3.variable]: s3Port,
      [LOCAL_PORTS.lambda.variable]: lambdaPort,
      [LOCAL_PORTS.userPool.variable]: userPoolPort,
    });
    return await startUnlocked(
      options,
      { eventsPort, dataPort, s3Port, lambdaPort, userPoolPort, projectRoot, localDir, started },
      lock.release,
    );
  } catch (error) {
    await lock.release();
    throw error;
  }
};

const startUnlocked = async (
  options: LocalStackOptions,
  {
    eventsPort,
    dataPort,
    s3Port,
    lambdaPort,
    userPoolPort,
    projectRoot,
    localDir,
    started,
  }: {
    eventsPort: number;
    dataPort: number;
    s3Port: number;
    lambdaPort: number;
    userPoolPort: number;
    projectRoot: string;
    localDir: string;
    started: number;
  },
  releaseLock: () => Promise<void>,
): Promise<LocalStack> => {
  const assemblyDir =
    options.assemblyDir ??
    (await synthesizeBackend({ backendType: 'sandbox', outDir: path.join(localDir, 'synth'), projectRoot }));
  const synthMs = performance.now() - started;

  const userPool = await startLocalUserPool({
    port: userPoolPort,
    settings: await readUserPoolSettings(assemblyDir),
    ...(options.inMemory ? {} : { dataDir: path.join(localDir, 'user-pool') }),
    ...(options.deliverConfirmationCode ? { deliverCode: options.deliverConfirmationCode } : {}),
  });
  // The Playback function needs the S3 store's endpoint, which starts after the data API:
  // its handler is set below, before the stack answers anything.
  let playbackHandler: LocalLambdaHandler | undefined;
  // The same for RecordingRetention (purgeRecording), which deletes from the S3 store.
  let retentionHandler: LocalLambdaHandler | undefined;
  let dataApi: LocalDataApi;
  // Set below, once the functions' environment is in place: their modules configure Amplify at import.
  let channelHandler: Promise<LocalLambdaHandler> | undefined;
  let statsHandler: Promise<LocalLambdaHandler> | undefined;
  try {
    dataApi = await startLocalDataApi({
      assemblyDir,
      port: dataPort,
      verifyUserPoolToken: userPool.verifyToken,
      functionHandlers: {
        [CHANNEL_OPERATIONS]: () => channelHandler ?? Promise.reject(new Error('the local stack is still starting')),
        [RECORDING_STATS]: () => statsHandler ?? Promise.reject(new Error('the local stack is still starting')),
        [PLAYBACK_FUNCTION]: async () => {
          if (!playbackHandler) throw new Error('the local stack has not started the Playback function yet');
          return playbackHandler;
        },
        [RECORDING_RETENTION]: async () => {
          if (!retentionHandler) throw new Error('the local stack has not started the RecordingRetention function yet');
          return retentionHandler;
        },
      },
      ...(options.inMemory ? {} : { dataDir: path.join(localDir, 'data') }),
    });
  } catch (error) {
    await userPool.stop();
    throw error;
  }
  let eventBus: LocalEventBus | undefined;
  let s3: LocalS3Store | undefined;
  let lambdaInvoke: LambdaInvokeServer | undefined;
  try {
    // The recordings bucket's store. Its S3 events go to the bus (started below) once it runs.
    let publishObjectCreated: ((event: EventEnvelope) => Promise<unknown>) | undefined;
    // Playback mode: browsers get media only with the signed access the Playback function makes.
    const playbackKeys = await localPlaybackKeys(options.inMemory ? null : localDir);
    s3 = await startLocalS3Store({
      root: path.join(localDir, 's3'),
      port: s3Port,
      onObjectCreated: (event) => publishObjectCreated?.(event) ?? Promise.resolve(),
      viewerAccess: { keys: { [playbackKeys.keyPairId]: playbackKeys.publicKeyPem } },
    });
    // The bus first: the handler publishes lifecycle events to it, so its endpoint is in the
    // handler's environment at import. Deliveries (resumed ones too) wait for the handler.
    let handlerReady!: { resolve: (handler: LocalLambdaHandler) => void; reject: (error: unknown) => void };
    const realHandler = new Promise<LocalLambdaHandler>((resolve, reject) => {
      handlerReady = { resolve, reject };
    });
    realHandler.catch(() => undefined);
    const deferredHandler: LocalLambdaHandler = async (event, context, callback) =>
      (await realHandler)(event, context, callback);
    const summary = new MetricsSummary();
    let ivs: IvsStandIn;
    // The demo profile's replay publishes the lifecycle events of what it replays, as the handler would.
    let publishLifecycleEvents: LifecyclePublisher | undefined;
    try {
      eventBus = await startLocalEventBus({
        assemblyDir,
        port: eventsPort,
        handlers: { [HANDLER_FUNCTION]: options.wrapHandler ? options.wrapHandler(deferredHandler) : deferredHandler },
        onFailureFile: path.join(localDir, 'failed-events.jsonl'),
        // Persistent mode: what PutEvents acknowledged survives a crash of the stack.
        ...(options.inMemory ? {} : { journalFile: path.join(localDir, DELIVERY_JOURNAL_FILE) }),
        ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        ...(options.logger ? { logger: options.logger } : {}),
        ...(options.quiet ? { quiet: true } : {}),
        onEvent: (event) => {
          options.onBusEvent?.(event);
          // What the handler publishes for integrators, shown as it reaches the bus.
          if (event.source === LIFECYCLE_EVENT_SOURCE)
            resolveLogger(options.logger, options.quiet).info(
              `[lifecycle] ${event['detail-type']} ${String((event.detail as { recordingId?: unknown }).recordingId)} (eventId ${String((event.detail as { eventId?: unknown }).eventId)})`,
            );
        },
      });
      // The handler reads its configuration at import, as it does at a Lambda cold start. Its one
      // S3 endpoint is this store, as in AWS one S3 holds the recordings and the deployment's
      // model introspection schema: copied here from the data API's read-only store.
      const environment = dataApi.functionEnvironment(HANDLER_FUNCTION, undefined, {
        eventsEndpoint: eventBus.endpoint,
      });
      const { bucket, key } = dataClientSettings(environment).modelIntrospection;
      await putLocalObject(s3, bucket, key, JSON.stringify(dataApi.modelIntrospection));
      Object.assign(process.env, environment, { AWS_ENDPOINT_URL_S3: s3.endpoint });
      publishLifecycleEvents = publisherFromEnvironment(environment);
      // No CloudWatch here: the EMF documents would only clutter the terminal; the summary below shows the same metrics.
      process.env.POWERTOOLS_METRICS_DISABLED = 'true';
      const { createHandler } = await import('../../../amplify/functions/recording-status-handler/handler');
      handlerReady.resolve(createHandler(observedMetrics(summary)));
      // The channel function: its real module, with the IVS stand-in as its IVS client.
      const channelEnvironment = dataApi.functionEnvironment(CHANNEL_OPERATIONS);
      ivs = new IvsStandIn({
        ...(options.inMemory ? {} : { channelsFile: path.join(localDir, IVS_CHANNELS_FILE) }),
        recordingConfigurationArns: [channelEnvironment[RECORDING_CONFIGURATION_ARN_ENV] ?? ''],
        region: dataApi.region,
        accountId: LOCAL_ACCOUNT_ID,
      });
      const channelModule = await import('../../../amplify/functions/channel-operations/handler');
      channelHandler = Promise.resolve(channelModule.createHandler({ ivs, env: channelEnvironment }));
      // The stats function: its real module (it reads the data API only, configured like the handler's).
      statsHandler = import('../../../amplify/functions/recording-stats/handler').then(
        (m) => m.handler as LocalLambdaHandler,
      );
    } catch (error) {
      handlerReady.reject(error);
      throw error;
    }

    const bus = eventBus;
    publishObjectCreated = (event) => bus.publish(event);
    // CloudFront's domain, locally: the store's bucket URL (path style, plain HTTP).
    const playbackBucket = options.recordingsBucket ?? (await demoRecordingsBucket(projectRoot));
    const mediaBaseUrl = `${s3.endpoint}/${playbackBucket}`;
    const playbackEnv = {
      ...dataApi.functionEnvironment(PLAYBACK_FUNCTION, { [PLAYBACK_PRIVATE_KEY]: playbackKeys.privateKeyPem }),
      [PLAYBACK_DOMAIN]: mediaBaseUrl,
      [PLAYBACK_KEY_PAIR_ID]: playbackKeys.keyPairId,
      [PLAYBACK_BUCKET]: playbackBucket,
    };
    const { createPlaybackHandler } = await import('../../../amplify/functions/playback/handler');
    playbackHandler = createPlaybackHandler({
      s3: localS3Client(s3.endpoint, dataApi.region),
      env: playbackEnv,
    }) as LocalLambdaHandler;
    // Retention (its schedule is not simulated: npm run retention runs the job; purgeRecording calls it).
    const retentionModule = await import('../../../amplify/functions/recording-retention/handler');
    retentionHandler = retentionModule.createHandler({
      s3: localS3Client(s3.endpoint, dataApi.region),
      env: dataApi.functionEnvironment(RECORDING_RETENTION, undefined, { eventsEndpoint: bus.endpoint }),
    }) as LocalLambdaHandler;
    lambdaInvoke = await startLambdaInvokeServer({ port: lambdaPort, invokerFor: (name) => bus.invokerFor(name) });

    const endpoints: LocalEndpoints = {
      eventsEndpoint: bus.endpoint,
      dataEndpoint: dataApi.graphqlUrl,
      s3Endpoint: s3.endpoint,
      lambdaEndpoint: lambdaInvoke.endpoint,
      userPoolEndpoint: userPool.endpoint,
    };
    let outputsFile: string | null = null;
    let besideAmpxOutputs = false;
    if (options.writeOutputs ?? true) {
      const location = await outputsLocation(
        options.outputsFile ?? path.join(projectRoot, 'amplify_outputs.json'),
        localDir,
      );
      outputsFile = location.file;
      besideAmpxOutputs = location.besideAmpxOutputs;
      // Scripts and apps in another terminal find every endpoint here (custom.local), whatever the ports.
      const outputs = localStackOutputs(dataApi.amplifyOutputs(), endpoints);
      await writeFile(outputsFile, `${JSON.stringify(outputs, null, 2)}\n`);
    }

    const channelArn = await demoChannelArn(projectRoot);
    const demoUser = await ensureDemoUser(userPool);
    let demoProfile: EnsuredProfile | null = null;
    if (options.demoProfile ?? true) {
      // The handler configured Amplify for IAM; this client shares that configuration.
      // In a pool that signs in with e-mail, the username is the sub.
      const owner = ownerValueFor({ sub: demoUser.sub, username: demoUser.sub });
      // Events sent before the demo profile existed (a stack started without it) are replayed.
      ({ profile: demoProfile } = await createProfileAndReplay(
        generateClient<Schema>({ authMode: 'iam' }),
        { channelArn, channelName: 'Demo Channel', owner },
        {
          logger: resolveLogger(options.logger, options.quiet),
          ...(publishLifecycleEvents ? { publishLifecycleEvents } : {}),
        },
      ));
    }
    const every = options.metricsSummaryMs ?? 5000;
    const timer =
      every > 0 && !options.quiet
        ? setInterval(() => summary.changed && console.log(summary.render()), every).unref()
        : undefined;
    return {
      dataApi,
      eventBus: bus,
      s3,
      lambdaInvoke,
      userPool,
      ivs,
      demoUser,
      endpoints,
      localDir,
      outputsFile,
      besideAmpxOutputs,
      demoProfile,
      demoChannelArn: channelArn,
      playback: { bucket: playbackBucket, mediaBaseUrl, keys: playbackKeys },
      timings: { synthMs, startMs: performance.now() - started },
      metrics: summary,
      stop: async () => {
        clearInterval(timer);
        await lambdaInvoke?.stop();
        await bus.stop();
        await s3?.stop();
        await dataApi.stop();
        await userPool.stop();
        await releaseLock();
      },
    };
  } catch (error) {
    await lambdaInvoke?.stop();
    await eventBus?.stop();
    await s3?.stop();
    await dataApi.stop();
    await userPool.stop();
    throw error;
  }
};

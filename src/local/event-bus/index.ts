/** The local EventBridge bus: see local-event-bus.ts for the facade. */
export {
  startLocalEventBus,
  type LocalEventBus,
  type LocalEventBusOptions,
  type LocalEventBusStats,
  type JournalStats,
} from './local-event-bus';
export {
  DeliveryJournal,
  replayJournal,
  parseJournalLine,
  type AcceptedEntry,
  type JournaledDelivery,
  type OpenDelivery,
  type ReplayResult,
} from './delivery-journal';
export {
  createAsyncInvoker,
  lambdaContext,
  runHandler,
  type AsyncInvoker,
  type AsyncInvokerOptions,
  type AttemptInfo,
  type InvocationOutcome,
  type InvokerHooks,
  type InvokerStats,
  type LocalLambdaHandler,
  type SettledInfo,
} from './async-invoker';
export {
  compileEventPattern,
  matchesEventPattern,
  EventPatternError,
  type CompiledPattern,
} from './event-pattern';
export {
  loadLocalRules,
  resolveRuleTargets,
  type AsyncInvokeConfig,
  type LocalRules,
  type RuleTarget,
} from './rules';
export { makeEnvelope, envelopeTime, type EventEnvelope } from './envelope';
export { handlePutEvents, type PutEventsAnswer } from './put-events-protocol';
export {
  startPutEventsServer,
  type PutEventsServer,
} from './put-events-server';
export { FailureStore } from './failure-store';
export { CaptureFileQueue } from './capture-file-queue';
export { inProcessInvoke } from './in-process-invoke';
export { retryDelaysFromEnv, DEFAULT_LOCAL_RETRY_DELAYS_MS } from './retry-delays';
export { quietLogger } from './logger';

/**
 * The EventBridge rules of a synthesized cloud assembly, with each Lambda
 * target resolved to the function it invokes and that function's async-invoke
 * configuration. Read from the templates, never copied by hand, so the local
 * bus routes exactly what the deployed backend would.
 */
import type { CfnResource, CloudAssembly } from '../../cloud-assembly/assembly';
import {
  loadStackTree,
  resolveResource,
  resourcesIn,
  stackTreeOfAssembly,
  type ResourceRef as Located,
  type StackTree,
} from '../../cloud-assembly/stack-tree';
import { compileEventPattern, type CompiledPattern } from './event-pattern';
import {
  LAMBDA_DEFAULT_MAX_EVENT_AGE_SECONDS,
  LAMBDA_DEFAULT_RETRY_ATTEMPTS,
  LAMBDA_DEFAULT_TIMEOUT_SECONDS,
} from './lambda-defaults';

/** A resource found in one of the assembly's templates. */
export type ResourceRef = { fileName: string; logicalId: string; type: string };

export type AsyncInvokeConfig = {
  maximumRetryAttempts: number;
  maximumEventAgeInSeconds: number;
  /** Where Lambda sends what finally fails (in AWS: the on-failure SQS queue). */
  onFailure?: ResourceRef;
  /** 'template' when an EventInvokeConfig was found, else Lambda's defaults. */
  from: 'template' | 'lambda-defaults';
};

export type RuleTarget = {
  ruleLogicalId: string;
  /** The rule's Name when the template sets one, else its logical id. */
  ruleName: string;
  description?: string;
  /** "ENABLED" / "DISABLED" as in the template (EventBridge's default is ENABLED). */
  state: string;
  /** The EventPattern exactly as in the template (CDK writes `detail-type`). */
  pattern: Record<string, unknown>;
  matches: CompiledPattern;
  targetId: string;
  /** The function's `amplify:friendly-name` tag, else its FunctionName, else its logical id. */
  functionName: string;
  functionLogicalId: string;
  functionTemplate: string;
  functionTimeoutSeconds: number;
  /** EventBridge -> Lambda delivery settings (not simulated: local hand-off cannot fail). */
  retryPolicy?: { maximumRetryAttempts?: number; maximumEventAgeInSeconds?: number };
  deadLetterQueue?: ResourceRef;
  asyncConfig: AsyncInvokeConfig;
};

export type SkippedTarget = { ruleLogicalId: string; targetId: string; reason: string };

export type LocalRules = { ruleTargets: RuleTarget[]; skippedTargets: SkippedTarget[] };

/** Reads the assembly folder (templates and asset manifests) and resolves its rules. */
export const loadLocalRules = async (assemblyDir: string): Promise<LocalRules> => {
  const tree = await loadStackTree(assemblyDir).catch((error: unknown) => {
    throw new Error(
      `Cannot read the cloud assembly in ${assemblyDir} (synthesize first: npm run synth): ${String(error)}`,
    );
  });
  return rulesOf(tree);
};

/** Pure: the rule targets of templates already read; `assetFiles` maps asset object keys to template files. */
export const resolveRuleTargets = (assembly: CloudAssembly, assetFiles: ReadonlyMap<string, string>): LocalRules =>
  rulesOf(stackTreeOfAssembly(assembly, assetFiles));

/** The rule targets of a stack tree. Throws on an invalid event pattern. */
const rulesOf = (tree: StackTree): LocalRules => {
  const ruleTargets: RuleTarget[] = [];
  const skippedTargets: SkippedTarget[] = [];
  for (const { stack, logicalId, resource } of resourcesIn(tree, 'AWS::Events::Rule')) {
    const props = resource.Properties ?? {};
    const pattern = props.EventPattern;
    if (!isObject(pattern)) {
      skippedTargets.push({ ruleLogicalId: logicalId, targetId: '*', reason: 'no EventPattern' });
      continue;
    }
    const matches = compileEventPattern(pattern, `rule ${logicalId} EventPattern`);
    const eventBus = props.EventBusName;
    if (eventBus !== undefined && eventBus !== 'default') {
      // The local bus is the default bus only (see put-events-protocol.ts).
      skippedTargets.push({
        ruleLogicalId: logicalId,
        targetId: '*',
        reason: `rule is on event bus ${JSON.stringify(eventBus)}, not the default bus`,
      });
      continue;
    }
    for (const target of asArray(props.Targets).filter(isObject)) {
      const targetId = String(target.Id ?? '?');
      const fn = resolveResource(stack, target.Arn);
      if (fn?.resource.Type !== 'AWS::Lambda::Function') {
        skippedTargets.push({
          ruleLogicalId: logicalId,
          targetId,
          reason: fn
            ? `target is a ${fn.resource.Type}, not a Lambda function`
            : `target Arn ${JSON.stringify(target.Arn)} does not resolve to a resource`,
        });
        continue;
      }
      const retry = isObject(target.RetryPolicy) ? target.RetryPolicy : undefined;
      const dlq = isObject(target.DeadLetterConfig) ? resolveResource(stack, target.DeadLetterConfig.Arn) : undefined;
      ruleTargets.push({
        ruleLogicalId: logicalId,
        ruleName: typeof props.Name === 'string' ? props.Name : logicalId,
        ...(typeof props.Description === 'string' ? { description: props.Description } : {}),
        state: typeof props.State === 'string' ? props.State : 'ENABLED',
        pattern,
        matches,
        targetId,
        functionName: functionNameOf(fn.logicalId, fn.resource),
        functionLogicalId: fn.logicalId,
        functionTemplate: fn.stack.fileName,
        functionTimeoutSeconds: numberOr(fn.resource.Properties?.Timeout, LAMBDA_DEFAULT_TIMEOUT_SECONDS),
        ...(retry
          ? {
              retryPolicy: {
                ...optionalNumber('maximumRetryAttempts', retry.MaximumRetryAttempts),
                ...optionalNumber('maximumEventAgeInSeconds', retry.MaximumEventAgeInSeconds),
              },
            }
          : {}),
        ...(dlq ? { deadLetterQueue: refOf(dlq) } : {}),
        asyncConfig: asyncConfigOf(tree, fn),
      });
    }
  }
  return { ruleTargets, skippedTargets };
};

const asyncConfigOf = (tree: StackTree, fn: Located): AsyncInvokeConfig => {
  const config = resourcesIn(tree, 'AWS::Lambda::EventInvokeConfig').find((c) => {
    const target = resolveResource(c.stack, c.resource.Properties?.FunctionName);
    return target?.stack === fn.stack && target.logicalId === fn.logicalId;
  });
  if (!config) {
    return {
      maximumRetryAttempts: LAMBDA_DEFAULT_RETRY_ATTEMPTS,
      maximumEventAgeInSeconds: LAMBDA_DEFAULT_MAX_EVENT_AGE_SECONDS,
      from: 'lambda-defaults',
    };
  }
  const props = config.resource.Properties ?? {};
  const destination = isObject(props.DestinationConfig)
    ? asObject(props.DestinationConfig.OnFailure)?.Destination
    : undefined;
  const onFailure = destination === undefined ? undefined : resolveResource(config.stack, destination);
  return {
    maximumRetryAttempts: numberOr(props.MaximumRetryAttempts, LAMBDA_DEFAULT_RETRY_ATTEMPTS),
    maximumEventAgeInSeconds: numberOr(props.MaximumEventAgeInSeconds, LAMBDA_DEFAULT_MAX_EVENT_AGE_SECONDS),
    ...(onFailure ? { onFailure: refOf(onFailure) } : {}),
    from: 'template',
  };
};

/** Amplify tags each function with its defineFunction name. */
const functionNameOf = (logicalId: string, resource: CfnResource): string => {
  const tags = asArray(resource.Properties?.Tags).filter(isObject);
  const friendly = tags.find((t) => t.Key === 'amplify:friendly-name')?.Value;
  if (typeof friendly === 'string') return friendly;
  const explicit = resource.Properties?.FunctionName;
  return typeof explicit === 'string' ? explicit : logicalId;
};

// ---------------------------------------------------------------- helpers

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const asObject = (v: unknown): Record<string, unknown> | undefined => (isObject(v) ? v : undefined);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const numberOr = (v: unknown, fallback: number): number => (typeof v === 'number' ? v : fallback);
const optionalNumber = <K extends string>(key: K, v: unknown): Partial<Record<K, number>> =>
  typeof v === 'number' ? ({ [key]: v } as Record<K, number>) : {};
const refOf = (l: Located): ResourceRef => ({
  fileName: l.stack.fileName,
  logicalId: l.logicalId,
  type: l.resource.Type,
});

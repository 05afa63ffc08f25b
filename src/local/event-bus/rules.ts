/**
 * The EventBridge rules of a synthesized cloud assembly, with each Lambda
 * target resolved to the function it invokes and that function's async-invoke
 * configuration. Read from the templates, never copied by hand, so the local
 * bus routes exactly what the deployed backend would.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import {
  loadCloudAssembly,
  resourcesOfType,
  type CfnResource,
  type CfnTemplate,
  type CloudAssembly,
} from '../../cloud-assembly/assembly';
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
  const assembly = await loadCloudAssembly(assemblyDir);
  if (assembly.templates.length === 0) {
    throw new Error(`No *.template.json in ${assemblyDir}: synthesize first (npm run synth)`);
  }
  return resolveRuleTargets(assembly, await readNestedTemplateAssets(assemblyDir));
};

/**
 * Maps asset hashes to file names. A nested stack's TemplateURL names its
 * template only by asset hash (`.../<hash>.json`); the *.assets.json manifests
 * say which file that hash is.
 */
export const readNestedTemplateAssets = async (dir: string): Promise<Map<string, string>> => {
  const assets = new Map<string, string>();
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.assets.json'))) {
    const manifest = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as {
      files?: Record<string, { source?: { path?: string } }>;
    };
    for (const [hash, entry] of Object.entries(manifest.files ?? {})) {
      if (entry.source?.path) assets.set(hash, entry.source.path);
    }
  }
  return assets;
};

/** Pure: the rule targets of an assembly. Throws on an invalid event pattern. */
export const resolveRuleTargets = (
  assembly: CloudAssembly,
  assetFiles: Map<string, string>,
): LocalRules => {
  const resolver = new TemplateResolver(assembly, assetFiles);
  const ruleTargets: RuleTarget[] = [];
  const skippedTargets: SkippedTarget[] = [];
  for (const { fileName, logicalId, resource } of resourcesOfType(assembly, 'AWS::Events::Rule')) {
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
      const fn = resolver.resolve(fileName, target.Arn);
      if (!fn || fn.resource.Type !== 'AWS::Lambda::Function') {
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
      const dlq = isObject(target.DeadLetterConfig)
        ? resolver.resolve(fileName, target.DeadLetterConfig.Arn)
        : undefined;
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
        functionTemplate: fn.fileName,
        functionTimeoutSeconds: numberOr(
          fn.resource.Properties?.Timeout,
          LAMBDA_DEFAULT_TIMEOUT_SECONDS,
        ),
        ...(retry
          ? {
              retryPolicy: {
                ...optionalNumber('maximumRetryAttempts', retry.MaximumRetryAttempts),
                ...optionalNumber('maximumEventAgeInSeconds', retry.MaximumEventAgeInSeconds),
              },
            }
          : {}),
        ...(dlq ? { deadLetterQueue: refOf(dlq) } : {}),
        asyncConfig: asyncConfigOf(assembly, resolver, fn),
      });
    }
  }
  return { ruleTargets, skippedTargets };
};

// ------------------------------------------------------------ resolution

type Located = { fileName: string; logicalId: string; resource: CfnResource };

/** Follows Ref / Fn::GetAtt across nested stacks (parameters in, outputs out). */
class TemplateResolver {
  private readonly templates = new Map<string, CfnTemplate>();
  /** nested template file -> the stack resource (in its parent) that creates it */
  private readonly parentOf = new Map<string, { fileName: string; logicalId: string }>();
  /** `${parentFile}/${stackLogicalId}` -> nested template file */
  private readonly childOf = new Map<string, string>();

  constructor(assembly: CloudAssembly, assetFiles: Map<string, string>) {
    for (const { fileName, template } of assembly.templates) this.templates.set(fileName, template);
    for (const { fileName, logicalId, resource } of resourcesOfType(
      assembly,
      'AWS::CloudFormation::Stack',
    )) {
      const child = this.nestedTemplateFile(resource, assetFiles);
      if (!child) continue;
      this.parentOf.set(child, { fileName, logicalId });
      this.childOf.set(`${fileName}/${logicalId}`, child);
    }
  }

  /** The nested template named by the asset hash in the stack's TemplateURL. */
  private nestedTemplateFile(
    stack: CfnResource,
    assetFiles: Map<string, string>,
  ): string | undefined {
    const url = JSON.stringify(stack.Properties?.TemplateURL ?? '');
    for (const [, hash] of url.matchAll(/([0-9a-f]{64})\.json/g)) {
      const file = assetFiles.get(hash!);
      if (file && this.templates.has(file)) return file;
    }
    return undefined;
  }

  resolve(fileName: string, expr: unknown, depth = 0): Located | undefined {
    if (depth > 20 || !isObject(expr)) return undefined;
    const template = this.templates.get(fileName);
    if (!template) return undefined;
    if (typeof expr.Ref === 'string') {
      const name = expr.Ref;
      const resource = template.Resources?.[name];
      if (resource) return { fileName, logicalId: name, resource };
      // A parameter of a nested stack: follow what the parent passes in.
      const parent = this.parentOf.get(fileName);
      if (!parent || !template.Parameters?.[name]) return undefined;
      const passed = this.templates.get(parent.fileName)?.Resources?.[parent.logicalId]?.Properties
        ?.Parameters;
      return isObject(passed) ? this.resolve(parent.fileName, passed[name], depth + 1) : undefined;
    }
    const getAtt = expr['Fn::GetAtt'];
    if (getAtt !== undefined) {
      const [logicalId, attribute] =
        typeof getAtt === 'string' ? splitOnce(getAtt, '.') : asArray(getAtt).map(String);
      if (!logicalId) return undefined;
      const resource = template.Resources?.[logicalId];
      if (!resource) return undefined;
      if (resource.Type === 'AWS::CloudFormation::Stack' && attribute?.startsWith('Outputs.')) {
        const child = this.childOf.get(`${fileName}/${logicalId}`);
        const output = child
          ? this.templates.get(child)?.Outputs?.[attribute.slice('Outputs.'.length)]
          : undefined;
        return output && child ? this.resolve(child, output.Value, depth + 1) : undefined;
      }
      return { fileName, logicalId, resource };
    }
    return undefined;
  }
}

const asyncConfigOf = (
  assembly: CloudAssembly,
  resolver: TemplateResolver,
  fn: Located,
): AsyncInvokeConfig => {
  const config = resourcesOfType(assembly, 'AWS::Lambda::EventInvokeConfig').find((c) => {
    const target = resolver.resolve(c.fileName, c.resource.Properties?.FunctionName);
    return target?.fileName === fn.fileName && target.logicalId === fn.logicalId;
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
  const onFailure =
    destination === undefined ? undefined : resolver.resolve(config.fileName, destination);
  return {
    maximumRetryAttempts: numberOr(props.MaximumRetryAttempts, LAMBDA_DEFAULT_RETRY_ATTEMPTS),
    maximumEventAgeInSeconds: numberOr(
      props.MaximumEventAgeInSeconds,
      LAMBDA_DEFAULT_MAX_EVENT_AGE_SECONDS,
    ),
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

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const asObject = (v: unknown): Record<string, unknown> | undefined => (isObject(v) ? v : undefined);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const numberOr = (v: unknown, fallback: number): number => (typeof v === 'number' ? v : fallback);
const optionalNumber = <K extends string>(key: K, v: unknown): Partial<Record<K, number>> =>
  typeof v === 'number' ? ({ [key]: v } as Record<K, number>) : {};
const splitOnce = (s: string, sep: string): string[] => {
  const i = s.indexOf(sep);
  return i < 0 ? [s] : [s.slice(0, i), s.slice(i + 1)];
};
const refOf = (l: Located): ResourceRef => ({
  fileName: l.fileName,
  logicalId: l.logicalId,
  type: l.resource.Type,
});

/**
 * A small CloudFormation evaluator for a synthesized (never deployed) cloud assembly.
 *
 * Over the assembly's stack tree (src/cloud-assembly/stack-tree.ts), it evaluates the
 * intrinsic functions CloudFormation would: Ref, Fn::GetAtt (nested stack Outputs included), Fn::Join, Fn::Select, Fn::Split, Fn::Sub,
 * Fn::If, Fn::Equals/Not/And/Or, Condition, Fn::FindInMap, Fn::Base64, and nested stack
 * Parameters. What a deployment would assign (ids, names, ARNs, URLs) comes from a
 * `PhysicalNamer` supplied by the caller, so the local values are decided in one place.
 */
import { loadStackTree, type AssetIndex, type ResourceRef, type StackNode } from '../../cloud-assembly/stack-tree';

export type { ResourceRef, StackNode } from '../../cloud-assembly/stack-tree';

/** What `{"Ref": "AWS::NoValue"}` evaluates to; dropped from objects and arrays. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/**
 * Gives the values a deployment would assign. `attribute` is 'Ref' for a Ref.
 * Return undefined to fall back to a generic name.
 */
export type PhysicalNamer = (ref: ResourceRef, attribute: string, evaluator: CfnEvaluator) => unknown;

export type EvaluatorOptions = {
  region: string;
  accountId: string;
  namer: PhysicalNamer;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export class CfnEvaluator {
  readonly root: StackNode;
  readonly stacks: StackNode[];
  private readonly memo = new Map<string, unknown>();
  private readonly inProgress = new Set<string>();

  private constructor(
    readonly dir: string,
    readonly assets: AssetIndex,
    root: StackNode,
    readonly options: EvaluatorOptions,
  ) {
    this.root = root;
    this.stacks = [root];
  }

  static async load(dir: string, options: EvaluatorOptions): Promise<CfnEvaluator> {
    const { root, stacks, assets } = await loadStackTree(dir);
    const evaluator = new CfnEvaluator(dir, assets, root, options);
    evaluator.stacks.splice(0, evaluator.stacks.length, ...stacks);
    return evaluator;
  }

  /** The path inside the assembly of an asset named by an S3 location or URL (`s3://…/<key>`). */
  assetPath(location: unknown, stack: StackNode): string {
    const url = String(this.evaluate(location, stack));
    const objectKey = url.split('/').pop() ?? '';
    const file = this.assets.get(objectKey);
    if (!file) throw new Error(`No asset in ${this.dir} for ${url}`);
    return file;
  }

  /** Every resource of a type in every stack, skipping those whose Condition is false. */
  resourcesOfType(type: string): ResourceRef[] {
    return this.stacks.flatMap((stack) =>
      Object.entries(stack.template.Resources ?? {})
        .filter(([, r]) => r.Type === type)
        .filter(([, r]) => !r.Condition || this.condition(r.Condition, stack))
        .map(([logicalId, resource]) => ({ stack, logicalId, resource })),
    );
  }

  /** A resource's Properties with every intrinsic evaluated. */
  properties(ref: ResourceRef): Record<string, unknown> {
    const value = this.evaluate(ref.resource.Properties ?? {}, ref.stack);
    return isObject(value) ? value : {};
  }

  condition(name: string, stack: StackNode): boolean {
    const key = `${stack.id}#Condition:${name}`;
    return this.memoized(key, () => {
      const expr = stack.template.Conditions?.[name];
      if (expr === undefined) throw new Error(`${stack.fileName}: unknown condition ${name}`);
      return Boolean(this.evaluate(expr, stack));
    }) as boolean;
  }

  parameter(name: string, stack: StackNode): unknown {
    const key = `${stack.id}#Parameter:${name}`;
    return this.memoized(key, () => {
      const declared = stack.template.Parameters?.[name] as { Default?: unknown } | undefined;
      if (declared === undefined) throw new Error(`${stack.fileName}: unknown parameter ${name}`);
      if (stack.parent) {
        const parentResource = stack.parent.node.template.Resources[stack.parent.logicalId]!;
        const passed = (parentResource.Properties?.Parameters as Record<string, unknown> | undefined)?.[name];
        if (passed !== undefined) return this.evaluate(passed, stack.parent.node);
      }
      if (declared.Default !== undefined) return declared.Default;
      throw new Error(`${stack.fileName}: parameter ${name} has no value and no default`);
    });
  }

  output(name: string, stack: StackNode): unknown {
    const out = stack.template.Outputs?.[name];
    if (!out) throw new Error(`${stack.fileName}: no output ${name}`);
    return this.evaluate(out.Value, stack);
  }

  /** Evaluates the root stack's Outputs (what ampx reads to write amplify_outputs.json). */
  rootOutputs(): Record<string, unknown> {
    return Object.fromEntries(
      Object.keys(this.root.template.Outputs ?? {}).map((name) => [name, this.output(name, this.root)]),
    );
  }

  ref(name: string, stack: StackNode): unknown {
    switch (name) {
      case 'AWS::Region':
        return this.options.region;
      case 'AWS::AccountId':
        return this.options.accountId;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::NoValue':
        return NO_VALUE;
      case 'AWS::StackName':
        return stack.id.replaceAll('/', '-');
      case 'AWS::StackId':
        return `arn:aws:cloudformation:${this.options.region}:${this.options.accountId}:stack/${stack.id.replaceAll('/', '-')}/local`;
      case 'AWS::NotificationARNs':
        return [];
    }
    if (stack.template.Parameters && name in stack.template.Parameters) {
      return this.parameter(name, stack);
    }
    return this.attribute(stack, name, 'Ref');
  }

  attribute(stack: StackNode, logicalId: string, attribute: string): unknown {
    const resource = stack.template.Resources?.[logicalId];
    if (!resource) throw new Error(`${stack.fileName}: no resource or parameter ${logicalId}`);
    const key = `${stack.id}#${logicalId}.${attribute}`;
    return this.memoized(key, () => {
      if (resource.Type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.')) {
        const child = stack.children.get(logicalId);
        if (!child) throw new Error(`${stack.fileName}: nested stack ${logicalId} is not linked yet`);
        return this.output(attribute.slice('Outputs.'.length), child);
      }
      const named = this.options.namer({ stack, logicalId, resource }, attribute, this);
      if (named !== undefined) return named;
      const { region, accountId } = this.options;
      if (attribute === 'Ref') return logicalId;
      if (attribute === 'Arn') {
        const service = resource.Type.split('::')[1]?.toLowerCase() ?? 'local';
        return `arn:aws:${service}:${region}:${accountId}:${logicalId}`;
      }
      return `${logicalId}.${attribute}`;
    });
  }

  evaluate(value: unknown, stack: StackNode): unknown {
    if (Array.isArray(value)) {
      return value.map((v) => this.evaluate(v, stack)).filter((v) => v !== NO_VALUE);
    }
    if (!isObject(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [fn] = keys as [string];
      const arg = value[fn];
      switch (fn) {
        case 'Ref':
          return this.ref(String(arg), stack);
        case 'Fn::GetAtt': {
          const [logicalId, ...rest] = Array.isArray(arg) ? arg : String(arg).split('.');
          return this.attribute(stack, String(logicalId), rest.map(String).join('.'));
        }
        case 'Fn::Join': {
          const [sep, list] = arg as [string, unknown];
          return (this.evaluate(list, stack) as unknown[]).map(String).join(sep);
        }
        case 'Fn::Select': {
          const [index, list] = arg as [unknown, unknown];
          const items = this.evaluate(list, stack) as unknown[];
          const i = Number(this.evaluate(index, stack));
          if (!Array.isArray(items) || i < 0 || i >= items.length) {
            throw new Error(`Fn::Select index ${i} out of range in ${stack.fileName}`);
          }
          return items[i];
        }
        case 'Fn::Split': {
          const [sep, source] = arg as [string, unknown];
          return String(this.evaluate(source, stack)).split(sep);
        }
        case 'Fn::Sub':
          return this.sub(arg, stack);
        case 'Fn::If': {
          const [cond, whenTrue, whenFalse] = arg as [string, unknown, unknown];
          return this.condition(cond, stack) ? this.evaluate(whenTrue, stack) : this.evaluate(whenFalse, stack);
        }
        case 'Fn::Equals': {
          const [a, b] = (arg as unknown[]).map((v) => this.evaluate(v, stack));
          return String(a) === String(b);
        }
        case 'Fn::Not':
          return !this.evaluate((arg as unknown[])[0], stack);
        case 'Fn::And':
          return (arg as unknown[]).every((v) => Boolean(this.evaluate(v, stack)));
        case 'Fn::Or':
          return (arg as unknown[]).some((v) => Boolean(this.evaluate(v, stack)));
        case 'Condition':
          return this.condition(String(arg), stack);
        case 'Fn::Base64':
          return Buffer.from(String(this.evaluate(arg, stack))).toString('base64');
        case 'Fn::FindInMap': {
          const [map, top, second] = (arg as unknown[]).map((v) => String(this.evaluate(v, stack)));
          return stack.template.Mappings?.[map!]?.[top!]?.[second!];
        }
        case 'Fn::Contains': {
          const [list, item] = (arg as unknown[]).map((v) => this.evaluate(v, stack));
          return Array.isArray(list) && list.map(String).includes(String(item));
        }
        case 'Fn::GetAZs':
          return ['a', 'b', 'c'].map((s) => `${this.options.region}${s}`);
        case 'Fn::ImportValue':
        case 'Fn::Transform':
        case 'Fn::Cidr':
          throw new Error(`${fn} is not supported locally (${stack.fileName})`);
      }
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const evaluated = this.evaluate(v, stack);
      if (evaluated !== NO_VALUE) out[k] = evaluated;
    }
    return out;
  }

  private sub(arg: unknown, stack: StackNode): string {
    const [template, vars] = Array.isArray(arg)
      ? (arg as [string, Record<string, unknown>])
      : [String(arg), {} as Record<string, unknown>];
    return template.replace(/\$\{([^}]*)\}/g, (_whole, name: string) => {
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      if (name in vars) return String(this.evaluate(vars[name], stack));
      if (name.includes('.') && !name.startsWith('AWS::')) {
        const [logicalId, ...attr] = name.split('.');
        return String(this.attribute(stack, logicalId!, attr.join('.')));
      }
      return String(this.ref(name, stack));
    });
  }

  private memoized(key: string, compute: () => unknown): unknown {
    if (this.memo.has(key)) return this.memo.get(key);
    if (this.inProgress.has(key)) throw new Error(`Circular reference while evaluating ${key}`);
    this.inProgress.add(key);
    try {
      const value = compute();
      this.memo.set(key, value);
      return value;
    } finally {
      this.inProgress.delete(key);
    }
  }
}

/**
 * The stacks of a synthesized cloud assembly as a tree (the root template and the nested
 * stacks each AWS::CloudFormation::Stack creates), and references followed across it: the
 * one nested-stack resolver, used by the local data API's evaluator and the local bus's rules.
 *
 * A nested stack's TemplateURL names its template only by the asset's object key
 * (`.../<hash>.json`); the assembly's *.assets.json manifests say which file that is.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { CfnResource, CfnTemplate, CloudAssembly } from './assembly';

export type StackNode = {
  /** Logical path from the root, e.g. `root/data7552DF31/amplifyDataRecording…`. */
  id: string;
  fileName: string;
  template: CfnTemplate & { Mappings?: Record<string, Record<string, Record<string, unknown>>> };
  parent?: { node: StackNode; logicalId: string };
  children: Map<string, StackNode>;
};

export type ResourceRef = { stack: StackNode; logicalId: string; resource: CfnResource };

/** An asset's object key (`<hash>.json`, `<hash>.vtl`, `<hash>.zip`) -> its path in the assembly. */
export type AssetIndex = Map<string, string>;

export type StackTree = { root: StackNode /** Every stack, parents before children. */; stacks: StackNode[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const readAssetIndex = async (dir: string): Promise<AssetIndex> => {
  const index: AssetIndex = new Map();
  for (const manifest of (await readdir(dir)).filter((f) => f.endsWith('.assets.json'))) {
    const parsed = JSON.parse(await readFile(path.join(dir, manifest), 'utf8')) as {
      files?: Record<string, { source: { path: string }; destinations: Record<string, { objectKey: string }> }>;
    };
    for (const file of Object.values(parsed.files ?? {})) {
      for (const destination of Object.values(file.destinations)) {
        index.set(destination.objectKey, path.join(dir, file.source.path));
      }
    }
  }
  return index;
};

/** The nested template file a stack resource names, through the asset keys in its TemplateURL. */
const nestedFileOf = (
  stack: CfnResource,
  templateFileOfKey: (objectKey: string) => string | undefined,
): string | undefined => {
  const url = JSON.stringify(stack.Properties?.TemplateURL ?? '');
  for (const [key] of url.matchAll(/[^/"\s]+\.json/g)) {
    const file = templateFileOfKey(key);
    if (file) return file;
  }
  return undefined;
};

/** Pure: links the templates into a tree; the root is the template no stack creates. */
export const stackTreeOf = (
  templates: ReadonlyMap<string, CfnTemplate>,
  templateFileOfKey: (objectKey: string) => string | undefined,
  rootFile?: string,
): StackTree => {
  const childFiles = new Set<string>();
  for (const template of templates.values()) {
    for (const resource of Object.values(template.Resources ?? {})) {
      if (resource.Type !== 'AWS::CloudFormation::Stack') continue;
      const file = nestedFileOf(resource, templateFileOfKey);
      if (file) childFiles.add(file);
    }
  }
  const roots = rootFile ? [rootFile] : [...templates.keys()].filter((f) => !childFiles.has(f));
  if (roots.length !== 1) throw new Error(`Expected one root template, found ${roots.length}: ${roots.join(', ')}`);
  const node = (fileName: string, id: string, parent?: StackNode['parent']): StackNode => {
    const template = templates.get(fileName);
    if (!template) throw new Error(`No template ${fileName} in the assembly`);
    const created: StackNode = { id, fileName, template, ...(parent ? { parent } : {}), children: new Map() };
    for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
      if (resource.Type !== 'AWS::CloudFormation::Stack') continue;
      const file = nestedFileOf(resource, templateFileOfKey);
      if (!file) throw new Error(`${fileName}: nested stack ${logicalId} names no template of the assembly`);
      created.children.set(logicalId, node(file, `${id}/${logicalId}`, { node: created, logicalId }));
    }
    return created;
  };
  const root = node(roots[0]!, 'root');
  const stacks: StackNode[] = [];
  const visit = (n: StackNode) => {
    stacks.push(n);
    n.children.forEach(visit);
  };
  visit(root);
  return { root, stacks };
};

/** The assembly's one top-level stack, as its manifest names it. */
const rootTemplateFile = async (dir: string): Promise<string> => {
  const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as {
    artifacts: Record<string, { type: string; properties?: { templateFile?: string } }>;
  };
  const stacks = Object.values(manifest.artifacts).filter(
    (a) => a.type === 'aws:cloudformation:stack' && a.properties?.templateFile,
  );
  if (stacks.length !== 1)
    throw new Error(`Expected one top-level stack in ${dir}/manifest.json, found ${stacks.length}`);
  return stacks[0]!.properties!.templateFile!;
};

/** Reads an assembly folder into its stack tree and asset index. */
export const loadStackTree = async (dir: string): Promise<StackTree & { assets: AssetIndex }> => {
  const assets = await readAssetIndex(dir);
  const templates = new Map<string, CfnTemplate>();
  for (const fileName of (await readdir(dir)).filter((f) => f.endsWith('.template.json'))) {
    templates.set(fileName, JSON.parse(await readFile(path.join(dir, fileName), 'utf8')) as CfnTemplate);
  }
  const fileOfKey = (key: string) => {
    const file = assets.get(key);
    return file ? path.relative(dir, file) : undefined;
  };
  return { ...stackTreeOf(templates, fileOfKey, await rootTemplateFile(dir)), assets };
};

/** The tree of templates already read (a CloudAssembly), with asset keys mapped to template files. */
export const stackTreeOfAssembly = (
  assembly: CloudAssembly,
  templateFileOfKey: ReadonlyMap<string, string>,
): StackTree =>
  stackTreeOf(new Map(assembly.templates.map((t) => [t.fileName, t.template])), (key) => templateFileOfKey.get(key));

/** Every resource of a type in every stack. */
export const resourcesIn = (tree: StackTree, type: string): ResourceRef[] =>
  tree.stacks.flatMap((stack) =>
    Object.entries(stack.template.Resources ?? {})
      .filter(([, r]) => r.Type === type)
      .map(([logicalId, resource]) => ({ stack, logicalId, resource })),
  );

/**
 * The resource a Ref or Fn::GetAtt points at, followed across nested stacks: a parameter to
 * what the parent passes in, a nested stack's `Outputs.X` to that output's value.
 */
export const resolveResource = (stack: StackNode, expr: unknown, depth = 0): ResourceRef | undefined => {
  if (depth > 20 || !isObject(expr)) return undefined;
  const resources = stack.template.Resources ?? {};
  if (typeof expr.Ref === 'string') {
    const name = expr.Ref;
    const resource = resources[name];
    if (resource) return { stack, logicalId: name, resource };
    if (!stack.parent || !stack.template.Parameters?.[name]) return undefined;
    const passed = stack.parent.node.template.Resources?.[stack.parent.logicalId]?.Properties?.Parameters;
    return isObject(passed) ? resolveResource(stack.parent.node, passed[name], depth + 1) : undefined;
  }
  const getAtt = expr['Fn::GetAtt'];
  if (getAtt === undefined) return undefined;
  const [logicalId, attribute] =
    typeof getAtt === 'string' ? splitOnce(getAtt, '.') : (Array.isArray(getAtt) ? getAtt : []).map(String);
  const resource = logicalId ? resources[logicalId] : undefined;
  if (!logicalId || !resource) return undefined;
  if (resource.Type === 'AWS::CloudFormation::Stack' && attribute?.startsWith('Outputs.')) {
    const child = stack.children.get(logicalId);
    const output = child?.template.Outputs?.[attribute.slice('Outputs.'.length)];
    return child && output ? resolveResource(child, output.Value, depth + 1) : undefined;
  }
  return { stack, logicalId, resource };
};

const splitOnce = (s: string, sep: string): string[] => {
  const i = s.indexOf(sep);
  return i < 0 ? [s] : [s.slice(0, i), s.slice(i + 1)];
};

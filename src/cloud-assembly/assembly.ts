import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';

export type CfnResource = {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  Condition?: string;
  Metadata?: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};

export type CfnTemplate = {
  Resources: Record<string, CfnResource>;
  Parameters?: Record<string, unknown>;
  Conditions?: Record<string, unknown>;
  Outputs?: Record<string, { Value: unknown }>;
};

export type AssemblyTemplate = { fileName: string; template: CfnTemplate };

export type CloudAssembly = {
  dir: string;
  templates: AssemblyTemplate[];
};

/** Reads every CloudFormation template (root and nested) of a synthesized cloud assembly. */
export const loadCloudAssembly = async (dir: string): Promise<CloudAssembly> => {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.template.json')).sort();
  const templates = await Promise.all(
    files.map(async (fileName) => ({
      fileName,
      template: JSON.parse(await readFile(path.join(dir, fileName), 'utf8')) as CfnTemplate,
    })),
  );
  return { dir, templates };
};

export type FoundResource = { fileName: string; logicalId: string; resource: CfnResource };

/** All resources of a type, across every template (template names carry hashes). */
export const resourcesOfType = (assembly: CloudAssembly, type: string): FoundResource[] =>
  assembly.templates.flatMap(({ fileName, template }) =>
    Object.entries(template.Resources ?? {})
      .filter(([, resource]) => resource.Type === type)
      .map(([logicalId, resource]) => ({ fileName, logicalId, resource })),
  );

/** The one template that holds a resource of this type whose logical id starts with a prefix. */
export const templateHolding = (assembly: CloudAssembly, type: string, logicalIdPrefix = ''): AssemblyTemplate => {
  const found = assembly.templates.filter(({ template }) =>
    Object.entries(template.Resources ?? {}).some(([id, r]) => r.Type === type && id.startsWith(logicalIdPrefix)),
  );
  if (found.length !== 1) {
    throw new Error(`Expected one template with a ${type} "${logicalIdPrefix}*", found ${found.length}`);
  }
  return found[0]!;
};

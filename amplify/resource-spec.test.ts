import { beforeAll, describe, expect, inject, it } from 'vitest';
import { loadCloudAssembly, type CloudAssembly } from '../src/cloud-assembly/assembly';
import { checkTemplateAgainstSpec, loadResourceSpec, type ResourceSpec } from '../src/cloud-assembly/resource-spec';

// Every template CloudFormation would receive, against the resource specification.
let spec: ResourceSpec;
let assemblies: Array<[string, CloudAssembly]>;
beforeAll(async () => {
  spec = await loadResourceSpec();
  assemblies = [
    ['sandbox', await loadCloudAssembly(inject('sandboxAssemblyDir'))],
    ['branch', await loadCloudAssembly(inject('branchAssemblyDir'))],
  ];
});

describe('given the synthesized templates and the CloudFormation resource specification', () => {
  it('when every resource is checked then its type, properties, required properties and enum values are valid', () => {
    for (const [backendType, assembly] of assemblies) {
      expect(assembly.templates.length, backendType).toBeGreaterThanOrEqual(10);
      const problems = assembly.templates.flatMap(({ fileName, template }) =>
        checkTemplateAgainstSpec(spec, template).map((problem) => `${fileName}: ${problem}`),
      );
      expect(problems, backendType).toEqual([]);
    }
  });
});

import { beforeAll, describe, expect, inject, it } from 'vitest';
import { loadCloudAssembly, resourcesOfType, type CloudAssembly } from '../src/cloud-assembly/assembly';
import { deprecationOn } from '../src/cloud-assembly/lambda-runtime-deprecations';

// Every function a deploy would create: ours, Amplify's and CDK's own custom-resource providers.
let assemblies: Array<[string, CloudAssembly]>;
beforeAll(async () => {
  assemblies = [
    ['sandbox', await loadCloudAssembly(inject('sandboxAssemblyDir'))],
    ['branch', await loadCloudAssembly(inject('branchAssemblyDir'))],
  ];
});

const friendlyName = (properties: Record<string, unknown> | undefined): string | undefined =>
  (properties?.Tags as Array<{ Key: string; Value: string }> | undefined)?.find(
    (t) => t.Key === 'amplify:friendly-name',
  )?.Value;

describe('given every Lambda function in the synthesized templates', () => {
  it('when checked against the deprecation list today then none uses a deprecated runtime', () => {
    const today = new Date();
    for (const [backendType, assembly] of assemblies) {
      const functions = resourcesOfType(assembly, 'AWS::Lambda::Function');
      // Ours, the table manager's provider, S3 auto-delete, bucket deployment (and the branch linker on branches).
      expect(functions.length, backendType).toBeGreaterThanOrEqual(6);
      for (const { fileName, logicalId, resource } of functions) {
        const where = `${backendType} ${fileName} ${logicalId}`;
        expect(resource.Properties?.PackageType, where).not.toBe('Image');
        const runtime = resource.Properties?.Runtime;
        // An intrinsic (a region mapping) could not be checked here: require a literal.
        expect(typeof runtime, where).toBe('string');
        expect(deprecationOn(runtime as string, today), `${where} runs ${String(runtime)}`).toBeUndefined();
      }
    }
  });

  it('when synthesized then both of our functions run on Node.js 24', () => {
    for (const [backendType, assembly] of assemblies) {
      const ours = resourcesOfType(assembly, 'AWS::Lambda::Function')
        .map(({ resource }) => [friendlyName(resource.Properties), resource.Properties?.Runtime])
        .filter(([name]) => name === 'RecordingStatusHandler' || name === 'ReconcileRecordings')
        .sort();
      expect(ours, backendType).toEqual([
        ['ReconcileRecordings', 'nodejs24.x'],
        ['RecordingStatusHandler', 'nodejs24.x'],
      ]);
    }
  });
});

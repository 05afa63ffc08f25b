import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  bundleBreakdown,
  charactersBySource,
  decodeVlqSegment,
  findFunctionBundle,
  packageOf,
  topPackages,
} from './bundle';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const lambda = (key: string, tag: string) => ({
  Type: 'AWS::Lambda::Function',
  Properties: {
    Code: { S3Bucket: { 'Fn::Sub': 'cdk-assets-${AWS::AccountId}' }, S3Key: `${key}.zip` },
    Handler: 'index.handler',
    Runtime: 'nodejs24.x',
    Tags: [{ Key: 'amplify:friendly-name', Value: tag }],
  },
});

/** An assembly with two functions in a nested template and their asset folders. */
const givenAssembly = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'bundle-test-'));
  dirs.push(dir);
  await writeFile(
    path.join(dir, 'root.template.json'),
    JSON.stringify({ Resources: { Nested: { Type: 'AWS::CloudFormation::Stack' } } }),
  );
  await writeFile(
    path.join(dir, 'rootdata1234.nested.template.json'),
    JSON.stringify({
      Resources: {
        RecordingStatusHandlerlambdaAFD5066C: lambda('aaa111', 'RecordingStatusHandler'),
        OtherlambdaX: lambda('bbb222', 'Other'),
      },
    }),
  );
  for (const [hash, size] of [
    ['aaa111', 1234],
    ['bbb222', 10],
  ] as const) {
    await mkdir(path.join(dir, `asset.${hash}`));
    await writeFile(path.join(dir, `asset.${hash}`, 'index.mjs'), 'x'.repeat(size));
  }
  await writeFile(path.join(dir, 'asset.aaa111', 'index.mjs.map'), '{}');
  return dir;
};

describe('given a cloud assembly', () => {
  it('when the handler bundle is looked up then the S3Key hash leads to its asset folder, index.mjs and source map', async () => {
    const dir = await givenAssembly();
    const bundle = await findFunctionBundle(dir, 'RecordingStatusHandler');
    expect(bundle).toMatchObject({
      templateFile: 'rootdata1234.nested.template.json',
      logicalId: 'RecordingStatusHandlerlambdaAFD5066C',
      assetHash: 'aaa111',
      runtime: 'nodejs24.x',
      entryFile: path.join(dir, 'asset.aaa111', 'index.mjs'),
      bytes: 1234,
      sourceMapFile: path.join(dir, 'asset.aaa111', 'index.mjs.map'),
    });
    expect((await findFunctionBundle(dir, 'Other')).sourceMapFile).toBeNull();
  });

  it('when no function has the name then the lookup fails saying so', async () => {
    const dir = await givenAssembly();
    await expect(findFunctionBundle(dir, 'Missing')).rejects.toThrow(/found 0/);
  });
});

describe('given a source map', () => {
  it('when VLQ segments are decoded then small, negative and multi-digit values come out', () => {
    expect(decodeVlqSegment('AAAA')).toEqual([0, 0, 0, 0]);
    expect(decodeVlqSegment('IACA')).toEqual([4, 0, 1, 0]);
    expect(decodeVlqSegment('D')).toEqual([-1]);
    expect(decodeVlqSegment('gB')).toEqual([16]);
    expect(() => decodeVlqSegment('g')).toThrow(/Truncated/);
  });

  it('when characters are attributed then each segment owns the text up to the next one and the rest is unmapped', () => {
    const map = {
      sources: ['../node_modules/@aws-sdk/client-s3/dist/x.js', '../src/a.ts'],
      mappings: 'AAAA,ICAA;CAAA',
    };
    const { bySource, total } = charactersBySource(map, 'abcdef\nxyz');
    expect(total).toBe(10);
    expect(Object.fromEntries(bySource)).toEqual({
      '../node_modules/@aws-sdk/client-s3/dist/x.js': 4,
      '../src/a.ts': 4,
      null: 2,
    });
  });

  it('when a breakdown is made then packages are grouped, scaled to bytes and sorted largest first', () => {
    const map = {
      sources: ['node_modules/@aws-sdk/client-s3/a.js', 'node_modules/@aws-sdk/client-s3/b.js', 'src/x.ts'],
      mappings: 'AAAA,ECAA,ECAA',
    };
    const shares = bundleBreakdown(map, 'aabbcc', 600);
    expect(shares.map((s) => [s.name, s.characters, s.bytes])).toEqual([
      ['@aws-sdk/client-s3', 4, 400],
      ['(project) src/', 2, 200],
    ]);
    expect(topPackages(shares, 1).map((s) => s.name)).toEqual(['@aws-sdk/client-s3', '(1 other packages)']);
  });

  it('when sources are named then packages are the last node_modules segment, scoped or not', () => {
    expect(packageOf('../../node_modules/a/node_modules/@smithy/core/dist/x.js')).toBe('@smithy/core');
    expect(packageOf('node_modules/tslib/tslib.es6.mjs')).toBe('tslib');
    expect(packageOf('../../../home/dev/project/amplify/functions/h.ts')).toBe('(project) amplify/');
    expect(packageOf(null)).toMatch(/unmapped/);
  });
});

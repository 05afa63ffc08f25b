/**
 * The esbuild build defineFunction (@aws-amplify/backend-function) gives a function, for a
 * handler built outside the backend: the bench's minimal handler, so that its cold start
 * differs from the real handler's only by what the code does. Amplify's defaults: ESM,
 * minified, with a source map, the AWS SDK bundled, the SSM parameter banner and the
 * CommonJS shim; esbuild's target from the function's runtime. The bench checks that the
 * real handler built this way is byte for byte the synthesized asset.
 */
import { readFileSync } from 'node:fs';
import { EOL } from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { PROJECT_ROOT } from '../cloud-assembly/synthesize';

const SHIMS = path.join(PROJECT_ROOT, 'node_modules/@aws-amplify/backend-function/lib/lambda-shims');

/** esbuild's target for a Lambda runtime name (nodejs20.x -> node20), as CDK derives it. */
export const esbuildTarget = (runtime: string): string => {
  const match = /^nodejs(\d+)/.exec(runtime);
  if (!match) throw new Error(`Not a Node.js Lambda runtime: ${runtime}`);
  return `node${match[1]}`;
};

/** The SSM banner as Amplify flattens it: both shims, one line, line comments removed. */
export const flattenBanner = (...sources: string[]): string =>
  sources
    .join('')
    .split(new RegExp(`${EOL}|\n|\r`, 'g'))
    .map((line) => line.replace(/\/\/.*$/, ''))
    .join('');

export const amplifyFunctionBuildOptions = (runtime: string): esbuild.BuildOptions => ({
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: esbuildTarget(runtime),
  minify: true,
  sourcemap: true,
  loader: { '.node': 'file' },
  logLevel: 'error',
  banner: {
    js: flattenBanner(
      readFileSync(path.join(SHIMS, 'resolve_ssm_params.js'), 'utf8'),
      readFileSync(path.join(SHIMS, 'invoke_ssm_shim.js'), 'utf8'),
    ),
  },
  inject: [path.join(SHIMS, 'cjs_shim.js')],
  absWorkingDir: PROJECT_ROOT,
});

/** Bundles a handler as defineFunction would into outDir/index.mjs; returns the file and its size. */
export const bundleAsAmplifyFunction = async (
  entry: string,
  outDir: string,
  runtime: string,
): Promise<{ entryFile: string; bytes: number }> => {
  const entryFile = path.join(outDir, 'index.mjs');
  const result = await esbuild.build({
    ...amplifyFunctionBuildOptions(runtime),
    entryPoints: [path.resolve(PROJECT_ROOT, entry)],
    outfile: entryFile,
    metafile: true,
  });
  const output = result.metafile.outputs[path.relative(PROJECT_ROOT, entryFile)];
  if (!output) throw new Error(`esbuild wrote no ${entryFile}`);
  return { entryFile, bytes: output.bytes };
};
